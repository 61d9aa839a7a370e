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
