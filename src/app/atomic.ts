import writeFileAtomic from 'write-file-atomic';
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { AppError, EXIT } from './errors.js';

/**
 * Writes a file atomically: to a temporary file beside it, flushed, then
 * renamed over the target, so a crash or kill leaves the old file or the new
 * one, never half of one. Every file the tool writes goes through here (a
 * test checks the sources for other writes).
 *
 * A failure is a AppError with exit 73 naming the file; it keeps the system
 * error's `code` (ENOENT, EACCES...) for callers that explain it themselves.
 */
export function writeFileAtomicSync(path: string, data: string | Buffer, options: { mode?: number } = {}): void {
  try {
    writeFileAtomic.sync(path, data, { encoding: 'utf8', fsync: true, ...(options.mode !== undefined ? { mode: options.mode } : {}) });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw Object.assign(new AppError(EXIT.cantCreate, `${path}: cannot write the file (${code})`), { code });
  }
}

/**
 * Appends one line to a log, atomically: the file opened with O_APPEND, the
 * whole line (with its newline) written in one write, then flushed to disk
 * (fsync) before it is closed. Concurrent appenders never interleave within
 * a line, and nothing already in the file is ever rewritten. A file whose
 * last line was torn (no final newline, after a crash) gets the new line on
 * a line of its own, in the same write. `accept` sees the file's first
 * 64 KiB before anything is written, and may throw to refuse it.
 */
export function appendLineSync(path: string, line: string, accept?: (head: string) => void): void {
  if (line.includes('\n')) throw new Error('appendLineSync: one line at a time');
  let fd: number | undefined;
  try {
    fd = openSync(path, 'a+', 0o644);
    const size = fstatSync(fd).size;
    if (accept) {
      // The file's beginning, for the caller to refuse a file that is not what it should be.
      const head = Buffer.alloc(Math.min(size, 64 * 1024));
      accept(head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8'));
    }
    let torn = false;
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      torn = last[0] !== 0x0a;
    }
    const data = Buffer.from(`${torn ? '\n' : ''}${line}\n`, 'utf8');
    const written = writeSync(fd, data);
    if (written !== data.length) throw Object.assign(new Error(`short write (${written} of ${data.length} bytes)`), { code: 'EIO' });
    fsyncSync(fd);
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw Object.assign(new AppError(EXIT.cantCreate, `${path}: cannot append to the file (${code})`), { code });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
