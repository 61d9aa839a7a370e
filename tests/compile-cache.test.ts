// Node's compile cache (src/cli/entry.ts): turned on from inside the program
// where Node has it (22.1+), in the `compile` folder of the tool's cache; not
// on Node 20; and a cache folder that is damaged or cannot be made changes no
// output. Real processes: the cache is Node's, on the real file system.
// The Node 24 binary is the one .ci/run installs outside the project; without
// it the Node 22+ checks run only when this suite itself runs on Node 22+.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, TODAY } from './helpers.js';

// A plain ES module outside the TypeScript project.
const startupPath: string = '../bench/startup.mjs';
const { node24 } = (await import(startupPath)) as { node24: () => { bin: string; version: string } | undefined };

const major = (v: string) => Number(/^v(\d+)/.exec(v)![1]);
/** The Node binaries at hand: this one, and the CI's Node 24 if installed. */
const binaries = [{ bin: process.execPath, version: process.version }];
const n24 = node24();
if (n24 && n24.bin !== process.execPath) binaries.push(n24);
const withCache = binaries.find((b) => major(b.version) >= 22);
const withoutCache = binaries.find((b) => major(b.version) < 22);
if (!withCache) process.stderr.write('compile-cache.test: no Node 22+ binary here (.ci/run installs Node 24), so the checks that the cache is used are skipped\n');
if (!withoutCache) process.stderr.write('compile-cache.test: no Node 20 binary here, so the check that Node 20 makes no cache is skipped\n');

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'iraq-cc-'));
  dirs.push(d);
  return d;
}

/** Runs the command with `node`, the tool's cache in `cache` (undefined: no cache). */
function run(node: string, args: string[], cache: string | undefined) {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), IRAQ_SCENARIOS_TODAY: TODAY };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'NODE_COMPILE_CACHE', 'NODE_DISABLE_COMPILE_CACHE', 'IRAQ_SCENARIOS_NO_CACHE', 'NODE_OPTIONS']) delete env[k];
  if (cache === undefined) env.IRAQ_SCENARIOS_NO_CACHE = '1';
  else env.IRAQ_SCENARIOS_CACHE_DIR = cache;
  const r = spawnSync(node, [BIN, ...args], { env, cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

/** Every file under a folder. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

const COMMANDS = [['query', '--json'], ['query'], ['query', '--bogus']];

describe('compile cache', () => {
  it.runIf(withCache)('is written on Node 22+ in the compile folder of the tool cache, and then read', () => {
    const node = withCache!.bin;
    const cache = tempDir();
    const first = run(node, ['query', '--json'], cache);
    expect(first.code).toBe(0);
    const files = filesUnder(join(cache, 'compile'));
    // One entry per chunk the command loaded (dist/ has several), nothing outside compile/.
    expect(files.length).toBeGreaterThan(5);
    expect(readdirSync(cache)).toEqual(['compile']);
    // The second run reads it (Node says so when asked).
    const env: NodeJS.ProcessEnv = { ...process.env, IRAQ_SCENARIOS_CACHE_DIR: cache, IRAQ_SCENARIOS_TODAY: TODAY, NODE_DEBUG_NATIVE: 'COMPILE_CACHE' };
    delete env.IRAQ_SCENARIOS_NO_CACHE;
    const second = spawnSync(node, [BIN, 'query', '--json'], { env, cwd: ROOT, encoding: 'utf8' });
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toMatch(/V8 code cache for ESM file:.*dist\/main-.*was accepted/);
  });

  it.runIf(withCache)('is off with IRAQ_SCENARIOS_NO_CACHE, as the model cache is', () => {
    const home = tempDir();
    const r = spawnSync(withCache!.bin, [BIN, 'query', '--json'], {
      env: { ...process.env, HOME: home, XDG_CACHE_HOME: join(home, 'xdg'), IRAQ_SCENARIOS_NO_CACHE: '1', IRAQ_SCENARIOS_TODAY: TODAY },
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(filesUnder(home)).toEqual([]);
  });

  it.runIf(withoutCache)('is not made on Node 20, which has no compile cache for the program to turn on', () => {
    const cache = tempDir();
    expect(run(withoutCache!.bin, ['query', '--json'], cache).code).toBe(0);
    expect(filesUnder(cache)).toEqual([]);
  });

  it.each(binaries.map((b) => [b.version, b.bin]))('a damaged or impossible cache folder changes no output (Node %s)', (_, node) => {
    const expected = COMMANDS.map((args) => run(node, args, undefined));
    expect(expected[0]!.code).toBe(0);
    // The cache folder's place is taken by a file: nothing can be made there.
    const blocked = tempDir();
    writeFileSync(join(blocked, 'compile'), 'not a folder');
    // A cache whose every entry is damaged after a first run.
    const damaged = tempDir();
    run(node, ['query', '--json'], damaged);
    run(node, ['query'], damaged);
    for (const f of filesUnder(damaged)) writeFileSync(f, Buffer.alloc(statSync(f).size || 16, 0x5a));
    // A cache whose entries are cut short.
    const truncated = tempDir();
    run(node, ['query', '--json'], truncated);
    for (const f of filesUnder(truncated)) writeFileSync(f, 'x');
    for (const cache of [blocked, damaged, truncated])
      COMMANDS.forEach((args, i) => expect(run(node, args, cache), `${args.join(' ')} with ${cache}`).toEqual(expected[i]));
  });
});
