import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { ModelError } from './errors.js';
import { loadModel } from './load.js';
import type { LoadResult, ModelFileInput } from './load.js';
import { MAX_FILE_BYTES } from './yaml.js';
import type { Model } from '../engine/types.js';

/** Reads a model folder's YAML files (not recursively), in name order. */
export function readModelFiles(dir: string): ModelFileInput[] {
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
  const cwd = process.cwd();
  return names.map((n) => {
    const path = join(dir, n);
    // Paths as short as they can be without climbing out of the working folder.
    const rel = relative(cwd, path);
    const shown = rel && !rel.startsWith('..') ? rel : path;
    const size = statSync(path).size;
    // Refuse oversized files before reading them whole.
    if (size > MAX_FILE_BYTES) return { file: shown, bytes: '', size };
    return { file: shown, bytes: readFileSync(path) };
  });
}

export function loadModelDir(dir: string): LoadResult {
  return loadModel(readModelFiles(dir), basename(resolve(dir)));
}

/** The texts of a model's sources, where `sources_dir` points at them. */
export function readSourceTexts(model: Model, dir: string): Map<string, string> {
  const texts = new Map<string, string>();
  if (!model.info.sourcesDir) return texts;
  const base = resolve(dir, model.info.sourcesDir);
  for (const s of model.sources) {
    try {
      texts.set(s.id, readFileSync(join(base, s.file), 'utf8'));
    } catch {
      // Not at hand: validate says which sources went unchecked.
    }
  }
  return texts;
}
