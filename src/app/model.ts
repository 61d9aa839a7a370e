import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompiledModel } from '../engine/compile.js';
import { evaluate } from '../engine/evaluate.js';
import type { EvaluateOptions, Evaluation, Query } from '../engine/evaluate.js';
import type { Judgement, Model, Scenario, Value } from '../engine/types.js';
import { didYouMean, formatDiagnostic } from '../model/diagnostics.js';
import { ModelError } from '../model/errors.js';
import { asOfNote, resolveAsOf } from './as-of.js';
import { AppError, EXIT } from './errors.js';
import type { Io } from './io.js';
import { readStream } from './io.js';
import { applyChanges, parseAssumeFlags, parseObserveFlags, parseSetFlags } from './settings.js';
import type { SettingChange } from './settings.js';
import type { CacheEntryRef } from './model-cache.js';
import { shippedModel, shippedModelDir, shippedPrepared } from './shipped.js';

/*
 * The glue both front ends share between the files on disk and the engine:
 * which model, which settings, one evaluation.
 */

export { shippedModelDir };

export type OkEvaluation = Evaluation & { ok: true };

/**
 * A model folder as given to --model (or validate): relative to the working
 * folder; `examples/NAME`, when there is no such folder there, is the example
 * shipped in the package (so the docs' examples run from an installed tool).
 */
export function modelDirOf(dir: string, io: Pick<Io, 'cwd'>): string {
  const abs = resolve(io.cwd, dir);
  const example = /^examples[\\/]([a-z0-9][a-z0-9_-]*)[\\/]?$/.exec(dir);
  if (example && !existsSync(abs)) {
    const shipped = fileURLToPath(new URL(`../examples/${example[1]}/`, import.meta.url));
    if (existsSync(shipped)) return shipped;
  }
  return abs;
}

/**
 * Refuses an empty model folder name (`--model ''`, `validate ''`) before
 * anything is read: it would be the working folder itself, a slip rather
 * than a choice (`--model .` says that).
 */
export function refuseEmptyModelNames(dirs: readonly string[]): void {
  if (dirs.includes('')) throw new AppError(EXIT.usage, "a model folder's name is empty; give the folder (or . for this one)");
}

/**
 * The model: the shipped one (compiled to JSON at build time, so a query
 * never parses YAML), a user's folder (loaded and checked from its YAML,
 * cached by content), or a stack of layers (`--model` repeated, `extends:`,
 * or an overlay folder on the shipped model: src/app/stack.ts). A folder
 * with problems is a ModelError listing them.
 */
export async function getModel(given: string | readonly string[] | undefined, io: Io): Promise<{ model: Model; dir: string }> {
  const dirs = given === undefined ? [] : typeof given === 'string' ? [given] : given;
  if (dirs.length === 0) return { model: shippedModel(), dir: shippedModelDir() };
  refuseEmptyModelNames(dirs);
  // A stack, an overlay, or a typo of 'shipped' (the stack's loader names it).
  const typo = () => !existsSync(resolve(io.cwd, dirs[0]!)) && didYouMean(dirs[0]!, ['shipped']) !== '';
  if (dirs.length > 1 || dirs[0] === 'shipped' || typo() || (await (await import('./stack.js')).mayStack(dirs[0]!, io))) {
    const { loadStack } = await import('./stack.js');
    return loadStack(dirs, io);
  }
  const dir = dirs[0]!;
  const abs = modelDirOf(dir, io);
  const { loadModelCached, readPrepared } = await import('./model-cache.js');
  // The cache says, once, when it is not used or an entry was rebuilt (docs/guarantees.md, "The model cache cannot change an answer").
  const { safeText } = await import('../engine/safe-text.js');
  const warn = (m: string) => io.stderr.write(`iraq-scenarios: warning: ${safeText(m)}\n`);
  const { model, diagnostics, entry } = await loadModelCached(abs, io.env, warn, io.cwd);
  if (!model) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    throw new ModelError(
      'invalid',
      `${diagnostics.map(formatDiagnostic).join('\n')}\n${dir}: the model has ${errors} problem(s); 'validate ${dir}' lists them`,
      diagnostics,
    );
  }
  if (entry) {
    cacheEntries.set(model, entry);
    const prepared = readPrepared(entry);
    if (prepared !== undefined) preparedFor.set(model, prepared);
  }
  return { model, dir: abs };
}

/** The cache entry of each model loaded from a folder through the cache: its prepared distribution is kept beside it. */
const cacheEntries = new WeakMap<Model, CacheEntryRef>();
/** The prepared distribution read from beside it, if any (the engine checks it before use). */
const preparedFor = new WeakMap<Model, unknown>();

/**
 * Compile work (clause visits) from which a model's circuit is worth keeping
 * in the cache: about a tenth of a second here, where reading it back costs
 * less. Smaller circuits are compiled again each time, in milliseconds.
 */
const KEEP_CIRCUIT_WORK = 1_000_000;

/**
 * Keeps the circuit and calibration the command compiled for a model from a
 * folder, beside the folder's cache entry, so the next run with the same
 * files reads them instead of compiling (models large enough to pay for it;
 * see KEEP_CIRCUIT_WORK); for a model past the compile budget, that budget,
 * so the next run goes straight to the estimate. Said nowhere: like the
 * model cache, it changes how fast an answer comes, never the answer.
 */
export async function keepPrepared(model: Model, minWork = KEEP_CIRCUIT_WORK): Promise<void> {
  const entry = cacheEntries.get(model);
  const cm = compiledCache.get(model);
  if (!entry || !cm?.hasDistribution) return;
  const dist = cm.distribution;
  if (dist.restored.circuit || dist.restored.beyond) return;
  // A circuit worth reading back, or the budget a model's circuit is past (it took the whole budget to find out);
  // nothing when the command never compiled it (prepare() would compile it now).
  if (!dist.pastBudget && (dist.circuitSize === null || dist.circuitWork < minWork)) return;
  const prepared = dist.prepare();
  if (prepared) await (await import('./model-cache.js')).storePrepared(entry, prepared);
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
  return (await readJudgedConditionsFile(model, file, io)).changes;
}

/** Reads a conditions file into changes and the judgements given with provenance (note, by, date, sources). */
export async function readJudgedConditionsFile(model: Model, file: string, io: Io): Promise<{ changes: SettingChange[]; judgements: Judgement[] }> {
  // Loaded only now: a plain --set never pays for the YAML parser.
  const { parseJudgedConditions, readConditionsPath } = await import('./conditions-file.js');
  if (file !== '-') return readConditionsPath(model, resolve(io.cwd, file), file, '--conditions');
  if (io.stdin.isTTY) throw new AppError(EXIT.usage, '--conditions -: standard input is a terminal; pipe a conditions file in, or name the file');
  const { MAX_FILE_BYTES } = await import('../model/files.js');
  const bytes = await readStream(io.stdin, MAX_FILE_BYTES);
  // Past the cap only the size is passed on: the YAML layer refuses it, naming the limit.
  return bytes.length > MAX_FILE_BYTES ? parseJudgedConditions(model, '<stdin>', '', bytes.length) : parseJudgedConditions(model, '<stdin>', bytes);
}

/** A question, and the judgements behind it that a conditions file gave with provenance. */
export interface Question {
  query: Query;
  /** The conditions file's judgements still in force (a later --set of the same condition replaces one). */
  judgements: Judgement[];
}

/**
 * Reads the question: the date (--as-of, today by default, said in one line
 * on stderr unless quiet), then --conditions, then --set (later wins), then
 * --observe (as of that date) and --assume.
 */
export async function getQuery(model: Model, opts: SettingsSource, io: Io): Promise<Query> {
  return (await readQuestion(model, opts, io)).query;
}

/** getQuery, with the judgements of the conditions file. */
export async function readQuestion(model: Model, opts: SettingsSource, io: Io): Promise<Question> {
  const asOf = resolveAsOf(model, opts.asOf, io);
  let q: Query = { asOf: asOf.date };
  let judgements: Judgement[] = [];
  if (opts.conditions !== undefined) {
    const read = await readJudgedConditionsFile(model, opts.conditions, io);
    q = applyChanges(q, read.changes);
    judgements = read.judgements;
  }
  const set = parseSetFlags(model, opts.set ?? []);
  q = applyChanges(q, set);
  if (set.length) judgements = judgements.filter((j) => !set.some((ch) => ch.condition === j.condition));
  if (opts.observe?.length) q = { ...q, observations: parseObserveFlags(model, opts.observe, asOf.date) };
  if (opts.assume?.length) q = { ...q, assume: parseAssumeFlags(model, opts.assume) };
  // Said once the question stands (a refused flag is the only line), and only where it matters: a model without dated events answers the same on every day.
  const notes = !opts.quiet && !opts.json && opts.format !== 'json';
  if (notes && model.events.length) io.stderr.write(`iraq-scenarios: ${asOfNote(model, asOf)}\n`);
  // A stacked model says what it is stacked from, and that it overrides, never silently.
  const layers = model.info.layers ?? [];
  if (notes && layers.length > 1) {
    const n = layers.reduce((a, l) => a + l.overrides.length, 0);
    io.stderr.write(`iraq-scenarios: layers: ${layers.map((l) => l.name).join(' + ')}${n ? `; ${n} override${n > 1 ? 's' : ''} ('validate' with the same --model lists them)` : ''}\n`);
  }
  return { query: q, judgements };
}

const compiledCache = new WeakMap<Model, CompiledModel>();

/** The model compiled to clauses, once per model object (with the work saved for it, if any). */
export function compiled(model: Model): CompiledModel {
  let cm = compiledCache.get(model);
  if (!cm) {
    cm = new CompiledModel(model, preparedFor.get(model) ?? shippedPrepared(model));
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
