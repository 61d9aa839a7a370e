// Start-up timing: wall time of whole processes, alternated with a bare
// `node -e 0` so both see the same machine load; medians, not means.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/iraq-scenarios.js', import.meta.url));

/** The environment a user's shell would give, minus what skews Node's start. */
export function cleanEnv() {
  const env = { ...process.env };
  // On Node 20 a set NODE_EXTRA_CA_CERTS adds ~55 ms to every start.
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.NODE_OPTIONS;
  env.NO_COLOR = '1';
  return env;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function timeOnce(args, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/**
 * Times each case against `node -e 0`, interleaved run by run.
 * @param {{name: string, args?: string[], node?: string[]}[]} cases arguments
 *   after the bin script, or `node`: the whole argument list for node
 */
export function measureStartup(cases, runs = 21) {
  const env = cleanEnv();
  const base = [];
  const times = cases.map(() => []);
  // Warm the file cache once so the first sample is not a disk read.
  timeOnce(['-e', '0'], env);
  const argv = (c) => c.node ?? [BIN, ...c.args];
  for (const c of cases) timeOnce(argv(c), env);
  for (let i = 0; i < runs; i++) {
    base.push(timeOnce(['-e', '0'], env));
    cases.forEach((c, k) => times[k].push(timeOnce(argv(c), env)));
  }
  const b = median(base);
  return {
    baseline: b,
    rows: cases.map((c, k) => ({ name: c.name, median: median(times[k]), ratio: median(times[k]) / b })),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = measureStartup(
    [
      { name: 'query --json', args: ['query', '--json'] },
      { name: 'query (table)', args: ['query'] },
      { name: '--help', args: ['--help'] },
      { name: '--version', args: ['--version'] },
    ],
    Number(process.argv[2] ?? 21),
  );
  console.log(`node -e 0: ${r.baseline.toFixed(1)} ms`);
  for (const x of r.rows) console.log(`${x.name.padEnd(16)} ${x.median.toFixed(1).padStart(7)} ms  ${x.ratio.toFixed(2)}x`);
}
