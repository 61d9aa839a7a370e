import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, realpathSync, statSync, unlinkSync, utimesSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Model } from '../engine/types.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { ModelError } from '../model/errors.js';
import { readModelFiles, readRegularFile } from '../model/files.js';
// Loaded with the cache: the shape check is small and has no dependencies.
import { modelShapeProblem } from '../model/shape.js';
import type { ModelFileInput } from '../model/load.js';
import { cacheDir } from './cache-dir.js';
import { VERSION } from './version.js';

/*
 * The model cache: a parsed and checked model folder, kept so that the next
 * run with the same files skips parsing and checking (docs/guarantees.md, "The model cache cannot change an answer").
 *
 * It cannot lie:
 * - the key is a hash of the bytes actually parsed (each file read once;
 *   what is hashed is what is parsed), with the folder's real path, the
 *   working folder (messages name files relative to it), the cache format
 *   and the tool's version and build;
 * - an entry is a header line (format, version, build, key, folder, the
 *   SHA-256 of the model's text) and the model's JSON: any damage is seen,
 *   and the model is checked against the engine's Model shape
 *   (src/model/shape.ts) before use; a damaged entry is discarded and
 *   rebuilt with one warning;
 * - the folder is private (created 0700; entries 0600) and refused, with a
 *   warning, when another user owns it or others may write to it; an entry
 *   another user owns is refused the same way;
 * - entries are written atomically (temporary file, then rename) and old
 *   ones pruned: those unused for 30 days, and beyond the 200 most recent.
 */

/** Bumped when the entry layout changes. */
const CACHE_FORMAT = 2;
const ENTRY = /^[0-9a-f]{64}\.(model|prepared)$/;
/** Entries of the first format (a bare model JSON, unchecked): removed on sight. */
const OLD_ENTRY = /^[0-9a-f]{64}\.json$/;
/** write-file-atomic's temporary files: `<entry>.<number>`. */
const TEMP = /^[0-9a-f]{64}\.(model|prepared)\.\d+$/;
const MAX_ENTRIES = 200;
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;
/** An entry larger than this is not read (a model file is at most 1 MiB; its JSON is smaller). */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

export { cacheDir };

/** The build of the tool: the size and time of the code running this, so a new build never reads an old build's entries. */
function buildId(): string {
  try {
    const st = statSync(fileURLToPath(import.meta.url));
    return `${st.size}-${Math.round(st.mtimeMs)}`;
  } catch {
    return 'unknown';
  }
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

/** Why a folder or file must not be trusted, or undefined. */
function untrusted(st: Stats, what: string, path: string): string | undefined {
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) return `${what} ${path} belongs to another user (uid ${st.uid}); not using it`;
  if (st.mode & 0o022) return `${what} ${path} can be written by other users (mode ${octal(st.mode)}); not using it`;
  return undefined;
}

/**
 * The cache folder, created private, or undefined (with the warning said)
 * when it cannot be used safely.
 */
function openDir(path: string, warn: (m: string) => void): boolean {
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    const st = statSync(path);
    if (!st.isDirectory()) {
      warn(`the model cache ${path} is not a folder; running without the cache`);
      return false;
    }
    const why = untrusted(st, 'the model cache folder', path);
    if (why) {
      warn(`${why} (set IRAQ_SCENARIOS_CACHE_DIR to a folder of your own, or IRAQ_SCENARIOS_NO_CACHE=1)`);
      return false;
    }
    // Ours, but readable by others (as the first versions made it): entries hold the model's text.
    if (st.mode & 0o077) chmodSync(path, 0o700);
    return true;
  } catch {
    // A cache we cannot set up is only slower, never wrong.
    return false;
  }
}

function keyOf(realDir: string, files: readonly ModelFileInput[], cwd: string): string {
  const h = createHash('sha256');
  h.update(`iraq-scenarios model cache ${CACHE_FORMAT}\0${VERSION}\0${buildId()}\0${realDir}\0${cwd}\0`);
  for (const f of files) {
    const bytes = typeof f.bytes === 'string' ? Buffer.from(f.bytes) : f.bytes;
    h.update(`${f.file}\0${f.size ?? bytes.byteLength}\0${bytes.byteLength}\0`);
    h.update(bytes);
    h.update('\0');
  }
  return h.digest('hex');
}

interface Header {
  format: number;
  version: string;
  build: string;
  key: string;
  dir: string;
  sha256: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The model in an entry's body, or why it is not one. */
function parseEntryModel(body: string): Model | { damaged: string } {
  let model: unknown;
  try {
    model = JSON.parse(body);
  } catch {
    return { damaged: 'its model is not JSON' };
  }
  const problem = modelShapeProblem(model);
  if (problem) return { damaged: `its model has the wrong shape (${problem})` };
  return model as Model;
}

/** An entry's body, its header checked; 'miss' when there is none; a reason when it is damaged or not to be trusted. */
function readEntryBody(file: string, key: string, realDir: string): { body: string } | 'miss' | { damaged: string } {
  let r: ReturnType<typeof readRegularFile>;
  try {
    r = readRegularFile(file, MAX_ENTRY_BYTES);
  } catch (e) {
    if (e instanceof ModelError && /ENOENT/.test(e.message)) return 'miss';
    return { damaged: 'it cannot be read as a file' };
  }
  // In a folder of ours only we can create files, but another user (root) may have left one.
  const uid = process.getuid?.();
  if (uid !== undefined && r.stat.uid !== uid) return { damaged: `it belongs to another user (uid ${r.stat.uid})` };
  if (r.stat.mode & 0o022) return { damaged: `others can write to it (mode ${octal(r.stat.mode)})` };
  if (r.tooLarge) return { damaged: 'it is too large' };
  const text = r.bytes.toString('utf8');
  const nl = text.indexOf('\n');
  if (nl < 0) return { damaged: 'it has no header' };
  let header: Partial<Header>;
  try {
    header = JSON.parse(text.slice(0, nl)) as Partial<Header>;
  } catch {
    return { damaged: 'its header is not JSON' };
  }
  if (header === null || typeof header !== 'object' || typeof header.format !== 'number' || typeof header.key !== 'string')
    return { damaged: 'it has no valid header' };
  if (header.format !== CACHE_FORMAT || header.version !== VERSION || header.build !== buildId())
    return { damaged: 'it was written by another version of the tool' };
  if (header.key !== key || header.dir !== realDir) return { damaged: 'it belongs to other files' };
  const body = text.slice(nl + 1);
  if (header.sha256 !== sha256(body)) return { damaged: 'its checksum does not match (a partial or altered write)' };
  return { body };
}

/** Removes entries unused for 30 days, beyond the most recent MAX_ENTRIES, the first format's and stale temporary files. */
function prune(dir: string, keep: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  const entries: { name: string; mtime: number }[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      if (OLD_ENTRY.test(name)) {
        unlinkSync(path);
        continue;
      }
      if (!ENTRY.test(name) && !TEMP.test(name)) continue;
      const mtime = statSync(path).mtimeMs;
      if (TEMP.test(name)) {
        // Left by a run that was killed mid-write; a live write takes milliseconds.
        if (now - mtime > 3600 * 1000) unlinkSync(path);
        continue;
      }
      if (name !== keep && now - mtime > MAX_AGE_MS) unlinkSync(path);
      else entries.push({ name, mtime });
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  entries.sort((a, b) => b.mtime - a.mtime);
  for (const e of entries.slice(MAX_ENTRIES))
    if (e.name !== keep)
      try {
        unlinkSync(join(dir, e.name));
      } catch {
        // as above
      }
}

/** Parses and checks model files (already read): the fast parser when the model loads cleanly, the yaml path for messages. */
async function parseModel(files: ModelFileInput[], folderName: string): Promise<{ model?: Model; diagnostics: Diagnostic[] }> {
  const { loadModel } = await import('../model/load.js');
  const { loadModelFast } = await import('../model/fast-yaml.js');
  const { checkLogic } = await import('../model/check.js');
  // Any message comes from the yaml path, with positions, as `validate` gives it.
  const fast = loadModelFast(files, folderName);
  let res = fast ?? loadModel(files, folderName);
  if (!res.model) return res;
  let logic = checkLogic(res.model);
  if (fast && logic.length) {
    res = loadModel(files, folderName);
    if (!res.model) return res;
    logic = checkLogic(res.model);
  }
  if (logic.some((d) => d.severity === 'error')) return { diagnostics: [...res.diagnostics, ...logic] };
  return res;
}

/**
 * The model in the entry for `key` (of a folder whose real path is `dir`),
 * marked as recently used; undefined on a miss. A damaged entry is removed,
 * said once through `warn`, and counts as a miss (the caller rebuilds it).
 */
function useEntry(cdir: string, key: string, dir: string, warn: (message: string) => void): Model | undefined {
  const file = join(cdir, `${key}.model`);
  const damaged = (why: string) => warn(`the cache entry ${file} was damaged (${why}); discarded, and rebuilt from the model's files`);
  const body = takeBody(file, key, dir, damaged);
  if (body === undefined) return undefined;
  const model = parseEntryModel(body);
  if (!('damaged' in model)) return model;
  discard(file);
  damaged(model.damaged);
  return undefined;
}

/**
 * An entry's body, the entry marked as recently used (pruning goes by that
 * time); undefined on a miss. A damaged entry is removed, said through
 * `damaged`, and counts as a miss (the caller rebuilds it).
 */
function takeBody(file: string, key: string, dir: string, damaged: (why: string) => void): string | undefined {
  const read = readEntryBody(file, key, dir);
  if (read === 'miss') return undefined;
  if ('damaged' in read) {
    discard(file);
    damaged(read.damaged);
    return undefined;
  }
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // only pruning depends on it
  }
  return read.body;
}

function discard(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // rewritten after the rebuild anyway
  }
}

/** Writes the entry for `key` (header, then the model), atomically and private, and prunes the folder; a cache that cannot be written is only slower. */
async function storeEntry(cdir: string, key: string, dir: string, model: Model): Promise<void> {
  await storeBody(cdir, key, dir, 'model', JSON.stringify(model));
}

async function storeBody(cdir: string, key: string, dir: string, suffix: 'model' | 'prepared', body: string): Promise<void> {
  try {
    const header: Header = { format: CACHE_FORMAT, version: VERSION, build: buildId(), key, dir, sha256: sha256(body) };
    const { writeFileAtomicSync } = await import('./atomic.js');
    writeFileAtomicSync(join(cdir, `${key}.${suffix}`), `${JSON.stringify(header)}\n${body}`, { mode: 0o600 });
    prune(cdir, `${key}.${suffix}`);
  } catch {
    // A cache we cannot write is only slower, never wrong.
  }
}

/**
 * Loads a model folder, reusing the parsed model when the very same bytes
 * were parsed and checked before (see the notes above). Each file is read
 * once; only valid models are cached; the YAML parser and schema are loaded
 * only on a miss. `warn` says, once, why the cache was not used or an entry
 * was rebuilt. Positions name the files relative to `cwd`, the command's
 * working folder (part of the key).
 */
export async function loadModelCached(
  dir: string,
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void = () => {},
  cwd: string = process.cwd(),
): Promise<{ model?: Model; diagnostics: Diagnostic[]; entry?: CacheEntryRef }> {
  const files = readModelFiles(dir, cwd);
  const folderName = basename(resolve(dir));
  const cdir = cacheDir(env, cwd);
  if (!cdir || !openDir(cdir, warn)) return parseModel(files, folderName);
  let realDir: string;
  try {
    realDir = realpathSync(dir);
  } catch {
    return parseModel(files, folderName);
  }
  const key = keyOf(realDir, files, cwd);
  const entry = { cdir, key, dir: realDir };
  const hit = useEntry(cdir, key, realDir, warn);
  if (hit) return { model: hit, diagnostics: [], entry };
  const res = await parseModel(files, folderName);
  if (res.model) {
    await storeEntry(cdir, key, realDir, res.model);
    return { ...res, entry };
  }
  return res;
}

/** Where a folder's model is cached: the prepared distribution is kept beside it. */
export interface CacheEntryRef {
  readonly cdir: string;
  readonly key: string;
  readonly dir: string;
}

/**
 * The prepared distribution kept for a cached model (its circuit and
 * calibration: engine/prob/prepared.ts), or undefined. Checked as a model
 * entry is (owner, header, checksum) and then by the engine itself, which
 * uses it only if it is the circuit of this very model's clauses and its
 * calibration meets the targets; a damaged one is removed, silently (it is
 * only slower: the circuit is compiled again and kept again).
 */
export function readPrepared(entry: CacheEntryRef): unknown {
  const body = takeBody(join(entry.cdir, `${entry.key}.prepared`), entry.key, entry.dir, () => {});
  if (body === undefined) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** Keeps a model's prepared distribution beside its cache entry (a cache that cannot be written is only slower). */
export async function storePrepared(entry: CacheEntryRef, prepared: unknown): Promise<void> {
  await storeBody(entry.cdir, entry.key, entry.dir, 'prepared', JSON.stringify(prepared));
}

/** The entry's key for a stack's own key: in the same format, with the tool's version and build. */
function stackKey(key: string): string {
  return createHash('sha256').update(`iraq-scenarios stack cache ${CACHE_FORMAT}\0${VERSION}\0${buildId()}\0${key}`).digest('hex');
}

/** What a stack's entry names as its folder (a stack has no one folder). */
const STACK = '(stack)';

/**
 * A model cached under a key its caller computed from every byte the model
 * depends on (a stack of layers: src/app/stack.ts); undefined on a miss. The
 * entry is checked as a folder's is (header, checksum, owner, shape); a
 * damaged one is removed and counts as a miss.
 */
export function readCachedModel(key: string, env: NodeJS.ProcessEnv, warn: (message: string) => void = () => {}, cwd?: string): Model | undefined {
  const cdir = cacheDir(env, cwd);
  return cdir && openDir(cdir, warn) ? useEntry(cdir, stackKey(key), STACK, warn) : undefined;
}

/** Stores a model under a caller's key (see readCachedModel); a cache that cannot be written is only slower. */
export async function writeCachedModel(key: string, model: Model, env: NodeJS.ProcessEnv, cwd?: string): Promise<void> {
  const cdir = cacheDir(env, cwd);
  if (cdir && openDir(cdir, () => {})) await storeEntry(cdir, stackKey(key), STACK, model);
}
