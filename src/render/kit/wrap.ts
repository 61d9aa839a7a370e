import { wrapAnsi } from 'fast-wrap-ansi';
import { plain, visibleWidth } from './width.js';

/*
 * Every word-wrap in the program, on one library (fast-wrap-ansi, a port of
 * wrap-ansi): it measures with the terminal's widths and closes a colour at
 * a line break and opens it again on the next line.
 */

const soft = (text: string, width: number) => wrapAnsi(text, Math.max(1, width), { hard: false, trim: true }).split('\n');
// A word longer than a line is split there: nothing may pass the width.
const hardSplit = (line: string, width: number) =>
  visibleWidth(line) > width ? wrapAnsi(line, Math.max(1, width), { hard: true, trim: true }).split('\n') : [line];
const CODES = /^(?:\u001b\[[0-9;]*m)*/;

/** The text after its first `n` visible characters (UTF-16 units), colour codes skipped over. */
function afterVisible(text: string, n: number): string {
  const code = /\u001b\[[0-9;]*m/y;
  let i = 0;
  for (let seen = 0; i < text.length && seen < n; ) {
    code.lastIndex = i;
    if (code.test(text)) i = code.lastIndex;
    else {
      i++;
      seen++;
    }
  }
  return text.slice(i);
}

/** Leading spaces removed, colour codes among them kept. */
function dropLeadingSpaces(text: string): string {
  return text.replace(/^(?:\u001b\[[0-9;]*m| )+/, (m) => m.replace(/ /g, ''));
}

/**
 * Word-wraps one paragraph: the first line at most `first` columns, the
 * others at most `rest` (the room a hanging indent leaves). A word longer
 * than a line starts a line of its own and is split.
 *
 * @example
 * wrapWords('one two three four', 9, 7); // ['one two', 'three', 'four']
 */
export function wrapWords(text: string, first: number, rest = first): string[] {
  const lines = soft(text, first);
  if (first === rest || lines.length === 1) return lines.flatMap((l) => hardSplit(l, first));
  // The first line at its width; the text after it (as written, its colours
  // opened again as the library opened them) is wrapped to the others'.
  const [head, ...more] = hardSplit(lines[0]!, first);
  const reopen = CODES.exec(more[0] ?? lines[1] ?? '')![0];
  const after = dropLeadingSpaces(afterVisible(text, plain(head!).length));
  return [head!, ...(after ? wrapWords(reopen + after, rest) : [])];
}

/**
 * Word-wraps every line of `text` wider than `width` columns; continuation
 * lines hang `hangBy` columns under the line's own indent (a `• ` item's
 * continue under its text), so lists stay lists. Lines that fit are kept
 * exactly, and so are table lines (box drawing), which their renderer sizes.
 *
 * @example
 * fitLines('    source a.txt: "a long quote that goes on"', 30);
 * // '    source a.txt: "a long quote\n      that goes on"'
 */
export function fitLines(text: string, width: number, hangBy = 2): string {
  const end = text.endsWith('\n') ? '\n' : '';
  const body = end ? text.slice(0, -1) : text;
  return body.split('\n').map((l) => fitLine(l, width, hangBy).join('\n')).join('\n') + end;
}

function fitLine(line: string, width: number, hangBy: number): string[] {
  if (visibleWidth(line) <= width) return [line];
  const bare = plain(line);
  // A table's line (box-drawing characters, escaped: the bundle stays ASCII) is never wrapped; a bullet is U+2022.
  if (/^[\u250c\u2502\u251c\u2514]/.test(bare)) return [line];
  const spaces = /^ */.exec(bare)![0].length;
  // A bullet's text continues under the text; other lines hang under themselves.
  const lead = /^ *\u2022 /.test(bare) ? spaces + 2 : spaces + hangBy;
  const indent = ' '.repeat(Math.max(0, Math.min(lead, width - 20)));
  // The line's own indent stays; colour codes before or among it go with the text.
  const body = dropLeadingSpaces(line);
  const [first, ...rest] = wrapWords(body, width - spaces, width - indent.length);
  return [' '.repeat(spaces) + first, ...rest.map((l) => indent + l)];
}

/**
 * Word-wraps `text` after `prefix` to `width`, continuation lines indented
 * by `indentWidth` (default: under the text), so nothing is cut off. A
 * prefix that leaves too little room stands on its own line.
 *
 * @example
 * hang('  #1 ', 'one two three four five six', 16); // '  #1 one two\n     three four\n     five six'
 */
export function hang(prefix: string, text: string, width: number, indentWidth = visibleWidth(prefix)): string {
  const indent = ' '.repeat(indentWidth);
  const room = Math.max(20, width - indent.length);
  const flat = text.replace(/\s+/g, ' ').trim();
  if (width - visibleWidth(prefix) < 12) return [prefix.trimEnd(), ...wrapWords(flat, room).map((l) => indent + l)].join('\n');
  const [first, ...rest] = wrapWords(flat, width - visibleWidth(prefix), room);
  return [prefix + first, ...rest.map((l) => indent + l)].join('\n');
}

/**
 * Word-wraps each line wider than `width`, keeping its leading spaces on
 * every line it becomes and indenting the continuations by `indent` more;
 * lines that fit are kept exactly. For the terminal session's screens.
 */
export function wrapParagraphs(text: string, width: number, indent = ''): string[] {
  return text.split('\n').flatMap((para) => {
    if (visibleWidth(para) <= width) return [para];
    const lead = /^ */.exec(para)![0];
    const [first, ...rest] = wrapWords(para.slice(lead.length), width - lead.length, width - lead.length - indent.length);
    return [lead + first, ...rest.map((l) => lead + indent + l)];
  });
}

/**
 * Packs items into lines of at most `width` columns, joined by `sep` and
 * broken only between items (a label keeps its number); lines after the
 * first are prefixed with `indent` (the caller leaves room for it).
 *
 * @example
 * packItems(['I 20%', 'II 30%', 'III 50%'], '  ', 14); // ['I 20%  II 30%', 'III 50%']
 */
export function packItems(items: readonly string[], sep: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? `${line}${sep}${item}` : item;
    if (line && visibleWidth(next) > width) {
      lines.push(line);
      line = item;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : indent + l));
}

/**
 * Word-wraps prose to `width` and keeps at most `maxLines` lines, the last
 * ending in ` …` where words were dropped (whole words only, so an id in it
 * is never cut). For prose only: values, ids and titles are wrapped, never
 * shortened.
 *
 * @example
 * shortenWords('one two three four five six', 9, 2); // ['one two', 'three …']
 */
export function shortenWords(text: string, width: number, maxLines: number): string[] {
  const lines = text.split('\n').flatMap((p) => (p === '' ? [''] : wrapWords(p, width)));
  if (lines.length <= maxLines) return lines;
  const words = plain(lines[maxLines - 1]!).trimEnd().split(' ');
  while (words.length > 1 && visibleWidth(`${words.join(' ')} …`) > width) words.pop();
  return [...lines.slice(0, maxLines - 1), `${words.join(' ')} …`];
}
