import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Model } from '../engine/types.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { cacheDir } from './cache-dir.js';

/** Bumped whenever the Model shape or the checks change, so stale caches are ignored. */
const CACHE_VERSION = '1';

/** A hash of the folder's YAML files (names, sizes and bytes): equal hash, equal model. */
function contentKey(dir: string): string {
  // The working folder is part of the key: the model's positions name files relative to it.
  const h = createHash('sha256').update(CACHE_VERSION).update('\0').update(process.cwd()).update('\0');
  for (const n of readdirSync(dir).filter((x) => /\.ya?ml$/i.test(x)).sort()) {
    const p = join(dir, n);
    h.update(n).update('\0');
    const size = statSync(p).size;
    h.update(String(size)).update('\0');
    if (size <= 1024 * 1024) h.update(readFileSync(p));
  }
  return h.digest('hex');
}

/**
 * Loads a model folder, reusing the parsed model when the files are unchanged
 * since the last run (keyed by content, not by time). Only valid models are
 * cached; the YAML parser and schema are loaded only on a miss.
 */
export async function loadModelCached(dir: string, env: NodeJS.ProcessEnv): Promise<{ model?: Model; diagnostics: Diagnostic[] }> {
  const cdir = cacheDir(env);
  let key: string | undefined;
  try {
    key = contentKey(dir);
  } catch {
    key = undefined; // unreadable folder: let the loader say why
  }
  const file = cdir && key ? join(cdir, `${key}.json`) : undefined;
  if (file) {
    try {
      return { model: JSON.parse(readFileSync(file, 'utf8')) as Model, diagnostics: [] };
    } catch {
      // a miss, or a damaged entry: load from YAML
    }
  }
  const { loadModelDir, readModelFiles } = await import('../model/read.js');
  const { loadModelFast } = await import('../model/fast-yaml.js');
  const { checkLogic } = await import('../model/check.js');
  // The fast parser when the model loads cleanly; any message comes from the yaml path, as `validate` gives it.
  const fast = loadModelFast(readModelFiles(dir), basename(resolve(dir)));
  let res = fast ?? loadModelDir(dir);
  if (!res.model) return res;
  let logic = checkLogic(res.model);
  if (fast && logic.length) {
    res = loadModelDir(dir);
    if (!res.model) return res;
    logic = checkLogic(res.model);
  }
  if (logic.some((d) => d.severity === 'error')) return { diagnostics: [...res.diagnostics, ...logic] };
  if (file && cdir) {
    try {
      const { writeFileAtomicSync } = await import('./atomic.js');
      mkdirSync(cdir, { recursive: true });
      writeFileAtomicSync(file, JSON.stringify(res.model));
    } catch {
      // a cache we cannot write is only slower, never wrong
    }
  }
  return res;
}

/**
 * A model cached under a key its caller computed from every byte the model
 * depends on (a stack of layers: src/app/stack.ts); undefined on a miss.
 */
export function readCachedModel(key: string, env: NodeJS.ProcessEnv): Model | undefined {
  const cdir = cacheDir(env);
  if (!cdir) return undefined;
  try {
    return JSON.parse(readFileSync(join(cdir, `${createHash('sha256').update(CACHE_VERSION).update('\0').update(key).digest('hex')}.json`), 'utf8')) as Model;
  } catch {
    return undefined;
  }
}

/** Stores a model under a caller's key (see readCachedModel); a cache that cannot be written is only slower. */
export async function writeCachedModel(key: string, model: Model, env: NodeJS.ProcessEnv): Promise<void> {
  const cdir = cacheDir(env);
  if (!cdir) return;
  try {
    const { writeFileAtomicSync } = await import('./atomic.js');
    mkdirSync(cdir, { recursive: true });
    writeFileAtomicSync(join(cdir, `${createHash('sha256').update(CACHE_VERSION).update('\0').update(key).digest('hex')}.json`), JSON.stringify(model));
  } catch {
    // only slower, never wrong
  }
}
