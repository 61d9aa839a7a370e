import type { ChalkInstance } from 'chalk';
import type { Status } from '../../engine/evaluate.js';

/*
 * A scenario's number, in one place: the column head, the cell text, its
 * compact form for grids and its JSON fields. Today the number is the weight
 * (0..1, none when ruled out); a change of what the number is (a probability,
 * a range) is made here.
 */

/** What carries the number: a status and the number itself. */
export interface Numbered {
  status: Status;
  weight: number;
}

/** The head of the number column. */
export const NUMBER_HEAD = 'Weight';

/** Rounds to 6 decimals so JSON stays readable and stable. */
export function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** 12.3% */
export function percent(w: number): string {
  return `${(w * 100).toFixed(1)}%`;
}

/** The number as a table cell: `18.2%`, or a dash (dimmed when a chalk is given) for a ruled-out scenario. */
export function numberText(s: Numbered, chalk?: ChalkInstance): string {
  if (s.status === 'ruled-out') return chalk ? chalk.dim('–') : '–';
  return percent(s.weight);
}

/** The number in at most four columns for grids: `33%`, `100%`, or nothing when ruled out. */
export function numberShort(s: Numbered): string {
  return s.status === 'ruled-out' ? '' : `${Math.round(s.weight * 100)}%`;
}

/** The status and the number, as `open 18.2%` or `ruled-out`. */
export function statusNumber(s: Numbered): string {
  return s.status === 'ruled-out' ? 'ruled-out' : `${s.status} ${percent(s.weight)}`;
}

/** A change in the number, in percentage points: `+12.5`, `−3.0`. */
export function points(delta: number): string {
  return `${delta > 0 ? '+' : '−'}${(Math.abs(delta) * 100).toFixed(1)}`;
}

/** The number's JSON fields. */
export function numberJson(s: Pick<Numbered, 'weight'>): { weight: number } {
  return { weight: round(s.weight) };
}
