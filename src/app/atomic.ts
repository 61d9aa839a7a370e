import writeFileAtomic from 'write-file-atomic';
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
export function writeFileAtomicSync(path: string, data: string, options: { mode?: number } = {}): void {
  try {
    writeFileAtomic.sync(path, data, { encoding: 'utf8', fsync: true, ...(options.mode !== undefined ? { mode: options.mode } : {}) });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw Object.assign(new AppError(EXIT.cantCreate, `${path}: cannot write the file (${code})`), { code });
  }
}
