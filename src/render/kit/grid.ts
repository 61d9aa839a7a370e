import { padTo, visibleWidth } from './width.js';

/** A cell of a character grid: plain text, and a colouring applied after padding. */
export interface GridCell {
  text: string;
  paint?: ((s: string) => string) | undefined;
}

export interface GridColumn {
  /** Header lines, top to bottom (plain text). */
  head: string[];
  /** Header lines to use instead when the column starts a block. */
  blockHead?: string[] | undefined;
  /** One cell per row. */
  cells: GridCell[];
}

export interface GridSpec {
  /** One per row; a label of several lines (a long name wrapped) has its cells on its first line. */
  rowLabels: string[];
  columns: GridColumn[];
  /** Total width to fit; columns that do not fit continue in another block below. */
  width: number;
  /** Columns repeated at the left of every block (e.g. a "start" column). */
  pinned?: number;
  /** Header lines above the row labels, bottom-aligned with the columns' heads. */
  corner?: string[];
}

const pad = padTo;

/**
 * Lays out a grid of short cells, one column per item, wrapping columns into
 * several blocks so that no line is wider than `width`. Padding is computed
 * on plain text and colour applied afterwards, so ANSI codes never count
 * towards widths.
 */
export function gridText(spec: GridSpec): string {
  const corner = spec.corner ?? [];
  const labelW = Math.max(0, ...spec.rowLabels.flatMap((l) => l.split('\n').map((x) => visibleWidth(x))), ...corner.map((l) => visibleWidth(l))) + 2;
  const colW = spec.columns.map(
    (c) => Math.max(...[...c.head, ...(c.blockHead ?? [])].map((h) => visibleWidth(h)), ...c.cells.map((x) => visibleWidth(x.text))) + 1,
  );
  const pinned = Math.min(spec.pinned ?? 0, spec.columns.length);
  const pinnedW = colW.slice(0, pinned).reduce((a, b) => a + b, 0);
  const blocks: number[][] = [];
  let current: number[] = [];
  let used = labelW + pinnedW;
  for (let i = pinned; i < spec.columns.length; i++) {
    if (current.length && used + colW[i]! > spec.width) {
      blocks.push(current);
      current = [];
      used = labelW + pinnedW;
    }
    current.push(i);
    used += colW[i]!;
  }
  if (current.length || blocks.length === 0) blocks.push(current);
  const headLines = Math.max(corner.length, ...spec.columns.map((c) => c.head.length));
  const out: string[] = [];
  for (const [b, block] of blocks.entries()) {
    if (b > 0) out.push('');
    const cols = [...Array.from({ length: pinned }, (_, i) => i), ...block];
    for (let h = 0; h < headLines; h++) {
      const label = corner[h - (headLines - corner.length)] ?? '';
      const headOf = (i: number) => (i === block[0] ? (spec.columns[i]!.blockHead ?? spec.columns[i]!.head) : spec.columns[i]!.head);
      out.push((pad(label, labelW) + cols.map((i) => pad(headOf(i)[h] ?? '', colW[i]!)).join('')).trimEnd());
    }
    spec.rowLabels.forEach((label, r) => {
      const line = cols.map((i) => {
        const cell = spec.columns[i]!.cells[r] ?? { text: '' };
        const text = pad(cell.text, colW[i]! - 1);
        return (cell.paint ? cell.paint(text) : text) + ' ';
      });
      const [first, ...more] = label.split('\n');
      out.push((pad(first!, labelW) + line.join('')).trimEnd(), ...more.map((l) => l.trimEnd()));
    });
  }
  return out.join('\n') + '\n';
}
