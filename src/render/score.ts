import type { ScoreReport, ScoreSummary } from '../engine/score.js';
import { LOG_FLOOR, NONE } from '../engine/score.js';
import { round, SCHEMA_VERSION } from './kit/json.js';
import { percent } from './kit/number.js';
import type { Renderers, RenderOptions } from './kit/options.js';
import { fitWidths, tableOf } from './kit/table.js';
import { mdCell } from './kit/text.js';
import { fitLines } from './kit/wrap.js';

/*
 * What `score` prints: the outcome, each forecast's Brier and log scores in
 * date order with their running means, the calibration table and, when the
 * log holds several authors, each one's scores.
 */

export interface ScoreData {
  /** The log, as shown. */
  log: string;
  /** Absent when the log has no resolution yet. */
  report?: ScoreReport | undefined;
  /** How many forecasts and resolutions the log holds. */
  forecasts: number;
  resolutions: number;
  /** Lines that could not be read, with their numbers. */
  skipped: readonly { line: number; message: string }[];
  /** Scenario ids to their short names, for the outcome line. */
  names: ReadonlyMap<string, string>;
}

const num = (x: number, digits = 4) => (Number.isFinite(x) ? x.toFixed(digits).replace(/^-/, '−') : '—');
const json = (x: number) => (Number.isFinite(x) ? round(x) : null);

function outcomeText(d: ScoreData): string {
  const r = d.report!;
  const held = r.outcome.happened.map((id) => d.names.get(id) ?? id);
  const more = d.resolutions > 1 ? ` (the last of ${d.resolutions} resolutions)` : '';
  return `Outcome as of ${r.outcome.date}: ${held.length ? `${held.join(', ')} held` : 'none of the scenarios held'}${more}`;
}

function summaryText(s: ScoreSummary): string {
  return `Brier ${num(s.brier)}, log ${num(s.log)} over ${s.count} forecast${s.count === 1 ? '' : 's'}`;
}

const EXPLAIN = [
  `Each scenario, and "none of them", is a yes/no question. Brier: the mean of (p − o)² (0 is perfect, 1 the worst).`,
  `Log: the mean of ln(p) of what happened, p kept in [${LOG_FLOOR}, ${1 - LOG_FLOOR}] (0 is perfect).`,
];

function forecastRows(d: ScoreData): string[][] {
  const r = d.report!;
  return r.scored.map((s, i) => [String(i + 1), s.forecast.date, s.forecast.by ?? '', s.forecast.id, num(s.brier), num(s.log), num(r.running[i]!.brier)]);
}
const FORECAST_HEAD = ['#', 'Date', 'By', 'Forecast', 'Brier', 'Log', 'Mean Brier so far'];

function calibrationRows(d: ScoreData): string[][] {
  return d.report!.calibration.map((b) => [`${Math.round(b.low * 100)}–${Math.round(b.high * 100)}%`, String(b.count), percent(b.meanForecast), percent(b.observed)]);
}
const CALIBRATION_HEAD = ['Forecast', 'n', 'Mean forecast', 'Happened'];

function authorRows(d: ScoreData): string[][] {
  return d.report!.byAuthor.map((a) => [a.by ?? '(no name)', String(a.count), num(a.brier), num(a.log)]);
}
const AUTHOR_HEAD = ['By', 'Forecasts', 'Brier', 'Log'];

function scoreTable(d: ScoreData, opts: RenderOptions): string {
  const { chalk } = opts;
  const table = (head: string[], rows: string[][]) => tableOf(opts, head, fitWidths([head, ...rows], opts.width, head.map((_, i) => i)), rows);
  const out: string[] = [];
  if (!d.report) {
    out.push(`${d.forecasts} forecast${d.forecasts === 1 ? '' : 's'} in ${d.log}; no resolution yet.`, "'resolve SCENARIO|none --date DATE' records what happened.");
    return fitLines(out.join('\n'), opts.width) + '\n';
  }
  const r = d.report;
  out.push(chalk.bold(outcomeText(d)));
  out.push(`${r.scored.length} forecast${r.scored.length === 1 ? '' : 's'} scored in ${d.log}${r.late.length ? `; ${r.late.length} dated after the outcome, not scored` : ''}`);
  out.push('');
  out.push(table(FORECAST_HEAD, forecastRows(d)));
  out.push(chalk.bold(`Overall: ${summaryText(r.overall)}`));
  for (const l of EXPLAIN) out.push(chalk.dim(l));
  if (r.byAuthor.length) {
    out.push('', chalk.bold('By author'));
    out.push(table(AUTHOR_HEAD, authorRows(d)));
  }
  out.push('', chalk.bold('Calibration') + chalk.dim(' (every yes/no question of every forecast, by its probability)'));
  out.push(table(CALIBRATION_HEAD, calibrationRows(d)));
  out.push(chalk.dim('Well calibrated means what happened about as often as forecast, bin by bin (a bin of few forecasts says little).'));
  return fitLines(out.join('\n'), opts.width) + '\n';
}

function mdTable(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)];
}

function scoreMarkdown(d: ScoreData): string {
  if (!d.report) return `${d.forecasts} forecast(s) in ${mdCell(d.log)}, no resolution yet.\n`;
  const r = d.report;
  const out = [`## ${mdCell(outcomeText(d))}`, ''];
  out.push(...mdTable(FORECAST_HEAD, forecastRows(d)), '');
  out.push(`**Overall:** ${summaryText(r.overall)}`, '', ...EXPLAIN.map((l) => `${l}  `), '');
  if (r.byAuthor.length) out.push('### By author', '', ...mdTable(AUTHOR_HEAD, authorRows(d)), '');
  out.push('### Calibration', '', ...mdTable(CALIBRATION_HEAD, calibrationRows(d)));
  return out.join('\n') + '\n';
}

function scoreJson(d: ScoreData): Record<string, unknown> {
  const r = d.report;
  const sum = (s: ScoreSummary) => ({ count: s.count, brier: json(s.brier), log: json(s.log) });
  return {
    schemaVersion: SCHEMA_VERSION,
    log: d.log,
    forecasts: d.forecasts,
    resolutions: d.resolutions,
    skipped: d.skipped,
    outcome: r ? r.outcome : null,
    scored: (r?.scored ?? []).map((s, i) => ({
      id: s.forecast.id,
      date: s.forecast.date,
      by: s.forecast.by ?? null,
      brier: json(s.brier),
      log: json(s.log),
      running: { brier: json(r!.running[i]!.brier), log: json(r!.running[i]!.log) },
      items: s.items.map((x) => ({ id: x.id, probability: round(x.probability), happened: x.happened })),
    })),
    late: (r?.late ?? []).map((f) => ({ id: f.id, date: f.date })),
    overall: r ? sum(r.overall) : null,
    byAuthor: (r?.byAuthor ?? []).map((a) => ({ by: a.by, ...sum(a) })),
    calibration: (r?.calibration ?? []).map((b) => ({ low: b.low, high: b.high, count: b.count, meanForecast: round(b.meanForecast), observed: round(b.observed) })),
    method: { items: `each scenario and "${NONE}"`, logFloor: LOG_FLOOR },
  };
}

export const scoreRenderers: Renderers<ScoreData> = { table: scoreTable, json: scoreJson, markdown: scoreMarkdown };
