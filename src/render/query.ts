import type { Evaluation, ScenarioResult } from '../engine/evaluate.js';
import type { Model } from '../engine/types.js';
import { derivedJson, modelJson, scenarioResultJson, SCHEMA_VERSION } from './kit/json.js';
import { NUMBER_HEAD, numberText } from './kit/number.js';
import type { Renderers, RenderOptions } from './kit/options.js';
import { makeTable } from './kit/table.js';
import { becauseText, decidingReason, mdCell, settingText, statusText, valueText } from './kit/text.js';
import { cut } from './kit/width.js';
import { fitLines } from './kit/wrap.js';

export type { RenderOptions } from './kit/options.js';

/** What `query` renders: the model and one evaluation of the settings. */
export interface QueryData {
  model: Model;
  ev: Evaluation & { ok: true };
}

/** The scenario table: numeral, title, status, number, likelihood labels, deciding reason. */
export function scenarioTable(model: Model, scenarios: readonly ScenarioResult[], opts: RenderOptions): string {
  // #, Status and the number are fixed; Scenario and reason share the rest. Below
  // about 76 columns the number goes under the status, so the two text
  // columns keep room enough to read.
  const numW = Math.max(3, ...scenarios.map((s) => (s.numeral ?? '–').length)) + 2;
  const merged = opts.width - numW - 11 - 8 - 6 < 40;
  const fixed = numW + 11 + (merged ? 0 : 8);
  const rest = Math.max(24, opts.width - fixed - (merged ? 5 : 6));
  const titleW = Math.max(12, Math.min(36, Math.floor(rest * (merged ? 0.4 : 0.45))));
  const reasonW = Math.max(12, rest - titleW);
  const t = merged
    ? makeTable(opts, ['#', 'Scenario', 'Status', 'Deciding reason'], [numW, titleW, 11, reasonW])
    : makeTable(opts, ['#', 'Scenario', 'Status', NUMBER_HEAD, 'Deciding reason'], [numW, titleW, 11, 8, reasonW]);
  // Narrow columns wrap onto more lines before the text is cut; a title is never cut there.
  const lines = merged ? 4 : 2;
  for (const s of scenarios) {
    const labels = s.labels.length ? `\n${opts.chalk.dim(cut(s.labels.join('; '), titleW - 2))}` : '';
    const title = (merged ? s.title : cut(s.title, (titleW - 2) * lines)) + labels;
    const reason = cut(decidingReason(s), (reasonW - 2) * lines);
    const status = statusText(s.status, opts.chalk);
    if (merged) t.push([s.numeral ?? '–', title, s.status === 'ruled-out' ? status : `${status}\n${numberText(s, opts.chalk)}`, reason]);
    else t.push([s.numeral ?? '–', title, status, numberText(s, opts.chalk), reason]);
  }
  return t.toString();
}

/** The full human answer to `query`: the table, the settings, the derived conditions. */
export function queryTable({ model, ev }: QueryData, opts: RenderOptions): string {
  const { chalk } = opts;
  const out: string[] = [scenarioTable(model, ev.scenarios, opts)];
  out.push('');
  out.push(
    `${chalk.bold('Settings:')} ${ev.settings.length ? ev.settings.map(settingText).join(', ') : chalk.dim('none (every condition unknown)')}`,
  );
  for (const s of ev.scenarios.filter((x) => x.status === 'triggered' && x.consequences.length)) {
    out.push(chalk.bold(`Consequences of ${s.numeral ? `possibility ${s.numeral}` : 'the baseline'} (${cut(s.title, 50)}):`));
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

export function queryMarkdown({ model, ev }: QueryData): string {
  const out: string[] = [`# ${mdCell(model.info.title)}`, ''];
  out.push(`| # | Scenario | Status | ${NUMBER_HEAD} | Likelihood | Deciding reason |`);
  out.push('|---|---|---|---:|---|---|');
  for (const s of ev.scenarios) {
    out.push(
      `| ${s.numeral ?? '–'} | ${mdCell(s.title)} | ${s.status} | ${numberText(s)} | ${mdCell(s.labels.join('; '))} | ${mdCell(decidingReason(s))} |`,
    );
  }
  out.push('');
  out.push(`**Settings:** ${ev.settings.length ? ev.settings.map((s) => `\`${settingText(s)}\``).join(', ') : 'none'}`);
  out.push('');
  for (const s of ev.scenarios.filter((x) => x.status === 'triggered' && x.consequences.length)) {
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
export function queryJson({ model, ev }: QueryData): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    model: modelJson(model),
    settings: ev.settings,
    scenarios: ev.scenarios.map(scenarioResultJson),
    derived: ev.derived.map(derivedJson),
    conditions: ev.conditions,
  };
}

export const queryRenderers: Renderers<QueryData> = { table: queryTable, json: queryJson, markdown: queryMarkdown };
