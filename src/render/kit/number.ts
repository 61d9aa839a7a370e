import type { ChalkInstance } from 'chalk';
import type { Status } from '../../engine/evaluate.js';

/*
 * A scenario's number, in one place: the column head, the cell text, its
 * compact form for grids and its JSON fields. The number is the probability
 * that the scenario holds at the horizon (0 when ruled out, 1 when certain),
 * with its range when a sensitivity analysis gave one.
 */

/** What carries the number: a status, the probability, and its range when asked for. */
export interface Numbered {
  status: Status;
  probability: number;
  range?: { low: number; high: number } | undefined;
}

/** The head of the number column. */
export const NUMBER_HEAD = 'Prob.';
/** The head of the range column. */
export const RANGE_HEAD = 'Range';

/** Rounds to 6 decimals so JSON stays readable and stable. */
export function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** 12.3%; a probability that is neither 0 nor 1 never shows as 0.0% or 100.0%. */
export function percent(p: number): string {
  if (p > 0 && p < 0.0005) return '<0.1%';
  if (p < 1 && p > 0.9995) return '>99.9%';
  return `${(p * 100).toFixed(1)}%`;
}

/** The number as a table cell: `18.2%` (dimmed 0% for a ruled-out scenario when a chalk is given). */
export function numberText(s: Numbered, chalk?: ChalkInstance): string {
  if (s.status === 'ruled-out') return chalk ? chalk.dim('0%') : '0%';
  return percent(s.probability);
}

/** The range as a cell: `11–24%`. */
export function rangeText(r: { low: number; high: number }): string {
  const a = Math.round(r.low * 100);
  const b = Math.round(r.high * 100);
  return a === b ? `${a}%` : `${a}–${b}%`;
}

/** The number in at most four columns for grids: `33%`, `100%`, `<1%`, or nothing when ruled out. */
export function numberShort(s: Numbered): string {
  if (s.status === 'ruled-out') return '';
  const r = Math.round(s.probability * 100);
  return r === 0 ? '<1%' : r === 100 && s.status !== 'certain' ? '99%' : `${r}%`;
}

/** The status and the number, as `open 18.2%` or `ruled-out`. */
export function statusNumber(s: Numbered): string {
  return s.status === 'ruled-out' ? 'ruled-out' : `${s.status} ${percent(s.probability)}`;
}

/** A change in the number, in percentage points: `+12.5`, `−3.0`. */
export function points(delta: number): string {
  return `${delta > 0 ? '+' : '−'}${(Math.abs(delta) * 100).toFixed(1)}`;
}

/** The number's JSON fields: `probability`, and `range` when there is one. */
export function numberJson(s: Pick<Numbered, 'probability' | 'range'>): { probability: number; range?: { low: number; high: number } } {
  return { probability: round(s.probability), ...(s.range ? { range: { low: round(s.range.low), high: round(s.range.high) } } : {}) };
}
