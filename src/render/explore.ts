import type { ExploreResult } from '../engine/analysis/index.js';
import type { SettingRef } from '../engine/evaluate.js';
import type { Model } from '../engine/types.js';
import { countJson, modelJson, round, SCHEMA_VERSION } from './kit/json.js';
import { label, namer } from './kit/names.js';
import { percent } from './kit/number.js';
import { analysisRenderers, styleOf } from './kit/options.js';
import type { RenderOptions } from './kit/options.js';
import { sizeColumns, tableOf } from './kit/table.js';
import { countText, mdLines, settingText, settingsText } from './kit/text.js';
import { lineWidth, wordWidth } from './kit/width.js';
import { fitLines } from './kit/wrap.js';

/** explore's answer: the counts as tables (or lists when narrow), JSON and Markdown. */

/** A count's share of the total, exact to six places however large the counts. */
function share(n: bigint, total: bigint): number {
  if (total === 0n) return 0;
  // Scale before dividing so huge counts keep their precision.
  return Number((n * 1_000_000n) / total) / 1_000_000;
}

function cubeText(c: { assignment: readonly SettingRef[] }): string {
  return c.assignment.length ? c.assignment.map(settingText).join(', ') : 'every world';
}

export function exploreJson(model: Model, r: ExploreResult): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    command: 'explore',
    model: modelJson(model),
    settings: r.settings,
    worlds: countJson(r.total),
    scenarios: r.scenarios.map((s) => ({ id: s.id, numeral: s.numeral, title: s.title, worlds: countJson(s.worlds), share: share(s.worlds, r.total) })),
    pairs: r.pairs.map((p) => ({ a: p.a, b: p.b, worlds: countJson(p.worlds) })),
    combinations: r.combinations.map((c) => ({ scenarios: c.scenarios, worlds: countJson(c.worlds) })),
    gaps: {
      worlds: countJson(r.gaps.worlds),
      share: share(r.gaps.worlds, r.total),
      patterns: r.gaps.patterns,
      cubes: r.gaps.cubes,
      examples: r.gaps.examples.map((c) => ({ assignment: c.assignment, worlds: countJson(c.worlds) })),
    },
    free: r.free,
    steps: r.nodes,
    probabilities: r.probabilities && {
      method: r.probabilities.method,
      scenarios: r.probabilities.scenarios.map((x) => ({ id: x.id, probability: round(x.probability) })),
      pairs: r.probabilities.pairs.map((x) => ({ a: x.a, b: x.b, probability: round(x.probability) })),
      residual: round(r.probabilities.residual),
    },
  };
}

/** A count in at most 4 or 5 characters (`655k`, `6.6M`) for the pair matrix on narrow terminals. */
function countShort(n: bigint): string {
  if (n < 1000n) return n.toString();
  let scale = 1000n;
  for (const unit of ['k', 'M', 'G', 'T', 'P', 'E']) {
    const x = Number(n) / Number(scale);
    const t = x < 9.95 ? x.toFixed(1) : String(Math.round(x));
    if (Number(t) < 1000) return t + unit;
    scale *= 1000n;
  }
  return countText(n);
}

/**
 * `explore` for the terminal, within `width` columns: the scenarios' counts,
 * the pairs as a matrix (counts shortened, or a list of pairs, when the
 * matrix would not fit), the combinations that occur and the gaps.
 */
export function exploreTable(model: Model, r: ExploreResult, o?: Partial<RenderOptions>): string {
  const ro = styleOf(o);
  const { chalk } = ro;
  const nm = namer(model);
  const lines = [`${chalk.bold(countText(r.total))} world(s) are consistent with the constraints and settings (${settingsText(r.settings)}).`, ''];
  const names = r.scenarios.map(nm.name);
  const prob = new Map(r.probabilities?.scenarios.map((x) => [x.id, x.probability]) ?? []);
  const head = ['#', 'Scenario', 'Holds in', 'Share', 'Prob.'];
  const cells = r.scenarios.map((s, i) => [names[i]!, s.title, countText(s.worlds), percent(share(s.worlds, r.total)), prob.has(s.id) ? percent(prob.get(s.id)!) : '–']);
  const titleCap = cells.map((c) => [c[0]!, c[1]!.length > 48 ? 'x'.repeat(48) : c[1]!, c[2]!, c[3]!, c[4]!]);
  const widths = sizeColumns([head, ...titleCap], ro.width, [
    Math.max(3, ...names.map((n) => n.length + 2)),
    Math.max(14, ...r.scenarios.map((s) => wordWidth(s.title) + 2)),
    Math.max(10, ...cells.map((c) => c[2]!.length + 2)),
    8,
    8,
  ]);
  lines.push(widths ? tableOf(ro, head, widths, cells) : cells.map((c) => `${c[0]!.padEnd(5)} ${c[2]} (${c[3]}; probability ${c[4]}) ${c[1]}`).join('\n'));
  lines.push(chalk.dim("Share: of the worlds, each counted once; Prob.: the probability it holds, each world weighed as the model weighs it."));
  if (names.length > 1) {
    const pairOf = new Map(r.pairs.map((p) => [`${p.a}|${p.b}`, p.worlds]));
    const matrix = (count: (n: bigint) => string) =>
      r.scenarios.map((a, i) => [
        names[i]!,
        ...r.scenarios.map((b, j) => {
          if (i === j) return chalk.dim(count(a.worlds));
          const n = pairOf.get(i < j ? `${a.id}|${b.id}` : `${b.id}|${a.id}`) ?? 0n;
          return n === 0n ? chalk.dim('never') : count(n);
        }),
      ]);
    // Every cell whole: its natural width is its floor.
    const fit = (rows: string[][]) => {
      const all = [['', ...names], ...rows];
      return sizeColumns(all, ro.width, all[0]!.map((_, k) => Math.max(...all.map((row) => lineWidth(row[k]!) + 2))));
    };
    const full = matrix(countText);
    const short = matrix(countShort);
    const fullW = fit(full);
    const shortW = fullW ? null : fit(short);
    lines.push('', chalk.bold('Worlds in which two scenarios hold together') + chalk.dim(' (diagonal: alone or not)'));
    if (fullW) lines.push(tableOf(ro, ['', ...names], fullW, full));
    else if (shortW) lines.push(tableOf(ro, ['', ...names], shortW, short), chalk.dim('k thousand, M million, G billion'));
    else {
      const byId = new Map(r.scenarios.map((s) => [s.id, s]));
      for (const p of r.pairs) lines.push(`  ${nm.name(byId.get(p.a)!)} + ${nm.name(byId.get(p.b)!)}: ${p.worlds === 0n ? chalk.dim('never') : countText(p.worlds)}`);
    }
  }
  if (r.probabilities && names.length > 1) {
    const byId = new Map(r.scenarios.map((x) => [x.id, x]));
    const together = r.probabilities.pairs.filter((x) => x.probability > 0).sort((a, b) => b.probability - a.probability);
    lines.push('', chalk.bold('Probability that two scenarios hold together') + chalk.dim(` (pairs never together: ${r.probabilities.pairs.length - together.length})`));
    for (const x of together.slice(0, 12)) lines.push(`  ${nm.name(byId.get(x.a)!)} + ${nm.name(byId.get(x.b)!)}: ${percent(x.probability)}`);
    if (together.length > 12) lines.push(chalk.dim(`  … ${together.length - 12} more (--json lists all)`));
    lines.push(`  ${chalk.bold('None holds:')} ${percent(r.probabilities.residual)}`);
  }
  if (r.combinations.length) {
    lines.push('', chalk.bold('Combinations that occur') + chalk.dim(' (exactly these scenarios hold)'));
    const byId = new Map(r.scenarios.map((s) => [s.id, s]));
    for (const c of r.combinations.slice(0, 15))
      lines.push(`  ${c.scenarios.map((id) => nm.name(byId.get(id)!)).join(' + ')}: ${countText(c.worlds)}`);
    if (r.combinations.length > 15) lines.push(chalk.dim(`  … ${r.combinations.length - 15} more (--json lists all)`));
  }
  lines.push('');
  if (r.gaps.worlds === 0n) lines.push(`${chalk.bold('Gaps:')} none: in every world at least one scenario holds.`);
  else {
    lines.push(
      `${chalk.bold('Gaps:')} ${countText(r.gaps.worlds)} world(s) (${percent(share(r.gaps.worlds, r.total))}) where no scenario holds, in ${r.gaps.cubes} group(s)${r.gaps.cubes > r.gaps.examples.length ? `; the ${r.gaps.examples.length} largest` : ''}:`,
    );
    lines.push(`  ${chalk.bold('In short')} ${chalk.dim('(any consistent world matching one of these is a gap)')}:`);
    for (const p of r.gaps.patterns) lines.push(`    ${cubeText({ assignment: p })}`);
    lines.push(`  ${chalk.bold('Groups')} ${chalk.dim('(disjoint; conditions not named are free)')}:`);
    for (const c of r.gaps.examples) lines.push(`    ${cubeText(c)}  ${chalk.dim(`(${countText(c.worlds)} world(s))`)}`);
  }
  if (r.free.length) lines.push(chalk.dim(`No rule mentions ${r.free.length} condition(s) (${r.free.slice(0, 6).join(', ')}${r.free.length > 6 ? ', …' : ''}): each multiplies every count by its number of values.`));
  lines.push(...nm.legend(chalk));
  return fitLines(lines.join('\n') + '\n', ro.width);
}

export function exploreMarkdown(model: Model, r: ExploreResult): string {
  const out = [`# Worlds of ${mdLines(model.info.title)}`, '', `**Settings:** ${mdLines(settingsText(r.settings))}`, '', `${countText(r.total)} world(s) are consistent with the constraints and settings.`, ''];
  const prob = new Map(r.probabilities?.scenarios.map((x) => [x.id, x.probability]) ?? []);
  const pairProb = new Map(r.probabilities?.pairs.map((x) => [`${x.a}|${x.b}`, x.probability]) ?? []);
  out.push('| # | Scenario | Holds in | Share | Probability |', '|---|---|---:|---:|---:|');
  for (const s of r.scenarios) out.push(`| ${label(s)} | ${mdLines(s.title)} | ${countText(s.worlds)} | ${percent(share(s.worlds, r.total))} | ${prob.has(s.id) ? percent(prob.get(s.id)!) : '–'} |`);
  out.push('', '## Together', '', '| Pair | Worlds | Probability |', '|---|---:|---:|');
  const byId = new Map(r.scenarios.map((s) => [s.id, s]));
  for (const p of r.pairs) {
    const q = pairProb.get(`${p.a}|${p.b}`);
    out.push(`| ${label(byId.get(p.a)!)} + ${label(byId.get(p.b)!)} | ${countText(p.worlds)} | ${q === undefined ? '–' : percent(q)} |`);
  }
  if (r.probabilities) out.push('', `Probability that no scenario holds: ${percent(r.probabilities.residual)}.`);
  out.push('', '## Gaps', '');
  if (r.gaps.worlds === 0n) out.push('None: in every world at least one scenario holds.');
  else {
    out.push(`${countText(r.gaps.worlds)} world(s) where no scenario holds. In short:`, '');
    for (const p of r.gaps.patterns) out.push(`- \`${cubeText({ assignment: p })}\``);
    out.push('', 'Groups (disjoint; conditions not named are free):', '');
    for (const c of r.gaps.examples) out.push(`- \`${cubeText(c)}\` (${countText(c.worlds)})`);
  }
  return out.join('\n') + '\n';
}

export const exploreRenderers = analysisRenderers(exploreTable, exploreJson, exploreMarkdown);
