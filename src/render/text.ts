import { formatValue } from '../engine/expr.js';
import type { Because, ScenarioResult, SettingRef } from '../engine/evaluate.js';
import type { Citation, Value } from '../engine/types.js';

/** Cuts text to a width with an ellipsis, never mid-way through a line break. */
export function cut(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (width <= 1) return flat.slice(0, Math.max(0, width));
  return flat.length <= width ? flat : flat.slice(0, width - 1).trimEnd() + '…';
}

export function settingText(s: SettingRef): string {
  return `${s.condition}=${formatValue(s.value)}`;
}

export function valueText(v: Value | null): string {
  return v === null ? 'unknown' : formatValue(v);
}

export function percent(w: number): string {
  return `${(w * 100).toFixed(1)}%`;
}

/**
 * A short line saying what decided a scenario's status, for tables: in
 * condition ids, which is what users type in `--set`.
 */
export function decidingReason(s: ScenarioResult): string {
  const first = s.reasons[0];
  if (!first) return '';
  const b = first.because;
  const from = b && b.settings.length ? ` ← ${b.settings.map(settingText).join(', ')}` : '';
  if (s.status === 'ruled-out' && b) {
    const by = b.clauses.filter((c) => c.role === 'rules-out').map((c) => c.expr);
    const needs = b.clauses.filter((c) => c.role === 'requires').map((c) => c.expr);
    const parts = [...(by.length ? [`by ${by.join(', ')}`] : []), ...(needs.length ? [`needs ${needs.join(', ')}`] : [])];
    return `${parts.join('; ') || 'requirements cannot all hold'}${from}`;
  }
  if (s.status === 'triggered' && b) return `${b.clauses.map((c) => c.expr).join(' or ')}${from}`;
  const pending = s.reasons.filter((r) => r.kind === 'pending');
  if (!pending.length) return 'nothing decides it yet';
  const clauses = pending.flatMap((r) => r.because?.clauses ?? []);
  const needs = clauses.filter((c) => c.role === 'requires').map((c) => c.expr);
  const avoid = clauses.filter((c) => c.role === 'rules-out').map((c) => c.expr);
  return [needs.length ? `needs ${needs.join(', ')}` : '', avoid.length ? `must not: ${avoid.join(', ')}` : '']
    .filter(Boolean)
    .join('; ');
}

/** "set: a=true; via c1 → c2" for a Because. */
export function becauseText(b: Because): string {
  const parts: string[] = [];
  if (b.settings.length) parts.push(`set: ${b.settings.map(settingText).join(', ')}`);
  if (b.constraints.length) parts.push(`via ${b.constraints.join(' → ')}`);
  return parts.join('; ');
}

/** `file: "quote" (basis)` for a citation. */
export function citationText(c: Citation): string {
  if (!c.source) return `background: ${c.note ?? ''}`.trim();
  return `${c.source}: "${c.quote}" (${c.basis})${c.note ? ` [${c.note}]` : ''}`;
}

// SGR escape codes: they take no columns, and a line broken inside a
// coloured stretch must close it and open it again on the next line.
const SGR = /\u001b\[[0-9;]*m/g;
const CLOSES = new Set(['22', '23', '24', '27', '28', '29', '39', '49']);

/** Columns a string takes on a terminal: ANSI codes stripped, one column per code point (box drawing included). */
export function visibleWidth(s: string): number {
  return [...s.replace(SGR, '')].length;
}

/** The close code that ends an SGR open code (chalk's pairs). */
function closeOf(open: string): string {
  const n = Number(open.split(';')[0]);
  if (n === 1 || n === 2) return '22';
  if (n >= 3 && n <= 9) return String(20 + n);
  if ((n >= 30 && n <= 38) || (n >= 90 && n <= 97)) return '39';
  if ((n >= 40 && n <= 48) || (n >= 100 && n <= 107)) return '49';
  return '0';
}

/** Splits off the first `n` columns of a word; codes go with the characters before them. */
function splitAt(word: string, n: number): [string, string] {
  let head = '';
  let w = 0;
  const toks = word.match(/\u001b\[[0-9;]*m|[^]/gu) ?? [];
  let k = 0;
  for (; k < toks.length; k++) {
    const visible = !toks[k]!.startsWith('\u001b[');
    if (visible && w === n) break;
    head += toks[k];
    if (visible) w++;
  }
  return [head, toks.slice(k).join('')];
}

/**
 * Word-wraps every line of `text` wider than `width` columns; continuation
 * lines hang `hangBy` columns under the line's own indent (a `• ` item's
 * continue under its text), so lists stay lists. Lines that fit are kept exactly, and so are
 * table lines (box drawing), which their renderer sizes. ANSI-aware: a
 * colour open at a break is closed there and reopened after the indent.
 *
 * @example
 * fitLines('    source a.txt: "a long quote that goes on"', 30);
 * // '    source a.txt: "a long\n      quote that goes on"'
 */
export function fitLines(text: string, width: number, hangBy = 2): string {
  const end = text.endsWith('\n') ? '\n' : '';
  const body = end ? text.slice(0, -1) : text;
  return body.split('\n').map((l) => fitLine(l, width, hangBy).join('\n')).join('\n') + end;
}

function fitLine(line: string, width: number, hangBy: number): string[] {
  if (visibleWidth(line) <= width) return [line];
  const plain = line.replace(SGR, '');
  if (/^[┌│├└]/.test(plain)) return [line];
  const spaces = /^ */.exec(plain)![0].length;
  // A bullet's text continues under the text; other lines hang under themselves.
  const lead = /^ *• /.test(plain) ? spaces + 2 : spaces + hangBy;
  const indent = ' '.repeat(Math.max(0, Math.min(lead, width - 20)));
  const out: string[] = [];
  const active: string[] = [];
  let cur = '';
  let curW = 0;
  // Whether this output line has a word yet (not only its indent).
  let placed = false;
  const track = (piece: string) => {
    for (const m of piece.match(SGR) ?? []) {
      const code = m.slice(2, -1);
      if (code === '' || code === '0') active.length = 0;
      else if (CLOSES.has(code)) {
        for (let i = active.length - 1; i >= 0; i--) if (closeOf(active[i]!) === code) active.splice(i, 1);
      } else active.push(code);
    }
  };
  const add = (piece: string) => {
    cur += piece;
    curW += visibleWidth(piece);
    track(piece);
  };
  const breakLine = () => {
    out.push(cur + (active.length ? '\u001b[0m' : ''));
    cur = indent + active.map((c) => `\u001b[${c}m`).join('');
    curW = indent.length;
    placed = false;
  };
  // Words longer than what is left of the line are split: nothing may pass the width.
  const place = (word: string) => {
    let rest = word;
    while (visibleWidth(rest) > width - curW) {
      if (width - curW < 1) {
        breakLine();
        continue;
      }
      const [head, tail] = splitAt(rest, width - curW);
      add(head);
      breakLine();
      rest = tail;
    }
    add(rest);
    placed = true;
  };
  for (const [i, word] of line.split(' ').entries()) {
    const w = visibleWidth(word);
    if (!placed) {
      // On the first line spaces are the line's own indent and stay; after a break they go.
      if (out.length === 0 && i > 0) add(' ');
      if (w === 0) add(word);
      else place(word);
    } else if (curW + 1 + w <= width) add(' ' + word);
    else if (w === 0) add(word);
    else {
      breakLine();
      place(word);
    }
  }
  out.push(cur);
  return out;
}

/** Text for a Markdown table cell: pipes escaped, line breaks as spaces. */
export function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
