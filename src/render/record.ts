import { SCHEMA_VERSION } from './kit/json.js';
import { NUMBER_HEAD, percent, rangeText, RANGE_HEAD } from './kit/number.js';
import type { Renderers, RenderOptions } from './kit/options.js';
import { fitWidths, tableOf } from './kit/table.js';
import { mdCell } from './kit/text.js';
import { fitLines } from './kit/wrap.js';

/*
 * What `record` and `resolve` print: the line they appended to the forecast
 * log, as a table or Markdown, or as JSON (the record itself, as logged).
 */

/** A logged forecast, as these renderers read it (src/app/forecast-log.ts writes it). */
export interface ForecastView {
  id: string;
  date: string;
  recorded: string;
  by?: string | undefined;
  note?: string | undefined;
  model: { name: string; title: string; hash: string; layers: readonly { name: string; hash: string }[] };
  scenarios: readonly { id: string; name: string; probability: number; range?: { low: number; high: number } | undefined }[];
  none: number;
  noneRange?: { low: number; high: number } | undefined;
}

export interface RecordData {
  /** The log file, as shown. */
  log: string;
  record: ForecastView & Record<string, unknown>;
  /** Titles of the scenarios, by id, for the table. */
  titles: ReadonlyMap<string, string>;
}

/** `model iraq-2026 (shipped + notes), content sha256:1a2b3c4d5e6f` */
function modelLine(f: ForecastView): string {
  const layers = f.model.layers.length > 1 ? ` (${f.model.layers.map((l) => l.name).join(' + ')})` : '';
  return `model ${f.model.name}${layers}, content sha256:${f.model.hash.slice(0, 12)}`;
}

function head(d: RecordData): string[] {
  const f = d.record;
  return [`Recorded forecast ${f.id} for ${f.date}${f.by ? ` by ${f.by}` : ''}`, `  ${modelLine(f)}`, `  log ${d.log}`, ...(f.note ? [`  note: ${f.note}`] : [])];
}

function rows(d: RecordData, pct: (p: number) => string): string[][] {
  const f = d.record;
  const hasRange = f.scenarios.some((s) => s.range);
  const out = f.scenarios.map((s) => [s.name, d.titles.get(s.id) ?? s.id, pct(s.probability), ...(hasRange ? [s.range ? rangeText(s.range) : ''] : [])]);
  out.push(['none', 'no scenario holds', pct(f.none), ...(hasRange ? [f.noneRange ? rangeText(f.noneRange) : ''] : [])]);
  return out;
}

function recordTable(d: RecordData, opts: RenderOptions): string {
  const hasRange = d.record.scenarios.some((s) => s.range);
  const h = ['#', 'Scenario', NUMBER_HEAD, ...(hasRange ? [RANGE_HEAD] : [])];
  const body = rows(d, percent);
  const widths = fitWidths([h, ...body], opts.width, [0, 2, 3]);
  return fitLines(head(d).join('\n'), opts.width) + '\n' + tableOf(opts, h, widths, body) + '\n';
}

function recordMarkdown(d: RecordData): string {
  const hasRange = d.record.scenarios.some((s) => s.range);
  const out = [`## ${mdCell(head(d)[0]!)}`, '', ...head(d).slice(1).map((l) => `${mdCell(l.trim())}  `), ''];
  out.push(`| # | Scenario | ${NUMBER_HEAD} |${hasRange ? ` ${RANGE_HEAD} |` : ''}`, `|---|---|---:|${hasRange ? '---:|' : ''}`);
  for (const r of rows(d, percent)) out.push(`| ${r.map(mdCell).join(' | ')} |`);
  return out.join('\n') + '\n';
}

export const recordRenderers: Renderers<RecordData> = {
  table: recordTable,
  json: (d) => ({ schemaVersion: SCHEMA_VERSION, log: d.log, record: d.record }),
  markdown: recordMarkdown,
};

/** What `resolve` renders: the resolution appended, with the scenarios' names. */
export interface ResolveData {
  log: string;
  resolution: { date: string; happened: readonly string[]; by?: string | undefined; note?: string | undefined; recorded: string } & Record<string, unknown>;
  /** The scenarios named, as `V (p5_calibrated_resignation)`. */
  names: readonly string[];
}

function resolveLines(d: ResolveData): string[] {
  const r = d.resolution;
  const what = d.names.length ? `${d.names.join(', ')} held` : 'none of the scenarios held';
  return [
    `Resolved as of ${r.date}: ${what}${r.by ? ` (by ${r.by})` : ''}`,
    `  log ${d.log}`,
    ...(r.note ? [`  note: ${r.note}`] : []),
    "  'score' scores the log's forecasts against it; a later 'resolve' corrects it",
  ];
}

export const resolveRenderers: Renderers<ResolveData> = {
  table: (d, opts) => fitLines(resolveLines(d).join('\n'), opts.width) + '\n',
  json: (d) => ({ schemaVersion: SCHEMA_VERSION, log: d.log, resolution: d.resolution }),
  markdown: (d) => resolveLines(d).map((l) => `${mdCell(l.trim())}  `).join('\n') + '\n',
};
