import type { Query } from '../engine/evaluate.js';
import type { Value } from '../engine/types.js';

/** What the session holds: the question (its date, settings, probabilities, observations, assumptions). */
export type SettingsMap = Query;

/**
 * The session's question with its undo and redo stacks: plain data, each
 * step returns a new History so a refused change simply never replaces it.
 */
export interface History {
  readonly start: SettingsMap;
  readonly past: readonly SettingsMap[];
  readonly present: SettingsMap;
  readonly future: readonly SettingsMap[];
}

export function startHistory(start: SettingsMap): History {
  return { start, past: [], present: start, future: [] };
}

function sameMap<K, V>(a: ReadonlyMap<K, V> | undefined, b: ReadonlyMap<K, V> | undefined, same: (x: V, y: V) => boolean): boolean {
  const x = a ?? new Map<K, V>();
  const y = b ?? new Map<K, V>();
  if (x.size !== y.size) return false;
  for (const [k, v] of x) if (!y.has(k) || !same(v, y.get(k)!)) return false;
  return true;
}

/** Whether two questions say the same (date, settings, probabilities, observations, assumptions). */
export function sameSettings(a: SettingsMap, b: SettingsMap): boolean {
  const eq = <T>(x: T, y: T) => x === y;
  const obs = (q: SettingsMap) => (q.observations ?? []).map((o) => `${o.condition}=${String(o.value)}@${o.date}`).join('|');
  return (
    a.asOf === b.asOf &&
    sameMap<string, Value>(a.settings, b.settings, eq) &&
    sameMap(a.probabilities, b.probabilities, (x, y) => sameMap(x, y, eq)) &&
    sameMap(a.assume, b.assume, eq) &&
    obs(a) === obs(b)
  );
}

/** Moves to a new question; an identical one is not a step (undo would do nothing). */
export function push(h: History, next: SettingsMap): History {
  if (sameSettings(h.present, next)) return h;
  return { start: h.start, past: [...h.past, h.present], present: next, future: [] };
}

export function undo(h: History): History | null {
  const prev = h.past[h.past.length - 1];
  if (prev === undefined) return null;
  return { start: h.start, past: h.past.slice(0, -1), present: prev, future: [h.present, ...h.future] };
}

export function redo(h: History): History | null {
  const next = h.future[0];
  if (next === undefined) return null;
  return { start: h.start, past: [...h.past, h.present], present: next, future: h.future.slice(1) };
}
