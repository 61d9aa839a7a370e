import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'fast-string-width';

/*
 * Columns as a terminal shows them, measured by a library rather than by
 * counting code points: ANSI codes take none, wide characters (CJK, most
 * emoji) two, combining marks (Arabic vowel signs, accents) none, box
 * drawing one. fast-string-width rather than string-width: the same answers
 * on everything this tool prints, at a fraction of the start-up cost
 * (BENCHMARKS.md).
 */

/** Columns a string takes on a terminal. */
export function visibleWidth(s: string): number {
  return stringWidth(s);
}

/** The text without ANSI escape codes. */
export function plain(s: string): string {
  return stripVTControlCharacters(s);
}

/** Columns a cell's widest line takes. */
export function lineWidth(cell: string): number {
  return Math.max(0, ...cell.split('\n').map(visibleWidth));
}

/** Columns a cell's longest word takes: a column this wide (plus padding) cuts no id. */
export function wordWidth(cell: string): number {
  return Math.max(0, ...cell.split(/\s+/).map(visibleWidth));
}

/** Pads with spaces to `width` columns (never cuts). */
export function padTo(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - visibleWidth(s)));
}

/** Cuts plain text to `width` columns with an ellipsis, whitespace runs (line breaks too) flattened to one space. */
export function cut(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (width <= 1) return flat.slice(0, Math.max(0, width));
  if (visibleWidth(flat) <= width) return flat;
  let out = '';
  let used = 0;
  // By code point: a combining mark takes no column and stays with its letter.
  for (const ch of flat) {
    const w = visibleWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return out.trimEnd() + '…';
}
