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
  rowLabels: string[];
  columns: GridColumn[];
  /** Total width to fit; columns that do not fit continue in another block below. */
  width: number;
  /** Columns repeated at the left of every block (e.g. a "start" column). */
  pinned?: number;
  /** Header lines above the row labels, bottom-aligned with the columns' heads. */
  corner?: string[];
}

const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - [...s].length));

/**
 * Lays out a grid of short cells, one column per item, wrapping columns into
 * several blocks so that no line is wider than `width`. Padding is computed
 * on plain text and colour applied afterwards, so ANSI codes never count
 * towards widths.
 */
export function gridText(spec: GridSpec): string {
  const corner = spec.corner ?? [];
  const labelW = Math.max(0, ...spec.rowLabels.map((l) => [...l].length), ...corner.map((l) => [...l].length)) + 2;
  const colW = spec.columns.map(
    (c) => Math.max(...[...c.head, ...(c.blockHead ?? [])].map((h) => [...h].length), ...c.cells.map((x) => [...x.text].length)) + 1,
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
      out.push((pad(label, labelW) + line.join('')).trimEnd());
    });
  }
  return out.join('\n') + '\n';
}

/**
 * Word-wraps `text` after `prefix` to `width`, continuation lines indented
 * under the text, so nothing is cut off. Plain text only (no ANSI codes).
 */
export function hang(prefix: string, text: string, width: number, indentWidth = [...prefix].length): string {
  const indent = ' '.repeat(indentWidth);
  const room = Math.max(20, width - indent.length);
  const lines: string[] = [];
  let line = '';
  let first = true;
  // A prefix that leaves too little room stands on its own line; the text follows indented.
  const alone = width - [...prefix].length < 12;
  if (alone) {
    lines.push(prefix.trimEnd());
    first = false;
  }
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    const limit = first ? width - [...prefix].length : room;
    if (line && [...line].length + 1 + [...word].length > limit) {
      lines.push(line);
      line = word;
      first = false;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.map((l, i) => (i === 0 ? (alone ? l : prefix + l) : indent + l)).join('\n');
}

/** Joins legend items with `sep`, starting a new line before one would pass `width` (ANSI codes ignored). */
export function wrapJoin(parts: readonly string[], sep: string, width: number): string {
  const strip = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
  const lines: string[] = [];
  let line = '';
  for (const p of parts) {
    const next = line ? `${line}${sep}${p}` : p;
    if (line && strip(next).length > width) {
      lines.push(line);
      line = p;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
