import type { ChalkInstance } from 'chalk';
import type { Outcome, ScenarioEffect, WhatIfResult } from '../engine/analysis/index.js';
import { formatValue } from '../engine/expr.js';
import type { Model } from '../engine/types.js';
import { becauseJson, derivedJson, modelJson, SCHEMA_VERSION } from './kit/json.js';
import { label, namer } from './kit/names.js';
import type { Named } from './kit/names.js';
import { numberText, percent, round } from './kit/number.js';
import { analysisRenderers, styleOf } from './kit/options.js';
import type { RenderOptions } from './kit/options.js';
import { sizeColumns, tableOf } from './kit/table.js';
import { bits, forcesText, mdLines, settingText, settingsText } from './kit/text.js';
import { lineWidth, wordWidth } from './kit/width.js';
import { fitLines, packItems } from './kit/wrap.js';

/** whatif's answer as a table (or a list when narrow), JSON and Markdown. */

/**
 * "rules out I: needs X (via c1 → c2)": the clauses and constraints that make
 * the change; settings other than the row's own are named too.
 */
function effectText(e: ScenarioEffect, own?: { condition: string }, name: (s: Named) => string = label): string {
  if (e.change === 'none') return '';
  const verb = e.change === 'rules-out' ? 'rules out' : 'triggers';
  const b = e.because;
  if (!b) return `${verb} ${name(e)}`;
  const parts: string[] = [];
  const byRole = (role: string, prefix: string) => {
    const texts = b.clauses.filter((c) => c.role === role).map((c) => c.text);
    if (texts.length) parts.push(`${prefix}${texts.join('; ')}`);
  };
  byRole('rules-out', 'by ');
  byRole('requires', 'needs ');
  byRole('trigger', 'by ');
  const others = b.settings.filter((x) => x.condition !== own?.condition);
  if (others.length) parts.push(`with ${others.map(settingText).join(', ')}`);
  if (b.constraints.length) parts.push(`via ${b.constraints.join(' → ')}`);
  return `${verb} ${name(e)}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

function probabilityParts(o: Outcome, name: (s: Named) => string = label): string[] {
  return o.effects.map((e) => `${name(e)} ${numberText({ status: e.after, probability: e.probabilityAfter })}`);
}

function probabilitiesText(o: Outcome, sep = '  ', name: (s: Named) => string = label): string {
  return probabilityParts(o, name).join(sep);
}

/**
 * `prefix` then the items joined by `sep`, broken into lines of at most
 * `width` columns between items (never inside one, so a label keeps its
 * probability); continuation lines indented by `indent`.
 */
function packed(prefix: string, items: readonly string[], sep: string, width: number, indent: string): string {
  // The first line has the full width; measured against less, which only errs short.
  return packItems([prefix + (items[0] ?? ''), ...items.slice(1)], sep, width - indent.length, indent).join('\n');
}

export function whatifJson(model: Model, r: WhatIfResult, shown = r.conditions.length): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    command: 'whatif',
    model: modelJson(model),
    settings: r.settings,
    entropy: round(r.entropy),
    ranking: 'expectedEliminated',
    total: r.conditions.length,
    conditions: r.conditions.slice(0, shown).map((c, i) => ({
      rank: i + 1,
      condition: c.condition,
      question: c.question,
      expectedEliminated: round(c.expectedEliminated),
      expectedInformation: round(c.expectedInformation),
      maxEliminated: c.maxEliminated,
      outcomes: c.outcomes.map((o) =>
        o.possible
          ? {
              value: o.value,
              possible: true,
              probability: round(o.probability),
              eliminated: o.eliminated,
              triggered: o.triggered,
              entropyAfter: round(o.entropyAfter),
              scenarios: o.effects.map((e) => ({
                id: e.id,
                numeral: e.numeral,
                before: e.before,
                after: e.after,
                change: e.change,
                probabilityBefore: round(e.probabilityBefore),
                probabilityAfter: round(e.probabilityAfter),
                ...(e.change !== 'none' ? { text: e.text, because: e.because && becauseJson(e.because) } : {}),
              })),
              derived: o.derived.map(derivedJson),
            }
          : { value: o.value, possible: false, probability: 0, impossible: o.impossible ?? null },
      ),
    })),
    skipped: r.skipped,
    derivedListed: r.derivedListed,
  };
}

/**
 * `whatif` for the terminal, within `width` columns: a table with the probabilities
 * after in a column of their own; when narrower, the probabilities under each
 * effect; when even that would cut condition ids, a list.
 */
export function whatifTable(model: Model, r: WhatIfResult, o?: Partial<RenderOptions>, shown = r.conditions.length): string {
  const ro = styleOf(o);
  const { chalk } = ro;
  const nm = namer(model);
  const rows: { head: string; cond: string; effect: string; weights: string }[] = [];
  r.conditions.slice(0, shown).forEach((c, i) => {
    c.outcomes.forEach((out, j) => {
      const head = j === 0 ? String(i + 1) : '';
      const cond = `${c.condition}\n= ${formatValue(out.value)}`;
      if (!out.possible) {
        rows.push({ head, cond: chalk.dim(`${cond}\n(0%)`), effect: chalk.dim(`impossible: ${out.impossible?.text ?? 'excluded by the settings'}`), weights: '' });
        return;
      }
      const lines = out.effects.map((e) => effectText(e, c, nm.name)).filter(Boolean);
      if (out.derived.length) lines.push(chalk.dim(forcesText(out.derived, 4, '\n  ')));
      rows.push({
        head,
        cond: `${cond}\n(${percent(out.probability)})`,
        effect: lines.length ? lines.join('\n') : chalk.dim('no status changes'),
        weights: probabilitiesText(out, '\n', nm.name),
      });
    });
  });
  const numW = String(shown).length + 2;
  const ifW = Math.max(8, ...rows.map((x) => lineWidth(x.cond) + 2));
  const effFloor = (min: number) => Math.max(min, ...rows.map((x) => wordWidth(x.effect) + 2));
  let table: string | undefined;
  const wide = sizeColumns(
    [['#', 'If (P)', 'Effect', 'Probabilities after'], ...rows.map((x) => [x.head, x.cond, x.effect, x.weights])],
    ro.width,
    [numW, ifW, effFloor(30), Math.max(9, ...rows.map((x) => lineWidth(x.weights) + 2))],
  );
  if (wide) table = tableOf(ro, ['#', 'If (P)', 'Effect', 'Probabilities after'], wide, rows.map((x) => [x.head, x.cond, x.effect, x.weights]));
  else {
    // The probabilities after go under the effect, packed to the column's width so a label keeps its weight.
    const head = ['#', 'If (P)', 'Effect; probabilities after'];
    const narrow = sizeColumns([head, ...rows.map((x) => [x.head, x.cond, x.effect])], ro.width, [numW, ifW, effFloor(26)]);
    if (narrow) {
      const room = narrow[2]! - 2;
      const cells = rows.map((x) => [x.head, x.cond, x.weights ? `${x.effect}\n${chalk.dim(packed('after: ', x.weights.split('\n'), '  ', room, '  '))}` : x.effect]);
      table = tableOf(ro, head, narrow, cells);
    }
  }
  const lines = [table ?? whatifList(r, chalk, nm.name, shown, ro.width), ''];
  lines.push(...nm.legend(chalk));
  lines.push(`${chalk.bold('Settings:')} ${settingsText(r.settings)}`);
  lines.push(
    `${chalk.bold('Ranked by')} the expected number of possibilities eliminated, Σ P(value) × (scenarios it rules out); ties by expected information. Now: ${bits(r.entropy)}.`,
  );
  lines.push(chalk.dim("P(value): the value's probability in the model's distribution, given everything set and observed."));
  if (shown < r.conditions.length) lines.push(chalk.dim(`${r.conditions.length - shown} more condition(s); --top 0 shows all`));
  for (const s of r.skipped) lines.push(chalk.dim(`${s.condition} is already ${s.origin} (${formatValue(s.value)}): skipped`));
  if (r.conditions.length === 0) lines.push('Every condition is set or forced: nothing left to ask.');
  if (!r.derivedListed) lines.push(chalk.dim('The model is large: the conditions each value would force are not listed (query --set shows them).'));
  return fitLines(lines.join('\n') + '\n', ro.width);
}

/**
 * whatif as a list, for widths where no table keeps condition ids whole: per
 * condition its question, then each value with its probability, the status
 * changes it makes (each with its reason), what it forces and the probabilities after.
 */
function whatifList(r: WhatIfResult, chalk: ChalkInstance, name: (s: Named) => string, shown: number, width: number): string {
  const out: string[] = [];
  r.conditions.slice(0, shown).forEach((c, i) => {
    out.push(`${chalk.bold(`${i + 1}. ${c.condition}`)}: ${c.question}`);
    for (const o of c.outcomes) {
      const head = `   = ${formatValue(o.value)}`;
      if (!o.possible) {
        out.push(chalk.dim(`${head} (0%): impossible: ${o.impossible?.text ?? 'excluded by the settings'}`));
        continue;
      }
      const effects = o.effects.map((e) => effectText(e, c, name)).filter(Boolean);
      out.push(`${head} (${percent(o.probability)})${effects.length ? '' : `: ${chalk.dim('no status changes')}`}`);
      for (const e of effects) out.push(`     ${e}`);
      if (o.derived.length) out.push(chalk.dim(`     ${forcesText(o.derived)}`));
      out.push(chalk.dim(packed('     probabilities after: ', probabilityParts(o, name), '  ', width, '       ')));
    }
  });
  return out.join('\n');
}

export function whatifMarkdown(model: Model, r: WhatIfResult, shown = r.conditions.length): string {
  const out = [`# What if: ${mdLines(model.info.title)}`, '', `**Settings:** ${mdLines(settingsText(r.settings))}`, ''];
  out.push('Ranked by the expected number of possibilities eliminated (Σ P(value) × scenarios it rules out).', '');
  out.push('| # | If | P | Effect | Probabilities after |', '|---:|---|---:|---|---|');
  r.conditions.slice(0, shown).forEach((c, i) => {
    c.outcomes.forEach((o, j) => {
      const head = j === 0 ? String(i + 1) : '';
      const cond = `\`${c.condition} = ${formatValue(o.value)}\``;
      if (!o.possible) {
        out.push(`| ${head} | ${cond} | 0 | impossible: ${mdLines(o.impossible?.text ?? '')} | |`);
        return;
      }
      const effects = o.effects.map((e) => effectText(e, c)).filter(Boolean);
      if (o.derived.length) effects.push(forcesText(o.derived, 12));
      out.push(`| ${head} | ${cond} | ${percent(o.probability)} | ${mdLines(effects.join('\n') || 'no status changes')} | ${mdLines(probabilitiesText(o))} |`);
    });
  });
  if (shown < r.conditions.length) out.push('', `${r.conditions.length - shown} more condition(s) not shown.`);
  return out.join('\n') + '\n';
}

export const whatifRenderers = analysisRenderers(whatifTable, whatifJson, whatifMarkdown, (r) => r.conditions.length);
