import { round, SCHEMA_VERSION } from './kit/json.js';
import { percent } from './kit/number.js';
import type { Renderers, RenderOptions } from './kit/options.js';
import { fitWidths, tableOf } from './kit/table.js';
import { mdCell } from './kit/text.js';
import { fitLines } from './kit/wrap.js';

/*
 * What `compare` prints: where several analysts' conditions files (or
 * logged forecasts) disagree, condition by condition; each one's
 * probabilities; and the pooled probabilities, linear and logarithmic.
 */

export interface Participant {
  /** A short name: the file's name, or file:author for a log with several authors. */
  label: string;
  file: string;
  kind: 'conditions' | 'log';
  by?: string | undefined;
  /** The forecast's date (a log), or the date the file was evaluated on. */
  date: string;
}

export interface CompareData {
  participants: readonly Participant[];
  /** Every condition some participant spoke of: what each said (null: nothing, the model's own reading). */
  conditions: readonly { id: string; said: readonly (string | null)[]; disagree: boolean }[];
  /** Each scenario (and `none`): each participant's probability (null: not in that forecast), and the pools. */
  scenarios: readonly { id: string; name: string; title: string; probabilities: readonly (number | null)[]; linear: number | null; log: number | null }[];
  /** The pools' weights, one per participant, summing to 1. */
  weights: readonly number[];
}

const cell = (p: number | null) => (p === null ? '—' : percent(p));

function conditionRows(d: CompareData): string[][] {
  return d.conditions.filter((c) => c.disagree).map((c) => [c.id, ...c.said.map((x) => x ?? '—')]);
}

function scenarioRows(d: CompareData): string[][] {
  return d.scenarios.map((s) => [s.name, ...s.probabilities.map(cell), cell(s.linear), cell(s.log)]);
}

function lead(d: CompareData): string[] {
  const agree = d.conditions.filter((c) => !c.disagree).length;
  const differ = d.conditions.length - agree;
  const equal = d.weights.every((w) => Math.abs(w - d.weights[0]!) < 1e-12);
  return [
    `Compared: ${d.participants.map((p) => `${p.label} (${p.kind === 'log' ? `forecast of ${p.date}${p.by ? ` by ${p.by}` : ''}` : `as of ${p.date}`})`).join(', ')}`,
    `Conditions: ${d.conditions.length} spoken of, ${differ} with different readings, ${agree} alike`,
    `Pools: ${equal ? 'equal weights' : `weights ${d.weights.map((w) => round(w)).join(', ')}`}; linear = Σ wᵢpᵢ, logarithmic = Πpᵢ^wᵢ / (Πpᵢ^wᵢ + Π(1−pᵢ)^wᵢ) (docs/keeping-score.md)`,
  ];
}

function compareTable(d: CompareData, opts: RenderOptions): string {
  const { chalk } = opts;
  const labels = d.participants.map((p) => p.label);
  const table = (head: string[], rows: string[][]) => tableOf(opts, head, fitWidths([head, ...rows], opts.width, [0]), rows);
  const out: string[] = [...lead(d).map((l, i) => (i === 0 ? chalk.bold(l) : l)), ''];
  const rows = conditionRows(d);
  if (rows.length) {
    out.push(chalk.bold('Where they differ') + chalk.dim(' (— : nothing said, the model\'s own reading)'));
    out.push(table(['Condition', ...labels], rows));
  } else out.push(chalk.dim('They say the same of every condition.'));
  out.push('', chalk.bold('Probabilities'));
  out.push(table(['#', ...labels, 'Linear', 'Log pool'], scenarioRows(d)));
  return fitLines(out.join('\n'), opts.width) + '\n';
}

function mdTable(head: string[], rows: string[][]): string[] {
  return [`| ${head.map(mdCell).join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)];
}

function compareMarkdown(d: CompareData): string {
  const labels = d.participants.map((p) => p.label);
  const out = [`## ${mdCell(lead(d)[0]!)}`, '', ...lead(d).slice(1).map((l) => `${mdCell(l)}  `), ''];
  const rows = conditionRows(d);
  if (rows.length) out.push('### Where they differ', '', ...mdTable(['Condition', ...labels], rows), '');
  out.push('### Probabilities', '', ...mdTable(['#', ...labels, 'Linear', 'Log pool'], scenarioRows(d)));
  return out.join('\n') + '\n';
}

function compareJson(d: CompareData): Record<string, unknown> {
  const r = (p: number | null) => (p === null ? null : round(p));
  return {
    schemaVersion: SCHEMA_VERSION,
    participants: d.participants,
    weights: d.weights.map(round),
    conditions: d.conditions,
    scenarios: d.scenarios.map((s) => ({ id: s.id, name: s.name, title: s.title, probabilities: s.probabilities.map(r), pooled: { linear: r(s.linear), log: r(s.log) } })),
  };
}

export const compareRenderers: Renderers<CompareData> = { table: compareTable, json: compareJson, markdown: compareMarkdown };
