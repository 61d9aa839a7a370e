import { loadModel } from './load.js';
import type { LoadResult, ModelFileInput } from './load.js';
import { parseYaml } from './yaml.js';
import type { Model, ModelLayer } from '../engine/types.js';

/*
 * A model stacked from layers, bottom first: a complete model (the shipped
 * one, or a folder with a model file), then overlays, each adding sources,
 * events, conditions, evidence, actors and scenarios and overriding by id a
 * prior, a strength, a grade or a calibration target of the layers below it
 * (src/model/overrides.ts). Pure: the caller reads the folders
 * (src/app/stack.ts), and caches the result.
 */

/** A complete model as the bottom layer of a stack. */
export function asBaseLayer(model: Model, layer: Omit<ModelLayer, 'sources' | 'overrides'>): Model {
  return { ...model, info: { ...model.info, layers: [{ ...layer, sources: model.sources.map((s) => s.id), overrides: [] }] } };
}

/**
 * Loads one overlay on top of a model: its files add to the model and
 * override by id what the layers below define. References to something
 * missing below are errors at their file:line:col with the nearest id.
 */
export function overlayModel(base: Model, files: readonly ModelFileInput[], layer: { name: string; dir: string; hash: string; sourcesDir?: string }): LoadResult {
  return loadModel(files, layer.name, parseYaml, { base, layer });
}

/** The overrides of every layer, bottom first. */
export function overridesOf(model: Model): ModelLayer['overrides'][number][] {
  return (model.info.layers ?? []).flatMap((l) => l.overrides);
}
