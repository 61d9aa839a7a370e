import type { WatchResult } from '../engine/analysis/index.js';
import type { Status } from '../engine/evaluate.js';
import { formatValue } from '../engine/expr.js';
import type { Model } from '../engine/types.js';
import { modelJson, SCHEMA_VERSION } from './kit/json.js';
import { label, namer } from './kit/names.js';
import { numberText, percent, round } from './kit/number.js';
import { analysisRenderers, styleOf } from './kit/options.js';
import type { RenderOptions } from './kit/options.js';
import { capped, sizeColumns, tableOf } from './kit/table.js';
import { bits, mdLines, settingsText, statusText } from './kit/text.js';
import { wordWidth } from './kit/width.js';
import { fitLines } from './kit/wrap.js';

/** watch's answer as a table (or a list when narrow), JSON and Markdown. */

function movesText(moves: WatchResult['signposts'][number]['signposts'][number]['moves'], current: Status): string {
  return moves
    .map((m) => `${formatValue(m.value)} → ${m.status === 'ruled-out' ? 'ruled out' : percent(m.probability)}${m.status !== current && m.status !== 'ruled-out' ? ` (${m.status})` : ''}`)
    .join(', ');
}

export function watchJson(model: Model, r: WatchResult, shown = r.ranking.length): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    command: 'watch',
    model: modelJson(model),
    settings: r.settings,
    entropy: round(r.entropy),
    ranking: 'expectedInformation',
    total: r.ranking.length,
    conditions: r.ranking.slice(0, shown).map((c, i) => ({
      rank: i + 1,
      condition: c.condition,
      question: c.question,
      indicator: c.indicator,
      expectedInformation: round(c.expectedInformation),
      expectedEliminated: round(c.expectedEliminated),
      values: c.values.map((v) => ({ ...v, probability: round(v.probability), entropyAfter: round(v.entropyAfter) })),
      impossible: c.impossible,
    })),
    signposts: r.signposts.map((s) => ({
      id: s.id,
      numeral: s.numeral,
      status: s.status,
      probability: round(s.probability),
      signposts: s.signposts.map((p) => ({
        condition: p.condition,
        shift: round(p.shift),
        moves: p.moves.map((m) => ({ value: m.value, status: m.status, probability: round(m.probability), delta: round(m.delta) })),
      })),
    })),
    ruledOut: r.ruledOut,
    skipped: r.skipped,
  };
}

/**
 * `watch` for the terminal, within `width` columns: the ranking as a table
 * (the information under the condition when narrow, a list when even that
 * would cut ids), then the signposts per scenario likewise.
 */
export function watchTable(model: Model, r: WatchResult, o?: Partial<RenderOptions>, shown = r.ranking.length): string {
  const ro = styleOf(o);
  const { chalk } = ro;
  const nm = namer(model);
  const ranked = r.ranking.slice(0, shown).map((c, i) => {
    const vals = c.values.map((v) => `${formatValue(v.value)}: ${percent(v.probability)} → ${v.entropyAfter.toFixed(2)}`);
    if (c.impossible.length) vals.push(chalk.dim(`impossible: ${c.impossible.map(formatValue).join(', ')}`));
    return { rank: String(i + 1), c, vals: vals.join('\n') };
  });
  const numW = String(shown).length + 2;
  const idW = Math.max(10, ...ranked.map((x) => x.c.condition.length + 2));
  const valFloor = Math.max(16, ...ranked.map((x) => wordWidth(x.vals) + 2));
  let table: string | undefined;
  const head = ['#', 'Watch', 'Information', 'Values: P → uncertainty after'];
  const cells = ranked.map((x) => [x.rank, `${x.c.condition}\n${chalk.dim(x.c.question)}`, bits(x.c.expectedInformation), x.vals]);
  // The condition column wants its question on a few lines rather than one long one.
  const wide = sizeColumns([head, ...cells.map((c) => [c[0]!, capped(c[1]!), c[2]!, c[3]!])], ro.width, [numW, idW, 13, valFloor]);
  if (wide) table = tableOf(ro, head, wide, cells);
  else {
    const head3 = ['#', 'Watch (information)', 'Values: P → uncertainty after'];
    const cells3 = ranked.map((x) => [x.rank, `${x.c.condition}\n${bits(x.c.expectedInformation)}\n${chalk.dim(x.c.question)}`, x.vals]);
    const narrow = sizeColumns([head3, ...cells3.map((c) => [c[0]!, capped(c[1]!), c[2]!])], ro.width, [numW, Math.max(idW, 12), valFloor]);
    if (narrow) table = tableOf(ro, head3, narrow, cells3);
  }
  if (!table) {
    table = ranked
      .map((x) => [`${chalk.bold(`${x.rank}. ${x.c.condition}`)} (${bits(x.c.expectedInformation)}): ${x.c.question}`, ...x.vals.split('\n').map((v) => `     ${v}`)].join('\n'))
      .join('\n');
  }
  const lines = [table, ''];
  lines.push(`${chalk.bold('Settings:')} ${settingsText(r.settings)}`);
  lines.push(`${chalk.bold('Uncertainty now:')} ${bits(r.entropy)} (the scenarios' binary entropies, summed).`);
  lines.push(
    chalk.dim("Information = uncertainty now − Σ P(value) × uncertainty after the value: the expected information each condition gives about whether each scenario holds, exact from the model's distribution; indicators (observable before the outcome) first."),
  );
  if (shown < r.ranking.length) lines.push(chalk.dim(`${r.ranking.length - shown} more condition(s); --top 0 shows all`));
  if (r.signposts.length) {
    const posts = r.signposts.map((sc) => ({
      sc,
      name: `${nm.name(sc)} ${sc.title}`,
      now: `${statusText(sc.status, chalk)}\n${numberText(sc)}`,
      moves: sc.signposts.length ? sc.signposts.map((p) => `${p.condition}: ${movesText(p.moves, sc.status)}`).join('\n') : chalk.dim('no unset condition moves it'),
    }));
    const sHead = ['Scenario', 'Now', 'Signposts: value → probability'];
    const sCells = posts.map((p) => [p.name, p.now, p.moves]);
    const widths = sizeColumns([sHead, ...sCells.map((c) => [capped(c[0]!), c[1]!, c[2]!])], ro.width, [
      Math.max(14, ...posts.map((p) => wordWidth(p.name) + 2)),
      11,
      Math.max(20, ...posts.map((p) => wordWidth(p.moves) + 2)),
    ]);
    const body = widths
      ? tableOf(ro, sHead, widths, sCells)
      : posts.map((p) => [`${chalk.bold(p.name)}: ${p.now.replace('\n', ' ')}`, ...p.moves.split('\n').map((m) => `     ${m}`)].join('\n')).join('\n');
    lines.push('', chalk.bold('Signposts'), body);
  }
  if (r.ruledOut.length) lines.push(chalk.dim(`Ruled out (no unset condition brings them back; try revive): ${r.ruledOut.join(', ')}`));
  lines.push(...nm.legend(chalk));
  return fitLines(lines.join('\n') + '\n', ro.width);
}


export function watchMarkdown(model: Model, r: WatchResult, shown = r.ranking.length): string {
  const out = [`# What to watch: ${mdLines(model.info.title)}`, '', `**Settings:** ${mdLines(settingsText(r.settings))}`, ''];
  out.push(`Uncertainty now: ${bits(r.entropy)}. Information = entropy now − Σ P(value) × entropy after.`, '');
  out.push('| # | Watch | Information | Values: P → uncertainty after |', '|---:|---|---:|---|');
  r.ranking.slice(0, shown).forEach((c, i) => {
    const vals = c.values.map((v) => `${formatValue(v.value)}: ${percent(v.probability)} → ${v.entropyAfter.toFixed(2)}`);
    if (c.impossible.length) vals.push(`impossible: ${c.impossible.map(formatValue).join(', ')}`);
    out.push(`| ${i + 1} | \`${c.condition}\` ${mdLines(c.question)} | ${bits(c.expectedInformation)} | ${mdLines(vals.join('\n'))} |`);
  });
  if (r.signposts.length) {
    out.push('', '## Signposts', '', '| Scenario | Now | Signposts: value → probability |', '|---|---|---|');
    for (const sc of r.signposts)
      out.push(
        `| ${label(sc)} ${mdLines(sc.title)} | ${sc.status} ${percent(sc.probability)} | ${mdLines(sc.signposts.map((p) => `\`${p.condition}\`: ${movesText(p.moves, sc.status)}`).join('\n') || 'none')} |`,
      );
  }
  if (r.ruledOut.length) out.push('', `Ruled out: ${r.ruledOut.join(', ')}`);
  return out.join('\n') + '\n';
}

export const watchRenderers = analysisRenderers(watchTable, watchJson, watchMarkdown, (r) => r.ranking.length);
