import type { Evaluation, ScenarioResult } from '../engine/evaluate.js';
import type { Model } from '../engine/types.js';
import { conditionJson, derivedJson, modelJson, questionJson, round, scenarioResultJson, SCHEMA_VERSION } from './kit/json.js';
import { NUMBER_HEAD, numberText, rangeText } from './kit/number.js';
import type { Renderers, RenderOptions } from './kit/options.js';
import { makeTable } from './kit/table.js';
import { becauseText, decidingReason, mdCell, questionLines, statusText, valueText } from './kit/text.js';
import { plainChalk } from './kit/options.js';
import { cut } from './kit/width.js';
import { fitLines } from './kit/wrap.js';

export type { RenderOptions } from './kit/options.js';

/** What `query` renders: the model, one evaluation of the question, and each probability's range when asked for. */
export interface QueryData {
  model: Model;
  ev: Evaluation & { ok: true };
  ranges?: ReadonlyMap<string, { low: number; high: number }> | undefined;
}

/** The scenarios with their ranges, when there are any. */
function withRanges(ev: Evaluation & { ok: true }, ranges: QueryData['ranges']): ScenarioResult[] {
  return ranges ? ev.scenarios.map((s) => ({ ...s, range: ranges.get(s.id) })) : ev.scenarios;
}

const tag = (s: Pick<ScenarioResult, 'numeral' | 'short'>) => s.numeral ?? s.short ?? '–';

/** The scenario table: numeral, title, status, number, likelihood labels, deciding reason. */
export function scenarioTable(model: Model, scenarios: readonly (ScenarioResult & { range?: { low: number; high: number } | undefined })[], opts: RenderOptions): string {
  // #, Status and the number are fixed; Scenario and reason share the rest. Below
  // about 76 columns the number goes under the status, so the two text
  // columns keep room enough to read.
  const numW = Math.max(3, ...scenarios.map((s) => tag(s).length)) + 2;
  const hasRange = scenarios.some((s) => s.range);
  const numberW = hasRange ? 16 : 8;
  const merged = opts.width - numW - 11 - numberW - 6 < 40;
  const fixed = numW + 11 + (merged ? 0 : numberW);
  const rest = Math.max(24, opts.width - fixed - (merged ? 5 : 6));
  const titleW = Math.max(12, Math.min(36, Math.floor(rest * (merged ? 0.4 : 0.45))));
  const reasonW = Math.max(12, rest - titleW);
  const head = hasRange ? `${NUMBER_HEAD} (range)` : NUMBER_HEAD;
  const t = merged
    ? makeTable(opts, ['#', 'Scenario', 'Status', 'Deciding reason'], [numW, titleW, 11, reasonW])
    : makeTable(opts, ['#', 'Scenario', 'Status', head, 'Deciding reason'], [numW, titleW, 11, numberW, reasonW]);
  const num = (s: (typeof scenarios)[number]) => numberText(s, opts.chalk) + (s.range ? `\n${opts.chalk.dim(rangeText(s.range))}` : '');
  // Narrow columns wrap onto more lines before the text is cut; a title is never cut there.
  const lines = merged ? 4 : 2;
  for (const s of scenarios) {
    const labels = s.labels.length ? `\n${opts.chalk.dim(cut(s.labels.join('; '), titleW - 2))}` : '';
    const title = (merged ? s.title : cut(s.title, (titleW - 2) * lines)) + labels;
    const reason = cut(decidingReason(s), (reasonW - 2) * lines);
    const status = statusText(s.status, opts.chalk);
    if (merged) t.push([tag(s), title, `${status}\n${num(s)}`, reason]);
    else t.push([tag(s), title, status, num(s), reason]);
  }
  return t.toString();
}

/** The full human answer to `query`: the table, the question, the derived conditions. */
export function queryTable({ model, ev, ranges }: QueryData, opts: RenderOptions): string {
  const { chalk } = opts;
  const out: string[] = [scenarioTable(model, withRanges(ev, ranges), opts)];
  out.push('');
  out.push(...questionLines(ev, chalk));
  if (ranges) out.push(chalk.dim("Range: the lowest and highest each probability takes as the model's judgements are swung one at a time ('sensitivity' shows which)"));
  for (const s of ev.scenarios.filter((x) => (x.status === 'triggered' || x.status === 'certain') && x.consequences.length)) {
    out.push(chalk.bold(`Consequences of ${s.numeral ? `possibility ${s.numeral}` : s.short ?? s.id} (${cut(s.title, 50)}):`));
    for (const c of s.consequences) out.push(`  ${c.likelihood === 'risk' ? 'risk:   ' : 'certain:'} ${cut(c.text, opts.width - 12)}`);
  }
  if (ev.derived.length) {
    out.push(chalk.bold('Derived:'));
    for (const d of ev.derived) {
      out.push(`  ${d.condition} = ${valueText(d.value)}  ${chalk.dim(`← ${becauseText(d.because)}`)}`);
    }
  } else {
    out.push(`${chalk.bold('Derived:')} ${chalk.dim('none')}`);
  }
  return fitLines(out.join('\n') + '\n', opts.width);
}

export function queryMarkdown({ model, ev, ranges }: QueryData): string {
  const out: string[] = [`# ${mdCell(model.info.title)}`, ''];
  out.push(`| # | Scenario | Status | ${NUMBER_HEAD} |${ranges ? ' Range |' : ''} Likelihood | Deciding reason |`);
  out.push(`|---|---|---|---:|${ranges ? '---:|' : ''}---|---|`);
  for (const s of withRanges(ev, ranges) as (ScenarioResult & { range?: { low: number; high: number } })[]) {
    out.push(
      `| ${tag(s)} | ${mdCell(s.title)} | ${s.status} | ${numberText(s)} |${ranges ? ` ${s.range ? rangeText(s.range) : ''} |` : ''} ${mdCell(s.labels.join('; '))} | ${mdCell(decidingReason(s))} |`,
    );
  }
  out.push('');
  for (const line of questionLines(ev, plainChalk)) out.push(`${mdCell(line).replace(/^([^:]+):/, '**$1:**')}  `);
  out.push('');
  for (const s of ev.scenarios.filter((x) => (x.status === 'triggered' || x.status === 'certain') && x.consequences.length)) {
    out.push(`**Consequences of ${mdCell(s.title)}:**`, '');
    for (const c of s.consequences) out.push(`- ${c.likelihood}: ${mdCell(c.text)}`);
    out.push('');
  }
  if (ev.derived.length) {
    out.push('**Derived:**', '');
    for (const d of ev.derived) out.push(`- \`${d.condition} = ${valueText(d.value)}\` ← ${mdCell(becauseText(d.because))}`);
  } else out.push('**Derived:** none');
  return out.join('\n') + '\n';
}

/** The query result as the documented JSON shape (no colour, no layout). */
export function queryJson({ model, ev, ranges }: QueryData): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    model: modelJson(model),
    ...questionJson(ev),
    scenarios: withRanges(ev, ranges).map(scenarioResultJson),
    residual: { probability: round(ev.residual), ...(ranges?.get('(none)') ? { range: roundRange(ranges.get('(none)')!) } : {}) },
    overlaps: ev.overlaps?.map((o) => ({ ...o, probability: round(o.probability) })) ?? null,
    derived: ev.derived.map(derivedJson),
    conditions: ev.conditions.map(conditionJson),
  };
}

const roundRange = (r: { low: number; high: number }) => ({ low: round(r.low), high: round(r.high) });

export const queryRenderers: Renderers<QueryData> = { table: queryTable, json: queryJson, markdown: queryMarkdown };
