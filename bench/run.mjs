import { openSync } from 'node:fs';
// `npm run bench`: start-up against a bare `node -e 0`, the interactive
// redraw, the engine on generated models from 20 to 5,000 conditions, the
// loading of a 2,000-condition YAML model (first time and cached), and
// json-rules-engine on the same rules. Prints tables of medians and ratios;
// `--json FILE` also writes the numbers. `BENCH_QUICK=1` runs fewer rounds.
//
// Run after `npm run build` (the npm script does both): the start-up and
// model-load rows time the built command as real processes. Last, --batch
// against one process per question (bench/batch.mjs).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleLib, loadLib } from './bundle.mjs';
import { ms, pass, table } from './print.mjs';
import { eagerInputs } from './eager.mjs';
import { generate, makePossible, writeModelFolder } from './generate.mjs';
import { cleanEnv, measureStartup, median, node24, tempCacheDir } from './startup.mjs';

// stdout to /dev/null opened for writing, as a shell's `> /dev/null` does (Node's 'ignore' opens it read-write,
// which the tool cannot tell from a closed stdout, and refuses: src/cli/streams.ts).
const DEV_NULL = openSync('/dev/null', 'w');

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'iraq-scenarios.js');
const QUICK = !!process.env.BENCH_QUICK;
const jsonOut = process.argv.includes('--json') ? process.argv[process.argv.indexOf('--json') + 1] : undefined;
const results = { machine: {}, startup: {}, redraw: {}, scale: [], load: {}, rulesEngine: {} };


// The machine ----------------------------------------------------------------
results.machine = {
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  loadavg: loadavg().map((x) => x.toFixed(2)).join(' '),
  date: new Date().toISOString(),
};
console.log(
  `node ${results.machine.node}, ${results.machine.cpus} CPU(s) (${results.machine.cpu}), load average ${results.machine.loadavg}` +
    (process.env.NODE_EXTRA_CA_CERTS ? ' (NODE_EXTRA_CA_CERTS is unset for the child processes)' : ''),
);
console.log('');

// Start-up -------------------------------------------------------------------
{
  const { bytes } = await eagerInputs();
  const eagerPkgs = bytes.filter(([n]) => !n.startsWith('src/')).map(([n]) => n);
  const forbidden = eagerPkgs.filter((n) => /^(yaml|zod|@inquirer\/|logic-solver|json-rules-engine|dotparser)/.test(n));
  const runs = QUICK ? 9 : 21;
  // The tool's cache in a folder of its own: a Node other than the build's keeps the program's
  // compiled code there (each case runs once before the timed runs, so those are second runs
  // onwards); with no cache folder it has none (the build's is for the Node that built it).
  const cache = tempCacheDir();
  const json = { name: 'query --json (shipped model)', args: ['query', '--json'] };
  const tbl = { name: 'query, table (shipped model)', args: ['query'] };
  const rest = [
    { name: '--help', args: ['--help'] },
    { name: '--version', args: ['--version'] },
  ];
  const show = (title, r, target) => {
    console.log(`${title}: median wall time of ${runs} runs each, alternated with \`node -e 0\` (${ms(r.baseline)} ms)`);
    table(
      ['command', 'median ms', 'x node -e 0', 'target', 'met'],
      r.rows.map((x) => [x.name, ms(x.median), x.ratio.toFixed(2), target[x.name] ? `<= ${target[x.name]}x` : '', target[x.name] ? pass(x.ratio <= target[x.name]) : '']),
    );
  };
  let r;
  let r24;
  try {
    r = measureStartup([json, tbl, ...rest], runs, { env: { IRAQ_SCENARIOS_CACHE_DIR: cache } });
    show(`Start-up, Node ${process.version}`, r, { [json.name]: 2.3, [tbl.name]: 2.5, '--help': 1.6, '--version': 2 });
    const n24 = node24();
    if (n24) {
      const off = { IRAQ_SCENARIOS_NO_CACHE: '1' };
      const cases = [
        { ...json, name: 'query --json, code cache' },
        { ...tbl, name: 'query, table, code cache' },
        { ...json, name: 'query --json, no code cache', env: off },
        { ...tbl, name: 'query, table, no code cache', env: off },
        ...rest,
      ];
      r24 = { version: n24.version, ...measureStartup(cases, runs, { node: n24.bin, env: { IRAQ_SCENARIOS_CACHE_DIR: cache } }) };
      show(`Start-up, Node ${n24.version}`, r24, { 'query --json, code cache': 2.0, 'query, table, code cache': 2.2, '--help': 1.6, '--version': 2 });
    } else console.log('Start-up, Node 24: not installed here (.ci/run installs it outside the project), no rows\n');
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
  console.log(`Loaded before any command runs: ${eagerPkgs.join(', ')}${forbidden.length ? `; NOT lazy: ${forbidden.join(', ')}` : ''}`);
  console.log('');
  results.startup = { baseline: r.baseline, runs, rows: r.rows, node24: r24 ?? null, eagerPackages: eagerPkgs };
}

const lib = await loadLib();

/** A generated model whose every scenario can hold (the loader's checks demand it). */
function gen(n, m) {
  const g = generate({ n, m });
  const cm = new lib.CompiledModel(g.model);
  const selectors = [...cm.selector.values()];
  makePossible(g, (s) =>
    cm.solver.satisfiable([...selectors, ...s.requires.map((c) => cm.lit(c.when)), ...s.rulesOut.map((c) => -cm.lit(c.when))]),
  );
  return g;
}

// Interactive redraw -----------------------------------------------------------
{
  const model = JSON.parse(readFileSync(join(ROOT, 'dist', 'model.json'), 'utf8'));
  const cm = new lib.CompiledModel(model);
  const opts = { chalk: lib.makeChalk(1), width: 100 };
  // Each redraw follows a change: cycle through the conditions, setting one
  // at a time as a user toggling would, skipping contradictory ones.
  const changes = model.conditions.map((c) => new Map([[c.id, c.values ? c.values[0] : true]]));
  changes.push(new Map());
  const redraw = (settings) => {
    const t = performance.now();
    const ev = lib.evaluate(cm, settings);
    if (ev.ok) lib.scenarioTable(model, ev.scenarios, opts);
    return performance.now() - t;
  };
  const first = redraw(changes[0]);
  const times = [];
  const n = QUICK ? 100 : 400;
  for (let i = 0; i < n; i++) times.push(redraw(changes[i % changes.length]));
  const med = median(times);
  const p95 = [...times].sort((a, b) => a - b)[Math.floor(times.length * 0.95)];
  console.log(`Interactive redraw on the shipped model (${model.conditions.length} conditions, ${model.constraints.length} constraints, ${model.scenarios.length} scenarios): evaluate + scenario table, in-process`);
  table(
    ['measure', 'ms', 'target', 'met'],
    [
      ['first redraw (cold code)', ms(first), '', ''],
      [`median of ${n} (one condition changed each time)`, ms(med), '< 16', pass(med < 16)],
      ['95th percentile', ms(p95), '< 16', pass(p95 < 16)],
    ],
  );
  results.redraw = { first, median: med, p95, runs: n };
}

// Engine scale -----------------------------------------------------------------
{
  const sizes = [
    [20, 10],
    [50, 20],
    [100, 50],
    [200, 100],
    [500, 100],
    [1000, 100],
    [2000, 200],
    [5000, 200],
  ];
  const targets = { '500x100': 30, '2000x200': 150 };
  const rows = [];
  let prev;
  for (const [n, m] of sizes) {
    const { model, settings } = gen(n, m);
    const reps = QUICK ? 3 : n >= 5000 ? 5 : n >= 1000 ? 7 : 11;
    const compile = [];
    const evaluateT = [];
    const total = [];
    let ev;
    let cm;
    // Two warm-up rounds first: "warm" means the code is compiled by the JIT.
    for (let i = 0; i < reps + 2; i++) {
      const t0 = performance.now();
      cm = new lib.CompiledModel(model);
      const t1 = performance.now();
      // The statuses' engine: probabilities at scale are bench/numbers.mjs's (below), with their own targets.
      ev = lib.evaluate(cm, settings, { numbers: false });
      const t2 = performance.now();
      if (i >= 2) {
        compile.push(t1 - t0);
        evaluateT.push(t2 - t1);
        total.push(t2 - t0);
      }
    }
    if (!ev.ok) throw new Error(`generated model ${n}x${m} is contradictory: ${ev.conflict.text}`);
    const count = (st) => ev.scenarios.filter((s) => s.status === st).length;
    const row = {
      n,
      m,
      constraints: model.constraints.length,
      settings: settings.size,
      compile: median(compile),
      evaluate: median(evaluateT),
      total: median(total),
      solverCalls: cm.solver.stats.solves,
      derived: ev.derived.length,
      ruledOut: count('ruled-out'),
      triggered: count('triggered'),
      open: count('open'),
    };
    // Growth: how the time scales with N since the previous row (1 = linear).
    row.growth = prev ? Math.log(row.total / prev.total) / Math.log(n / prev.n) : null;
    prev = row;
    rows.push(row);
  }
  console.log('Engine scale: generated models (N conditions, N constraints, M scenarios of ~5 requirements, N/10 conditions set); compile + statuses, derived conditions and every explanation (probabilities: see the probabilities\' rows); median of warm runs');
  table(
    ['N', 'M', 'compile ms', 'evaluate ms', 'total ms', 'growth', 'solver calls', 'derived', 'ruled out / triggered / open', 'target', 'met'],
    rows.map((r) => {
      const t = targets[`${r.n}x${r.m}`];
      return [
        r.n,
        r.m,
        ms(r.compile),
        ms(r.evaluate),
        ms(r.total),
        r.growth === null ? '' : `N^${r.growth.toFixed(2)}`,
        r.solverCalls,
        r.derived,
        `${r.ruledOut} / ${r.triggered} / ${r.open}`,
        t ? `<= ${t}` : '',
        t ? pass(r.total <= t) : '',
      ];
    }),
  );
  results.scale = rows;
}

// Model load ---------------------------------------------------------------------
{
  const dir = mkdtempSync(join(tmpdir(), 'iraq-bench-model-'));
  const cache = mkdtempSync(join(tmpdir(), 'iraq-bench-cache-'));
  const folder = join(dir, 'gen-2000');
  const { model } = gen(2000, 200);
  writeModelFolder(folder, model);
  const env = { ...cleanEnv(), IRAQ_SCENARIOS_CACHE_DIR: cache };
  delete env.IRAQ_SCENARIOS_NO_CACHE;
  // A fresh process imports the loader (src/app/model-cache.ts bundled, as
  // the command loads it on --model) and times it from before that import to
  // the loaded model: the YAML parser, the schema and the checks load inside.
  const lib = await bundleLib(join(dir, 'loader.mjs'), join(ROOT, 'src', 'app', 'model-cache.ts'), { vendored: true });
  cpSync(join(ROOT, 'dist', 'vendor'), join(dir, 'vendor'), { recursive: true });
  const script = `const t0 = performance.now();
const { loadModelCached } = await import(${JSON.stringify(pathToFileURL(lib).href)});
const r = await loadModelCached(${JSON.stringify(folder)}, process.env);
if (!r.model) { console.error(JSON.stringify(r.diagnostics.slice(0, 3))); process.exit(1); }
console.log(performance.now() - t0);`;
  const loadOnce = () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`loading the generated model failed: ${r.stderr}`);
    return Number(r.stdout.trim());
  };
  const time = (args) => {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [BIN, ...args], { env, stdio: ['ignore', DEV_NULL, 'pipe'] });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const runs = QUICK ? 3 : 7;
  const first = [];
  const cached = [];
  const cliFirst = [];
  const cliCached = [];
  const cliShipped = [];
  const args = ['query', '--json'];
  for (let i = 0; i < runs; i++) {
    rmSync(cache, { recursive: true, force: true });
    first.push(loadOnce());
    cached.push(loadOnce());
    rmSync(cache, { recursive: true, force: true });
    cliShipped.push(time(args));
    cliFirst.push(time([...args, '--model', folder]));
    cliCached.push(time([...args, '--model', folder]));
  }
  const f = median(first);
  const c = median(cached);
  const yamlBytes = readdirSync(folder).reduce((t, n) => t + statSync(join(folder, n)).size, 0);
  const cacheBytes = readdirSync(cache).reduce((t, n) => t + statSync(join(cache, n)).size, 0);
  console.log(
    `Model load: a generated 2,000-condition model written as YAML (${model.constraints.length} constraints, ${model.scenarios.length} scenario files, ${(yamlBytes / 1024).toFixed(0)} KB; cached as ${(cacheBytes / 1024).toFixed(0)} KB of JSON); a fresh process loading it, median of ${runs}`,
  );
  table(
    ['load', 'ms', 'target', 'met'],
    [
      ['first time (parse YAML, check, write the cache)', ms(f), '<= 150', pass(f <= 150)],
      ['unchanged since the last run (hash the files, read the cache)', ms(c), '<= 20', pass(c <= 20)],
      ['whole `query --json --model DIR`, first time', ms(median(cliFirst)), '', ''],
      ['whole `query --json --model DIR`, cached', ms(median(cliCached)), '', ''],
      ['whole `query --json` on the shipped model, for comparison', ms(median(cliShipped)), '', ''],
    ],
  );
  results.load = { first: f, cached: c, cliFirst: median(cliFirst), cliCached: median(cliCached), cliShipped: median(cliShipped), runs, yamlBytes, cacheBytes };
  rmSync(dir, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
}

// json-rules-engine ---------------------------------------------------------------
{
  const { Engine } = await import('json-rules-engine');
  const { model, settings } = gen(500, 100);
  const cond = (e) => {
    switch (e.op) {
      case 'is':
        return { fact: e.condition, operator: 'equal', value: e.value };
      case 'not':
        return e.arg.op === 'is' ? { fact: e.arg.condition, operator: 'notEqual', value: e.arg.value } : { not: cond(e.arg) };
      case 'all':
        return { all: e.args.map(cond) };
      case 'any':
        return { any: e.args.map(cond) };
    }
  };
  // A scenario holds when its requirements hold and nothing rules it out:
  // the closest a rules engine comes to "not ruled out".
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const s of model.scenarios)
    engine.addRule({
      name: s.id,
      conditions: { all: [...s.requires.map((c) => cond(c.when)), ...s.rulesOut.map((c) => ({ not: cond(c.when) }))] },
      event: { type: s.id },
    });
  const facts = Object.fromEntries(settings);
  const out = await engine.run(facts);
  const holds = new Set(out.events.map((e) => e.type));
  const cm = new lib.CompiledModel(model);
  const ev = lib.evaluate(cm, settings);
  let unknownAsFalse = 0;
  let constraintsUnseen = 0;
  for (const s of ev.scenarios) {
    const possible = s.status !== 'ruled-out';
    if (possible && !holds.has(s.id)) unknownAsFalse++;
    if (!possible && holds.has(s.id)) constraintsUnseen++;
  }
  const openCount = ev.scenarios.filter((s) => s.status === 'open').length;
  const rate = async (f, seconds) => {
    const end = performance.now() + seconds * 1000;
    let n = 0;
    while (performance.now() < end) {
      await f();
      n++;
    }
    return n / seconds;
  };
  const secs = QUICK ? 0.5 : 2;
  const jre = await rate(() => engine.run(facts), secs);
  const full = await rate(() => lib.evaluate(cm, settings), secs);
  const statusesOnly = await rate(() => lib.evaluate(cm, settings, { explain: false, derive: false }), secs);
  console.log(
    `json-rules-engine on the same rules: the 500-condition, 100-scenario generated model, its one fact set (${settings.size} facts known, the rest unknown); each scenario a rule: all requirements, none of its rule-outs`,
  );
  table(
    ['', 'evaluations / s', 'ratio to json-rules-engine'],
    [
      ['json-rules-engine 7 (rules only: no constraints, unknown facts allowed)', Math.round(jre), '1.00'],
      ['this engine, full query (500 constraints, derived conditions, explanations)', Math.round(full), (full / jre).toFixed(2)],
      ['this engine, statuses and weights only', Math.round(statusesOnly), (statusesOnly / jre).toFixed(2)],
    ],
  );
  console.log(
    `Of ${model.scenarios.length} scenarios json-rules-engine gets ${unknownAsFalse + constraintsUnseen} wrong: ${unknownAsFalse} it calls failed because an unknown fact reads as false (this engine: still possible), ` +
      `${constraintsUnseen} it calls holding because it cannot see the constraints that rule them out; ` +
      `and it has no way to say that ${openCount} are open (undecided until more is known).`,
  );
  console.log('');
  results.rulesEngine = { jre, full, statusesOnly, unknownAsFalse, constraintsUnseen, open: openCount, scenarios: model.scenarios.length };
}

// Batch throughput (bench/batch.mjs) ------------------------------------------------
results.batch = (await import('./batch.mjs')).benchBatch({ quick: QUICK });

// ---------------------------------------------------------------- probabilities (bench/numbers.mjs)
results.numbers = await (await import('./numbers.mjs')).benchNumbers();

if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 2) + '\n');
