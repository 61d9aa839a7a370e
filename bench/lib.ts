// What the benchmarks call in-process, bundled on the fly by bench/run.mjs
// (so `npm run bench` needs no TypeScript loader).
export { evaluate } from '../src/engine/evaluate.js';
export { CompiledModel } from '../src/engine/compile.js';
export { loadModelCached } from '../src/app/model-cache.js';
export { scenarioTable } from '../src/render/query.js';
export { makeChalk } from '../src/cli/io.js';
export { explainNumbers } from '../src/engine/numbers.js';
export { sensitivity } from '../src/engine/sensitivity.js';
export { whatif, watch } from '../src/engine/analysis/index.js';
