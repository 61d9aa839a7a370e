import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { homeOf } from './cache-dir.js';
import { dirname, join, resolve } from 'node:path';
import type { Evaluation, Query } from '../engine/evaluate.js';
import type { Forecast, Outcome } from '../engine/score.js';
import type { Judgement, Model, Value } from '../engine/types.js';
import { AppError, EXIT } from './errors.js';
import type { Io } from './io.js';

/*
 * The forecast log: one JSON object per line, appended, never rewritten.
 * `record` adds a forecast (the date, the model's content hash and layers,
 * the question, every scenario's probability and range); `resolve` adds
 * what happened; `score` reads them back. A line that cannot be read is
 * reported with its number and skipped; the file is left as it is.
 */

/** The log format's version, in every line. */
export const LOG_VERSION = 1;

export interface LoggedScenario {
  id: string;
  /** Its numeral or short name, for tables. */
  name: string;
  probability: number;
  range?: { low: number; high: number } | undefined;
}

export interface ForecastRecord {
  kind: 'forecast';
  v: number;
  id: string;
  /** When it was written (ISO 8601, UTC). */
  recorded: string;
  /** The day the forecast speaks for: the question's --as-of (YYYY-MM-DD). */
  date: string;
  by?: string | undefined;
  note?: string | undefined;
  model: {
    name: string;
    title: string;
    /** sha256 of the model's content (positions and folders left out). */
    hash: string;
    layers: { name: string; hash: string }[];
    tool: string;
  };
  question: {
    settings: Record<string, Value>;
    probabilities: Record<string, Record<string, number>>;
    observations: { condition: string; value: Value; date: string }[];
    assume: Record<string, string>;
  };
  judgements?: Judgement[] | undefined;
  scenarios: LoggedScenario[];
  /** The probability that no scenario holds. */
  none: number;
  noneRange?: { low: number; high: number } | undefined;
}

export interface ResolutionRecord {
  kind: 'resolution';
  v: number;
  recorded: string;
  /** The day it was settled. */
  date: string;
  /** The scenarios that held; empty: none of them. */
  happened: string[];
  by?: string | undefined;
  note?: string | undefined;
}

export type LogRecord = ForecastRecord | ResolutionRecord;

/** A line that could not be read: its number (from 1) and why. */
export interface LogProblem {
  line: number;
  message: string;
}

/**
 * Where the log is by default: $IRAQ_SCENARIOS_LOG, else
 * $XDG_DATA_HOME/iraq-scenarios/forecasts.jsonl, else
 * ~/.local/share/iraq-scenarios/forecasts.jsonl (the XDG base directory
 * specification's data home).
 */
export function defaultLogPath(env: NodeJS.ProcessEnv): string {
  if (env.IRAQ_SCENARIOS_LOG) return env.IRAQ_SCENARIOS_LOG;
  const data = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homeOf(env), '.local', 'share');
  return join(data, 'iraq-scenarios', 'forecasts.jsonl');
}

/** The log a command uses: --log FILE (relative to the working folder), or the default. */
export function logPath(io: Io, given: string | undefined): { path: string; isDefault: boolean } {
  return given !== undefined ? { path: resolve(io.cwd, given), isDefault: false } : { path: defaultLogPath(io.env), isDefault: true };
}

/** Appends a record as one line (atomic: src/app/atomic.ts); the default log's folder is made if missing. */
export async function appendRecord(path: string, rec: LogRecord, isDefault: boolean): Promise<void> {
  checkIsLog(path);
  if (isDefault) {
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    } catch (e) {
      throw new AppError(EXIT.cantCreate, `${dirname(path)}: cannot make the log's folder (${(e as NodeJS.ErrnoException).code ?? 'error'}); give --log FILE`);
    }
  }
  const { appendLineSync } = await import('./atomic.js');
  appendLineSync(path, JSON.stringify(rec), (head) => checkIsLog(path, head));
}

/**
 * Refuses to append to anything but a forecast log: a path that is not a
 * regular file (a folder, a device, a FIFO), or a file whose first lines are
 * not logged records (a conditions file named by mistake). An absent or
 * empty file is a new log. `head` is the file's beginning, read from the
 * descriptor the line is then appended through.
 */
function checkIsLog(path: string, head?: string): void {
  if (head === undefined) {
    let st;
    try {
      st = statSync(path);
    } catch {
      return;
    }
    if (!st.isFile()) throw new AppError(EXIT.cantCreate, `${path}: not a file; --log names the forecast log (a .jsonl file)`);
    return;
  }
  if (head === '') return;
  const lines = head.split('\n').filter((l) => l.trim() !== '').slice(0, 5);
  const isRecord = (l: string) => {
    try {
      return lineProblem(JSON.parse(l)) === undefined;
    } catch {
      return false;
    }
  };
  if (!lines.some(isRecord))
    throw new AppError(EXIT.data, `${path}: not a forecast log (none of its first lines is a recorded forecast or resolution); not appending to it. Name a new file, or an existing log`);
}

/** The largest log read (score, compare): 64 MiB. */
export const MAX_LOG_BYTES = 64 * 1024 * 1024;

/** The log's text; a missing log is exit 66 saying how to start one. */
export function readLogText(path: string, shown: string): string {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new AppError(EXIT.noInput, code === 'ENOENT' ? `${shown}: no forecast log there yet; 'record' writes the first forecast` : `${shown}: cannot read the log (${code})`);
  }
  if (!st.isFile()) throw new AppError(EXIT.noInput, `${shown}: not a file; --log names the log file`);
  if (st.size > MAX_LOG_BYTES) throw new AppError(EXIT.data, `${shown}: the log is over 64 MiB; split it`);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new AppError(EXIT.noInput, `${shown}: cannot read the log (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

const isObj = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
const isProb = (x: unknown): x is number => typeof x === 'number' && x >= 0 && x <= 1;
const isDay = (x: unknown): x is string => typeof x === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(x);

/** What is wrong with a parsed line, or undefined when it is a record this version reads. */
function lineProblem(x: unknown): string | undefined {
  if (!isObj(x)) return 'not a JSON object';
  if (x.kind !== 'forecast' && x.kind !== 'resolution') return `unknown kind ${JSON.stringify(x.kind)}; expected "forecast" or "resolution"`;
  if (x.v !== LOG_VERSION) return `format version ${JSON.stringify(x.v)}; this tool reads version ${LOG_VERSION}`;
  if (!isDay(x.date)) return '`date` is not a date (YYYY-MM-DD)';
  if (x.by !== undefined && typeof x.by !== 'string') return '`by` is not a name';
  if (x.kind === 'resolution') {
    if (!Array.isArray(x.happened) || !x.happened.every((h) => typeof h === 'string')) return '`happened` is not a list of scenario ids';
    return undefined;
  }
  if (typeof x.id !== 'string') return 'a forecast without an `id`';
  if (!Array.isArray(x.scenarios) || !x.scenarios.every((s) => isObj(s) && typeof s.id === 'string' && isProb(s.probability))) return '`scenarios` is not a list of {id, probability}';
  if (!isProb(x.none)) return '`none` is not a probability';
  if (!isObj(x.model) || typeof x.model.hash !== 'string') return 'a forecast without its `model`';
  return undefined;
}

/**
 * Reads a log: the records in file order, and the lines that could not be
 * read (bad JSON, a torn last line, an unknown kind), each with its number.
 */
export function parseLog(text: string): { records: { line: number; rec: LogRecord }[]; problems: LogProblem[] } {
  const records: { line: number; rec: LogRecord }[] = [];
  const problems: LogProblem[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let x: unknown;
    try {
      x = JSON.parse(line);
    } catch (e) {
      const torn = i === lines.length - 1 ? ' (the last line, cut short: a write that did not finish?)' : '';
      problems.push({ line: i + 1, message: `not JSON: ${(e as Error).message}${torn}` });
      return;
    }
    const why = lineProblem(x);
    if (why) problems.push({ line: i + 1, message: why });
    else records.push({ line: i + 1, rec: x as LogRecord });
  });
  return { records, problems };
}

/** The problems of a log as notes for stderr: `log.jsonl:7: skipped: not JSON…`. */
export function problemNotes(shown: string, problems: readonly LogProblem[]): string {
  return problems.map((p) => `iraq-scenarios: ${shown}:${p.line}: skipped: ${p.message} (the line is left in the file)\n`).join('');
}

/** A logged forecast as the scoring engine reads it. */
export function forecastOf(r: ForecastRecord): Forecast {
  return { id: r.id, date: r.date, by: r.by, scenarios: new Map(r.scenarios.map((s) => [s.id, s.probability])), none: r.none };
}

/** The outcome a log states: its last resolution (a later line corrects an earlier one). */
export function outcomeOf(records: readonly LogRecord[]): { outcome?: Outcome; resolutions: number } {
  const res = records.filter((r): r is ResolutionRecord => r.kind === 'resolution');
  const last = res[res.length - 1];
  return { outcome: last && { date: last.date, happened: last.happened }, resolutions: res.length };
}

/** sha256 of a model's content: its items and numbers, not where its files are (positions, folders). */
export function modelHash(model: Model): string {
  const text = JSON.stringify(model, (k, v: unknown) => (k === 'loc' || k === 'layers' ? undefined : v));
  return createHash('sha256').update(text).digest('hex');
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** A forecast record for a question and its evaluation. */
export function forecastRecord(args: {
  model: Model;
  query: Query;
  ev: Evaluation & { ok: true };
  ranges?: ReadonlyMap<string, { low: number; high: number }> | undefined;
  judgements: readonly Judgement[];
  by?: string | undefined;
  note?: string | undefined;
  tool: string;
  now: Date;
  /** The model as the user named it (--model, or shipped), for a model of one layer. */
  modelName: string;
}): ForecastRecord {
  const { model, query, ev } = args;
  const hash = modelHash(model);
  const stacked = (model.info.layers ?? []).map((l) => ({ name: l.name, hash: l.hash }));
  const layers = stacked.length ? stacked : [{ name: args.modelName, hash }];
  const probabilities: Record<string, Record<string, number>> = {};
  for (const [c, m] of query.probabilities ?? []) probabilities[c] = Object.fromEntries([...m].map(([v, p]) => [String(v), round(p)]));
  const rec: Omit<ForecastRecord, 'id'> = {
    kind: 'forecast',
    v: LOG_VERSION,
    recorded: args.now.toISOString(),
    date: query.asOf ?? args.now.toISOString().slice(0, 10),
    ...(args.by ? { by: args.by } : {}),
    ...(args.note ? { note: args.note } : {}),
    model: { name: model.info.name, title: model.info.title, hash, layers, tool: args.tool },
    question: {
      settings: Object.fromEntries(query.settings ?? []),
      probabilities,
      observations: (query.observations ?? []).map((o) => ({ condition: o.condition, value: o.value, date: o.date })),
      assume: Object.fromEntries(query.assume ?? []),
    },
    ...(args.judgements.length ? { judgements: args.judgements.map((j) => ({ ...j, loc: undefined })) } : {}),
    scenarios: ev.scenarios.map((s) => {
      const range = args.ranges?.get(s.id);
      return { id: s.id, name: s.numeral ?? s.short ?? s.id, probability: round(s.probability), ...(range ? { range: { low: round(range.low), high: round(range.high) } } : {}) };
    }),
    none: round(ev.residual),
    ...(args.ranges?.get('(none)') ? { noneRange: { low: round(args.ranges.get('(none)')!.low), high: round(args.ranges.get('(none)')!.high) } } : {}),
  };
  const id = `f-${createHash('sha256').update(JSON.stringify(rec)).digest('hex').slice(0, 8)}`;
  // The id after the kind and version, so that a line reads from its most telling fields.
  const { kind, v, ...rest } = rec;
  return { kind, v, id, ...rest };
}
