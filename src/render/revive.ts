import type { ReviveResult } from '../engine/analysis/index.js';
import { formatValue } from '../engine/expr.js';
import type { Model, Value } from '../engine/types.js';
import { becauseJson, derivedJson, modelJson, SCHEMA_VERSION } from './kit/json.js';
import { label, namer } from './kit/names.js';
import type { Named } from './kit/names.js';
import { numberText, round, statusNumber } from './kit/number.js';
import { analysisRenderers, styleOf } from './kit/options.js';
import type { RenderOptions } from './kit/options.js';
import { sizeColumns, tableOf } from './kit/table.js';
import { forcesText, mdLines, statusText } from './kit/text.js';
import { wordWidth } from './kit/width.js';
import { fitLines } from './kit/wrap.js';

/** revive's answer as a table (or a list when narrow), JSON and Markdown. */

function changeText(c: { condition: string; from: Value; to: Value | null }): string {
  return c.to === null ? `drop ${c.condition}=${formatValue(c.from)}` : `${c.condition}: ${formatValue(c.from)} → ${formatValue(c.to)}`;
}

function alsoLines(o: ReviveResult['sets'][number]['options'][number], name: (s: Named) => string = label): string[] {
  const lines = o.others.map((x) => `${name(x)}: ${x.before} → ${x.after}`);
  if (o.derived.length) lines.push(forcesText(o.derived, 4, '\n  '));
  if (o.released.length) {
    const shown = o.released.slice(0, 4).map((d) => `${d.condition}=${formatValue(d.value)}`);
    lines.push(`no longer forces ${shown.join(', ')}${o.released.length > 4 ? ` and ${o.released.length - 4} more` : ''}`);
  }
  return lines;
}

function reviveHeadline(r: ReviveResult): string {
  const name = `${r.scenario.numeral ? `${r.scenario.numeral} ` : ''}${r.scenario.title} (${r.scenario.id})`;
  if (r.status !== 'ruled-out') return `${name} is not ruled out (it is ${r.status}): nothing to revive.`;
  if (r.byModel) return `${name} is ruled out by the model itself (its requirements clash with the constraints): no change to the settings brings it back.`;
  return `${name} is ${r.text ?? 'ruled out'}.`;
}

function boundsText(r: ReviveResult): string[] {
  const out: string[] = [];
  if (r.bounded.includes('size')) out.push(`no way found touching at most ${r.limits.maxSize} setting(s); --max-size raises the bound`);
  if (r.bounded.includes('sets')) out.push(`stopped after ${r.limits.maxSets} sets; --limit raises the bound`);
  if (r.bounded.includes('checks')) out.push(`search bound hit after ${r.limits.maxChecks} subsets; the list may be incomplete`);
  return out;
}

export function reviveJson(model: Model, r: ReviveResult): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    command: 'revive',
    model: modelJson(model),
    scenario: r.scenario,
    status: r.status,
    ruledOut: r.status === 'ruled-out',
    byModel: r.byModel,
    ...(r.status === 'ruled-out' ? { text: r.text, because: r.because && becauseJson(r.because) } : {}),
    smallest: r.smallest,
    sets: r.sets.map((s) => ({
      conditions: s.conditions,
      moreOptions: s.moreOptions,
      options: s.options.map((o) => ({
        changes: o.changes,
        status: o.status,
        probability: round(o.probability),
        others: o.others.map((x) => ({ ...x, probabilityBefore: round(x.probabilityBefore), probabilityAfter: round(x.probabilityAfter) })),
        derived: o.derived.map(derivedJson),
        released: o.released,
      })),
    })),
    bounded: r.bounded,
    limits: r.limits,
  };
}

/**
 * `revive` for the terminal, within `width` columns: the sets of changes as
 * a table, or as a list when a table would cut condition ids.
 */
export function reviveTable(model: Model, r: ReviveResult, o?: Partial<RenderOptions>): string {
  const ro = styleOf(o);
  const { chalk } = ro;
  const nm = namer(model);
  const lines = [reviveHeadline(r)];
  if (r.status === 'ruled-out' && !r.byModel) {
    if (r.sets.length === 0) lines.push('No set of changes within the bounds brings it back.');
    else {
      const rows: { head: string; changes: string; as: string; also: string }[] = [];
      r.sets.forEach((s, i) => {
        s.options.forEach((opt, j) => {
          rows.push({
            head: j === 0 ? String(i + 1) : '',
            changes: opt.changes.map(changeText).join('\n'),
            as: `${statusText(opt.status, chalk)} ${numberText(opt)}`,
            also: alsoLines(opt, nm.name).join('\n') || chalk.dim('nothing else'),
          });
        });
        if (s.moreOptions) rows.push({ head: '', changes: chalk.dim('(more value combinations not tried)'), as: '', also: '' });
      });
      const head = ['#', 'Changes', 'Revived as', 'Also changes'];
      const cells = rows.map((x) => [x.head, x.changes, x.as, x.also]);
      const widths = sizeColumns([head, ...cells], ro.width, [
        String(r.sets.length).length + 2,
        Math.max(14, ...rows.map((x) => wordWidth(x.changes) + 2)),
        12,
        Math.max(16, ...rows.map((x) => wordWidth(x.also) + 2)),
      ]);
      const body = widths
        ? tableOf(ro, head, widths, cells)
        : rows
            .map((x) =>
              [
                `${(x.head ? `${x.head}.` : x.as ? 'or' : '').padEnd(3)} ${x.changes.split('\n').join(', ')}`,
                ...(x.as ? [`      revived as ${x.as}`] : []),
                ...(x.also ? x.also.split('\n').map((l) => `      ${l.trim()}`) : []),
              ].join('\n'),
            )
            .join('\n');
      lines.push('', body);
      lines.push(chalk.dim(`Sets are smallest first and minimal: touching fewer of their settings does not bring ${nm.name(r.scenario)} back.`));
    }
  }
  for (const b of boundsText(r)) lines.push(chalk.yellow(`note: ${b}`));
  lines.push(...nm.legend(chalk));
  return fitLines(lines.join('\n') + '\n', ro.width);
}

export function reviveMarkdown(model: Model, r: ReviveResult): string {
  const out = [`# Reviving ${mdLines(r.scenario.numeral ?? r.scenario.id)}: ${mdLines(r.scenario.title)}`, '', mdLines(reviveHeadline(r)), ''];
  if (r.status === 'ruled-out' && !r.byModel && r.sets.length) {
    out.push('| # | Changes | Revived as | Also changes |', '|---:|---|---|---|');
    r.sets.forEach((s, i) =>
      s.options.forEach((opt, j) =>
        out.push(
          `| ${j === 0 ? i + 1 : ''} | ${mdLines(opt.changes.map(changeText).join('\n'))} | ${statusNumber(opt)} | ${mdLines(alsoLines(opt).join('\n') || 'nothing else')} |`,
        ),
      ),
    );
  }
  for (const b of boundsText(r)) out.push('', `Note: ${b}`);
  return out.join('\n') + '\n';
}

export const reviveRenderers = analysisRenderers(reviveTable, reviveJson, reviveMarkdown);
