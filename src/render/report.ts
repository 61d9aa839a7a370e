import type { StanceMatrix } from '../engine/actors.js';
import type { Evaluation, ScenarioResult, Status } from '../engine/evaluate.js';
import { formatValue } from '../engine/expr.js';
import type { TimelineStep } from '../engine/timeline.js';
import type { Model, StanceKind } from '../engine/types.js';
import { actorsJson, BALANCE_FORMULA, conditionalText } from './actors.js';
import { STATUS_COLOURS } from './graph.js';
import { el, esc, n2 } from './kit/html.js';
import { eventJson, modelJson, questionJson, round, scenarioResultJson, SCHEMA_VERSION } from './kit/json.js';
import { label } from './kit/names.js';
import { percent } from './kit/number.js';
import type { Renderers } from './kit/options.js';
import { plainChalk } from './kit/options.js';
import { citationText, decidingReason, questionLines } from './kit/text.js';
import { dateText } from './timeline.js';

/** What `report` renders: the model, the question's evaluation, the timeline up to its date, the stance matrix. */
export interface ReportData {
  model: Model;
  ev: Evaluation & { ok: true };
  /** The start and each of the model's events up to the question's date, the question held at every step. */
  steps: readonly TimelineStep[];
  /** The stance matrix under the question's hard values (null: the model has no actors). */
  m: StanceMatrix | null;
  /** What made the file: `iraq-scenarios 0.1.0`. */
  generator: string;
}

/** One scenario's probability after each step (null where the step's settings contradict the model). */
export interface SeriesPoint {
  step: number;
  event: string | null;
  date: string | null;
  status: Status | null;
  probability: number | null;
}

/** Each scenario's probability over the timeline's steps. */
export function scenarioSeries(model: Model, steps: readonly TimelineStep[]): { scenario: string; points: SeriesPoint[] }[] {
  return model.scenarios.map((s, i) => ({
    scenario: s.id,
    points: steps.map((step) => {
      const r = step.evaluation.ok ? step.evaluation.scenarios[i] : undefined;
      return { step: step.index, event: step.event?.id ?? null, date: step.event?.date ?? null, status: r?.status ?? null, probability: r ? r.probability : null };
    }),
  }));
}

// ---------------------------------------------------------------- the chart

const CHART = { w: 440, h: 180, left: 40, right: 12, top: 10, bottom: 34 };
const LINE = '#1f5fa8';

/** A status's colour for points and badges: the outline colours of `graph`. */
const statusColour = (s: Status) => STATUS_COLOURS[s].stroke;

/**
 * One scenario's probability over the steps as an inline SVG: a step line
 * (a probability holds until the next event), a point per step coloured by
 * status with the event in its tooltip, 0-100% on the left, the steps'
 * numbers below (the events table names them).
 */
export function probabilityChart(model: Model, steps: readonly TimelineStep[], index: number): string {
  const s = model.scenarios[index]!;
  const { w, h, left, right, top, bottom } = CHART;
  const plotW = w - left - right;
  const plotH = h - top - bottom;
  const n = steps.length;
  const x = (i: number) => left + (n <= 1 ? plotW / 2 : (i / (n - 1)) * plotW);
  const y = (p: number) => top + (1 - p) * plotH;
  const out: string[] = [];
  for (const p of [0, 0.25, 0.5, 0.75, 1]) {
    out.push(`<line class="grid" x1="${left}" x2="${w - right}" y1="${n2(y(p))}" y2="${n2(y(p))}"/>`);
    out.push(`<text class="axis" x="${left - 6}" y="${n2(y(p) + 4)}" text-anchor="end">${p * 100}%</text>`);
  }
  // The x axis: every step's number when there is room, else every k-th; the first and last always.
  const every = Math.max(1, Math.ceil(n / 12));
  steps.forEach((step, i) => {
    if (i !== 0 && i !== n - 1 && i % every !== 0) return;
    out.push(`<text class="axis" x="${n2(x(i))}" y="${h - bottom + 14}" text-anchor="middle">${step.event ? `#${step.index}` : 'start'}</text>`);
  });
  const last = steps[n - 1]?.event;
  if (last) out.push(`<text class="axis" x="${w - right}" y="${h - 4}" text-anchor="end">${esc(last.date)}</text>`);
  // The step line, broken where a step contradicts the model.
  const pts = steps.map((step, i) => {
    const r = step.evaluation.ok ? step.evaluation.scenarios[index] : undefined;
    return r ? { i, r, step } : null;
  });
  let d = '';
  let prev: { i: number; r: ScenarioResult } | null = null;
  for (const p of pts) {
    if (!p) {
      prev = null;
      continue;
    }
    d += prev ? ` H${n2(x(p.i))} V${n2(y(p.r.probability))}` : ` M${n2(x(p.i))} ${n2(y(p.r.probability))}`;
    prev = p;
  }
  if (d) out.push(`<path class="line" d="${d.trim()}" fill="none" stroke="${LINE}" stroke-width="2"/>`);
  for (const p of pts) {
    if (!p) continue;
    const what = p.step.event ? `#${p.step.index} ${p.step.event.date}: ${p.step.event.title}` : 'start (before any event)';
    out.push(
      `<circle cx="${n2(x(p.i))}" cy="${n2(y(p.r.probability))}" r="3.5" fill="${statusColour(p.r.status)}"><title>${esc(`${what} — ${p.r.status} ${percent(p.r.probability)}`)}</title></circle>`,
    );
  }
  const name = `${label(s)}: ${s.title}`;
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(`Probability of ${name} after each event`)}">${out.join('')}</svg>`;
}

// ---------------------------------------------------------------- the page

const STANCE_CLASS: Readonly<Record<StanceKind, string>> = { supports: 'sup', opposes: 'opp', neutral: 'neu', conditional: 'cond', unclear: 'unk' };

const CSS = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d1d1f; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .3rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
.meta, .note { color: #555; font-size: .92rem; } .question li { margin: .1rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; margin: .6rem 0; }
th, td { border: 1px solid #ddd; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f4f5f7; } td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
code, .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88em; }
.status { display: inline-block; padding: 0 .4rem; border-radius: .3rem; border: 1px solid; white-space: nowrap; }
${(Object.keys(STATUS_COLOURS) as Status[]).map((s) => `.st-${s} { background: ${STATUS_COLOURS[s].fill}; border-color: ${STATUS_COLOURS[s].stroke}; }`).join('\n')}
.bar { height: .55rem; background: #9fc5e8; border-radius: .2rem; min-width: 1px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(26rem, 1fr)); gap: 1rem; }
figure { margin: 0; border: 1px solid #e3e3e3; border-radius: .4rem; padding: .5rem; }
figcaption { font-weight: 600; margin-bottom: .3rem; } svg.chart { width: 100%; height: auto; display: block; }
svg .grid { stroke: #e6e6e6; stroke-width: 1; } svg .axis { font-size: 11px; fill: #666; font-family: inherit; }
td.sup { background: #d9ead3; } td.opp { background: #f4cccc; } td.cond { background: #fff2cc; } td.neu { background: #f3f3f3; } td.unk { color: #999; }
footer { margin-top: 2.5rem; color: #666; font-size: .85rem; border-top: 1px solid #ddd; padding-top: .6rem; }
@media print { body { margin: 0; max-width: none; } figure { break-inside: avoid; } }
`;

const statusBadge = (s: Status) => el('span', { class: `status st-${s}` }, esc(s));
/** An id that may break after its underscores (a long one in a narrow cell). */
const idText = (id: string) => esc(id).replace(/_/g, '_<wbr>');
const code = (t: string) => el('code', {}, esc(t));

function scenarioSection(model: Model, ev: Evaluation & { ok: true }): string {
  const rows = ev.scenarios.map((s) =>
    el(
      'tr',
      { id: `scenario-${s.id}` },
      el('td', {}, esc(label(s))),
      el('td', {}, esc(s.title), el('div', { class: 'id' }, idText(s.id))),
      el('td', {}, statusBadge(s.status)),
      el('td', { class: 'num' }, esc(s.status === 'ruled-out' ? '0%' : percent(s.probability)), el('div', { class: 'bar', style: `width:${n2(s.probability * 100)}%` })),
      el('td', {}, esc(s.labels.join('; '))),
      el('td', {}, esc(decidingReason(s))),
    ),
  );
  rows.push(el('tr', {}, el('td', {}, '–'), el('td', { colspan: 2 }, 'No scenario holds (what the model leaves uncovered)'), el('td', { class: 'num' }, esc(percent(ev.residual))), el('td', {}), el('td', {})));
  return [
    el('h2', { id: 'scenarios' }, 'Scenarios'),
    el(
      'table',
      {},
      el('thead', {}, el('tr', {}, ...['#', 'Scenario', 'Status', 'Probability', "Likelihood (the sources' words)", 'Deciding reason'].map((h) => el('th', {}, esc(h))))),
      el('tbody', {}, ...rows),
    ),
    el('p', { class: 'note' }, esc(`Probability: the chance the scenario holds at the horizon, computed ${ev.numbers.method === 'exact' ? 'exactly' : 'by sampling (an estimate)'} from the model; scenarios may overlap, so they need not add up to 100%.`)),
  ].join('\n');
}

function timelineSection(model: Model, steps: readonly TimelineStep[]): string {
  const charts = model.scenarios.map((s, i) => el('figure', {}, el('figcaption', {}, esc(`${label(s)}: ${s.title}`)), probabilityChart(model, steps, i)));
  const events = steps
    .filter((s) => s.event)
    .map((s) => {
      const e = s.event!;
      const sets = Object.entries(e.sets).map(([k, v]) => `${k}=${formatValue(v)}`);
      return el('tr', {}, el('td', { class: 'num' }, `#${s.index}`), el('td', {}, esc(dateText(e))), el('td', {}, esc(e.title)), el('td', {}, sets.map(code).join(', ')));
    });
  return [
    el('h2', { id: 'over-time' }, 'Probability over time'),
    el('p', { class: 'note' }, esc("Each point is a scenario's probability just after one of the model's dated events (start: before any), the question's own settings held at every step; its colour is the status (yellow open, green triggered or certain, red ruled out).")),
    el('div', { class: 'charts' }, ...charts),
    events.length
      ? el('table', {}, el('thead', {}, el('tr', {}, ...['#', 'Date', 'Event', 'Observes'].map((h) => el('th', {}, h)))), el('tbody', {}, ...events))
      : el('p', { class: 'note' }, 'The model has no dated events up to this date.'),
  ].join('\n');
}

function actorsSection(model: Model, m: StanceMatrix | null, ev: Evaluation & { ok: true }): string {
  if (!m || m.actors.length === 0) return [el('h2', { id: 'actors' }, 'Actors'), el('p', { class: 'note' }, 'The model has no actors.')].join('\n');
  const head = el('tr', {}, el('th', {}, 'Actor'), el('th', {}, 'Influence'), ...model.scenarios.map((s) => el('th', { title: s.title }, esc(label(s)))));
  const rows = m.actors.map((a) =>
    el(
      'tr',
      {},
      el('td', {}, esc(a.name), el('div', { class: 'id' }, idText(a.id))),
      el('td', { class: 'num' }, String(a.influence)),
      ...model.scenarios.map((s) => {
        const c = m.cells.find((x) => x.actor === a.id && x.scenario === s.id)!;
        const tip = [c.declared === 'conditional' ? conditionalText(c) : '', ...c.citations.map(citationText)].filter(Boolean).join('\n');
        const resolved = c.conditional !== undefined && c.conditional.resolved !== 'open';
        return el('td', { class: STANCE_CLASS[c.stance], title: tip || undefined }, esc(c.stance + (resolved ? ' *' : '')));
      }),
    ),
  );
  const balance = el(
    'tr',
    {},
    el('th', {}, 'Balance'),
    el('td', {}),
    ...model.scenarios.map((s) => {
      const sup = m.scenarios.find((x) => x.scenario === s.id)!;
      const r = ev.scenarios.find((x) => x.id === s.id)!;
      return el('td', { class: 'num', title: `${r.status}; support ${sup.support}, opposition ${sup.opposition}` }, esc(`${sup.balance > 0 ? '+' : ''}${sup.balance}`));
    }),
  );
  return [
    el('h2', { id: 'actors' }, 'Actors'),
    el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows, balance)),
    el('p', { class: 'note' }, esc(`Stances under the question's settings; * marks a conditional stance the settings decide (hover a cell for its condition and sources). ${BALANCE_FORMULA}.`)),
  ].join('\n');
}

function sourcesSection(model: Model): string {
  const rows = model.sources.map((s) =>
    el(
      'tr',
      { id: `source-${s.id}` },
      el('td', {}, el('span', { class: 'id' }, esc(s.id))),
      el('td', {}, esc(s.title)),
      el('td', {}, esc(s.date ?? '')),
      el('td', {}, esc(`${s.reliability}${s.partisan ? ', partisan' : ''}`)),
      el('td', {}, esc(s.note ?? '')),
    ),
  );
  const contradictions = model.contradictions.map((c) => el('li', {}, el('strong', {}, esc(c.topic)), ' ', el('span', { class: 'id' }, `(${esc(c.id)})`), ': ', esc(c.handling)));
  return [
    el('h2', { id: 'sources' }, 'Sources'),
    el('table', {}, el('thead', {}, el('tr', {}, ...['Id', 'Title', 'Date', 'Reliability', 'Note'].map((h) => el('th', {}, h)))), el('tbody', {}, ...rows)),
    ...(contradictions.length ? [el('h3', {}, 'Where the sources disagree'), el('ul', {}, ...contradictions)] : []),
  ].join('\n');
}

/**
 * The report as one self-contained HTML page: the question, the scenario
 * table, each scenario's probability over the model's events as an inline
 * SVG chart, the events, the actors' stance matrix and the sources. No
 * script, no external file, font or request (its Content-Security-Policy
 * forbids them); every text from the model is escaped.
 *
 * @example
 * reportHtml({ model, ev, steps: timeline(cm, { until }), m: stanceMatrix(cm, settings), generator: 'iraq-scenarios 0.1.0' });
 */
export function reportHtml(d: ReportData): string {
  const { model, ev, steps, m } = d;
  const question = questionLines(ev, plainChalk).map((l) => el('li', {}, esc(l)));
  const body = [
    el('h1', {}, esc(model.info.title)),
    model.info.description ? el('p', {}, esc(model.info.description)) : '',
    el('ul', { class: 'question meta' }, ...question),
    scenarioSection(model, ev),
    timelineSection(model, steps),
    actorsSection(model, m, ev),
    sourcesSection(model),
    el('footer', {}, esc(`Made by ${d.generator} from the model ${model.info.name}${ev.numbers.asOf ? `, as of ${ev.numbers.asOf}` : ''}. This file loads nothing from the network and runs no script.`)),
  ];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${esc(d.generator)}">`,
    el('title', {}, esc(`${model.info.title}: scenarios report`)),
    el('style', {}, CSS),
    '</head>',
    '<body>',
    ...body.filter(Boolean),
    '</body>',
    '</html>',
  ].join('\n') + '\n';
}

/** The report's data as JSON: the question, the scenarios, each one's series over the events, the events, the actors and the sources. */
export function reportJson(d: ReportData): Record<string, unknown> {
  const { model, ev, steps, m } = d;
  const actors = m ? actorsJson(model, m, ev) : null;
  return {
    schemaVersion: SCHEMA_VERSION,
    model: modelJson(model),
    ...questionJson(ev),
    scenarios: ev.scenarios.map(scenarioResultJson),
    residual: { probability: round(ev.residual) },
    series: scenarioSeries(model, steps).map((s) => ({ ...s, points: s.points.map((p) => ({ ...p, probability: p.probability === null ? null : round(p.probability) })) })),
    events: steps.flatMap((s) => (s.event ? [eventJson(s.event)] : [])),
    actors: actors ? { actors: actors.actors, cells: actors.cells, scenarios: actors.scenarios, balanceFormula: BALANCE_FORMULA } : null,
    sources: model.sources.map((s) => ({ id: s.id, title: s.title, date: s.date ?? null, reliability: s.reliability, partisan: s.partisan, note: s.note ?? null })),
  };
}

export const reportRenderers: Renderers<ReportData> = {
  html: (d) => reportHtml(d),
  json: (d) => reportJson(d),
};
