import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompiledModel } from '../engine/compile.js';
import { evaluate } from '../engine/evaluate.js';
import type { Evaluation } from '../engine/evaluate.js';
import type { Model, Scenario, Value } from '../engine/types.js';
import { didYouMean, formatDiagnostic } from '../model/diagnostics.js';
import { ModelError } from '../model/errors.js';
import { AppError, EXIT } from './errors.js';
import type { Io } from './io.js';
import { readStream } from './io.js';
import { applyChanges, parseSetFlags } from './settings.js';

/*
 * The glue both front ends share between the files on disk and the engine:
 * which model, which settings, one evaluation.
 *
 * Paths are relative to the bundle: every chunk of dist/ sits beside cli.js,
 * with model.json beside them and scenarios/ one folder up.
 */

export type OkEvaluation = Evaluation & { ok: true };

/** The folder of the shipped model (scenarios/ beside dist/). */
export function shippedModelDir(): string {
  return fileURLToPath(new URL('../scenarios/', import.meta.url));
}

let shippedCache: Model | undefined;

/**
 * The shipped model, compiled to JSON at build time so a query never parses
 * YAML; a user's model folder is loaded and checked from its YAML (cached by
 * content). A folder with problems is a ModelError listing them.
 */
export async function getModel(dir: string | undefined, io: Io): Promise<{ model: Model; dir: string }> {
  if (dir === undefined) {
    if (!shippedCache) {
      const path = fileURLToPath(new URL('./model.json', import.meta.url));
      shippedCache = JSON.parse(readFileSync(path, 'utf8')) as Model;
    }
    return { model: shippedCache, dir: shippedModelDir() };
  }
  const abs = resolve(io.cwd, dir);
  const { loadModelCached } = await import('./model-cache.js');
  const { model, diagnostics } = await loadModelCached(abs, io.env);
  if (!model) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    throw new ModelError(
      'invalid',
      `${diagnostics.map(formatDiagnostic).join('\n')}\n${dir}: the model has ${errors} problem(s); 'validate ${dir}' lists them`,
      diagnostics,
    );
  }
  return { model, dir: abs };
}

/** Where settings come from, in the order they apply (a later layer wins). */
export interface SettingsSource {
  /** --as-of DATE: start from the settings the model's dated events put in force by then. */
  asOf?: string | undefined;
  /** --conditions FILE (- for stdin). */
  conditions?: string | undefined;
  /** --set ID=VALUE flags. */
  set?: readonly string[] | undefined;
  /** JSON mode: no notes on stderr. */
  json?: boolean | undefined;
  format?: string | undefined;
}

/** Reads --as-of, then --conditions (a file, or - for stdin), then --set, over `base`; later wins. */
export async function getSettings(model: Model, opts: SettingsSource, io: Io, base: ReadonlyMap<string, Value> = new Map()): Promise<Map<string, Value>> {
  let settings = new Map(base);
  if (opts.asOf !== undefined) settings = (await import('./as-of.js')).applyAsOf(model, settings, opts, io);
  if (opts.conditions !== undefined) {
    const file = opts.conditions;
    let bytes: Uint8Array;
    let shown = file;
    if (file === '-') {
      if (io.stdin.isTTY)
        throw new AppError(EXIT.usage, '--conditions -: standard input is a terminal; pipe a conditions file in, or name the file');
      bytes = await readStream(io.stdin);
      shown = '<stdin>';
    } else {
      try {
        bytes = readFileSync(resolve(io.cwd, file));
      } catch (e) {
        throw new AppError(EXIT.noInput, `--conditions ${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
    // Loaded only now: a plain --set never pays for the YAML parser.
    const { parseConditionsFile } = await import('./conditions-file.js');
    settings = applyChanges(settings, parseConditionsFile(model, shown, bytes));
  }
  return applyChanges(settings, parseSetFlags(model, opts.set ?? []));
}

const compiledCache = new WeakMap<Model, CompiledModel>();

/** The model compiled to clauses, once per model object. */
export function compiled(model: Model): CompiledModel {
  let cm = compiledCache.get(model);
  if (!cm) {
    cm = new CompiledModel(model);
    compiledCache.set(model, cm);
  }
  return cm;
}

/** The error for settings the model's constraints refuse (exit 2), naming them. */
export function contradiction(ev: Evaluation & { ok: false }): AppError {
  return new AppError(EXIT.contradiction, `contradictory settings: ${ev.conflict.text}`, [], {
    conflict: { settings: ev.conflict.settings, constraints: ev.conflict.constraints },
  });
}

/** Evaluates, turning a contradiction into the documented error and exit code. */
export function evaluateOrFail(model: Model, settings: ReadonlyMap<string, Value>): OkEvaluation {
  const ev = evaluate(compiled(model), settings);
  if (!ev.ok) throw contradiction(ev);
  return ev;
}

/** Finds a scenario by id or numeral (any case), or fails naming the nearest. */
export function findScenario(model: Model, name: string): Scenario {
  const lower = name.toLowerCase();
  const s =
    model.scenarios.find((x) => x.id === name) ??
    model.scenarios.find((x) => x.numeral !== null && x.numeral.toLowerCase() === lower) ??
    model.scenarios.find((x) => x.id.toLowerCase() === lower);
  if (s) return s;
  const names = [...model.scenarios.map((x) => x.id), ...model.scenarios.flatMap((x) => (x.numeral ? [x.numeral] : []))];
  throw new AppError(
    EXIT.usage,
    `unknown scenario '${name}'${didYouMean(name, names)}; name one by id or numeral (${model.scenarios.map((x) => x.numeral ?? x.id).join(', ')})`,
  );
}
