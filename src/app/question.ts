import { AppError, EXIT } from './errors.js';
import type { Io } from './io.js';
import { didYouMean } from '../model/diagnostics.js';
import { resolveAsOf } from './as-of.js';
import { applyChanges, parseAssumeFlags, parseObserveFlags, parseSetFlags } from './settings.js';
import type { Query } from '../engine/evaluate.js';
import type { Model } from '../engine/types.js';

/*
 * A question as one JSON object, the unit of `--batch` (NDJSON, one a line):
 *
 *   {"id": "q1", "set": {"sadrist_intervention": true, "iran_regime_state": "collapsed",
 *    "us_accepts_government": 0.3}, "observe": {"maliki_resigns": "false@2026-02-01"},
 *    "asOf": "2026-02-08", "assume": {"sudani_status": "caretaker"}, "scenario": "V"}
 *
 * Every key is optional. `set` takes what --set takes (true, false, unknown,
 * a named value, or a probability as a number, "70%" or "a:0.6,b:0.4"), as
 * an object or as a list of "ID=VALUE" strings; `observe` what --observe
 * takes; `assume` what --assume takes; `asOf` what --as-of takes. They layer
 * on the command line's own flags (which hold for every line), a line's
 * settings winning.
 */

/** The keys a question line may have, and the names they may also go by. */
const KEYS: Readonly<Record<string, string>> = {
  id: 'id',
  set: 'set',
  settings: 'set',
  observe: 'observe',
  observations: 'observe',
  asOf: 'asOf',
  as_of: 'asOf',
  'as-of': 'asOf',
  assume: 'assume',
  scenario: 'scenario',
};

/** What one line asks: the question, the scenario it names (for explain and revive), and its id to echo. */
export interface QuestionLine {
  query: Query;
  scenario?: string | undefined;
  id?: unknown;
}

/** A key's value as `ID=VALUE` words, from an object or a list of strings. */
function pairs(key: string, v: unknown): string[] {
  if (Array.isArray(v)) {
    const bad: unknown = (v as unknown[]).find((x) => typeof x !== 'string');
    if (bad !== undefined) throw new AppError(EXIT.usage, `"${key}": expected a list of "ID=VALUE" strings, found ${JSON.stringify(bad)}`);
    return v as string[];
  }
  if (v !== null && typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>).map(([id, x]) => {
      if (typeof x === 'string' || typeof x === 'boolean' || typeof x === 'number') return `${id}=${String(x)}`;
      if (x === null) return `${id}=unknown`;
      throw new AppError(EXIT.usage, `"${key}": ${id}: expected true, false, a value name or a probability, found ${JSON.stringify(x)}`);
    });
  }
  throw new AppError(EXIT.usage, `"${key}": expected an object {"ID": VALUE} or a list of "ID=VALUE" strings`);
}

/**
 * Reads one line of a batch into a question, layered on `base` (the command
 * line's flags). A usage error names the key and what was expected.
 */
export function readQuestionLine(model: Model, base: Query, text: string, io: Pick<Io, 'env'>): QuestionLine {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new AppError(EXIT.usage, `not JSON (${(e as Error).message}); each line is one JSON object such as {"set": {"ID": true}}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new AppError(EXIT.usage, 'expected a JSON object such as {"set": {"ID": true}}');
  const fields = new Map<string, unknown>();
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const key = KEYS[k];
    if (!key) throw new AppError(EXIT.usage, `unknown key "${k}"${didYouMean(k, Object.keys(KEYS))}; a line may have ${['set', 'observe', 'asOf', 'assume', 'scenario', 'id'].join(', ')}`);
    fields.set(key, v);
  }
  let q: Query = base;
  const asOf = fields.get('asOf');
  if (asOf !== undefined) {
    if (typeof asOf !== 'string') throw new AppError(EXIT.usage, '"asOf": expected a date as "YYYY-MM-DD", or "today", "latest" or "start"');
    q = { ...q, asOf: resolveAsOf(model, asOf, io, '"asOf"').date };
  }
  if (fields.has('set')) q = applyChanges(q, parseSetFlags(model, pairs('set', fields.get('set')), '"set"'));
  if (fields.has('observe')) {
    const seen = parseObserveFlags(model, pairs('observe', fields.get('observe')), q.asOf ?? resolveAsOf(model, undefined, io).date, '"observe"');
    q = { ...q, observations: [...(q.observations ?? []), ...seen] };
  }
  if (fields.has('assume')) q = { ...q, assume: new Map([...(q.assume ?? []), ...parseAssumeFlags(model, pairs('assume', fields.get('assume')), '"assume"')]) };
  const scenario = fields.get('scenario');
  if (scenario !== undefined && typeof scenario !== 'string') throw new AppError(EXIT.usage, '"scenario": expected a scenario name (numeral, short name or id)');
  return { query: q, scenario, id: fields.get('id') };
}
