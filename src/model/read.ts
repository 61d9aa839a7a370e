import { realpathSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { ModelError } from './errors.js';
import { readModelFiles, readRegularFile, shownPath } from './files.js';
import { loadModel } from './load.js';
import type { LoadResult } from './load.js';
import type { Model } from '../engine/types.js';

/** Reads a model folder's files (src/model/files.ts): regular files only, each read once within its cap. */
export { readModelFiles };

/** Source texts larger than this are refused (the shipped model's are at most 15 KB). */
export const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

/** Loads a model folder; positions name its files relative to `cwd` (see shownPath). */
export function loadModelDir(dir: string, cwd: string = process.cwd()): LoadResult {
  return loadModel(readModelFiles(dir, cwd), basename(resolve(dir)));
}

/** Whether `path` is `folder` or inside it. */
function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The texts of a model's sources, where `sources_dir` points at them. A
 * source's file must stay inside that folder, by its path (the loader checks
 * that: no `..`, not absolute) and by where its symbolic links lead (checked
 * here); it is read as a regular file within MAX_SOURCE_BYTES. A file that
 * is not there is left out (validate says its quotes went unchecked); one
 * that leads outside, or is a FIFO, a device or unreadable, is a ModelError
 * of kind `no-input`, and one over the cap of kind `invalid`.
 */
export function readSourceTexts(model: Model, dir: string, cwd: string = process.cwd()): Map<string, string> {
  const texts = new Map<string, string>();
  if (!model.info.sourcesDir) return texts;
  const base = resolve(dir, model.info.sourcesDir);
  let realBase: string;
  try {
    realBase = realpathSync(base);
  } catch {
    return texts; // no sources at hand (a clone without them)
  }
  for (const s of model.sources) {
    const path = resolve(base, s.file);
    // The loader refused a file that leaves the folder by its path.
    if (!inside(base, path)) continue;
    const shown = shownPath(path, cwd);
    let real: string;
    try {
      real = realpathSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue; // not at hand
      throw new ModelError('no-input', `${shown}: cannot read source '${s.id}' (${code ?? 'error'})`);
    }
    if (!inside(realBase, real))
      throw new ModelError('no-input', `${shown}: source '${s.id}' leads outside its sources folder ${shownPath(base, cwd)} (through a symbolic link); a source's file must be inside sources_dir`);
    const r = readRegularFile(real, MAX_SOURCE_BYTES, shown);
    if (r.tooLarge) throw new ModelError('invalid', `${shown}: source '${s.id}' is larger than ${MAX_SOURCE_BYTES} bytes; split it`);
    texts.set(s.id, r.bytes.toString('utf8'));
  }
  return texts;
}
