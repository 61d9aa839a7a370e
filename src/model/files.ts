import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { ModelError } from './errors.js';

/** A model file's bytes, as read (or only its size, when it was too large to read). */
export interface ModelFileInput {
  /** The path shown in messages. */
  file: string;
  bytes: Uint8Array | string;
  /** The size on disk, when the caller did not read an oversized file. */
  size?: number;
}

/*
 * Files, not devices: every file the tool reads (model files, source texts,
 * conditions files, the cache's entries) is opened once, checked to be a
 * regular file on the open descriptor, and read with its size cap enforced
 * while reading, so a FIFO cannot block, /dev/zero cannot fill the memory and
 * a file that grows while it is read is still cut off at the cap.
 */

/** Files larger than this are refused before parsing (an 8 MB file took 15 s and 1.3 GB). */
export const MAX_FILE_BYTES = 1024 * 1024;

/** What a path that is not a regular file turns out to be, for messages. */
export function fileKind(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO, a named pipe';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** Why a path cannot be opened, in words, from the system error. */
export function openProblem(code: string | undefined): string {
  const why: Record<string, string> = {
    ENOENT: 'no such file, or a symbolic link to nothing',
    ELOOP: 'a loop of symbolic links',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOTDIR: 'a part of the path is not a folder',
    ENAMETOOLONG: 'the name is too long',
    EISDIR: 'a folder',
  };
  const text = code ? why[code] : undefined;
  return text ? `${code}: ${text}` : (code ?? 'error');
}

export interface ReadResult {
  /** The bytes read: all of the file, or the first maxBytes + 1 when it is larger. */
  bytes: Buffer;
  /** True when the file has more than maxBytes bytes (bytes then holds maxBytes + 1 of them). */
  tooLarge: boolean;
  /** The size the file had when opened (or what was read, if more). */
  size: number;
  /** The open file's status (owner, mode), as checked. */
  stat: Stats;
}

// O_NONBLOCK: opening a FIFO for reading must not wait for a writer (it is refused just after).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Reads a regular file with a cap: opened once (symbolic links followed),
 * refused unless it is a regular file, read in chunks and stopped one byte
 * past `maxBytes`. A problem is a ModelError of kind `no-input` (exit 66)
 * naming `shown` and what the path is.
 *
 * @example
 * readRegularFile('/dev/zero', 1024, 'x.yaml'); // throws: "x.yaml: not a regular file (a character device)"
 */
export function readRegularFile(path: string, maxBytes: number, shown = path): ReadResult {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (e) {
    throw new ModelError('no-input', `${shown}: cannot read the file (${openProblem((e as NodeJS.ErrnoException).code)})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ModelError('no-input', `${shown}: not a regular file (${fileKind(st)}); expected a file`);
    const chunks: Buffer[] = [];
    let total = 0;
    const limit = maxBytes + 1;
    for (;;) {
      const want = Math.min(64 * 1024, limit - total);
      if (want <= 0) break;
      const buf = Buffer.allocUnsafe(want);
      let n: number;
      try {
        n = readSync(fd, buf, 0, want, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // A regular file on a slow or network file system may ask to be read again.
        if (code === 'EAGAIN' || code === 'EINTR') continue;
        throw new ModelError('no-input', `${shown}: cannot read the file (${openProblem(code)})`);
      }
      if (n === 0) break;
      chunks.push(n === want ? buf : buf.subarray(0, n));
      total += n;
    }
    return { bytes: Buffer.concat(chunks, total), tooLarge: total > maxBytes, size: Math.max(st.size, total), stat: st };
  } finally {
    closeSync(fd);
  }
}

/** A path as messages show it: relative to the working folder (`cwd`: the command's, src/app/io.ts) when inside it. */
export function shownPath(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * Reads a model folder's YAML files (not recursively), in name order, each
 * once, as regular files within the size cap: a FIFO, a device, a folder
 * named like a file, a dangling or looping symbolic link or an unreadable
 * file is a ModelError of kind `no-input` naming it. A file over the cap is
 * returned without its bytes (the YAML layer reports it). Light on purpose
 * (no parser): the model cache hashes these very bytes before deciding
 * whether to parse them.
 */
export function readModelFiles(dir: string, cwd: string = process.cwd()): ModelFileInput[] {
  let names: string[];
  try {
    const st = statSync(dir);
    if (!st.isDirectory()) throw new ModelError('no-input', `${dir}: not a folder; --model takes a folder of YAML files`);
    names = readdirSync(dir)
      .filter((n) => /\.ya?ml$/i.test(n))
      .sort();
  } catch (e) {
    if (e instanceof ModelError) throw e;
    throw new ModelError('no-input', `${dir}: cannot read the model folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return names.map((n) => {
    const path = join(dir, n);
    const shown = shownPath(path, cwd);
    const r = readRegularFile(path, MAX_FILE_BYTES, shown);
    if (r.tooLarge) return { file: shown, bytes: '', size: r.size };
    return { file: shown, bytes: r.bytes };
  });
}
