import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Model } from '../engine/types.js';

/*
 * The model shipped with the tool: compiled to JSON at build time
 * (dist/model.json), its YAML in scenarios/ one folder up. Paths are
 * relative to the bundle: every chunk of dist/ sits beside cli.js.
 */

/** The folder of the shipped model (scenarios/ beside dist/). */
export function shippedModelDir(): string {
  return fileURLToPath(new URL('../scenarios/', import.meta.url));
}

let bytes: Buffer | undefined;
let model: Model | undefined;

/** The compiled shipped model's bytes (its content, for hashes). */
export function shippedModelBytes(): Buffer {
  bytes ??= readFileSync(fileURLToPath(new URL('./model.json', import.meta.url)));
  return bytes;
}

/** The shipped model, parsed once per process. */
export function shippedModel(): Model {
  model ??= JSON.parse(shippedModelBytes().toString('utf8')) as Model;
  return model;
}

let prepared: unknown;
let preparedRead = false;

/**
 * The work saved for the shipped model at build time (its circuit and
 * calibration, dist/model-prepared.json; see engine/prob/prepared.ts), for
 * the shipped model object itself only; undefined for any other model, or
 * when the file is missing or unreadable (then the work is done at run time;
 * the engine checks that what it reads belongs to the model).
 */
export function shippedPrepared(m: Model): unknown {
  if (m !== model) return undefined;
  if (!preparedRead) {
    preparedRead = true;
    try {
      prepared = JSON.parse(readFileSync(fileURLToPath(new URL('./model-prepared.json', import.meta.url)), 'utf8')) as unknown;
    } catch {
      prepared = undefined;
    }
  }
  return prepared;
}
