// Types for the generator of synthetic models (bench/generate.mjs), for the tests that use it.
import type { Model, Value } from '../src/engine/types.js';

export function generate(p: { n: number; m: number; seed?: number }): { model: Model; settings: Map<string, Value>; world: Map<string, Value> };
export function makePossible(g: { model: Model; world: Map<string, Value> }, possible: (s: Model['scenarios'][number]) => boolean): void;
export function writeModelFolder(dir: string, model: Model): void;
