import type { ChalkInstance } from 'chalk';
import type { ScenarioResult, Status } from '../engine/evaluate.js';
import type { TimelineStep } from '../engine/timeline.js';
import type { Model, ModelEvent } from '../engine/types.js';
import { gridText } from './kit/grid.js';
import type { GridCell } from './kit/grid.js';
import { eventJson, modelJson, round, SCHEMA_VERSION } from './kit/json.js';
import { scenarioLabel } from './kit/names.js';
import { numberJson, numberShort, numberText, percent, points, statusNumber } from './kit/number.js';
import type { Renderers, RenderOptions } from './kit/options.js';
import { citationText, mdCell, settingText } from './kit/text.js';
import { fitLines, hang, packItems } from './kit/wrap.js';

export { scenarioLabel } from './kit/names.js';

/** What `timeline` renders: the steps, and what shaped them. */
export interface TimelineData {
  model: Model;
  steps: TimelineStep[];
  until: string | null;
  overrides: ReadonlyMap<string, unknown>;
  changesOnly: boolean;
  /** One's own recorded forecasts (timeline --log), drawn beside the model's events. */
  records?: readonly RecordedColumn[] | undefined;
}

/** A recorded forecast, as the timeline draws it. */
export interface RecordedColumn {
  id: string;
  date: string;
  by?: string | undefined;
  /** Scenario id to its recorded probability. */
  scenarios: ReadonlyMap<string, number>;
}

/** The steps and the recorded forecasts in date order: a record after the events of its own date (it knew them). */
function merged(steps: readonly TimelineStep[], records: readonly RecordedColumn[]): ({ step: TimelineStep } | { record: RecordedColumn; n: number })[] {
  const recs = [...records].map((record, i) => ({ record, n: i + 1 })).sort((a, b) => (a.record.date < b.record.date ? -1 : a.record.date > b.record.date ? 1 : a.n - b.n));
  const out: ({ step: TimelineStep } | { record: RecordedColumn; n: number })[] = [];
  let r = 0;
  steps.forEach((step, i) => {
    out.push({ step });
    const next = steps[i + 1]?.event?.date;
    while (r < recs.length && (next === undefined || recs[r]!.record.date < next)) out.push(recs[r++]!);
  });
  while (r < recs.length) out.push(recs[r++]!);
  return out;
}

/** `r 33%`: a recorded probability in the grid. */
function recordCell(p: number | undefined): string {
  if (p === undefined) return 'r  ·';
  const n = Math.round(p * 100);
  return `r${(p > 0 && n === 0 ? '<1%' : `${n}%`).padStart(4)}`;
}

/** "~" after an inferred date, "?" after an undated one's placeholder date. */
export function dateMark(e: Pick<ModelEvent, 'dateBasis'>): string {
  return e.dateBasis === 'inferred' ? '~' : e.dateBasis === 'undated' ? '?' : '';
}

/** The date as shown: `2026-01-24`, `2025-12-28 (inferred)`, `2026-01-29 (undated)`. */
export function dateText(e: Pick<ModelEvent, 'date' | 'dateBasis'>): string {
  return e.dateBasis === 'stated' ? e.date : `${e.date} (${e.dateBasis})`;
}

const LETTER: Readonly<Record<Status, string>> = { open: 'O', triggered: 'T', certain: 'C', 'ruled-out': 'X' };

/** The status cell text of the grid: `O 33%`, `T100%`, `X`; `*` marks a status that changed at this step. */
function cellText(r: ScenarioResult, changed: boolean): string {
  const w = numberShort(r);
  const body = r.status === 'ruled-out' ? 'X' : `${LETTER[r.status]}${w.padStart(4)}`;
  return changed ? `${body}*` : body;
}

export function statusPaint(status: Status, chalk: ChalkInstance): (s: string) => string {
  switch (status) {
    case 'certain':
    case 'triggered':
      return (s) => chalk.bgGreen.black(s);
    case 'open':
      return (s) => chalk.bgYellow.black(s);
    case 'ruled-out':
      return (s) => chalk.bgRed.white(s);
  }
}

export interface TimelineRenderOptions extends RenderOptions {
  /** Show only the start and the steps where a status or probability moved. */
  changesOnly?: boolean;
}

/** Whether any scenario's status or (rounded) probability differs between two steps. */
export function stepChanged(prev: TimelineStep | undefined, step: TimelineStep): boolean {
  if (!prev) return true;
  const a = prev.evaluation;
  const b = step.evaluation;
  if (!a.ok || !b.ok) return a.ok !== b.ok;
  return b.scenarios.some((s, i) => {
    const p = a.scenarios[i]!;
    return p.status !== s.status || Math.abs(p.probability - s.probability) > 5e-4;
  });
}

/** The steps to show: all, or the start and those where something moved. */
export function visibleSteps(steps: readonly TimelineStep[], changesOnly = false): TimelineStep[] {
  return changesOnly ? steps.filter((s, i) => i === 0 || stepChanged(steps[i - 1], s)) : [...steps];
}

/**
 * The timeline as a terminal grid: one row per scenario, one column per
 * event (the start first), each cell the status letter and probability, coloured
 * by status; wrapped into blocks to fit the width. A key of the events with
 * their dates (marked when inferred or undated) follows, then a legend.
 *
 * @example
 * timelineGrid(model, timeline(model), { chalk, width: 80 });
 */
export function timelineGrid(model: Model, steps: readonly TimelineStep[], opts: TimelineRenderOptions, records: readonly RecordedColumn[] = []): string {
  const { chalk } = opts;
  const shown = visibleSteps(steps, opts.changesOnly);
  let lastYear = '';
  const columns = merged(shown, records).map((item) => {
    if ('record' in item) {
      const { record, n } = item;
      const year = record.date.slice(0, 4);
      const head = [`r${n}`, year !== lastYear ? year : '', record.date.slice(5)];
      lastYear = year;
      const cells: GridCell[] = model.scenarios.map((sc) => ({ text: recordCell(record.scenarios.get(sc.id)), paint: (t: string) => chalk.cyan(t) }));
      return { head, blockHead: [`r${n}`, year, record.date.slice(5)], cells };
    }
    const { step } = item;
    const prevIdx = steps.indexOf(step) - 1;
    const prev = prevIdx >= 0 ? steps[prevIdx] : undefined;
    let head: string[];
    let blockHead: string[] | undefined;
    if (step.event) {
      const year = step.event.date.slice(0, 4);
      const day = `${step.event.date.slice(5)}${dateMark(step.event)}`;
      // The year shows where it changes, and again at the start of each block.
      head = [`#${step.index}`, year !== lastYear ? year : '', day];
      blockHead = [`#${step.index}`, year, day];
      lastYear = year;
    } else head = ['start', '', ''];
    const ev = step.evaluation;
    const cells: GridCell[] = model.scenarios.map((s, i) => {
      if (!ev.ok) return { text: '!', paint: (t: string) => chalk.inverse(t) };
      const r = ev.scenarios[i]!;
      const before = prev?.evaluation.ok ? prev.evaluation.scenarios[i]?.status : undefined;
      const changed = before !== undefined && before !== r.status;
      const paint = statusPaint(r.status, chalk);
      return { text: cellText(r, changed), paint: changed ? (t: string) => chalk.bold(paint(t)) : paint };
    });
    return { head, blockHead, cells };
  });
  const grid = gridText({
    rowLabels: model.scenarios.map(scenarioLabel),
    columns,
    width: opts.wide ? Infinity : opts.width,
    pinned: 1,
  });
  const out: string[] = [];
  const legend = [
    `${statusPaint('open', chalk)('O')} open`,
    `${statusPaint('triggered', chalk)('T')} triggered`,
    `${statusPaint('certain', chalk)('C')} certain`,
    `${statusPaint('ruled-out', chalk)('X')} ruled out`,
    '% probability',
    '* status changed at this event',
    '! settings contradict the model',
    '~ date inferred',
    '? undated (placeholder date)',
    ...(records.length ? [`${chalk.cyan('r')} your recorded probability (the log)`] : []),
  ];
  out.push(packItems(legend, '  ', opts.width).join('\n'));
  out.push('');
  out.push(chalk.bold('Scenarios:'));
  const labelW = Math.max(4, ...model.scenarios.map((s) => scenarioLabel(s).length));
  for (const s of model.scenarios) out.push(hang(`  ${scenarioLabel(s).padEnd(labelW)} `, s.title, opts.width));
  out.push(chalk.bold('Events:'));
  const idxW = String(steps.length).length + 1;
  for (const step of shown) {
    if (!step.event) continue;
    const e = step.event;
    const sets = Object.entries(e.sets).map(([condition, value]) => settingText({ condition, value }));
    const head = `  ${`#${step.index}`.padStart(idxW)} ${e.date}${dateMark(e).padEnd(1)} `;
    out.push(hang(head, e.title, opts.width));
    if (sets.length) out.push(chalk.dim(hang(' '.repeat(head.length), `observes ${sets.join(', ')}`, opts.width)));
    if (!step.evaluation.ok)
      out.push(chalk.red(hang(' '.repeat(head.length), `contradiction: ${step.evaluation.conflict.text}`, opts.width)));
  }
  if (records.length) {
    out.push(chalk.bold('Recorded forecasts:'));
    records.forEach((r, i) => out.push(hang(`  ${`r${i + 1}`.padStart(idxW)} ${r.date}  `, `${r.id}${r.by ? ` by ${r.by}` : ''}`, opts.width)));
  }
  const first = steps[0];
  if (first && first.settings.size)
    out.push(`${chalk.bold('Held fixed at every step:')} ${[...first.settings].map(([condition, value]) => settingText({ condition, value })).join(', ')}`);
  // The grid is laid out to the width already (with --wide, on purpose wider): only the text after it is wrapped.
  return `${grid.trimEnd()}\n\n${fitLines(out.join('\n') + '\n', opts.width)}`;
}

/** The timeline as the documented JSON shape. */
export function timelineJson(
  model: Model,
  steps: readonly TimelineStep[],
  meta: { until: string | null; overrides: ReadonlyMap<string, unknown>; changesOnly?: boolean; records?: readonly RecordedColumn[] | undefined },
): Record<string, unknown> {
  return {
    ...(meta.records ? { records: meta.records.map((r) => ({ id: r.id, date: r.date, by: r.by ?? null, scenarios: [...r.scenarios].map(([id, p]) => ({ id, probability: round(p) })) })) } : {}),
    schemaVersion: SCHEMA_VERSION,
    model: modelJson(model),
    until: meta.until,
    overrides: [...meta.overrides].map(([condition, value]) => ({ condition, value })),
    steps: visibleSteps(steps, meta.changesOnly).map((s) => {
      const ev = s.evaluation;
      return {
        index: s.index,
        event: s.event ? eventJson(s.event) : null,
        settings: [...s.settings].map(([condition, value]) => ({ condition, value })),
        ok: ev.ok,
        ...(ev.ok
          ? {
              scenarios: ev.scenarios.map((r) => ({ id: r.id, numeral: r.numeral, status: r.status, ...numberJson(r) })),
              derived: ev.derived.map((d) => ({ condition: d.condition, value: d.value })),
            }
          : { conflict: { text: ev.conflict.text, settings: ev.conflict.settings, constraints: ev.conflict.constraints } }),
      };
    }),
  };
}

/** The timeline as a Markdown table: one row per event, one column per scenario. */
export function timelineMarkdown(model: Model, steps: readonly TimelineStep[], changesOnly = false, records: readonly RecordedColumn[] = []): string {
  const out = [`# Timeline: ${mdCell(model.info.title)}`, ''];
  out.push(`| # | Date | Event | Observes | ${model.scenarios.map((s) => mdCell(scenarioLabel(s))).join(' | ')} |`);
  out.push(`|---:|---|---|---|${model.scenarios.map(() => '---|').join('')}`);
  for (const item of merged(visibleSteps(steps, changesOnly), records)) {
    if ('record' in item) {
      const r = item.record;
      const cells = model.scenarios.map((sc) => (r.scenarios.has(sc.id) ? `recorded ${percent(r.scenarios.get(sc.id)!)}` : ''));
      out.push(`| r${item.n} | ${r.date} | your forecast ${r.id}${r.by ? ` by ${mdCell(r.by)}` : ''} |  | ${cells.join(' | ')} |`);
      continue;
    }
    const { step } = item;
    const e = step.event;
    const ev = step.evaluation;
    const cells = model.scenarios.map((_, i) => {
      if (!ev.ok) return 'contradiction';
      return statusNumber(ev.scenarios[i]!);
    });
    const sets = e ? Object.entries(e.sets).map(([condition, value]) => `\`${settingText({ condition, value })}\``).join(', ') : '';
    out.push(`| ${step.index} | ${e ? dateText(e) : ''} | ${e ? mdCell(e.title) : 'start'} | ${sets} | ${cells.join(' | ')} |`);
  }
  out.push('', 'Dates marked (inferred) are read from a source that does not state the day; (undated) ones are placeholders that keep the order.');
  return out.join('\n') + '\n';
}

/**
 * One step of the timeline, for stepping through it event by event: the
 * event with its date (marked when inferred or undated), what it sets and
 * its sources, then each scenario's status and probability with the change since
 * the step before.
 *
 * @example
 * timelineStepText(model, steps, 3, { chalk, width: 80 }); // "Event 3 of 19, 2023-10-07: ..."
 */
export function timelineStepText(model: Model, steps: readonly TimelineStep[], index: number, opts: RenderOptions): string {
  const { chalk } = opts;
  const step = steps[index];
  if (!step) return '';
  const prev = index > 0 ? steps[index - 1] : undefined;
  const out: string[] = [];
  const e = step.event;
  if (e) {
    out.push(chalk.bold(hang(`Event ${index} of ${steps.length - 1}, `, `${dateText(e)}: ${e.title}`, opts.width, 2)));
    const sets = Object.entries(e.sets).map(([condition, value]) => settingText({ condition, value }));
    out.push(hang('  observes: ', sets.length ? sets.join(', ') : 'nothing (context only)', opts.width));
    for (const c of e.citations) out.push(chalk.dim(hang('  ', citationText(c), opts.width, 4)));
  } else out.push(chalk.bold(`Start: before any event (${steps.length - 1} events follow)`));
  const ev = step.evaluation;
  if (!ev.ok) {
    out.push(chalk.red(hang('  contradiction: ', ev.conflict.text, opts.width)));
    return out.join('\n') + '\n';
  }
  const before = prev?.evaluation.ok ? prev.evaluation.scenarios : undefined;
  for (const [i, r] of ev.scenarios.entries()) {
    const s = model.scenarios[i]!;
    const p = before?.[i];
    const w = r.status === 'ruled-out' ? '' : ` ${numberText(r)}`;
    let change = '';
    if (p && p.status !== r.status) change = ` (was ${p.status})`;
    else if (p && Math.abs(p.probability - r.probability) >= 5e-4) change = ` (${points(r.probability - p.probability)} pts)`;
    const line = `  ${scenarioLabel(s).padEnd(5)} ${statusPaint(r.status, chalk)(r.status.padEnd(9))}${w}${change}`;
    out.push(p && p.status !== r.status ? chalk.bold(line) : line);
  }
  return out.join('\n') + '\n';
}

export const timelineRenderers: Renderers<TimelineData> = {
  table: ({ model, steps, changesOnly, records }, style) => timelineGrid(model, steps, { ...style, changesOnly }, records),
  json: ({ model, steps, until, overrides, changesOnly, records }) => timelineJson(model, steps, { until, overrides, changesOnly, records }),
  markdown: ({ model, steps, changesOnly, records }) => timelineMarkdown(model, steps, changesOnly, records),
};
