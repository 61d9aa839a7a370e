/**
 * Time: what a dated observation says about a condition's value at the
 * horizon. Pure date arithmetic on YYYY-MM-DD strings (UTC days).
 *
 * - An outcome seen to have happened is established: true from that date on.
 * - An outcome not yet seen by date D, with the horizon still ahead, is
 *   evidence: if it is to happen at all, the chance it has not happened yet
 *   is the share of its time still left, S(x) = 1 − F(x), where
 *   x = (D − start) / (horizon − start) and F is the hazard's distribution
 *   of when it would happen: uniform F(x) = x, early F(x) = 1 − (1 − x)²,
 *   late F(x) = x². So "not yet" multiplies the worlds where it happens by
 *   S(x): little early on, a lot near the horizon, and at or after the
 *   horizon it becomes a hard "no".
 * - A state observed with value v on date D persists to the horizon with
 *   probability ρ = 2^(−(horizon − D) / half-life), and otherwise takes a
 *   fresh value from its prior π. The observation's likelihood for the value
 *   u at the horizon is then proportional to (1 − ρ) + ρ·[u = v] / π(v). At or
 *   after the horizon it is a hard setting.
 */
import type { Condition, Hazard, Model, ModelEvent, Value } from '../types.js';

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dayNumber(date: string): number {
  const hit = days.get(date);
  if (hit !== undefined) return hit;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const n = Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000);
  if (days.size < 10_000) days.set(date, n);
  return n;
}
const days = new Map<string, number>();

/** Whether a string is a real calendar date in YYYY-MM-DD form. */
export function isDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The share of an outcome's time still left at fraction x of the way to the horizon. */
export function timeLeft(hazard: Hazard, x: number): number {
  const t = Math.min(1, Math.max(0, x));
  switch (hazard) {
    case 'uniform':
      return 1 - t;
    case 'early':
      return (1 - t) * (1 - t);
    case 'late':
      return 1 - t * t;
  }
}

/** Persistence of a state observation made `days` before the horizon. */
export function persistence(days: number, halfLife: number): number {
  if (days <= 0) return 1;
  return Math.pow(2, -days / halfLife);
}

/** A dated observation of a condition: from a model event, or the user's. */
export interface Observation {
  condition: string;
  value: Value;
  date: string;
  /** The event that made it, when it came from the model. */
  event?: string | undefined;
}

/** What an observation amounts to at the horizon. */
export type ObservationEffect =
  | { kind: 'hard'; value: Value; why: 'happened' | 'past-horizon' | 'timeless' }
  /** Likelihood factor per value (the values of the condition, in order). */
  | { kind: 'soft'; factors: ReadonlyMap<Value, number>; detail: SoftDetail };

export type SoftDetail =
  | { reading: 'not-yet'; hazard: Hazard; timeLeft: number }
  | { reading: 'state'; persistence: number; halfLife: number };

export const DEFAULT_HALF_LIFE = 90;
export const DEFAULT_PRIOR = 0.5;

/** The model's prior of each value of a condition (sums to 1). */
export function priorOf(model: Pick<Model, 'info'>, c: Pick<Condition, 'values' | 'prior'>): Map<Value, number> {
  if (c.values === null) {
    const p = typeof c.prior === 'number' ? c.prior : (model.info.defaults?.prior ?? DEFAULT_PRIOR);
    return new Map<Value, number>([
      [true, p],
      [false, 1 - p],
    ]);
  }
  const out = new Map<Value, number>();
  const given = c.prior !== undefined && typeof c.prior === 'object' ? c.prior : undefined;
  if (!given) {
    for (const v of c.values) out.set(v, 1 / c.values.length);
    return out;
  }
  // Values the prior leaves out share what is left equally (the loader checks the sum).
  const named = c.values.filter((v) => given[v] !== undefined);
  const left = Math.max(0, 1 - named.reduce((t, v) => t + given[v]!, 0));
  const rest = c.values.length - named.length;
  for (const v of c.values) out.set(v, given[v] !== undefined ? given[v] : rest ? left / rest : 0);
  return out;
}

export interface TimeParams {
  hazard: (c: Condition) => Hazard;
  halfLife: (c: Condition) => number;
  prior: (c: Condition) => ReadonlyMap<Value, number>;
}

/** The effective horizon: the model's, or the date an ending outcome was seen to happen (at most asOf). */
export function effectiveHorizon(model: Pick<Model, 'info'>, observations: readonly Observation[], asOf: string | undefined): string | undefined {
  const time = model.info.time;
  if (!time) return undefined;
  let h = time.horizon;
  const ends = new Set(time.endsWhen);
  for (const o of observations) {
    if (!ends.has(o.condition) || o.value !== true) continue;
    if (asOf !== undefined && o.date > asOf) continue;
    if (o.date < h) h = o.date;
  }
  return h;
}

/**
 * What each observed condition's observations amount to at the horizon (the
 * latest observation decides; "happened" outranks any "not yet").
 */
export function observationEffects(
  model: Pick<Model, 'info' | 'conditions'>,
  observations: readonly Observation[],
  params: TimeParams,
  asOf?: string,
): Map<string, { effect: ObservationEffect; observation: Observation }> {
  const out = new Map<string, { effect: ObservationEffect; observation: Observation }>();
  const time = model.info.time;
  const byId = new Map(model.conditions.map((c) => [c.id, c]));
  const latest = new Map<string, Observation>();
  const happened = new Map<string, Observation>();
  for (const o of observations) {
    if (asOf !== undefined && o.date > asOf) continue;
    const c = byId.get(o.condition);
    if (!c) continue;
    if (time && (c.kind ?? 'state') === 'outcome' && o.value === true) {
      const prev = happened.get(o.condition);
      if (!prev || o.date < prev.date) happened.set(o.condition, o);
      continue;
    }
    const prev = latest.get(o.condition);
    if (!prev || o.date >= prev.date) latest.set(o.condition, o);
  }
  for (const [id, o] of happened) out.set(id, { effect: { kind: 'hard', value: true, why: 'happened' }, observation: o });
  if (!time) {
    for (const [id, o] of latest) out.set(id, { effect: { kind: 'hard', value: o.value, why: 'timeless' }, observation: o });
    return out;
  }
  const horizon = effectiveHorizon(model, observations, asOf)!;
  const start = dayNumber(time.start);
  const end = dayNumber(horizon);
  for (const [id, o] of latest) {
    if (happened.has(id)) continue;
    const c = byId.get(id)!;
    const d = dayNumber(o.date);
    if (d >= end) {
      out.set(id, { effect: { kind: 'hard', value: o.value, why: 'past-horizon' }, observation: o });
      continue;
    }
    if ((c.kind ?? 'state') === 'outcome') {
      const hazard = params.hazard(c);
      const left = timeLeft(hazard, end > start ? (d - start) / (end - start) : 1);
      const factors = new Map<Value, number>([
        [true, left],
        [false, 1],
      ]);
      out.set(id, { effect: { kind: 'soft', factors, detail: { reading: 'not-yet', hazard, timeLeft: left } }, observation: o });
    } else {
      const halfLife = params.halfLife(c);
      const rho = persistence(end - d, halfLife);
      const prior = params.prior(c);
      const factors = new Map<Value, number>();
      for (const [u, pu] of prior) factors.set(u, 1 - rho + (u === o.value ? rho / Math.max(pu, 1e-300) : 0));
      out.set(id, { effect: { kind: 'soft', factors, detail: { reading: 'state', persistence: rho, halfLife } }, observation: o });
    }
  }
  return out;
}

/** The model's events as observations (events with no date basis problem; every `sets` entry). */
export function eventObservations(events: readonly ModelEvent[]): Observation[] {
  const out: Observation[] = [];
  for (const e of events) for (const [condition, value] of Object.entries(e.sets)) out.push({ condition, value, date: e.date, event: e.id });
  return out;
}
