// The program's compiled code (src/cli/launch.ts): read from the build's
// dist/code-cache/ or from the tool's cache folder, written there after a
// successful run that found none, and never a cause of a different answer.
// Real processes: the cache is V8's, on the real file system. The Node 24
// binary is the one .ci/run installs outside the project; the checks run on
// it too when it is there.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, TODAY } from './helpers.js';

// A plain ES module outside the TypeScript project.
const startupPath: string = '../bench/startup.mjs';
const { node24 } = (await import(startupPath)) as { node24: () => { bin: string; version: string } | undefined };

/** The Node binaries at hand: this one, and the CI's Node 24 if installed. */
const binaries = [{ bin: process.execPath, version: process.version }];
const n24 = node24();
if (n24 && n24.bin !== process.execPath) binaries.push(n24);

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'iraq-code-'));
  dirs.push(d);
  return d;
}

/** A copy of the built command without the build's compiled code: what a user of another Node has. */
function bareCopy(): string {
  const dir = tempDir();
  for (const part of ['bin', 'dist', 'scenarios', 'package.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  rmSync(join(dir, 'dist', 'code-cache'), { recursive: true, force: true });
  return dir;
}

/** Runs the command with `node` from `root`, the tool's cache in `cache` (undefined: no cache), saying where its code came from. */
function run(node: string, args: string[], cache: string | undefined, root = ROOT) {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), IRAQ_SCENARIOS_TODAY: TODAY, NODE_DEBUG: 'iraq-scenarios' };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'IRAQ_SCENARIOS_NO_CACHE', 'NODE_OPTIONS']) delete env[k];
  if (cache === undefined) env.IRAQ_SCENARIOS_NO_CACHE = '1';
  else env.IRAQ_SCENARIOS_CACHE_DIR = cache;
  const r = spawnSync(node, [root === ROOT ? BIN : join(root, 'bin', 'iraq-scenarios.js'), ...args], { env, cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  const lines = r.stderr.split('\n');
  const said = lines.filter((l) => /^IRAQ-SCENARIOS \d+: code cache: /.test(l)).map((l) => l.replace(/^IRAQ-SCENARIOS \d+: code cache: /, ''));
  const stderr = lines.filter((l) => !/^IRAQ-SCENARIOS \d+: /.test(l)).join('\n');
  return { stdout: r.stdout, stderr, code: r.status, said };
}

/** Every file under a folder. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

const COMMANDS = [['query', '--json'], ['query'], ['query', '--bogus']];
const built = existsSync(join(ROOT, 'dist', 'code-cache')) && readdirSync(join(ROOT, 'dist', 'code-cache')).some((f) => f.includes(`-${process.version}-`));

describe('code cache', () => {
  it.runIf(built)("uses the build's compiled code on the Node that built it, and writes nothing", () => {
    const cache = tempDir();
    const r = run(process.execPath, ['query', '--json'], cache);
    expect(r.code).toBe(0);
    expect(r.said).toEqual([expect.stringMatching(/dist\/code-cache\/cli-[0-9a-f]{16}-v[\d.]+-\w+\.v8 accepted$/)]);
    expect(filesUnder(cache)).toEqual([]);
  });

  it.each(binaries.map((b) => [b.version, b.bin]))('without it, writes the code after a successful run and reads it the next time (Node %s)', (_, node) => {
    const copy = bareCopy();
    const cache = tempDir();
    // A failed command compiled little of what the next needs: nothing is written.
    expect(run(node, ['query', '--bogus'], cache, copy).code).toBe(64);
    expect(filesUnder(cache)).toEqual([]);
    const first = run(node, ['query', '--json'], cache, copy);
    expect(first.code).toBe(0);
    const files = filesUnder(cache);
    expect(files).toEqual([expect.stringMatching(/\/code-cache\/cli-[0-9a-f]{16}-v[\d.]+-\w+\.v8$/)]);
    expect(first.said).toEqual([`${files[0]} written`]);
    const second = run(node, ['query', '--json'], cache, copy);
    expect(second.said).toEqual([`${files[0]} accepted`]);
    expect(second.stdout).toBe(first.stdout);
    // Another program (one byte more) goes by another name: the old code is not used, and is kept beside.
    appendFileSync(join(copy, 'dist', 'cli.cjs'), '\n');
    const changed = run(node, ['query', '--json'], cache, copy);
    expect(changed.stdout).toBe(first.stdout);
    expect(changed.said).toEqual([expect.stringMatching(/ written$/)]);
    expect(filesUnder(cache).length).toBe(2);
  });

  it('keeps at most eight files of compiled code, the newest', () => {
    const copy = bareCopy();
    const cache = tempDir();
    mkdirSync(join(cache, 'code-cache'));
    for (let i = 0; i < 10; i++) {
      const f = join(cache, 'code-cache', `cli-${String(i).padStart(16, '0')}-v0-x.v8`);
      writeFileSync(f, 'old');
      utimesSync(f, 1000 + i, 1000 + i);
    }
    expect(run(process.execPath, ['query', '--json'], cache, copy).code).toBe(0);
    const left = readdirSync(join(cache, 'code-cache')).sort();
    expect(left.length).toBe(8);
    // The one just written, and the seven most recent of the others.
    expect(left.filter((f) => f.startsWith('cli-0000')).sort()).toEqual([3, 4, 5, 6, 7, 8, 9].map((i) => `cli-${String(i).padStart(16, '0')}-v0-x.v8`));
  });

  it('a missing or damaged build is one line on stderr and exit 1, never a stack trace', () => {
    const copy = bareCopy();
    const bin = join(copy, 'bin', 'iraq-scenarios.js');
    const start = () => spawnSync(process.execPath, [bin, 'query'], { encoding: 'utf8', env: { ...process.env, IRAQ_SCENARIOS_NO_CACHE: '1' } });
    writeFileSync(join(copy, 'dist', 'cli.cjs'), 'this is not JavaScript (');
    let r = start();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^iraq-scenarios: cannot start the program: .*; build it again \(npm run build\)\n$/);
    rmSync(join(copy, 'dist', 'cli.cjs'));
    r = start();
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`iraq-scenarios: cannot start the program: ${join(copy, 'dist', 'cli.cjs')} is missing; build it again (npm run build)\n`);
    rmSync(join(copy, 'dist'), { recursive: true });
    r = start();
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('iraq-scenarios: cannot start the program: dist/launch.cjs is missing; build it first (npm run build)\n');
  });

  it('is neither read nor written in the cache folder with IRAQ_SCENARIOS_NO_CACHE, as the model cache is', () => {
    const home = tempDir();
    const copy = bareCopy();
    const r = spawnSync(process.execPath, [join(copy, 'bin', 'iraq-scenarios.js'), 'query', '--json'], {
      env: { ...process.env, HOME: home, XDG_CACHE_HOME: join(home, 'xdg'), IRAQ_SCENARIOS_NO_CACHE: '1', IRAQ_SCENARIOS_TODAY: TODAY },
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(filesUnder(home)).toEqual([]);
  });

  it.each(binaries.map((b) => [b.version, b.bin]))('a damaged or impossible cache changes no output (Node %s)', (_, node) => {
    const copy = bareCopy();
    const expected = COMMANDS.map((args) => run(node, args, undefined, copy));
    expect(expected[0]!.code).toBe(0);
    // The folder's place is taken by a file: nothing can be made there.
    const blocked = tempDir();
    writeFileSync(join(blocked, 'code-cache'), 'not a folder');
    // Compiled code overwritten with other bytes of the same length, or cut short.
    const damaged = tempDir();
    run(node, ['query', '--json'], damaged, copy);
    for (const f of filesUnder(damaged)) writeFileSync(f, Buffer.alloc(statSync(f).size, 0x5a));
    const truncated = tempDir();
    run(node, ['query', '--json'], truncated, copy);
    for (const f of filesUnder(truncated)) writeFileSync(f, 'x');
    for (const cache of [blocked, damaged, truncated])
      COMMANDS.forEach((args, i) => {
        const r = run(node, args, cache, copy);
        expect({ ...r, said: [] }, `${args.join(' ')} with ${cache}`).toEqual({ ...expected[i], said: [] });
      });
    // The damaged code was never handed to V8, and good code was written in its place.
    const again = run(node, ['query', '--json'], damaged, copy);
    expect(again.said).toEqual([expect.stringMatching(/ accepted$/)]);
    // One byte changed inside the code, the file's length and V8's header intact.
    const flipped = filesUnder(damaged)[0]!;
    const bytes = readFileSync(flipped);
    const middle = bytes.length >> 1;
    bytes.writeUInt8(bytes.readUInt8(middle) ^ 1, middle);
    writeFileSync(flipped, bytes);
    const after = run(node, ['query', '--json'], damaged, copy);
    expect(after.stdout).toBe(expected[0]!.stdout);
    expect(after.said).toEqual([`${flipped} damaged`, `${flipped} written`]);
    // The build's own code, damaged, is not used either.
    if (built && node === process.execPath) {
      const own = join(copy, 'dist', 'code-cache');
      cpSync(join(ROOT, 'dist', 'code-cache'), own, { recursive: true });
      for (const f of filesUnder(own)) writeFileSync(f, Buffer.alloc(statSync(f).size, 0x5a));
      const r = run(node, ['query', '--json'], undefined, copy);
      expect(r.stdout).toBe(expected[0]!.stdout);
      expect(r.said).toEqual([expect.stringMatching(/dist\/code-cache\/.* damaged$/)]);
    }
  });
});
