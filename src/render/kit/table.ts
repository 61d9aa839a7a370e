import Table from 'cli-table3';
import type { RenderOptions } from './options.js';
import { lineWidth, visibleWidth, wordWidth } from './width.js';
import { hang, shortenWords, wrapWords } from './wrap.js';

/*
 * Tables for the terminal: cli-table3 draws them; the widths are decided
 * here, fitted to the terminal's width with the borders counted.
 */

/** A cli-table3 table that draws plain when colour is off (it colours borders otherwise). */
export function makeTable(opts: RenderOptions, head: string[], colWidths: number[], wrap = true): Table.Table {
  const plainStyle = opts.chalk.level === 0;
  return new Table({
    head: head.map((h) => opts.chalk.bold(h)),
    colWidths,
    // Cells laid out here already (fitTable) are not wrapped a second time.
    wordWrap: wrap,
    wrapOnWordBoundary: wrap,
    style: plainStyle ? { head: [], border: [] } : { head: [], border: ['grey'] },
  });
}

/** A table from rows of cells, with the widths given (padding included); with `opts.wide`, every column at its natural width. */
export function tableOf(opts: RenderOptions, head: string[], widths: number[], rows: readonly string[][]): string {
  const natural = () => head.map((h, i) => Math.max(lineWidth(h), ...rows.map((r) => lineWidth(r[i] ?? ''))) + 2);
  const t = makeTable(opts, head, opts.wide ? natural() : widths);
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
 * column at a time (the columns marked in `first` before any other). Null
 * when even the floors do not fit: the caller then lays the answer out
 * another way.
 */
export function sizeColumns(
  rows: readonly (readonly string[])[],
  total: number,
  floors: readonly number[],
  first: readonly boolean[] = [],
): number[] | null {
  const n = floors.length;
  const widths = floors.map((f, i) => Math.max(f, ...rows.map((r) => lineWidth(r[i] ?? '') + 2)));
  const budget = total - (n + 1);
  if (floors.reduce((a, b) => a + b, 0) > budget) return null;
  let over = widths.reduce((a, b) => a + b, 0) - budget;
  // The columns marked `first` give up their room before the others; within
  // each group, the one with the most room above its floor gives first.
  for (const group of [(i: number) => first[i] === true, () => true]) {
    while (over > 0) {
      let best = -1;
      for (let i = 0; i < n; i++) if (group(i) && widths[i]! > floors[i]! && (best < 0 || widths[i]! - floors[i]! > widths[best]! - floors[best]!)) best = i;
      if (best < 0) break;
      widths[best]!--;
      over--;
    }
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
  // The table's own lines start with box-drawing characters (escaped: the bundle stays ASCII).
  return Math.max(0, ...text.split('\n').filter((l) => /^(?:\u001b\[[0-9;]*m)*[\u250c\u2502\u251c\u2514]/.test(l)).map(visibleWidth));
}

/**
 * What a column holds, which decides how the width may change it:
 * - `id`: ids, values, numbers, statuses: never split, never shortened; the
 *   column is at least as wide as its longest word.
 * - `text`: titles, names, reasons and rules (prose that carries ids and
 *   values): wrapped at spaces, never shortened, no word split.
 * - `prose`: descriptions, questions, notes: wrapped, and shortened at a
 *   whole word (` …`) to `proseLines` lines when the width forces it.
 */
export type ColumnKind = 'id' | 'text' | 'prose';

/** A column of a fitted table: its head, its kind, and the least room its text needs (padding excluded). */
export interface ColumnSpec {
  head: string;
  kind: ColumnKind;
  min?: number | undefined;
  /** Its cells' lines are never wrapped (a status with its number): the column is as wide as the widest. */
  nowrap?: boolean | undefined;
}

/** A fitted table and whether any prose in it was shortened (the caller then says how to see it whole). */
export interface FittedTable {
  text: string;
  shortened: boolean;
}

/** Lines of prose over this many columns count as this many when widths are shared out: prose does not claim a column's whole width. */
const PROSE_CAP = 40;
/** Words longer than this in prose may be split rather than widen the column. */
const PROSE_WORD = 16;

/**
 * A table whose every id, value, title and reason stays whole: columns get
 * their natural width, then the one with the most room above its floor
 * (its longest word, for ids and text) gives up a column at a time; cells
 * are wrapped here, at spaces, so cli-table3 never cuts one. Prose alone may
 * be shortened, to `proseLines` lines. With `opts.wide` the columns keep
 * their natural widths and nothing is wrapped or shortened. Null when even
 * the floors do not fit the width: the caller lays the rows out another way
 * (`recordsText`, or a layout with fewer columns).
 *
 * @example
 * fitTable(opts, [{ head: 'id', kind: 'id' }, { head: 'question', kind: 'prose' }], rows)?.text;
 */
export function fitTable(
  opts: RenderOptions,
  columns: readonly ColumnSpec[],
  rows: readonly (readonly string[])[],
  o: { proseLines?: number } = {},
): FittedTable | null {
  const n = columns.length;
  const all = [columns.map((c) => c.head), ...rows];
  const natural = columns.map((_, i) => Math.max(...all.map((r) => lineWidth(r[i] ?? ''))) + 2);
  let widths: number[];
  if (opts.wide) widths = natural;
  else {
    const floors = columns.map((c, i) => {
      const word = Math.max(...all.map((r) => (c.nowrap ? lineWidth(r[i] ?? '') : wordWidth(r[i] ?? ''))));
      return Math.max(c.min ?? 0, c.kind === 'prose' ? Math.min(word, PROSE_WORD) : word) + 2;
    });
    // Id columns wrap to their floor first (between whole values, which reads
    // as well); the text and prose then share what is left.
    const sized = sizeColumns(
      all.map((r) => r.map((cell, i) => (columns[i]!.kind === 'prose' ? capped(cell, PROSE_CAP) : cell))),
      opts.width,
      floors,
      columns.map((c) => c.kind === 'id' && columns.some((x) => x.kind !== 'id')),
    );
    if (!sized) return null;
    widths = sized;
    // Room left over goes to prose that was counted short.
    let spare = opts.width - (n + 1) - widths.reduce((a, b) => a + b, 0);
    for (let i = 0; i < n && spare > 0; i++) {
      const more = Math.min(spare, natural[i]! - widths[i]!);
      if (more > 0) {
        widths[i]! += more;
        spare -= more;
      }
    }
  }
  let shortened = false;
  const lay = (cell: string, i: number): string => {
    if (opts.wide) return cell;
    const room = widths[i]! - 2;
    const lines = cell.split('\n').flatMap((p) => (p === '' ? [''] : wrapWords(p, room)));
    const max = o.proseLines ?? 4;
    if (columns[i]!.kind !== 'prose' || lines.length <= max) return lines.join('\n');
    shortened = true;
    return shortenWords(cell, room, max).join('\n');
  };
  // Every line is laid out to its column already (wide: at its natural width), so cli-table3 only pads.
  const t = makeTable(opts, columns.map((c, i) => lay(c.head, i)), widths, false);
  for (const r of rows) t.push(columns.map((_, i) => lay(r[i] ?? '', i)));
  return { text: t.toString(), shortened };
}

/**
 * The rows one after another when no table fits: each row's first cell (and
 * its second, for a `text` column) as a heading, then a `head: value` line
 * for each other cell, wrapped under itself; nothing is cut.
 *
 * @example
 * recordsText([{ head: 'id', kind: 'id' }, { head: 'question', kind: 'prose' }], [['a', 'Is it?']], 60);
 * // 'a\n  question: Is it?\n'
 */
export function recordsText(columns: readonly ColumnSpec[], rows: readonly (readonly string[])[], width: number, bold: (s: string) => string = (s) => s): string {
  const out: string[] = [];
  const titled = columns[1]?.kind === 'text';
  for (const r of rows) {
    const heading = titled && r[1] ? `${flat(r[0] ?? '')}  ` : '';
    // A heading too long to hang the title under goes on a line of its own.
    const first = !heading
      ? flat(r[0] ?? '')
      : visibleWidth(heading) <= width / 3
        ? hang(heading, flat(r[1]!), width)
        : `${heading.trimEnd()}\n${hang('  ', flat(r[1]!), width)}`;
    out.push(bold(first.split('\n')[0]!), ...first.split('\n').slice(1));
    columns.forEach((c, i) => {
      if (i === 0 || (titled && i === 1 && r[1]) || !r[i]) return;
      const label = `  ${flat(c.head)}: `;
      out.push(visibleWidth(label) <= width / 3 ? hang(label, flat(r[i]), width, 4) : `${label.trimEnd()}\n${hang('    ', flat(r[i]), width)}`);
    });
  }
  return out.join('\n') + '\n';
}

/** A cell's lines as one line (records keep every word; their lines are wrapped again). */
const flat = (cell: string) => cell.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
