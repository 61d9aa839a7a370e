import Table from 'cli-table3';
import type { RenderOptions } from './options.js';
import { lineWidth, visibleWidth } from './width.js';

/*
 * Tables for the terminal: cli-table3 draws them; the widths are decided
 * here, fitted to the terminal's width with the borders counted.
 */

/** A cli-table3 table that draws plain when colour is off (it colours borders otherwise). */
export function makeTable(opts: RenderOptions, head: string[], colWidths: number[]): Table.Table {
  const plainStyle = opts.chalk.level === 0;
  return new Table({
    head: head.map((h) => opts.chalk.bold(h)),
    colWidths,
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: plainStyle ? { head: [], border: [] } : { head: [], border: ['grey'] },
  });
}

/** A table from rows of cells, with the widths given (padding included). */
export function tableOf(opts: RenderOptions, head: string[], widths: number[], rows: readonly string[][]): string {
  const t = makeTable(opts, head, widths);
  for (const r of rows) t.push(r);
  return t.toString();
}

/**
 * Column widths (cell padding included) that fit `total` columns: each column
 * gets its natural width, then the widest are shrunk first until it fits;
 * the columns in `keep` (ids must stay readable) only when nothing else can.
 */
export function fitWidths(rows: readonly (readonly string[])[], total: number, keep: readonly number[] = [], min = 8): number[] {
  const n = rows[0]?.length ?? 0;
  const widths = Array.from({ length: n }, (_, i) => Math.max(...rows.map((r) => visibleWidth(r[i] ?? ''))) + 2);
  const budget = total - (n + 1);
  const pick = (allowed: (i: number) => boolean) => {
    let best = -1;
    for (let i = 0; i < n; i++) if (allowed(i) && widths[i]! > min && (best < 0 || widths[i]! > widths[best]!)) best = i;
    return best;
  };
  while (widths.reduce((a, b) => a + b, 0) > budget) {
    let i = pick((j) => !keep.includes(j));
    if (i < 0) i = pick(() => true);
    if (i < 0) break;
    widths[i]!--;
  }
  return widths;
}

/**
 * Column widths (cell padding included) for a table of `rows` (the head
 * first) within `total` columns, borders counted: each column gets its
 * natural width, then the one with the most room above its floor gives up a
 * column at a time. Null when even the floors do not fit: the caller then
 * lays the answer out another way.
 */
export function sizeColumns(rows: readonly (readonly string[])[], total: number, floors: readonly number[]): number[] | null {
  const n = floors.length;
  const widths = floors.map((f, i) => Math.max(f, ...rows.map((r) => lineWidth(r[i] ?? '') + 2)));
  const budget = total - (n + 1);
  if (floors.reduce((a, b) => a + b, 0) > budget) return null;
  let over = widths.reduce((a, b) => a + b, 0) - budget;
  while (over > 0) {
    let best = 0;
    for (let i = 1; i < n; i++) if (widths[i]! - floors[i]! > widths[best]! - floors[best]!) best = i;
    widths[best]!--;
    over--;
  }
  return widths;
}

/**
 * A cell as `sizeColumns` should see it when its text may wrap freely: lines
 * over `cap` columns count as `cap`, so prose does not claim a column's whole width.
 */
export function capped(cell: string, cap = 40): string {
  return cell
    .split('\n')
    .map((l) => (visibleWidth(l) > cap ? 'x'.repeat(cap) : l))
    .join('\n');
}

/** Columns of the widest table line (box drawing) in a text; prose lines do not count. */
export function tableWidth(text: string): number {
  return Math.max(0, ...text.split('\n').filter((l) => /^(?:\u001b\[[0-9;]*m)*[┌│├└]/.test(l)).map(visibleWidth));
}
