import type { ChalkInstance } from 'chalk';
import type { Evaluation, ScenarioResult } from '../engine/evaluate.js';
import type { Model } from '../engine/types.js';
import { NUMBER_HEAD, numberText } from '../render/kit/number.js';
import { decidingReason, probabilityShown, settingText, statusText } from '../render/kit/text.js';
import { cut, visibleWidth } from '../render/kit/width.js';
import { wrapParagraphs } from '../render/kit/wrap.js';

export { visibleWidth } from '../render/kit/width.js';

export interface ScreenOptions {
  chalk: ChalkInstance;
  /** Terminal columns; lines never reach the last column, so nothing wraps. */
  width: number;
}

/** Rows a block of text takes on a terminal of this width, counting wrapped lines. */
export function screenRows(text: string, width: number): number {
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  if (body === '') return 0;
  return body.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(visibleWidth(line) / Math.max(1, width))), 0);
}

/** Word-wraps text to a width; lines that fit are kept exactly (indents and spacing too). */
export function wrap(text: string, width: number, indent = ''): string[] {
  return wrapParagraphs(text, width, indent);
}

/**
 * A list after a label, packed into at most `maxLines` lines; what does not
 * fit is counted ("… +3 more") rather than wrapped into a mess.
 */
export function packList(label: string, items: readonly string[], width: number, maxLines: number, chalk: ChalkInstance): string[] {
  const room = width - label.length;
  const lines: string[][] = [];
  let cur: string[] = [];
  let placed = 0;
  const fits = (parts: string[], tail = '') => visibleWidth(parts.join(', ') + tail) <= room;
  for (const raw of items) {
    const item = cut(raw, room);
    if (cur.length === 0 || fits([...cur, item])) {
      cur.push(item);
      continue;
    }
    if (lines.length + 1 < maxLines) {
      lines.push(cur);
      placed += cur.length;
      cur = [item];
      continue;
    }
    break;
  }
  let tail = '';
  if (placed + cur.length < items.length) {
    const more = () => `, … +${items.length - placed - cur.length} more`;
    while (cur.length > 1 && !fits(cur, more())) cur.pop();
    tail = chalk.dim(more());
  }
  lines.push(cur);
  return lines.map((parts, i) => {
    const text = parts.join(', ') + (i === lines.length - 1 ? tail : ',');
    return (i === 0 ? chalk.bold(label) : ' '.repeat(label.length)) + text;
  });
}

/**
 * Text cut to `width` columns at a word boundary, with "…" when words were
 * left out: prose is shortened, an id or a value never cut in two (the
 * whole text is shown elsewhere, under the table).
 */
export function wholeWords(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (visibleWidth(flat) <= width) return flat;
  const words = flat.split(' ');
  const bare = (t: string) => t.replace(/\s*[,;:\u2190]$/, ''); // \u2190: a left arrow (escaped: the bundle stays ASCII)
  let out = '';
  for (const w of words) {
    const next = out ? `${out} ${w}` : w;
    if (visibleWidth(bare(next)) + 2 > width) break;
    out = next;
  }
  return out ? `${bare(out)} …` : '…';
}

/** A reason's words up to and with its first id or setting (`needs maliki_government_formed`). */
function upToFirstId(reason: string): string {
  const words = reason.split(/\s+/);
  const i = words.findIndex((w) => /[_=]/.test(w));
  return words.slice(0, i < 0 ? 1 : i + 1).join(' ').replace(/[,;:]$/, '');
}

/** A scenario's name in the session: its numeral, its short name (`base`, `deadlock`), or its id. */
export function scenarioName(s: { numeral: string | null; short?: string | undefined; id: string }): string {
  return s.numeral ?? s.short ?? s.id;
}

/** One line per scenario: name, status, probability, title and the deciding reason, each fitted to its column (reasons by whole words). */
export function compactScenarioTable(scenarios: readonly ScenarioResult[], opts: ScreenOptions): string[] {
  const { chalk } = opts;
  const numW = Math.max(1, ...scenarios.map((s) => scenarioName(s).length));
  const usable = opts.width - 1;
  const fixed = numW + 2 + 9 + 2 + 6 + 2;
  const rest = Math.max(20, usable - fixed - 2);
  // Titles are prose, shortened when they must be; reasons name ids, which are not cut, so they get the room titles can spare.
  const titleNeed = Math.min(40, Math.max(8, ...scenarios.map((s) => visibleWidth(s.title))));
  const reasonNeed = Math.max(15, ...scenarios.map((s) => visibleWidth(decidingReason(s))));
  // Room for each reason up to its first id, so no row says just "needs …".
  const reasonMin = Math.max(15, ...scenarios.map((s) => visibleWidth(upToFirstId(decidingReason(s))) + 2));
  const titleW = Math.max(12, Math.floor(rest * 0.3), Math.min(titleNeed, rest - Math.min(reasonNeed, reasonMin), Math.max(rest - reasonNeed, Math.floor(rest * 0.45))));
  const reasonW = Math.max(8, rest - titleW);
  const row = (num: string, status: string, statusW: number, weight: string, title: string, reason: string) =>
    `${num.padEnd(numW)}  ${status}${' '.repeat(Math.max(0, 9 - statusW))}  ${weight.padStart(6)}  ${title.padEnd(titleW)}  ${reason}`.trimEnd();
  const out = [chalk.dim(row('#', 'Status', 6, NUMBER_HEAD, 'Scenario', 'Deciding reason'))];
  for (const s of scenarios) {
    const weight = numberText(s);
    out.push(
      row(
        scenarioName(s),
        statusText(s.status, chalk),
        s.status.length,
        weight,
        cut(s.title, titleW),
        chalk.dim(wholeWords(decidingReason(s), reasonW)),
      ),
    );
  }
  return out;
}

/** The focused scenario's whole deciding reason, wrapped under the table: `↳ IV ruled-out: needs …`. */
export function focusLines(s: ScenarioResult, opts: ScreenOptions): string[] {
  const reason = decidingReason(s) || 'nothing decides it yet';
  const head = `↳ ${scenarioName(s)} ${s.status}: `;
  return wrap(`${head}${reason}`, opts.width - 1, ' '.repeat(head.length)).map((l, i) => (i === 0 ? opts.chalk.bold(l.slice(0, head.length)) + l.slice(head.length) : l));
}

export interface ScreenState {
  ev: Evaluation & { ok: true };
  /** What the last action did, or why it was refused; shown under the settings. */
  message?: string | undefined;
  /** The scenario whose whole deciding reason is shown under the table (the one last changed or asked about). */
  focus?: string | undefined;
}

/**
 * The session's screen: the model's title, the scenario table, the settings
 * and the conditions they force, then the last message. Pure: text in, text out.
 */
export function renderScreen(model: Model, state: ScreenState, opts: ScreenOptions): string {
  const { chalk, width } = opts;
  const usable = width - 1;
  const { ev } = state;
  const out: string[] = [chalk.bold(cut(model.info.title, usable))];
  out.push(...compactScenarioTable(ev.scenarios, opts));
  const focused = state.focus !== undefined ? ev.scenarios.find((s) => s.id === state.focus) : undefined;
  if (focused) out.push(...focusLines(focused, opts));
  out.push('');
  // The user's own settings and probabilities; what the model's events (or the user's observations) established; assumptions.
  const set = [
    ...ev.settings.filter((x) => (x.origin ?? 'set') === 'set').map(settingText),
    ...ev.probabilities.map((p) => `${p.condition}=${probabilityShown(p.probabilities)}`),
  ];
  out.push(...(set.length ? packList('Set:     ', set, usable, 2, chalk) : [`${chalk.bold('Set:     ')}${chalk.dim('nothing (every condition unknown)')}`]));
  const seen = ev.settings.filter((x) => x.origin === 'observed').map(settingText);
  const evidence = ev.observations.filter((o) => !o.replaced && !ev.settings.some((x) => x.origin === 'observed' && x.condition === o.condition)).length;
  // The date matters only to a model with dated events (or to the user's own observations).
  const dated = ev.numbers.asOf !== undefined && (model.events.length > 0 || ev.observations.length > 0);
  if (dated || seen.length) {
    const label = dated ? `As of ${ev.numbers.asOf}: ` : 'Seen:    ';
    const items = [...seen, ...(evidence ? [`${evidence} observation${evidence === 1 ? '' : 's'} as evidence`] : [])];
    out.push(...(items.length ? packList(label, items, usable, 2, chalk) : [`${chalk.bold(label)}${chalk.dim('no event of the model yet')}`]));
  }
  const assumed = [...new Set(ev.settings.filter((x) => x.origin === 'assumed').map((x) => x.assumption ?? ''))];
  if (assumed.length) out.push(...packList('Assumed: ', assumed, usable, 1, chalk));
  const derived = ev.derived.map((d) => settingText(d));
  out.push(...(derived.length ? packList('Derived: ', derived, usable, 2, chalk) : [`${chalk.bold('Derived: ')}${chalk.dim('none')}`]));
  if (state.message) out.push(...wrap(state.message, usable, '  '));
  return out.join('\n') + '\n';
}
