import writeFileAtomic from 'write-file-atomic';

/**
 * Writes a file atomically: to a temporary file beside it, flushed, then
 * renamed over the target, so a crash or kill leaves the old file or the new
 * one, never half of one.
 */
export function writeFileAtomicSync(path: string, data: string): void {
  writeFileAtomic.sync(path, data, { encoding: 'utf8', fsync: true });
}
