import type { ChalkInstance } from 'chalk';
import { padTo, visibleWidth } from './kit/width.js';
import { hang } from './kit/wrap.js';

/**
 * A page of the documentation (the Markdown in docs/) as terminal text, for
 * `help TOPIC`: headings in bold, paragraphs and list items wrapped to the
 * width, tables as aligned columns (a cell too wide for its share wraps
 * within it), code and transcripts indented as they are. Links keep their
 * text; HTML comments go. Pure: text in, text out.
 *
 * @example
 * docText('# Exit codes\n\n| code | meaning |\n|---|---|\n| 0 | success |', { width: 80, chalk });
 * // 'EXIT CODES\n\ncode  meaning\n0     success\n'
 */
export function docText(md: string, opts: { width: number; chalk: ChalkInstance }): string {
  const { width, chalk } = opts;
  const lines = md.replace(/<!--[\s\S]*?-->/g, '').split('\n');
  const out: string[] = [];
  const inline = (s: string) =>
    s
      .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1')
      .replace(/\*\*([^*]+)\*\*/g, (_, x: string) => chalk.bold(x))
      .replace(/`([^`]+)`/g, '$1')
      .replace(/\\\|/g, '|');
  let para: string[] = [];
  const flush = () => {
    if (para.length) out.push(hang('', inline(para.join(' ')), width), '');
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^(\s*)(`{3,})/.exec(line);
    if (fence) {
      flush();
      const end = fence[2]!;
      for (i++; i < lines.length && lines[i]!.trim() !== end; i++) out.push(`    ${lines[i]}`);
      out.push('');
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const text = inline(heading[2]!);
      out.push(chalk.bold(heading[1]!.length === 1 ? text.toUpperCase() : text), '');
      continue;
    }
    if (/^\s*\|/.test(line)) {
      flush();
      const rows: string[][] = [];
      for (; i < lines.length && /^\s*\|/.test(lines[i]!); i++) {
        const cells = splitRow(lines[i]!);
        if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
        rows.push(cells.map(inline));
      }
      i--;
      out.push(...tableText(rows, width, chalk), '');
      continue;
    }
    const item = /^(\s*)([-*]|\d+\.)\s+(.*)$/.exec(line);
    if (item) {
      flush();
      // A list item runs on over its indented continuation lines.
      let text = item[3]!;
      while (i + 1 < lines.length && /^\s{2,}\S/.test(lines[i + 1]!) && !/^\s*([-*]|\d+\.)\s/.test(lines[i + 1]!)) text += ` ${lines[++i]!.trim()}`;
      const bullet = `${item[1]!}${item[2] === '*' || item[2] === '-' ? '•' : item[2]!} `;
      out.push(hang(bullet, inline(text), width));
      if (i + 1 >= lines.length || !/^\s*([-*]|\d+\.)\s/.test(lines[i + 1]!)) out.push('');
      continue;
    }
    if (line.trim() === '') flush();
    else para.push(line.trim());
  }
  flush();
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.join('\n') + '\n';
}

function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  const body = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && body[i + 1] === '|') {
      cur += '\\|';
      i++;
    } else if (body[i] === '|') {
      cells.push(cur.trim());
      cur = '';
    } else cur += body[i];
  }
  cells.push(cur.trim());
  return cells;
}

/** Rows as aligned columns; the last column wraps (hanging under itself) when the line would pass the width. */
function tableText(rows: readonly string[][], width: number, chalk: ChalkInstance): string[] {
  if (!rows.length) return [];
  const n = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: n - 1 }, (_, c) => Math.min(32, Math.max(...rows.map((r) => visibleWidth(r[c] ?? '')))));
  const lead = widths.reduce((a, w) => a + w + 2, 0);
  return rows.flatMap((r, k) => {
    const head = widths.map((w, c) => padTo(r[c] ?? '', w)).join('  ') + (n > 1 ? '  ' : '');
    const last = r[n - 1] ?? '';
    const text = lead + 20 <= width ? hang(head, last, width, lead) : `${head}\n${hang('    ', last, width)}`;
    return k === 0 && rows.length > 1 ? text.split('\n').map((l) => chalk.bold(l)) : text.split('\n');
  });
}
