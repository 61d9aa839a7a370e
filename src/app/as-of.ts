import { AppError, EXIT } from './errors.js';
import type { Io } from './io.js';
import { eventsInOrder, eventsUntil, isIsoDate } from '../engine/timeline.js';
import type { Model } from '../engine/types.js';

/** Checks a date flag's value: YYYY-MM-DD and a real calendar date, or a usage error naming the flag. */
export function checkDateFlag(flag: string, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value))
    throw new AppError(EXIT.usage, `${flag} ${value}: expected a date as YYYY-MM-DD (or today, latest, start), e.g. ${flag} 2026-02-01`);
  if (!isIsoDate(value)) throw new AppError(EXIT.usage, `${flag} ${value}: no such date; expected a real date as YYYY-MM-DD`);
  return value;
}

/** Today's date, YYYY-MM-DD (UTC); IRAQ_SCENARIOS_TODAY overrides it, for reproducible runs. */
export function today(io: Pick<Io, 'env'>): string {
  const set = io.env.IRAQ_SCENARIOS_TODAY;
  if (set) return checkDateFlag('IRAQ_SCENARIOS_TODAY', set);
  return new Date().toISOString().slice(0, 10);
}

export interface AsOf {
  date: string;
  /** How it was given: a date, or one of the words (today is also the default). */
  how: 'date' | 'today' | 'latest' | 'start' | 'default';
}

/**
 * `--as-of`: a date, `today` (the default), `latest` (the model's last event)
 * or `start` (the model's start, or the day before its first event).
 */
export function resolveAsOf(model: Model, text: string | undefined, io: Pick<Io, 'env'>, flag = '--as-of'): AsOf {
  if (text === undefined) return { date: today(io), how: 'default' };
  const word = text.toLowerCase();
  if (word === 'today') return { date: today(io), how: 'today' };
  const events = eventsInOrder(model);
  if (word === 'latest') return { date: events.length ? events[events.length - 1]!.date : today(io), how: 'latest' };
  if (word === 'start') {
    if (model.info.time) return { date: model.info.time.start, how: 'start' };
    return { date: events.length ? dayBefore(events[0]!.date) : today(io), how: 'start' };
  }
  return { date: checkDateFlag(flag, text), how: 'date' };
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** One line saying which date the question is asked on and which of the model's events that applies. */
export function asOfNote(model: Model, asOf: AsOf): string {
  const events = eventsUntil(model, asOf.date);
  const how = asOf.how === 'default' ? 'today; --as-of picks another day' : asOf.how === 'date' ? '' : asOf.how;
  const head = `as of ${asOf.date}${how ? ` (${how})` : ''}`;
  if (events.length === 0) return `${head}: no event of the model's dated on or before it`;
  const last = events[events.length - 1]!;
  const inferred = events.filter((e) => e.dateBasis === 'inferred').length;
  const undated = events.filter((e) => e.dateBasis === 'undated').length;
  const marks = [inferred ? `${inferred} with inferred dates` : '', undated ? `${undated} undated (placeholder dates)` : ''].filter(Boolean);
  return (
    `${head}: the model's ${events.length} event${events.length > 1 ? 's' : ''} up to then applied, the last ${last.id} (${last.date}${last.dateBasis === 'stated' ? '' : `, ${last.dateBasis}`})` +
    (marks.length ? `; ${marks.join(', ')}` : '') +
    "; 'timeline' lists them"
  );
}
