import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import type { Model } from '../engine/types.js';
import { didYouMean, formatDiagnostic } from '../model/diagnostics.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { ModelError } from '../model/errors.js';
import { isOverlay, peekLayer, SHIPPED } from '../model/peek.js';
import type { LayerPeek } from '../model/peek.js';
import type { ModelFileInput } from '../model/load.js';
import type { Io } from './io.js';
import { shippedModel, shippedModelBytes, shippedModelDir } from './shipped.js';

/*
 * A stack of model layers, bottom first: `--model` repeated, a folder whose
 * model file says `extends:`, or an overlay folder (events and sources, no
 * model file, no scenarios) on the shipped model. The bottom layer is a
 * complete model; each layer above adds to it and overrides by id
 * (src/model/layers.ts). The stacked model is cached under a key of every
 * layer's bytes, so a change in any layer is a new model.
 */

/** One layer of a stack, as found on disk. */
export interface LayerRef {
  /** `shipped`, or the folder as the user named it (relative to the working folder when it is inside it). */
  name: string;
  /** Absolute folder. */
  dir: string;
  shipped: boolean;
  /** The folder's YAML files, read once: the key and the model are made of the same bytes. */
  files: ModelFileInput[];
  peek?: LayerPeek | undefined;
  /** A hash of the layer's files. */
  hash: string;
}

const sha = (...parts: (string | Uint8Array)[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
};

/** A folder's path as shown: relative to the working folder when inside it. */
function shown(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel && !rel.startsWith('..') ? rel : abs;
}

/**
 * A folder's YAML files as text, for the peek: regular files only, within
 * the loader's size cap; anything else is left to the loader, which reports
 * it. Undefined when the folder cannot be listed (the loader says why).
 */
function peekTexts(dir: string): { file: string; text: string }[] | undefined {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch {
    return undefined;
  }
  const out: { file: string; text: string }[] = [];
  for (const n of names) {
    const p = join(dir, n);
    try {
      const st = statSync(p);
      if (st.isFile() && st.size <= 1024 * 1024) out.push({ file: p, text: readFileSync(p, 'utf8') });
    } catch {
      // left to the loader
    }
  }
  return out;
}

/** Whether one `--model DIR` is more than a model of its own: an overlay, or a model that extends another. */
export async function mayStack(dir: string, io: Io): Promise<boolean> {
  const texts = peekTexts(resolve(io.cwd, dir));
  return texts !== undefined && isOverlay(await peekLayer(texts));
}

/** The shipped model as a layer. */
function shippedLayer(): LayerRef {
  return { name: SHIPPED, dir: shippedModelDir(), shipped: true, files: [], hash: sha(shippedModelBytes()) };
}

/**
 * The layers `--model` names, bottom first: each value's `extends:` chain
 * first, an overlay at the bottom on the shipped model, a layer named twice
 * kept once (where it first comes).
 */
export async function resolveStack(values: readonly string[], io: Io): Promise<LayerRef[]> {
  const out: LayerRef[] = [];
  const has = (dir: string) => out.some((l) => l.dir === dir);
  const { readModelFiles } = await import('../model/read.js');
  const expand = async (value: string, from: string, chain: readonly string[], by?: string): Promise<void> => {
    if (value === SHIPPED) {
      if (!out.some((l) => l.shipped)) out.push(shippedLayer());
      return;
    }
    const abs = resolve(from, value);
    if (chain.includes(abs))
      throw new ModelError('invalid', `${by ?? value}: the layers extend each other in a circle (${[...chain, abs].map((d) => shown(d, io.cwd)).join(' -> ')})`);
    if (has(abs)) return;
    let files: ModelFileInput[];
    try {
      files = readModelFiles(abs, io.cwd);
    } catch (e) {
      if (e instanceof ModelError && !by) {
        const hint = didYouMean(value, [SHIPPED]) ? ` (did you mean '${SHIPPED}', the model shipped with the tool?)` : '';
        throw new ModelError(e.kind, `${e.message}${hint}`, e.diagnostics);
      }
      if (e instanceof ModelError && by) throw new ModelError(e.kind, `${by}: extends '${value}': ${e.message}`, e.diagnostics);
      throw e;
    }
    const peek = await peekLayer(files.map((f) => ({ file: f.file, text: typeof f.bytes === 'string' ? f.bytes : new TextDecoder().decode(f.bytes) })));
    const at = peek.extendsAt ? `${peek.extendsAt.file}:${peek.extendsAt.line}:${peek.extendsAt.col}` : undefined;
    for (const e of peek.extends) await expand(e, abs, [...chain, abs], at);
    // An overlay with nothing below it stands on the shipped model.
    if (isOverlay(peek) && out.length === 0) out.push(shippedLayer());
    const hash = sha(...files.flatMap((f) => [basename(f.file), f.bytes]));
    out.push({ name: shown(abs, io.cwd), dir: abs, shipped: false, files, peek, hash });
  };
  for (const v of values) await expand(v, io.cwd, []);
  return out;
}

/** The error for a layer with problems, listing them. */
function invalid(diagnostics: readonly Diagnostic[], layer: string, what: string): ModelError {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return new ModelError(
    'invalid',
    `${diagnostics.map(formatDiagnostic).join('\n')}\n${layer}: ${what} has ${errors} problem(s); 'validate ${layer}' lists them`,
    diagnostics,
  );
}

/**
 * Loads a stack: the bottom layer, each overlay on it in turn, then the
 * logic checks on the whole. Cached under a key of every layer's bytes.
 * Returns the model and the top layer's folder.
 */
export async function loadStack(values: readonly string[], io: Io): Promise<{ model: Model; dir: string; layers: LayerRef[] }> {
  const layers = await resolveStack(values, io);
  const top = layers[layers.length - 1]!;
  if (layers.length === 1 && top.shipped) return { model: shippedModel(), dir: top.dir, layers };
  // Positions in the model name files relative to the working folder: part of the key.
  const key = sha('stack', io.cwd, ...layers.flatMap((l) => [l.shipped ? SHIPPED : l.dir, l.hash]));
  const { readCachedModel, writeCachedModel } = await import('./model-cache.js');
  const hit = readCachedModel(key, io.env, undefined, io.cwd);
  if (hit) return { model: hit, dir: top.dir, layers };
  const model = await buildStack(layers);
  await writeCachedModel(key, model, io.env, io.cwd);
  return { model, dir: top.dir, layers };
}

/** Builds a stack from its layers' files (no cache). */
export async function buildStack(layers: readonly LayerRef[]): Promise<Model> {
  const { model, diagnostics } = await buildStackDiagnostics(layers);
  if (model) return model;
  const bad = diagnostics.find((d) => d.severity === 'error');
  const layer = layers.find((l) => bad && l.files.some((f) => f.file === bad.file)) ?? layers[layers.length - 1]!;
  throw invalid(diagnostics, layer.name, layer === layers[0] ? 'the model' : 'the overlay');
}

/**
 * Builds a stack, returning every problem rather than stopping at the
 * first layer's: what `validate` reports. The logic checks run on the
 * whole stack.
 */
export async function buildStackDiagnostics(layers: readonly LayerRef[], logic = true): Promise<{ model?: Model; diagnostics: Diagnostic[] }> {
  const { loadModel } = await import('../model/load.js');
  const { asBaseLayer, overlayModel } = await import('../model/layers.js');
  const { checkLogic } = await import('../model/check.js');
  const [bottom, ...overlays] = layers;
  if (!bottom) return { diagnostics: [] };
  let model: Model;
  const diagnostics: Diagnostic[] = [];
  if (bottom.shipped) model = shippedModel();
  else {
    const name = basename(bottom.dir);
    // The yaml path, not the fast one: its positions name where an overlay's duplicate is first defined.
    const res = loadModel(bottom.files, name);
    diagnostics.push(...res.diagnostics);
    if (!res.model) return { diagnostics };
    model = res.model;
  }
  model = asBaseLayer(model, { name: bottom.name, dir: bottom.dir, sourcesDir: model.info.sourcesDir, hash: bottom.hash });
  for (const l of overlays) {
    const res = overlayModel(model, l.files, { name: l.name, dir: l.dir, hash: l.hash, sourcesDir: 'sources' });
    diagnostics.push(...res.diagnostics);
    if (!res.model) return { diagnostics };
    model = res.model;
  }
  if (logic) {
    const problems = checkLogic(model);
    diagnostics.push(...problems);
    if (problems.some((d) => d.severity === 'error')) return { diagnostics };
  }
  return { model, diagnostics };
}
