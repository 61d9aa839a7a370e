// The probabilities' benchmarks (`npm run bench`, or alone:
// `npm run build && node bench/numbers.mjs`): the analyses that recount the
// distribution many times on the shipped model, in-process, and exact
// counting against the size of generated probabilistic models, with where
// the exact budget gives way to a labelled estimate and how good that is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLib } from './bundle.mjs';
import { generate } from './generate.mjs';
import { ms, pass, table } from './print.mjs';
import { median } from './startup.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const QUICK = !!process.env.BENCH_QUICK;

/** Median wall time of `f` over `n` warm runs (after two to warm the JIT and the caches). */
function time(f, n) {
  f();
  f();
  const t = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return median(t);
}

export async function benchNumbers(lib = undefined) {
  lib ??= await loadLib();
  const results = { analyses: [], scale: [] };

  // The analyses on the shipped model --------------------------------------------
  {
    const model = JSON.parse(readFileSync(join(ROOT, 'dist', 'model.json'), 'utf8'));
    const q = { asOf: '2026-02-08' };
    const fresh = () => new lib.CompiledModel(model);
    const cm = fresh();
    const n = QUICK ? 5 : 15;
    const rows = [
      ['query: every probability (evaluate, explanations and numbers)', () => lib.evaluate(cm, q), 16],
      ['explain: how one probability is made (leave-one-out, refitted)', () => lib.explainNumbers(cm, q, 'p5_calibrated_resignation'), 100],
      ['whatif: every value of every open condition', () => lib.whatif(cm, q), 100],
      ['watch: expected information of every open condition', () => lib.watch(cm, q), 100],
      ['sensitivity: every judgement swung both ways, calibration refitted', () => lib.sensitivity(cm, q), 100],
      ['first query on a fresh model (compile the circuit, calibrate)', () => lib.evaluate(fresh(), q), null],
    ].map(([name, f, target]) => {
      const t = time(f, n);
      results.analyses.push({ name, ms: t, target });
      return [name, ms(t), target === null ? '' : `< ${target}`, target === null ? '' : pass(t < target)];
    });
    console.log(`Probabilities on the shipped model, in-process, as of 2026-02-08 (${model.conditions.length} conditions, ${model.constraints.length} constraints, ${model.scenarios.length} scenarios); median of ${n} warm runs`);
    table(['work', 'ms', 'target', 'met'], rows);
  }

  // Scale ---------------------------------------------------------------------------
  // Two families of generated models (bench/generate.mjs), every condition with a prior and a
  // third of the constraints soft, nothing set: "clustered", built as real models are (conditions
  // in clusters of eight, rules within a cluster or to the next), whose width stays bounded; and
  // "random", whose rules reach 40 conditions away, so that its width (and the cost of any exact
  // count) grows with N: there the engine answers with a labelled estimate.
  {
    const families = [
      ['clustered', QUICK ? [[20, 10], [60, 20], [500, 100]] : [[20, 10], [60, 20], [100, 30], [200, 60], [500, 100], [1000, 100]]],
      ['random', QUICK ? [[20, 10], [60, 20]] : [[20, 10], [40, 20], [60, 20], [100, 40]]],
    ];
    const targets = { '60x20': 100, '500x100': 1000 };
    const rows = [];
    for (const [family, sizes] of families) {
      let prev;
      for (const [n, m] of sizes) {
        const { model } = generate({ n, m, soft: true, clustered: family === 'clustered' });
        const reps = QUICK ? 1 : n >= 200 ? 3 : 5;
        let ev;
        let nodes;
        let cm;
        const t = time(() => {
          cm = new lib.CompiledModel(model);
          ev = lib.evaluate(cm, {}, { explain: false, derive: false });
          nodes = cm.distribution.circuitSize;
        }, reps);
        if (!ev.ok) throw new Error(`generated model ${n}x${m} is contradictory`);
        // Once compiled (as the model cache keeps a large model's circuit between runs), each question is passes over
        // it: a different question each time (one yes/no condition set), so nothing is answered from a memo.
        const bools = model.conditions.filter((c) => !c.values).map((c) => c.id);
        let k = 0;
        const next = () => new Map([[bools[k % bools.length], (k++ & 1) === 0]]);
        const warm = nodes === null ? null : time(() => lib.evaluate(cm, next(), { explain: false, derive: false }), 7);
        const row = { family, n, m, soft: model.constraints.filter((c) => c.probability !== undefined).length, ms: t, warm, nodes, method: ev.numbers.method, error: ev.numbers.error, samples: ev.numbers.samples };
        row.growth = prev ? Math.log(row.ms / prev.ms) / Math.log(n / prev.n) : null;
        prev = row;
        rows.push(row);
      }
    }
    results.scale = rows;
    console.log('Probabilities at scale: generated models (N conditions, all free, with priors; N constraints, a third soft; M scenarios); compile + every probability, no explanations (and, once compiled, every probability again: the circuit kept); median of warm runs');
    table(
      ['family', 'N', 'M', 'soft', 'ms', 'growth', 'circuit kept: ms', 'circuit', 'method', '± (95%)', 'target', 'met'],
      rows.map((r) => {
        const target = r.family === 'clustered' ? targets[`${r.n}x${r.m}`] : undefined;
        const ok = target !== undefined && r.ms < target && r.error <= 0.01;
        return [
          r.family,
          r.n,
          r.m,
          r.soft,
          ms(r.ms),
          r.growth === null ? '' : `N^${r.growth.toFixed(2)}`,
          r.warm === null ? '–' : ms(r.warm),
          r.nodes ?? '–',
          r.method === 'exact' ? 'exact' : `estimate (${r.samples} sweeps)`,
          r.method === 'exact' ? '0' : `${(r.error * 100).toFixed(2)} pts`,
          target === undefined ? '' : `< ${target}${r.method === 'exact' ? '' : ', ± 1 pt'}`,
          target === undefined ? '' : pass(ok),
        ];
      }),
    );
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchNumbers();
