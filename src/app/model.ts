import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompiledModel } from '../engine/compile.js';
import { evaluate } from '../engine/evaluate.js';
import type { EvaluateOptions, Evaluation, Query } from '../engine/evaluate.js';
import type { Model, Scenario, Value } from '../engine/types.js';
import { didYouMean, formatDiagnostic } from '../model/diagnostics.js';
import { ModelError } from '../model/errors.js';
import { AppError, EXIT } from './errors.js';
import type { Io } from './io.js';
import { readStream } from './io.js';
import { applyChanges, parseAssumeFlags, parseObserveFlags, parseSetFlags } from './settings.js';
import type { SettingChange } from './settings.js';

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
  // The cache says, once, when it is not used or an entry was rebuilt (docs/cache.md).
  const { safeText } = await import('../engine/safe-text.js');
  const warn = (m: string) => io.stderr.write(`iraq-scenarios: warning: ${safeText(m)}\n`);
  const { model, diagnostics } = await loadModelCached(abs, io.env, warn);
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

/** Where a question comes from, in the order it applies (a later layer wins). */
export interface SettingsSource {
  /** --as-of DATE|today|latest|start: the model's events up to then are applied (default today). */
  asOf?: string | undefined;
  /** --conditions FILE (- for stdin). */
  conditions?: string | undefined;
  /** --set ID=VALUE flags. */
  set?: readonly string[] | undefined;
  /** --observe ID=VALUE flags: seen as of the --as-of date. */
  observe?: readonly string[] | undefined;
  /** --assume CONTRADICTION=SIDE flags. */
  assume?: readonly string[] | undefined;
  /** JSON mode or --quiet: no notes on stderr. */
  json?: boolean | undefined;
  quiet?: boolean | undefined;
  format?: string | undefined;
}

/** Reads a conditions file (a path, or - for stdin) into changes: a regular file, or stdin, read within the size cap. */
export async function readConditionsFile(model: Model, file: string, io: Io): Promise<SettingChange[]> {
  // Loaded only now: a plain --set never pays for the YAML parser.
  const { parseConditionsFile, readConditionsPath } = await import('./conditions-file.js');
  if (file !== '-') return readConditionsPath(model, resolve(io.cwd, file), file, '--conditions');
  if (io.stdin.isTTY) throw new AppError(EXIT.usage, '--conditions -: standard input is a terminal; pipe a conditions file in, or name the file');
  const { MAX_FILE_BYTES } = await import('../model/files.js');
  const bytes = await readStream(io.stdin, MAX_FILE_BYTES);
  // Past the cap only the size is passed on: the YAML layer refuses it, naming the limit.
  return bytes.length > MAX_FILE_BYTES ? parseConditionsFile(model, '<stdin>', '', bytes.length) : parseConditionsFile(model, '<stdin>', bytes);
}

/**
 * Reads the question: the date (--as-of, today by default, said in one line
 * on stderr unless quiet), then --conditions, then --set (later wins), then
 * --observe (as of that date) and --assume.
 */
export async function getQuery(model: Model, opts: SettingsSource, io: Io): Promise<Query> {
  const { resolveAsOf, asOfNote } = await import('./as-of.js');
  const asOf = resolveAsOf(model, opts.asOf, io);
  // Said only where it matters: a model without dated events answers the same on every day.
  if (!opts.quiet && !opts.json && opts.format !== 'json' && model.events.length) io.stderr.write(`iraq-scenarios: ${asOfNote(model, asOf)}\n`);
  let q: Query = { asOf: asOf.date };
  if (opts.conditions !== undefined) q = applyChanges(q, await readConditionsFile(model, opts.conditions, io));
  q = applyChanges(q, parseSetFlags(model, opts.set ?? []));
  if (opts.observe?.length) q = { ...q, observations: parseObserveFlags(model, opts.observe, asOf.date) };
  if (opts.assume?.length) q = { ...q, assume: parseAssumeFlags(model, opts.assume) };
  return q;
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

/** The error for settings the model's constraints refuse, or probabilities it cannot meet (exit 2), naming them. */
export function contradiction(ev: Evaluation & { ok: false }): AppError {
  const what = ev.conflict.kind === 'probability' ? 'a probability that cannot be met' : 'contradictory settings';
  return new AppError(EXIT.contradiction, `${what}: ${ev.conflict.text}`, [], {
    conflict: { settings: ev.conflict.settings, constraints: ev.conflict.constraints, kind: ev.conflict.kind ?? 'constraints' },
  });
}

/** Evaluates, turning a contradiction into the documented error and exit code. */
export function evaluateOrFail(model: Model, query: Query | ReadonlyMap<string, Value>, options: EvaluateOptions = {}): OkEvaluation {
  const ev = evaluate(compiled(model), query, options);
  if (!ev.ok) throw contradiction(ev);
  return ev;
}

/** Finds a scenario by id or numeral (any case), or fails naming the nearest. */
export function findScenario(model: Model, name: string): Scenario {
  const lower = name.toLowerCase();
  const s =
    model.scenarios.find((x) => x.id === name) ??
    model.scenarios.find((x) => x.numeral !== null && x.numeral.toLowerCase() === lower) ??
    model.scenarios.find((x) => x.short !== undefined && x.short.toLowerCase() === lower) ??
    model.scenarios.find((x) => x.id.toLowerCase() === lower);
  if (s) return s;
  const names = [...model.scenarios.map((x) => x.id), ...model.scenarios.flatMap((x) => (x.numeral ? [x.numeral] : x.short ? [x.short] : []))];
  throw new AppError(
    EXIT.usage,
    `unknown scenario '${name}'${didYouMean(name, names)}; name one by id, numeral or short name (${model.scenarios.map((x) => x.numeral ?? x.short ?? x.id).join(', ')})`,
  );
}
