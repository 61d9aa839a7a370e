import type { Value } from '../engine/types.js';

export type SettingsMap = ReadonlyMap<string, Value>;

/**
 * The session's settings with their undo and redo stacks: plain data, each
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

export function sameSettings(a: SettingsMap, b: SettingsMap): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** Moves to new settings; an identical state is not a step (undo would do nothing). */
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
