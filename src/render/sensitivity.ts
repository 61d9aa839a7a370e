import type { ChalkInstance } from 'chalk';
import type { SensitivityResult } from '../engine/sensitivity.js';
import type { Model } from '../engine/types.js';
import { citationJson, modelJson, round, SCHEMA_VERSION } from './kit/json.js';
import { label } from './kit/names.js';
import { percent } from './kit/number.js';
import type { Renderers, RenderOptions } from './kit/options.js';
import { citationText, mdCell } from './kit/text.js';
import { padTo, visibleWidth } from './kit/width.js';
import { fitLines, hang, shortenWords } from './kit/wrap.js';

/** What `sensitivity` renders: the analysis, which scenarios to show, and how many drivers each. */
export interface SensitivityData {
  model: Model;
  r: SensitivityResult;
  /** Scenario ids to show (one named, or all). */
  only: readonly string[];
  top: number;
  sources: boolean;
}

type Row = SensitivityResult['scenarios'][number];

/** Every shown probability: the scenarios asked for, and the residual when all are. */
function shown(d: SensitivityData): Row[] {
  const rows = d.r.scenarios.filter((s) => d.only.includes(s.id));
  return d.only.length === d.r.scenarios.length ? [...rows, d.r.residual] : rows;
}

function title(model: Model, id: string): string {
  if (id === '(none)') return 'No scenario holds (the residual)';
  const s = model.scenarios.find((x) => x.id === id)!;
  return `${s.numeral ? `Possibility ${s.numeral}: ` : s.short ? `${s.short}: ` : ''}${s.title}`;
}

/**
 * A tornado for one probability: each input's swing as a bar, left to its
 * low value and right to its high (whichever way the input moves it), the
 * widest first, on one scale for the chart.
 */
function tornado(d: SensitivityData, row: Row, chalk: ChalkInstance, width: number): string[] {
  const inputs = new Map(d.r.inputs.map((x) => [x.id, x]));
  const drivers = row.drivers.slice(0, d.top);
  const out: string[] = [
    `${chalk.bold(title(d.model, row.id))}  ${percent(row.probability)}  ${chalk.dim(`range ${percent(row.low)}–${percent(row.high)}`)}`,
  ];
  if (!drivers.length) return [...out, chalk.dim('  no judgement moves it')];
  const lo = Math.min(row.low, row.probability);
  const hi = Math.max(row.high, row.probability);
  const numW = 7;
  const fullText = (id: string) => {
    const input = inputs.get(id);
    return input ? `${input.text} (${input.value} → ${input.low} / ${input.high})` : id;
  };
  let barW = Math.max(10, Math.min(40, Math.floor((width - 4) / 2.2)));
  const labelW = Math.max(12, width - barW - 2 * numW - 9);
  // A judgement's name is never cut: when one does not fit beside its bar,
  // every name stands on its own line above its bar (descriptions, which
  // are prose, shortened to two lines), and the bars take the width.
  const stacked = drivers.some((dr) => visibleWidth(fullText(dr.input)) > labelW);
  if (stacked) barW = Math.max(10, Math.min(60, width - 2 * numW - 8));
  const scale = (p: number) => (hi > lo ? Math.round(((p - lo) / (hi - lo)) * barW) : Math.round(barW / 2));
  const mid = scale(row.probability);
  for (const dr of drivers) {
    const input = inputs.get(dr.input);
    const a = Math.min(dr.atLow, dr.atHigh);
    const b = Math.max(dr.atLow, dr.atHigh);
    const left = Math.min(mid, scale(a));
    const right = Math.max(mid, scale(b));
    const bar = ' '.repeat(left) + chalk.red('█'.repeat(mid - left)) + '│' + chalk.green('█'.repeat(right - mid)) + ' '.repeat(Math.max(0, barW - right));
    const numbers = `${percent(a).padStart(numW)} ${bar} ${percent(b)}`;
    if (!stacked) out.push(`  ${padTo(fullText(dr.input), labelW + 1)}${numbers}`.trimEnd());
    else {
      const swing = input ? ` (${input.value} → ${input.low} / ${input.high})` : '';
      const named = input && input.kind === 'soft-constraint' ? shortenWords(input.text, width - 4, 2).join(' ') : (input?.text ?? dr.input);
      out.push(hang('  ', `${named}${swing}`, width, 4), `  ${numbers}`.trimEnd());
    }
    if (d.sources && input) for (const c of input.citations.slice(0, 2)) out.push(`      ${chalk.dim('source')} ${citationText(c)}`);
  }
  if (row.drivers.length > drivers.length) out.push(chalk.dim(`  … and ${row.drivers.length - drivers.length} more that move it less (--top N shows them)`));
  return out;
}

export function sensitivityText(d: SensitivityData, opts: RenderOptions): string {
  const { chalk, width } = opts;
  const out: string[] = [];
  for (const row of shown(d)) out.push(...tornado(d, row, chalk, width), '');
  out.push(
    chalk.dim(
      "Each bar: the probability with one judgement swung low and high (the others as they are; the calibration fitted again each time). Swings: priors and soft constraints' odds ×/÷ 2, evidence ratios to the power 0.5 and 1.5, a source one grade down and up, a state's half-life halved and doubled, an outcome's hazard to the other two, calibration targets over their range.",
    ),
  );
  if (d.r.method === 'estimate') out.push(chalk.yellow('The probabilities are estimates (the model is too large to count exactly).'));
  return fitLines(out.join('\n') + '\n', width);
}

export function sensitivityJson(d: SensitivityData): Record<string, unknown> {
  const row = (x: Row) => ({
    id: x.id,
    probability: round(x.probability),
    range: { low: round(x.low), high: round(x.high) },
    drivers: x.drivers.slice(0, d.top).map((dr) => ({ input: dr.input, atLow: round(dr.atLow), atHigh: round(dr.atHigh), span: round(dr.span) })),
  });
  return {
    schemaVersion: SCHEMA_VERSION,
    command: 'sensitivity',
    model: modelJson(d.model),
    method: d.r.method,
    inputs: d.r.inputs.map((x) => ({ ...x, citations: undefined, sources: x.citations.map(citationJson) })),
    scenarios: d.r.scenarios.filter((s) => d.only.includes(s.id)).map(row),
    residual: row(d.r.residual),
  };
}

export function sensitivityMarkdown(d: SensitivityData): string {
  const inputs = new Map(d.r.inputs.map((x) => [x.id, x]));
  const out: string[] = [`# Sensitivity: ${mdCell(d.model.info.title)}`, ''];
  for (const row of shown(d)) {
    const s = d.model.scenarios.find((x) => x.id === row.id);
    out.push(`## ${mdCell(s ? `${label(s)}: ${s.title}` : title(d.model, row.id))}`, '');
    out.push(`Probability ${percent(row.probability)}, range ${percent(row.low)}–${percent(row.high)}.`, '');
    if (!row.drivers.length) {
      out.push('No judgement moves it.', '');
      continue;
    }
    out.push('| Judgement | As modelled | Swung to | Low | High |', '|---|---|---|---:|---:|');
    for (const dr of row.drivers.slice(0, d.top)) {
      const x = inputs.get(dr.input)!;
      out.push(`| ${mdCell(x.text)} | ${mdCell(x.value)} | ${mdCell(`${x.low} / ${x.high}`)} | ${percent(Math.min(dr.atLow, dr.atHigh))} | ${percent(Math.max(dr.atLow, dr.atHigh))} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

export const sensitivityRenderers: Renderers<SensitivityData> = { table: sensitivityText, json: sensitivityJson, markdown: sensitivityMarkdown };
