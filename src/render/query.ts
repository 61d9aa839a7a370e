import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { Evaluation, ScenarioResult, Status } from '../engine/evaluate.js';
import type { Model } from '../engine/types.js';
import { becauseText, cut, decidingReason, percent, settingText, valueText } from './text.js';

export interface RenderOptions {
  chalk: ChalkInstance;
  width: number;
}

export function statusText(status: Status, chalk: ChalkInstance): string {
  switch (status) {
    case 'ruled-out':
      return chalk.red('ruled-out');
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
  // Borders take 6 columns; #, Status and Weight are fixed; Scenario and reason share the rest.
  const fixed = 5 + 11 + 8;
  const rest = Math.max(40, opts.width - fixed - 6);
  const titleW = Math.max(20, Math.min(36, Math.floor(rest * 0.45)));
  const reasonW = Math.max(18, rest - titleW);
  const t = makeTable(opts, ['#', 'Scenario', 'Status', 'Weight', 'Deciding reason'], [5, titleW, 11, 8, reasonW]);
  for (const s of scenarios) {
    const labels = s.labels.length ? `\n${opts.chalk.dim(cut(s.labels.join('; '), titleW - 2))}` : '';
    t.push([
      s.numeral ?? '–',
      cut(s.title, (titleW - 2) * 2) + labels,
      statusText(s.status, opts.chalk),
      s.status === 'ruled-out' ? opts.chalk.dim('–') : percent(s.weight),
      cut(decidingReason(s), (reasonW - 2) * 2),
    ]);
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
  return out.join('\n') + '\n';
}

function mdEscape(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function queryMarkdown(model: Model, ev: Evaluation & { ok: true }): string {
  const out: string[] = [`# ${mdEscape(model.info.title)}`, ''];
  out.push('| # | Scenario | Status | Weight | Likelihood | Deciding reason |');
  out.push('|---|---|---|---:|---|---|');
  for (const s of ev.scenarios) {
    out.push(
      `| ${s.numeral ?? '–'} | ${mdEscape(s.title)} | ${s.status} | ${s.status === 'ruled-out' ? '–' : percent(s.weight)} | ${mdEscape(s.labels.join('; '))} | ${mdEscape(decidingReason(s))} |`,
    );
  }
  out.push('');
  out.push(`**Settings:** ${ev.settings.length ? ev.settings.map((s) => `\`${settingText(s)}\``).join(', ') : 'none'}`);
  out.push('');
  for (const s of ev.scenarios.filter((x) => x.status === 'triggered' && x.consequences.length)) {
    out.push(`**Consequences of ${mdEscape(s.title)}:**`, '');
    for (const c of s.consequences) out.push(`- ${c.likelihood}: ${mdEscape(c.text)}`);
    out.push('');
  }
  if (ev.derived.length) {
    out.push('**Derived:**', '');
    for (const d of ev.derived) out.push(`- \`${d.condition} = ${valueText(d.value)}\` ← ${mdEscape(becauseText(d.because))}`);
  } else out.push('**Derived:** none');
  return out.join('\n') + '\n';
}
