import type { ConditionDiff, EvaluationDiff, ScenarioSide } from '../engine/diff.js';
import type { SettingRef } from '../engine/evaluate.js';
import { SCHEMA_VERSION } from './kit/json.js';
import { scenarioLabel } from './kit/names.js';
import { numberJson, numberText, points, round, statusNumber } from './kit/number.js';
import type { Renderers, RenderOptions } from './kit/options.js';
import { makeTable } from './kit/table.js';
import { mdCell, settingText, statusText, valueText } from './kit/text.js';
import { cut } from './kit/width.js';
import { fitLines, hang } from './kit/wrap.js';

/** What `diff` renders: the differences and what each side was. */
export interface DiffData {
  d: EvaluationDiff;
  from: DiffSide;
  to: DiffSide;
}

/** What one side of a diff is: which model, which date, which settings. */
export interface DiffSide {
  model: { name: string; title: string };
  /** The --as-of date of that side, if any. */
  asOf: string | null;
  settings: SettingRef[];
}

/** Describes one side of a diff from an evaluation (e.g. the session's start and its present). */
export function diffSide(model: { info: { name: string; title: string } }, ev: { settings: SettingRef[] }, asOf: string | null = null): DiffSide {
  return { model: { name: model.info.name, title: model.info.title }, asOf, settings: ev.settings };
}

/**
 * A one-line description of a side: `harbour; as of 2026-01-31; weather=storm`.
 * Settings in `omit` (those both sides share) are left out, said once elsewhere.
 */
export function sideText(s: DiffSide, omit: ReadonlySet<string> = new Set()): string {
  const parts = [s.model.name];
  if (s.asOf) parts.push(`as of ${s.asOf}`);
  const own = s.settings.filter((x) => !omit.has(settingText(x)));
  parts.push(own.length ? own.map(settingText).join(', ') : omit.size ? 'no other settings' : 'no settings');
  return parts.join('; ');
}

/** The settings both sides share, as `id=value` texts. */
function sharedSettings(a: DiffSide, b: DiffSide): Set<string> {
  const mine = new Set(a.settings.map(settingText));
  return new Set(b.settings.map(settingText).filter((t) => mine.has(t)));
}

function sideCell(s: ScenarioSide | null, opts: RenderOptions): string {
  if (!s) return opts.chalk.dim('absent');
  return s.status === 'ruled-out' ? statusText(s.status, opts.chalk) : `${statusText(s.status, opts.chalk)} ${numberText(s)}`;
}

function delta(d: number): string {
  return Math.abs(d) < 5e-4 ? '·' : points(d);
}

function condSide(c: ConditionDiff['from']): string {
  if (!c || c.value === null) return 'unknown';
  return `${valueText(c.value)} (${c.origin})`;
}

/**
 * Two evaluations side by side for the terminal: each scenario's status and
 * probability on both sides with the change in points; then the settings and the
 * derived conditions that differ. Changed rows are marked with `*`.
 *
 * @example
 * diffTable(diffEvaluations(a, b), fromSide, toSide, { chalk, width: 80 });
 */
export function diffTable(d: EvaluationDiff, from: DiffSide, to: DiffSide, opts: RenderOptions): string {
  const { chalk } = opts;
  const out: string[] = [];
  // Bold is applied after wrapping so ANSI codes never count towards the width.
  const shared = sharedSettings(from, to);
  if (shared.size) out.push(hang('Both: ', [...shared].join(', '), opts.width).replace(/^Both:/, chalk.bold('Both:')));
  out.push(hang('From: ', sideText(from, shared), opts.width).replace(/^From:/, chalk.bold('From:')));
  out.push(hang('To:   ', sideText(to, shared), opts.width).replace(/^To:/, chalk.bold('To:')));
  // When narrow, a side's probability goes under its status so the title keeps some room.
  const sideW = opts.width - (6 + 17 + 17 + 8) - 6 >= 14 ? 17 : 11;
  // The name column fits the longest name and its change mark: a name is never cut (`base*`, `deadlock*`).
  const numW = Math.max(6, ...d.scenarios.map((s) => scenarioLabel(s).length + 3));
  const titleW = Math.max(14, opts.width - (numW + sideW * 2 + 8) - 6);
  const t = makeTable(opts, ['#', 'Scenario', 'From', 'To', 'Δ pts'], [numW, titleW, sideW, sideW, 8]);
  for (const s of d.scenarios) {
    const mark = s.statusChanged ? '*' : '';
    const label = `${scenarioLabel(s)}${mark}`;
    t.push([
      s.statusChanged ? chalk.bold(label) : label,
      cut(s.title, titleW - 2),
      sideCell(s.from, opts),
      sideCell(s.to, opts),
      delta(s.probabilityDelta),
    ]);
  }
  out.push(t.toString());
  const list = (title: string, items: ConditionDiff[]) => {
    if (!items.length) {
      out.push(`${chalk.bold(title)} ${chalk.dim('none')}`);
      return;
    }
    out.push(chalk.bold(title));
    for (const c of items) out.push(`  ${c.condition}: ${condSide(c.from)} → ${condSide(c.to)}`);
  };
  list('Settings that differ:', d.settings);
  list('Derived conditions that differ:', d.derived);
  out.push(d.changed ? chalk.dim('* status changed; Δ pts = change in probability, in percentage points') : 'No differences.');
  return fitLines(out.join('\n') + '\n', opts.width);
}

const cond = (c: ConditionDiff['from']) => (c ? { origin: c.origin, value: c.value } : null);

/** The diff as the documented JSON shape. */
export function diffJson(d: EvaluationDiff, from: DiffSide, to: DiffSide): Record<string, unknown> {
  const side = (s: ScenarioSide | null) => (s ? { status: s.status, ...numberJson(s) } : null);
  return {
    schemaVersion: SCHEMA_VERSION,
    from,
    to,
    changed: d.changed,
    scenarios: d.scenarios.map((s) => ({
      id: s.id,
      numeral: s.numeral,
      title: s.title,
      from: side(s.from),
      to: side(s.to),
      statusChanged: s.statusChanged,
      probabilityDelta: round(s.probabilityDelta),
    })),
    settings: d.settings.map((c) => ({ condition: c.condition, from: cond(c.from), to: cond(c.to) })),
    derived: d.derived.map((c) => ({ condition: c.condition, from: cond(c.from), to: cond(c.to) })),
  };
}

/** The diff in Markdown. */
export function diffMarkdown(d: EvaluationDiff, from: DiffSide, to: DiffSide): string {
  const cell = (s: ScenarioSide | null) => (!s ? 'absent' : statusNumber(s));
  const shared = sharedSettings(from, to);
  const out = [
    ...(shared.size ? [`**Both:** ${mdCell([...shared].join(', '))}  `] : []),
    `**From:** ${mdCell(sideText(from, shared))}  `,
    `**To:** ${mdCell(sideText(to, shared))}`,
    '',
  ];
  out.push('| # | Scenario | From | To | Δ pts |', '|---|---|---|---|---:|');
  for (const s of d.scenarios)
    out.push(`| ${mdCell(scenarioLabel(s))}${s.statusChanged ? ' *' : ''} | ${mdCell(s.title)} | ${cell(s.from)} | ${cell(s.to)} | ${delta(s.probabilityDelta)} |`);
  for (const [title, items] of [
    ['Settings that differ', d.settings],
    ['Derived conditions that differ', d.derived],
  ] as const) {
    out.push('', `**${title}:**${items.length ? '' : ' none'}`);
    if (items.length) out.push('', ...items.map((c) => `- \`${c.condition}\`: ${condSide(c.from)} → ${condSide(c.to)}`));
  }
  if (!d.changed) out.push('', 'No differences.');
  return out.join('\n') + '\n';
}

export const diffRenderers: Renderers<DiffData> = {
  table: ({ d, from, to }, style) => diffTable(d, from, to, style),
  json: ({ d, from, to }) => diffJson(d, from, to),
  markdown: ({ d, from, to }) => diffMarkdown(d, from, to),
};
