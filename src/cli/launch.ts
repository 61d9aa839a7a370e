// The command's first step: bin/iraq-scenarios.js requires this file
// (dist/launch.cjs, a few kilobytes) and calls `launch()`.
//
// `--version` is answered here, without loading the program, and so is
// `--help` when its output is not a terminal: then commander lays the help
// out at 80 columns, so build.mjs saves that text beside this file
// (dist/help.txt). The output streams are guarded before the first byte
// (streams.ts).
//
// Then the program (dist/cli.cjs, one CommonJS bundle) is compiled through
// V8's code cache: a start reads the compiled code of a previous run instead
// of parsing and compiling the program again, on every Node this tool runs
// on (Node 20 has no compile cache of its own; BENCHMARKS.md measures this
// one). Where the code comes from, the first V8 accepts (docs/start-up.md):
//   1. `code-cache/` in the tool's cache folder (src/app/cache-dir.ts),
//      written after a successful command that found no usable code;
//   2. dist/code-cache/, made by the build (`__prime-code-cache`: the common
//      commands run once in one process), for the Node that built it.
// Each file carries a digest of the code in it, checked before V8 sees it; V8
// checks what it is given (its version, its flags, the source's length) and
// refuses what does not match; the file's name carries a digest of the
// program's bytes, so a changed program never meets the code of another.
// Nothing here is needed: a missing, refused, damaged or unwritable cache
// only makes the start slower, never the answer different.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { debuglog } from 'node:util';
import { Script } from 'node:vm';
import { cacheDir } from '../app/cache-dir.js';
import type { Io } from '../app/io.js';
import { VERSION } from '../app/version.js';
import { guardStreams } from './streams.js';

/** What dist/cli.cjs exports (src/cli/main.ts). */
export interface Program {
  cli(): Promise<void>;
  run(argv: readonly string[], io: Io): Promise<number>;
}

/** `NODE_DEBUG=iraq-scenarios` prints where the program's code came from (Node's own convention). */
const debug = debuglog('iraq-scenarios');

/** The folder of the built files (dist/): this file's own. */
const DIST = dirname(fileURLToPath(import.meta.url));

/** The exit code of an internal error (src/app/errors.ts's EXIT.internal; not imported: this file stays small). */
const INTERNAL = 1;

/** The files of the tool's own cache folder kept at most (other installs and Node versions write theirs beside). */
const KEEP = 8;

/** The command line as the bin script got it. */
export async function launch(): Promise<void> {
  const argv = process.argv.slice(2);
  // Before the first byte is written: a closed pipe or a full disk ends quietly (streams.ts).
  if (!guardStreams(argv)) return;
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h') && !process.stdout.isTTY) {
    let help: string | undefined;
    try {
      help = readFileSync(join(DIST, 'help.txt'), 'utf8');
    } catch {
      // Not built yet (build.mjs makes it by this very path): the program answers.
    }
    if (help !== undefined) {
      process.stdout.write(help);
      return;
    }
  }
  if (argv.length === 1 && argv[0] === '__prime-code-cache') return prime();
  let loaded: ReturnType<typeof loadProgram>;
  try {
    loaded = loadProgram(process.env);
  } catch (err) {
    // The build is missing or damaged (the program's own errors are handled inside it, src/cli/main.ts).
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? `${join(DIST, 'cli.cjs')} is missing` : `${e.message ?? String(err)}`;
    process.stderr.write(`iraq-scenarios: cannot start the program: ${why.split('\n')[0]}; build it again (npm run build)\n`);
    if (process.env.IRAQ_SCENARIOS_DEBUG && e.stack) process.stderr.write(`${e.stack}\n`);
    process.exitCode = INTERNAL;
    return;
  }
  const { program, unsaved } = loaded;
  await program.cli();
  // A failed command may have compiled little of what the next run needs: only a successful one's code is kept.
  if (unsaved && (process.exitCode ?? 0) === 0) await store(unsaved.script, unsaved.path);
}

/** The program's bytes, their digest, and the name its compiled code goes by on this Node. */
function programFile(): { file: string; source: string; name: string } {
  const file = join(DIST, 'cli.cjs');
  const bytes = readFileSync(file);
  const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  // The build makes the program ASCII (build.mjs checks), which reads as Latin-1 by a copy; UTF-8 decoding took ~4 ms.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  return { file, source, name: `cli-${digest}-${process.version}-${process.arch}.v8` };
}

/**
 * A file of compiled code is its SHA-256 and then the code: V8 checks its own
 * header (its version, its flags, the source's length) but, in a release
 * build, not whether the code itself is intact, and damaged code must never
 * reach it.
 */
const DIGEST = 32;

function sealed(code: Buffer): Buffer {
  return Buffer.concat([createHash('sha256').update(code).digest(), code]);
}

/** The code in a file, or undefined when it cannot be read or is not intact. */
function unsealed(path: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  const code = bytes.subarray(DIGEST);
  if (bytes.length > DIGEST && createHash('sha256').update(code).digest().equals(bytes.subarray(0, DIGEST))) return code;
  debug('code cache: %s damaged', path);
  return undefined;
}

/** Whether the file's code went in as V8 was told. */
function accepted(script: Script, place: string): boolean {
  debug(`code cache: %s ${script.cachedDataRejected ? 'refused' : 'accepted'}`, place);
  return !script.cachedDataRejected;
}

/** The program's source as Node wraps a CommonJS module, compiled (with the cached code when given). */
function compile(file: string, source: string, cachedData: Buffer | undefined): Script {
  return new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n});`, { filename: file, cachedData });
}

/** Runs the compiled program's top level, as require() would; its exports. */
function start(script: Script, file: string): Program {
  const wrapper = script.runInThisContext() as (this: unknown, e: unknown, r: NodeJS.Require, m: { exports: unknown }, f: string, d: string) => void;
  const module = { exports: {} as unknown };
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return module.exports as Program;
}

/**
 * Loads the program with the first cached code V8 accepts: the tool's cache
 * folder first (it has code only where the build's was missing or refused
 * on this machine), then the build's. When none is accepted and the tool has
 * a cache folder, `unsaved` says what to write there once the command is done.
 */
export function loadProgram(env: NodeJS.ProcessEnv): { program: Program; unsaved?: { script: Script; path: string } } {
  const { file, source, name } = programFile();
  const folder = cacheDir(env);
  const own = folder === undefined ? undefined : join(folder, 'code-cache', name);
  const built = join(DIST, 'code-cache', name);
  let script: Script | undefined;
  for (const place of own === undefined ? [built] : [own, built]) {
    const cached = unsealed(place);
    if (cached === undefined) continue;
    // Refused (another Node's flags): V8 compiled the source instead, and the next place would compile it again.
    script = compile(file, source, cached);
    if (accepted(script, place)) return { program: start(script, file) };
    break;
  }
  script ??= compile(file, source, undefined);
  return { program: start(script, file), unsaved: own === undefined ? undefined : { script, path: own } };
}

/** Writes the code the script has compiled so far, sealed, whole (src/app/atomic.ts), making its folder. */
async function writeCode(script: Script, target: string, mode: { folder?: number; file?: number } = {}): Promise<void> {
  const { writeFileAtomicSync } = await import('../app/atomic.js');
  mkdirSync(dirname(target), { recursive: true, ...(mode.folder === undefined ? {} : { mode: mode.folder }) });
  writeFileAtomicSync(target, sealed(script.createCachedData()), mode.file === undefined ? {} : { mode: mode.file });
}

/** Writes the compiled code into the tool's cache folder, private to its owner, and keeps the folder small; never throws. */
async function store(script: Script, target: string): Promise<void> {
  try {
    await writeCode(script, target, { folder: 0o700, file: 0o600 });
    const folder = dirname(target);
    debug('code cache: %s written', target);
    const others = readdirSync(folder)
      .filter((f) => f.endsWith('.v8'))
      .map((f) => ({ path: join(folder, f), time: statSync(join(folder, f)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const old of others.slice(KEEP)) rmSync(old.path, { force: true });
  } catch (err) {
    debug('code cache: not written (%s)', (err as Error).message);
  }
}

/**
 * The command lines the build runs once, in one process, before saving the
 * code they compiled as dist/code-cache/: the common commands on the shipped
 * model, its first scenario and first yes/no condition named as `list`
 * gives them (a line that fails still compiles what it reached).
 */
function primed(scenario: string, condition: string): string[][] {
  return [
    ['query', '--json'],
    ['query'],
    ['query', '--set', `${condition}=true`, '--ranges'],
    ['explain', scenario],
    ['whatif'],
    ['watch'],
    ['list', 'scenarios'],
    ['show', scenario],
  ];
}

/** Build step (hidden): runs the primed command lines and saves the compiled code in dist/code-cache/, replacing what was there. */
async function prime(): Promise<void> {
  const { Writable, Readable } = await import('node:stream');
  const { file, source, name } = programFile();
  const script = compile(file, source, undefined);
  const program = start(script, file);
  const ask = async (argv: string[]): Promise<string> => {
    let out = '';
    const into = (keep: boolean) => new Writable({ write: (chunk: Buffer, _encoding, done) => ((out += keep ? chunk.toString() : ''), done()) });
    const io: Io = { stdout: into(true), stderr: into(false), stdin: Readable.from([]), env: { ...process.env, IRAQ_SCENARIOS_NO_CACHE: '1' }, cwd: process.cwd() };
    await program.run(argv, io);
    return out;
  };
  const first = (text: string, key: string, yesNo: boolean): string => {
    const items = (JSON.parse(text) as Record<string, { id: string; values?: unknown[] }[]>)[key] ?? [];
    return items.find((x) => !yesNo || x.values?.[0] === true)?.id ?? 'none';
  };
  const scenario = first(await ask(['list', 'scenarios', '--json']), 'scenarios', false);
  const condition = first(await ask(['list', 'conditions', '--json']), 'conditions', true);
  for (const argv of primed(scenario, condition)) await ask(argv);
  rmSync(join(DIST, 'code-cache'), { recursive: true, force: true });
  await writeCode(script, join(DIST, 'code-cache', name));
}
