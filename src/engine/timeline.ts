import { CompiledModel } from './compile.js';
import { evaluate } from './evaluate.js';
import type { Evaluation, Query } from './evaluate.js';
import type { Model, ModelEvent, Settings, Value } from './types.js';

/**
 * Whether a string is a real calendar date written YYYY-MM-DD. The model's
 * schema checks only the shape, so 2026-02-30 must be caught here.
 *
 * @example
 * isIsoDate('2026-02-06'); // true
 * isIsoDate('2026-02-30'); // false
 */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * The model's events in date order. Events on the same date keep the order
 * of the files, so a model can say which of two same-day events came first.
 *
 * @example
 * eventsInOrder(model).map((e) => e.date); // ['2026-01-24', '2026-01-25', ...]
 */
export function eventsInOrder(model: Model): ModelEvent[] {
  return model.events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : a.i - b.i))
    .map(({ e }) => e);
}

/** The events on or before a date (YYYY-MM-DD), in date order. */
export function eventsUntil(model: Model, date: string): ModelEvent[] {
  return eventsInOrder(model).filter((e) => e.date <= date);
}

/** One point of the timeline: the state just after an event (or at the start). */
export interface TimelineStep {
  /** 0 for the start (before any event), then 1, 2, ... */
  index: number;
  /** The event just applied; null for the start. */
  event: ModelEvent | null;
  /** Hard values in force after the event: the user's settings and what the events established. */
  settings: Map<string, Value>;
  evaluation: Evaluation;
}

export interface TimelineOptions {
  /** Leave out events after this date (YYYY-MM-DD). */
  until?: string | undefined;
  /** The user's question, held fixed at every step on top of the events (--set, probabilities, observations). */
  overrides?: Settings | Query | undefined;
}

/**
 * The timeline: the evaluation at the start and after each event in date
 * order, each event read as the observations it makes (see prob/time.ts). A
 * step whose settings contradict the constraints is kept, with its
 * conflict, rather than ending the timeline: the story may pass through a
 * contradiction the model does not yet explain.
 *
 * @example
 * const steps = timeline(model, { until: '2026-02-01' });
 * steps.map((s) => s.event?.id ?? 'start'); // ['start', 'cf_selects_maliki', ...]
 */
export function timeline(model: Model | CompiledModel, options: TimelineOptions = {}): TimelineStep[] {
  const cm = model instanceof CompiledModel ? model : new CompiledModel(model);
  const o = options.overrides;
  const user: Query = o === undefined ? {} : o instanceof Map ? { settings: o } : (o as Query);
  const events = options.until === undefined ? eventsInOrder(cm.model) : eventsUntil(cm.model, options.until);
  const at = (index: number): TimelineStep => {
    const applied = events.slice(0, index);
    const event = index === 0 ? null : applied[index - 1]!;
    // Explanations are not shown per step; skipping them keeps a long timeline fast.
    const evaluation = evaluate(cm, { ...user, events: applied, asOf: event?.date ?? user.asOf }, { explain: false });
    const settings = new Map((evaluation.settings).map((x) => [x.condition, x.value]));
    return { index, event, settings, evaluation };
  };
  return Array.from({ length: events.length + 1 }, (_, i) => at(i));
}
