import { AppError, EXIT } from './errors.js';
import type { Io } from './io.js';
import { eventsUntil, isIsoDate } from '../engine/timeline.js';
import type { Model, ModelEvent, Value } from '../engine/types.js';

/** Checks a date flag's value: YYYY-MM-DD and a real calendar date, or a usage error naming the flag. */
export function checkDateFlag(flag: string, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value))
    throw new AppError(EXIT.usage, `${flag} ${value}: expected a date as YYYY-MM-DD, e.g. ${flag} 2026-02-01`);
  if (!isIsoDate(value)) throw new AppError(EXIT.usage, `${flag} ${value}: no such date; expected a real date as YYYY-MM-DD`);
  return value;
}

/** One line naming the events behind `--as-of`, with inferred and undated dates marked. */
export function asOfNote(date: string, events: readonly ModelEvent[]): string {
  if (events.length === 0) return `as of ${date}: no event dated on or before it; starting from no settings`;
  const last = events[events.length - 1]!;
  const inferred = events.filter((e) => e.dateBasis === 'inferred').length;
  const undated = events.filter((e) => e.dateBasis === 'undated').length;
  const marks = [inferred ? `${inferred} with inferred dates` : '', undated ? `${undated} undated (placeholder dates)` : ''].filter(Boolean);
  return (
    `as of ${date}: settings from ${events.length} event${events.length > 1 ? 's' : ''}, the last ${last.id} (${last.date}${last.dateBasis === 'stated' ? '' : `, ${last.dateBasis}`})` +
    (marks.length ? `; ${marks.join(', ')}` : '') +
    "; 'timeline' lists them"
  );
}

/**
 * `--as-of DATE`: the settings the model's events put in force by DATE,
 * layered on `base`; --conditions and --set apply after. The note on stderr
 * says which events counted (never in JSON mode, where stderr carries only
 * JSON errors).
 */
export function applyAsOf(
  model: Model,
  base: ReadonlyMap<string, Value>,
  opts: { asOf?: string; json?: boolean; format?: string },
  io: Io,
  flag = '--as-of',
): Map<string, Value> {
  if (opts.asOf === undefined) return new Map(base);
  const date = checkDateFlag(flag, opts.asOf);
  if (!opts.json && opts.format !== 'json') io.stderr.write(`iraq-scenarios: ${asOfNote(date, eventsUntil(model, date))}\n`);
  const m = new Map(base);
  for (const e of eventsUntil(model, date)) for (const [k, v] of Object.entries(e.sets)) m.set(k, v);
  return m;
}
