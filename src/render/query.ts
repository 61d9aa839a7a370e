import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { Evaluation, ScenarioResult, Status } from '../engine/evaluate.js';
import type { Model } from '../engine/types.js';
import { becauseText, cut, decidingReason, fitLines, mdCell, percent, settingText, valueText } from './text.js';

export interface RenderOptions {
  chalk: ChalkInstance;
  width: number;
}

export function statusText(status: Status, chalk: ChalkInstance): string {
  switch (status) {
    case 'ruled-out':
      return chalk.red('ruled-out');
    case 'certain':
      return chalk.green.bold.underline('certain');
    case 'triggered':
      return chalk.green.bold('triggered');
    case 'open':
      return chalk.yellow('open');
  }
}

export function bar(w: number, width: number): string {
  const n = Math.round(w * width);
  return '█'.repeat(n) + '·'.repeat(Math.max(0, width - n));
}

/** A cli-table3 table that draws plain when colour is off (it colours borders otherwise). */
export function makeTable(opts: RenderOptions, head: string[], colWidths: number[]): Table.Table {
  const plain = opts.chalk.level === 0;
  return new Table({
    head: head.map((h) => opts.chalk.bold(h)),
    colWidths,
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: plain ? { head: [], border: [] } : { head: [], border: ['grey'] },
  });
}

/**
 * Column widths (cell padding included) that fit `total` columns: each column
 * gets its natural width, then the widest are shrunk first until it fits.
 */
export function fitWidths(rows: readonly (readonly string[])[], total: number, keep: readonly number[] = [], min = 8): number[] {
  const n = rows[0]?.length ?? 0;
  const widths = Array.from({ length: n }, (_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)) + 2);
  const budget = total - (n + 1);
  // Shrink the widest column that is not kept whole (ids must stay readable), then any.
  const pick = (allowed: (i: number) => boolean) => {
    let best = -1;
    for (let i = 0; i < n; i++) if (allowed(i) && widths[i]! > min && (best < 0 || widths[i]! > widths[best]!)) best = i;
    return best;
  };
  while (widths.reduce((a, b) => a + b, 0) > budget) {
    let i = pick((j) => !keep.includes(j));
    if (i < 0) i = pick(() => true);
    if (i < 0) break;
    widths[i]!--;
  }
  return widths;
}

/** The scenario table: numeral, title, status, weight, likelihood labels, deciding reason. */
export function scenarioTable(model: Model, scenarios: readonly ScenarioResult[], opts: RenderOptions): string {
  // #, Status and Weight are fixed; Scenario and reason share the rest. Below
  // about 76 columns the weight goes under the status, so the two text
  // columns keep room enough to read.
  const numW = Math.max(3, ...scenarios.map((s) => (s.numeral ?? '–').length)) + 2;
  const merged = opts.width - numW - 11 - 8 - 6 < 40;
  const fixed = numW + 11 + (merged ? 0 : 8);
  const rest = Math.max(24, opts.width - fixed - (merged ? 5 : 6));
  const titleW = Math.max(12, Math.min(36, Math.floor(rest * (merged ? 0.4 : 0.45))));
  const reasonW = Math.max(12, rest - titleW);
  const weightText = (s: ScenarioResult) => (s.status === 'ruled-out' ? opts.chalk.dim('–') : percent(s.probability));
  const t = merged
    ? makeTable(opts, ['#', 'Scenario', 'Status', 'Deciding reason'], [numW, titleW, 11, reasonW])
    : makeTable(opts, ['#', 'Scenario', 'Status', 'Weight', 'Deciding reason'], [numW, titleW, 11, 8, reasonW]);
  // Narrow columns wrap onto more lines before the text is cut; a title is never cut there.
  const lines = merged ? 4 : 2;
  for (const s of scenarios) {
    const labels = s.labels.length ? `\n${opts.chalk.dim(cut(s.labels.join('; '), titleW - 2))}` : '';
    const title = (merged ? s.title : cut(s.title, (titleW - 2) * lines)) + labels;
    const reason = cut(decidingReason(s), (reasonW - 2) * lines);
    const status = statusText(s.status, opts.chalk);
    if (merged) t.push([s.numeral ?? '–', title, s.status === 'ruled-out' ? status : `${status}\n${weightText(s)}`, reason]);
    else t.push([s.numeral ?? '–', title, status, weightText(s), reason]);
  }
  return t.toString();
}

/** The full human answer to `query`: the table, the settings, the derived conditions. */
export function queryTable(model: Model, ev: Evaluation & { ok: true }, opts: RenderOptions): string {
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

export function queryMarkdown(model: Model, ev: Evaluation & { ok: true }): string {
  const out: string[] = [`# ${mdCell(model.info.title)}`, ''];
  out.push('| # | Scenario | Status | Weight | Likelihood | Deciding reason |');
  out.push('|---|---|---|---:|---|---|');
  for (const s of ev.scenarios) {
    out.push(
      `| ${s.numeral ?? '–'} | ${mdCell(s.title)} | ${s.status} | ${s.status === 'ruled-out' ? '–' : percent(s.probability)} | ${mdCell(s.labels.join('; '))} | ${mdCell(decidingReason(s))} |`,
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
