import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll } from 'vitest';
import type { Io } from '../src/app/io.js';
import { loadModel } from '../src/model/load.js';
import type { Model } from '../src/engine/types.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'iraq-scenarios.js');
export const FIXTURES = join(ROOT, 'tests', 'fixtures');
export const SHIPPED = join(ROOT, 'scenarios');
/**
 * Where the shipped model's source texts are: IRAQ_SCENARIOS_SOURCES if set,
 * else the model's own `sources_dir` (../../shared/seeds from scenarios/).
 * A user's clone does not have them; tests that read them skip, saying so.
 */
export const SEEDS = process.env.IRAQ_SCENARIOS_SOURCES
  ? resolve(process.env.IRAQ_SCENARIOS_SOURCES)
  : join(ROOT, '..', 'shared', 'seeds');
/** The day tests run on, whatever the clock says (IRAQ_SCENARIOS_TODAY), so answers that depend on it stay put. */
export const TODAY = '2026-12-01';
export const HAVE_SEEDS = existsSync(SEEDS) && statSync(SEEDS).isDirectory();

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs the built command as a real process (no TTY, no colour unless asked). */
export function runCli(args: string[], opts: { input?: string; env?: Record<string, string | undefined>; cwd?: string } = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input ?? '',
    env: testEnv(opts.env),
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: 30_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

/** Where a test's default forecast log goes (XDG_DATA_HOME): never the user's own data folder. */
export const TEST_DATA_HOME = join(tmpdir(), `iraq-scenarios-test-data-${process.pid}`);

/** The environment a test run sees: this process's, no colour convention set, no model cache, no user data folder; `undefined` removes a variable. */
function testEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
    IRAQ_SCENARIOS_NO_CACHE: '1',
    IRAQ_SCENARIOS_TODAY: TODAY,
    XDG_DATA_HOME: TEST_DATA_HOME,
    IRAQ_SCENARIOS_LOG: undefined,
    IRAQ_SCENARIOS_AUTHOR: undefined,
    ...extra,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env as Record<string, string>;
}

/** A fake Io: stdout and stderr captured, stdin the given text, neither a terminal. */
export function fakeIo(opts: { input?: string; env?: Record<string, string | undefined>; cwd?: string } = {}): Io & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  return {
    stdout,
    stderr,
    stdin: Readable.from(opts.input ? [Buffer.from(opts.input)] : []),
    env: testEnv(opts.env),
    cwd: opts.cwd ?? ROOT,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

type RunFn = (argv: readonly string[], io: Io) => Promise<number>;
let built: Promise<RunFn> | undefined;

/**
 * Runs a command line in this process, through the built command (dist/, as
 * `npm test` builds it: the bundle, with the shipped model compiled to JSON),
 * with captured streams: the same RunResult as `runCli`, in milliseconds
 * rather than a process start. Subprocesses stay for what only a process
 * shows: exit statuses, streams and pipes, terminals, the package.
 */
export async function runIn(args: string[], opts: { input?: string; env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<RunResult> {
  built ??= import(pathToFileURL(join(ROOT, 'dist', 'cli.cjs')).href).then((m: { run: RunFn }) => m.run);
  const run = await built;
  const io = fakeIo(opts);
  const code = await run(args, io);
  return { stdout: io.out(), stderr: io.err(), code };
}

/** runIn, and the JSON on its stdout (the command must succeed). */
export async function runJsonIn<T = any>(args: string[], opts: Parameters<typeof runIn>[1] = {}): Promise<{ json: T; result: RunResult }> {
  const result = await runIn([...args, '--json'], opts);
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}`);
  return { json: JSON.parse(result.stdout) as T, result };
}

/** Runs the command and parses its JSON stdout. */
export function runJson<T = any>(args: string[], opts: Parameters<typeof runCli>[1] = {}): { json: T; result: RunResult } {
  const result = runCli([...args, '--json'], opts);
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}`);
  return { json: JSON.parse(result.stdout) as T, result };
}

/** Models loaded by loadDir, by folder and the bytes of its files: one load per worker for each. */
const loaded = new Map<string, Model>();

/**
 * Loads a model folder from disk for unit tests (throws on any problem).
 * The same folder with the same bytes gives the same model, loaded once per
 * test worker (the shipped model's YAML costs ~0.2 s a load, and a dozen
 * files load it), and frozen all the way down, so that no test can change
 * what another sees (an assignment to it throws).
 */
export function loadDir(dir: string): Model {
  const files = readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => ({ file: join(dir, n), bytes: readFileSync(join(dir, n)) }));
  const hash = createHash('sha256').update(dir);
  for (const f of files) hash.update(`\0${f.file}\0${f.bytes.length}\0`).update(f.bytes);
  const key = hash.digest('hex');
  const known = loaded.get(key);
  if (known) return known;
  const { model, diagnostics } = loadModel(files, dir);
  if (!model) throw new Error(diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join('\n'));
  loaded.set(key, deepFreeze(model));
  return model;
}

/** Freezes a model's plain objects and arrays (all a loaded model holds), all the way down. */
function deepFreeze<T>(x: T): T {
  if (x === null || typeof x !== 'object' || Object.isFrozen(x)) return x;
  Object.freeze(x);
  for (const v of Object.values(x)) deepFreeze(v);
  return x;
}

export const fixture = (name: string): Model => loadDir(join(FIXTURES, name));

/**
 * A maker of temporary folders for the test file that calls it (at its top
 * level): each folder under the system's temporary folder, named with
 * `prefix`, and all of them removed after the file's tests.
 */
export function tempDirs(prefix: string): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    made.push(d);
    return d;
  };
}
