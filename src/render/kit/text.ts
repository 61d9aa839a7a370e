import type { ChalkInstance } from 'chalk';
import type { Because, DerivedCondition, Evaluation, ScenarioResult, SettingRef, Status } from '../../engine/evaluate.js';
import { formatValue } from '../../engine/expr.js';
import type { Citation, Judgement, JudgementSource, Value } from '../../engine/types.js';

/** The words every renderer uses for the engine's data. */

/** `id=value`, as users type it in --set. */
export function settingText(s: SettingRef): string {
  return `${s.condition}=${formatValue(s.value)}`;
}

/**
 * What the question put on the answer, a line each: the date and the
 * events, what they established, the user's settings, probabilities,
 * observations and assumptions, the residual, and whether the numbers are an
 * estimate.
 */
export function questionLines(ev: Evaluation & { ok: true }, chalk: ChalkInstance): string[] {
  const out: string[] = [];
  const bold = (x: string) => chalk.bold(x);
  const user = ev.settings.filter((x) => (x.origin ?? 'set') === 'set');
  const observed = ev.settings.filter((x) => x.origin === 'observed');
  const assumed = ev.settings.filter((x) => x.origin === 'assumed');
  const fromEvents = ev.observations.filter((o) => o.event !== undefined && !o.replaced);
  const mine = ev.observations.filter((o) => o.event === undefined && !o.replaced);
  if (ev.numbers.asOf !== undefined) {
    const soft = fromEvents.filter((o) => o.reading === 'not-yet' || o.reading === 'state').length;
    out.push(
      `${bold(`As of ${ev.numbers.asOf}`)}` +
        (fromEvents.length
          ? `: ${fromEvents.length} observation${fromEvents.length === 1 ? '' : 's'} from the model's events` +
            `${observed.length ? `, established: ${observed.map(settingText).join(', ')}` : ''}` +
            `${soft ? `; ${soft} as evidence` : ''}`
          : chalk.dim(': no event of the model dated on or before it')),
    );
  } else if (observed.length) out.push(`${bold('Established:')} ${observed.map(settingText).join(', ')}`);
  out.push(`${bold('Settings:')} ${user.length ? user.map(settingText).join(', ') : chalk.dim('none')}`);
  if (ev.probabilities.length)
    out.push(`${bold('Your probabilities:')} ${ev.probabilities.map((p) => `${p.condition}=${probabilityShown(p.probabilities)}`).join(', ')}`);
  if (mine.length)
    out.push(
      `${bold('Observed:')} ${mine.map((o) => (o.reading === 'not-yet' ? `${o.condition} not yet by ${o.date}` : `${o.condition}=${formatValue(o.value)} on ${o.date}`)).join(', ')}`,
    );
  if (assumed.length) out.push(`${bold('Assumed:')} ${[...new Set(assumed.map((x) => x.assumption ?? ''))].join(', ')} (${assumed.map(settingText).join(', ')})`);
  out.push(`${bold('No scenario holds:')} ${(ev.residual * 100).toFixed(1)}% ${chalk.dim('(what the model leaves uncovered)')}`);
  if (ev.numbers.method === 'estimate')
    out.push(chalk.yellow(`Estimate: sampled (${ev.numbers.samples ?? 0} sweeps); each probability within ±${(ev.numbers.error * 100).toFixed(1)} points (95%)`));
  return out;
}

/** A user's probabilities as typed: `70%` for yes/no, `a:60%,b:40%` for named values. */
export function probabilityShown(ps: readonly { value: Value; probability: number }[]): string {
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const yes = ps.find((x) => x.value === true);
  return yes ? pct(yes.probability) : ps.map((x) => `${String(x.value)}:${pct(x.probability)}`).join(',');
}

/** The settings in one line, or what no settings mean. */
export function settingsText(settings: readonly SettingRef[]): string {
  return settings.length ? settings.map(settingText).join(', ') : 'none (every condition unknown)';
}

export function valueText(v: Value | null): string {
  return v === null ? 'unknown' : formatValue(v);
}

/** Entropy in bits, `1.585 bits`. */
export function bits(x: number): string {
  return `${(Math.abs(x) < 5e-7 ? 0 : x).toFixed(3)} bits`;
}

/** A count with thousands separators, or in exponent form past 15 digits. By hand: toLocaleString loads ICU data. */
export function countText(n: bigint): string {
  const s = n.toString();
  if (s.length > 15) return `${s.slice(0, 1)}.${s.slice(1, 4)}e${s.length - 1}`;
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A scenario status, coloured. */
export function statusText(status: Status, chalk: ChalkInstance): string {
  switch (status) {
    case 'ruled-out':
      return chalk.red('ruled-out');
    case 'certain':
      return chalk.green.bold.underline('certain');
    case 'triggered':
      return chalk.green.bold('triggered');
    case 'open':
      return chalk.yellow('open');
  }
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
  if (s.status === 'certain' && b) {
    const needs = b.clauses.filter((c) => c.role === 'requires').map((c) => c.expr);
    const avoid = b.clauses.filter((c) => c.role === 'rules-out').map((c) => `not ${c.expr}`);
    const what = [...needs, ...avoid];
    return `in every world${what.length ? `: ${what.join(', ')}` : ''}${from}`;
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

/** Text for a Markdown table cell on one line: pipes escaped, line breaks as spaces. */
export function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Text for a Markdown table cell that keeps its lines: pipes escaped, line breaks as `<br>`. */
export function mdLines(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}

/** `forces a=b, c=d and 3 more`: the conditions a change would force (`sep` may break them onto lines). */
export function forcesText(ds: readonly DerivedCondition[], max = 4, sep = ', '): string {
  if (ds.length === 1) sep = ', ';
  const shown = ds.slice(0, max).map((d) => `${d.condition}=${formatValue(d.value)}`);
  return `forces${sep === ', ' ? ' ' : sep}${shown.join(sep)}${ds.length > max ? `${sep === ', ' ? ' ' : sep}and ${ds.length - max} more` : ''}`;
}

/** The note under a table whose prose was shortened: how to read it whole. */
export function shortenedNote({ chalk }: { chalk: ChalkInstance }): string {
  return chalk.dim('… marks prose shortened to fit; --wide (or --format markdown) shows it whole');
}

/** A source a judgement cites: `001.txt: "quote" (stated)`, or `https://…: "quote" (unverified)`. */
export function judgementSourceText(s: JudgementSource): string {
  const quote = s.quote ? `: "${s.quote}"` : '';
  const note = s.note ? ` [${s.note}]` : '';
  if ('url' in s) return `${s.url}${quote} (unverified)${note}`;
  return `${s.source}${quote}${s.basis ? ` (${s.basis})` : ''}${note}`;
}

/** Who said it and when: `by alice, 2026-11-30`, or ''. */
export function judgementWho(j: Judgement): string {
  return [j.by ? `by ${j.by}` : '', j.date ?? ''].filter(Boolean).join(', ');
}

/** A judgement's head line: `maliki_resigns = 0.4 (by alice, 2026-11-30): note`. */
export function judgementText(j: Judgement): string {
  const who = judgementWho(j);
  return `${j.condition} = ${j.said}${who ? ` (${who})` : ''}${j.note ? `: ${j.note}` : ''}`;
}

/** A judgement as JSON: what was said, its note, author, date and sources (web pages marked unverified). */
export function judgementJson(j: Judgement): Record<string, unknown> {
  return {
    condition: j.condition,
    said: j.said,
    ...(j.note ? { note: j.note } : {}),
    ...(j.by ? { by: j.by } : {}),
    ...(j.date ? { date: j.date } : {}),
    sources: j.sources.map((s) => ({ ...s })),
    ...(j.loc ? { at: j.loc } : {}),
  };
}
