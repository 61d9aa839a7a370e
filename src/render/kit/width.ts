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

/**
 * Characters one column wide, whatever the terminal: printable ASCII, Latin,
 * general punctuation, arrows, mathematical operators, box drawing and
 * blocks (tests/width.test.ts checks each against the library). Text made
 * of these alone, nearly all this tool prints, is measured by its length:
 * the library's Unicode tables cost milliseconds a start-up to warm.
 */
const NARROW = /^[\u0020-\u007e\u00a0-\u02ff\u2010-\u2027\u2030-\u205e\u2190-\u22ff\u2500-\u259f]*$/;

/** Columns a string takes on a terminal. */
export function visibleWidth(s: string): number {
  const text = s.includes('\u001b') ? plain(s) : s;
  return NARROW.test(text) ? text.length : stringWidth(text);
}

/** The library's answer, without the shortcut (for the test that checks the shortcut). */
export function libraryWidth(s: string): number {
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
