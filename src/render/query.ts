import type { Evaluation, ScenarioResult } from '../engine/evaluate.js';
import type { Model } from '../engine/types.js';
import { conditionJson, derivedJson, modelJson, questionJson, round, scenarioResultJson, SCHEMA_VERSION } from './kit/json.js';
import { NUMBER_HEAD, numberText, rangeText } from './kit/number.js';
import type { Renderers, RenderOptions } from './kit/options.js';
import { fitTable, recordsText } from './kit/table.js';
import { becauseText, decidingReason, mdCell, questionLines, statusText, valueText } from './kit/text.js';
import { plainChalk } from './kit/options.js';
import { fitLines, hang } from './kit/wrap.js';

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

/** The head of the column (or the line) that carries the sources' own likelihood words. */
const LIKELIHOOD_HEAD = 'Likelihood (source)';

/**
 * The scenario table: numeral, title, status, number, the sources'
 * likelihood words and the deciding reason. Nothing in it is cut: the
 * layouts are tried widest first (the likelihood in a column of its own;
 * then on a `likelihood:` line under the title; then the number under the
 * status) and the first whose every word fits is drawn; below that, each
 * scenario is a short block of lines.
 */
export function scenarioTable(model: Model, scenarios: readonly (ScenarioResult & { range?: { low: number; high: number } | undefined })[], opts: RenderOptions): string {
  const { chalk } = opts;
  const hasRange = scenarios.some((s) => s.range);
  const hasLabels = scenarios.some((s) => s.labels.length);
  const numHead = hasRange ? `${NUMBER_HEAD} (range)` : NUMBER_HEAD;
  const num = (s: (typeof scenarios)[number]) => numberText(s, chalk) + (s.range ? `\n${chalk.dim(rangeText(s.range))}` : '');
  const labels = (s: ScenarioResult) => s.labels.join('; ');
  const titled = (s: ScenarioResult) => s.title + (s.labels.length ? `\n${chalk.dim(`likelihood: ${labels(s)}`)}` : '');
  const status = (s: ScenarioResult) => statusText(s.status, chalk);
  const reason = (s: ScenarioResult) => decidingReason(s);
  const id = (head: string) => ({ head, kind: 'id' as const });
  const text = (head: string, min?: number) => ({ head, kind: 'text' as const, min });
  const layouts = [
    // The likelihood in its own column, when the title and the reason keep room to read.
    ...(hasLabels
      ? [() => fitTable(opts, [id('#'), text('Scenario', 22), id('Status'), id(numHead), text(LIKELIHOOD_HEAD, 14), text('Deciding reason', 26)], scenarios.map((s) => [tag(s), s.title, status(s), num(s), labels(s), reason(s)]))]
      : []),
    () => fitTable(opts, [id('#'), text('Scenario', 18), id('Status'), id(numHead), text('Deciding reason', 20)], scenarios.map((s) => [tag(s), titled(s), status(s), num(s), reason(s)])),
    () => fitTable(opts, [id('#'), text('Scenario'), id(`Status ${numHead}`), text('Deciding reason')], scenarios.map((s) => [tag(s), titled(s), `${status(s)}\n${num(s)}`, reason(s)])),
  ];
  let table: string | undefined;
  for (const layout of layouts) {
    table = layout()?.text;
    if (table !== undefined) break;
  }
  const out = [
    table ??
      recordsText(
        [id('#'), text('Scenario'), id('status'), id(numHead.toLowerCase()), text('likelihood'), text('deciding reason')],
        scenarios.map((s) => [tag(s), s.title, s.status, num(s).replace('\n', ' '), labels(s), reason(s)]),
        opts.width,
        chalk.bold,
      ).trimEnd(),
  ];
  if (hasLabels) out.push(chalk.dim("Likelihood (source): the sources' own words on a scenario's chances; the probability is the model's"));
  return out.join('\n');
}

/** The full human answer to `query`: the table, the question, the derived conditions. */
export function queryTable({ model, ev, ranges }: QueryData, opts: RenderOptions): string {
  const { chalk } = opts;
  const out: string[] = [scenarioTable(model, withRanges(ev, ranges), opts)];
  out.push('');
  out.push(...questionLines(ev, chalk));
  if (ranges) out.push(chalk.dim("Range: the lowest and highest each probability takes as the model's judgements are swung one at a time ('sensitivity' shows which)"));
  for (const s of ev.scenarios.filter((x) => (x.status === 'triggered' || x.status === 'certain') && x.consequences.length)) {
    out.push(chalk.bold(`Consequences of ${s.numeral ? `possibility ${s.numeral}` : s.short ?? s.id} (${s.title}):`));
    for (const c of s.consequences) out.push(hang(`  ${c.likelihood === 'risk' ? 'risk:   ' : 'certain:'} `, c.text, opts.width));
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
