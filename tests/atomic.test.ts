// Files: every file the tool writes goes through src/app/atomic.ts, and a
// process killed in the middle of a save leaves the old file or the new one,
// never a torn one.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/app/errors.js';
import { writeFileAtomicSync } from '../src/app/atomic.js';
import { FIXTURES, ROOT, runCli, runIn } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'iraq-scenarios-atomic-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.ts$/.test(n) ? [p] : [];
  });
}

describe('every write goes through atomic.ts', () => {
  it('no other source file writes, appends, renames, copies or opens files for writing', () => {
    // Plain-fs writes (and streams to files) are the ways to leave a half-written file.
    const WRITES = /\b(writeFileSync|writeFile|appendFileSync|appendFile|createWriteStream|openSync|writeSync|renameSync|copyFileSync|cpSync|truncateSync|ftruncateSync)\b|\bfs\.(open|write|rename|copyFile|cp|truncate)\b/;
    const offenders: string[] = [];
    for (const f of sourceFiles(join(ROOT, 'src'))) {
      const rel = relative(ROOT, f);
      if (rel === join('src', 'app', 'atomic.ts')) continue;
      const text = readFileSync(f, 'utf8');
      // A read-only open (src/model/files.ts reads a file once, within a cap) writes nothing: allowed
      // where the flags are a constant the file defines as O_RDONLY with no write flag.
      const readOnly = /const OPEN_FLAGS = constants\.O_RDONLY(?: \| \(constants\.O_NONBLOCK \?\? 0\))?;/.test(text);
      text.split('\n').forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '');
        if (/^import /.test(code)) return;
        if (readOnly && /\bopenSync\([^,]+, OPEN_FLAGS\)/.test(code)) return;
        if (WRITES.test(code)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('a file that cannot be written is exit 73 naming the file, keeping the system code', () => {
    const target = join(work, 'no', 'such', 'folder', 'out.json');
    let err: unknown;
    try {
      writeFileAtomicSync(target, '{}');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ exitCode: 73, code: 'ENOENT', message: `${target}: cannot write the file (ENOENT)` });
    const r = runCli(['__compile', join(FIXTURES, 'harbour'), target]);
    expect(r.code).toBe(73);
    expect(r.stderr).toBe(`iraq-scenarios: ${target}: cannot write the file (ENOENT)\n`);
  });

  it('the model cache is written whole, with no temporary files left behind', async () => {
    const cache = join(work, 'cache');
    const r = await runIn(['query', '--model', join(FIXTURES, 'harbour'), '--json'], { env: { IRAQ_SCENARIOS_NO_CACHE: undefined, IRAQ_SCENARIOS_CACHE_DIR: cache } });
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(cache);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.model$/);
    // A header line, then the model's JSON (src/app/model-cache.ts).
    const text = readFileSync(join(cache, files[0]!), 'utf8');
    expect(JSON.parse(text.slice(text.indexOf('\n') + 1)).conditions.length).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------- kill during a save

const SIZE = 4 * 1024 * 1024;

/** Version n of the file: a header, SIZE copies of one letter, a trailer. Any tear shows. */
function version(n: number): string {
  return `gen ${n}\n${String.fromCharCode(97 + (n % 26)).repeat(SIZE)}\nend ${n}\n`;
}

/** The version a file holds, or a description of how it is torn. */
function versionOf(text: string): number | string {
  const m = /^gen (\d+)\n/.exec(text);
  if (!m) return `no header (${text.length} bytes)`;
  const n = Number(m[1]);
  return text === version(n) ? n : `version ${n} torn (${text.length} of ${version(n).length} bytes)`;
}

describe('a process killed during a save', () => {
  let child: string;

  beforeAll(() => {
    // The real atomic.ts, bundled for a plain node child process.
    const bundle = join(work, 'atomic.cjs');
    buildSync({ entryPoints: [join(ROOT, 'src', 'app', 'atomic.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'warning' });
    child = join(work, 'saver.cjs');
    writeFileSync(
      child,
      `const { writeFileAtomicSync } = require(${JSON.stringify(bundle)});
const size = ${SIZE};
const version = (n) => 'gen ' + n + '\\n' + String.fromCharCode(97 + (n % 26)).repeat(size) + '\\nend ' + n + '\\n';
for (let n = 1; ; n++) {
  writeFileAtomicSync(process.argv[2], version(n));
  if (n === 1) process.stdout.write('saved\\n');
}
`,
    );
  });

  it('the checker sees a torn file (so the test below can fail)', () => {
    expect(versionOf(version(3))).toBe(3);
    expect(versionOf(version(3).slice(0, 1000))).toMatch(/torn/);
    expect(versionOf('')).toMatch(/no header/);
  });

  it('leaves the old file or the new one, never part of one (SIGKILL at several moments)', async () => {
    const target = join(work, 'settings.txt');
    writeFileSync(target, version(0));
    const seen: number[] = [];
    // Moments after the first save completes: early, mid-write and late in a loop of 4 MB saves.
    for (const delay of [0, 7, 23, 41, 90, 150]) {
      const p = spawn(process.execPath, [child, target], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      await new Promise<void>((resolve, reject) => {
        p.stdout.once('data', () => resolve());
        p.once('exit', (code) => reject(new Error(`saver exited ${code}: ${stderr}`)));
      });
      await new Promise((r) => setTimeout(r, delay));
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGKILL');
      await exited;
      const v = versionOf(readFileSync(target, 'utf8'));
      expect(typeof v, `after a kill ${delay} ms in: ${v}`).toBe('number');
      seen.push(v as number);
    }
    // Each run saved at least once before its kill.
    expect(seen.every((v) => v >= 1)).toBe(true);
  }, 120_000);
});
