import { Chalk } from 'chalk';
import type { Because, DerivedCondition, SettingRef, Status } from '../engine/evaluate.js';
import { formatValue } from '../engine/expr.js';
import type { Model, Value } from '../engine/types.js';
import type { ExploreResult, ReviveResult, WatchResult, WhatIfResult } from '../engine/analysis/index.js';
import type { Outcome, ScenarioEffect } from '../engine/analysis/index.js';
import { round, SCHEMA_VERSION, toJsonText } from './json.js';
import { wrapJoin } from './grid.js';
import { makeTable, statusText } from './query.js';
import type { RenderOptions } from './query.js';
import { fitLines, percent, settingText, visibleWidth } from './text.js';

/**
 * Renderers for the analysis commands: for each, a JSON shape (with
 * schemaVersion), a table and Markdown, and one `renderX(model, result,
 * format, options)` the command line and the interactive session share.
 */

export type AnalysisFormat = 'table' | 'json' | 'markdown';

/** Colour and width; optional so callers without a terminal can pass nothing. */
export type AnalysisRenderOptions = Partial<RenderOptions>;

function opts(o: AnalysisRenderOptions | undefined): RenderOptions {
  return { chalk: o?.chalk ?? plainChalk, width: o?.width ?? 100 };
}

// Pure callers need no colour setup: plain text unless they pass a chalk.
const plainChalk = new Chalk({ level: 0 });

/** A scenario's short name in tables: its numeral, or its id for the baseline. */
function label(s: { numeral: string | null; id: string }): string {
  return s.numeral ?? s.id;
}

type Named = { numeral: string | null; id: string };

/**
 * Short names for tables: numerals, and `base` for the one scenario without
 * (as the timeline grid has it), so a long id does not widen every column;
 * `legend` explains `base` once it has been used.
 */
function namer(model: Model): { name: (s: Named) => string; legend: (chalk: RenderOptions['chalk']) => string[] } {
  const bare = model.scenarios.filter((s) => s.numeral === null);
  const base = bare.length === 1 ? bare[0]! : undefined;
  let used = false;
  return {
    name: (s) => {
      if (s.numeral !== null) return s.numeral;
      if (base && s.id === base.id) {
        used = true;
        return 'base';
      }
      return s.id;
    },
    legend: (chalk) => (used && base ? [chalk.dim(`base = ${base.id}: ${base.title}`)] : []),
  };
}

/** Columns a cell's widest line takes. */
function lineW(cell: string): number {
  return Math.max(0, ...cell.split('\n').map(visibleWidth));
}

/** Columns a cell's longest word takes: a column this wide (plus padding) cuts no id. */
function wordW(cell: string): number {
  return Math.max(0, ...cell.split(/\s+/).map(visibleWidth));
}

/**
 * Column widths (cell padding included) for a table of `rows` (the head
 * first) within `total` columns, borders counted: each column gets its
 * natural width, then the one with the most room above its floor gives up a
 * column at a time. Null when even the floors do not fit: the caller then
 * lays the answer out another way.
 */
function sizeColumns(rows: readonly (readonly string[])[], total: number, floors: readonly number[]): number[] | null {
  const n = floors.length;
  const widths = floors.map((f, i) => Math.max(f, ...rows.map((r) => lineW(r[i] ?? '') + 2)));
  const budget = total - (n + 1);
  if (floors.reduce((a, b) => a + b, 0) > budget) return null;
  let over = widths.reduce((a, b) => a + b, 0) - budget;
  while (over > 0) {
    let best = 0;
    for (let i = 1; i < n; i++) if (widths[i]! - floors[i]! > widths[best]! - floors[best]!) best = i;
    widths[best]!--;
    over--;
  }
  return widths;
}

/** A table from cells already sized by `sizeColumns`. */
function tableOf(ro: RenderOptions, head: string[], widths: number[], rows: readonly string[][]): string {
  const t = makeTable(ro, head, widths);
  for (const r of rows) t.push(r);
  return t.toString();
}

function md(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}

function bits(x: number): string {
  return `${(Math.abs(x) < 5e-7 ? 0 : x).toFixed(3)} bits`;
}

function setText(settings: readonly SettingRef[]): string {
  return settings.length ? settings.map(settingText).join(', ') : 'none (every condition unknown)';
}

function becauseJson(b: Because | undefined): Record<string, unknown> | undefined {
  if (!b) return undefined;
  return {
    settings: b.settings,
    constraints: b.constraints,
    clauses: b.clauses.map((c) => ({ role: c.role, index: c.index, text: c.text })),
  };
}

/** Counts can pass 2^53 on large models: a JSON number while exact, else a decimal string. */
export function countJson(n: bigint): number | string {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

function countText(n: bigint): string {
  const s = n.toString();
  if (s.length > 15) return `${s.slice(0, 1)}.${s.slice(1, 4)}e${s.length - 1}`;
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function share(n: bigint, total: bigint): number {
  if (total === 0n) return 0;
  // Scale before dividing so huge counts keep their precision.
  return Number((n * 1_000_000n) / total) / 1_000_000;
}

// ───────────────────────────── whatif ─────────────────────────────

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

function forcesText(ds: readonly DerivedCondition[], max = 4, sep = ', '): string {
  if (ds.length === 1) sep = ', ';
  const shown = ds.slice(0, max).map((d) => `${d.condition}=${formatValue(d.value)}`);
  return `forces${sep === ', ' ? ' ' : sep}${shown.join(sep)}${ds.length > max ? `${sep === ', ' ? ' ' : sep}and ${ds.length - max} more` : ''}`;
}

function weightParts(o: Outcome, name: (s: Named) => string = label): string[] {
  return o.effects.map((e) => `${name(e)} ${e.after === 'ruled-out' ? '–' : percent(e.probabilityAfter)}`);
}

function weightsText(o: Outcome, sep = '  ', name: (s: Named) => string = label): string {
  return weightParts(o, name).join(sep);
}

/**
 * `prefix` then the items joined by `sep`, broken into lines of at most
 * `width` columns between items (never inside one, so a label keeps its
 * weight); continuation lines indented by `indent`.
 */
function packed(prefix: string, items: readonly string[], sep: string, width: number, indent: string): string {
  const lines = wrapJoin([prefix + (items[0] ?? ''), ...items.slice(1)], sep, width - indent.length).split('\n');
  // The first line had the full width; wrapJoin measured it against less, which only errs short.
  return lines.map((l, i) => (i === 0 ? l : indent + l)).join('\n');
}

export function whatifJson(model: Model, r: WhatIfResult, shown = r.conditions.length): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    command: 'whatif',
    model: { name: model.info.name, title: model.info.title },
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
                weightBefore: round(e.probabilityBefore),
                weightAfter: round(e.probabilityAfter),
                ...(e.change !== 'none' ? { text: e.text, because: becauseJson(e.because) } : {}),
              })),
              derived: o.derived.map((d) => ({ condition: d.condition, value: d.value, because: { settings: d.because.settings, constraints: d.because.constraints } })),
            }
          : { value: o.value, possible: false, probability: 0, impossible: o.impossible ?? null },
      ),
    })),
    skipped: r.skipped,
    derivedListed: r.derivedListed,
  };
}

/**
 * `whatif` for the terminal, within `width` columns: a table with the weights
 * after in a column of their own; when narrower, the weights under each
 * effect; when even that would cut condition ids, a list.
 */
export function whatifTable(model: Model, r: WhatIfResult, o?: AnalysisRenderOptions, shown = r.conditions.length): string {
  const ro = opts(o);
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
        weights: weightsText(out, '\n', nm.name),
      });
    });
  });
  const numW = String(shown).length + 2;
  const ifW = Math.max(8, ...rows.map((x) => lineW(x.cond) + 2));
  const effFloor = (min: number) => Math.max(min, ...rows.map((x) => wordW(x.effect) + 2));
  let table: string | undefined;
  const wide = sizeColumns(
    [['#', 'If (P)', 'Effect', 'Weights after'], ...rows.map((x) => [x.head, x.cond, x.effect, x.weights])],
    ro.width,
    [numW, ifW, effFloor(30), Math.max(9, ...rows.map((x) => lineW(x.weights) + 2))],
  );
  if (wide) table = tableOf(ro, ['#', 'If (P)', 'Effect', 'Weights after'], wide, rows.map((x) => [x.head, x.cond, x.effect, x.weights]));
  else {
    // The weights after go under the effect, packed to the column's width so a label keeps its weight.
    const head = ['#', 'If (P)', 'Effect; weights after'];
    const narrow = sizeColumns([head, ...rows.map((x) => [x.head, x.cond, x.effect])], ro.width, [numW, ifW, effFloor(26)]);
    if (narrow) {
      const room = narrow[2]! - 2;
      const cells = rows.map((x) => [x.head, x.cond, x.weights ? `${x.effect}\n${chalk.dim(packed('after: ', x.weights.split('\n'), '  ', room, '  '))}` : x.effect]);
      table = tableOf(ro, head, narrow, cells);
    }
  }
  const lines = [table ?? whatifList(r, chalk, nm.name, shown, ro.width), ''];
  lines.push(...nm.legend(chalk));
  lines.push(`${chalk.bold('Settings:')} ${setText(r.settings)}`);
  lines.push(
    `${chalk.bold('Ranked by')} the expected number of possibilities eliminated, Σ P(value) × (scenarios it rules out); ties by expected information. Now: ${bits(r.entropy)}.`,
  );
  lines.push(chalk.dim('P(value): each possibility still open spreads its weight evenly over the values it can hold with.'));
  if (shown < r.conditions.length) lines.push(chalk.dim(`${r.conditions.length - shown} more condition(s); --top 0 shows all`));
  for (const s of r.skipped) lines.push(chalk.dim(`${s.condition} is already ${s.origin} (${formatValue(s.value)}): skipped`));
  if (r.conditions.length === 0) lines.push('Every condition is set or forced: nothing left to ask.');
  if (!r.derivedListed) lines.push(chalk.dim('The model is large: the conditions each value would force are not listed (query --set shows them).'));
  return fitLines(lines.join('\n') + '\n', ro.width);
}

/**
 * whatif as a list, for widths where no table keeps condition ids whole: per
 * condition its question, then each value with its probability, the status
 * changes it makes (each with its reason), what it forces and the weights after.
 */
function whatifList(r: WhatIfResult, chalk: RenderOptions['chalk'], name: (s: Named) => string, shown: number, width: number): string {
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
      out.push(chalk.dim(packed('     weights after: ', weightParts(o, name), '  ', width, '       ')));
    }
  });
  return out.join('\n');
}

export function whatifMarkdown(model: Model, r: WhatIfResult, shown = r.conditions.length): string {
  const out = [`# What if: ${md(model.info.title)}`, '', `**Settings:** ${md(setText(r.settings))}`, ''];
  out.push('Ranked by the expected number of possibilities eliminated (Σ P(value) × scenarios it rules out).', '');
  out.push('| # | If | P | Effect | Weights after |', '|---:|---|---:|---|---|');
  r.conditions.slice(0, shown).forEach((c, i) => {
    c.outcomes.forEach((o, j) => {
      const head = j === 0 ? String(i + 1) : '';
      const cond = `\`${c.condition} = ${formatValue(o.value)}\``;
      if (!o.possible) {
        out.push(`| ${head} | ${cond} | 0 | impossible: ${md(o.impossible?.text ?? '')} | |`);
        return;
      }
      const effects = o.effects.map((e) => effectText(e, c)).filter(Boolean);
      if (o.derived.length) effects.push(forcesText(o.derived, 12));
      out.push(`| ${head} | ${cond} | ${percent(o.probability)} | ${md(effects.join('\n') || 'no status changes')} | ${md(weightsText(o))} |`);
    });
  });
  if (shown < r.conditions.length) out.push('', `${r.conditions.length - shown} more condition(s) not shown.`);
  return out.join('\n') + '\n';
}

/** `whatif` in any format. `top` limits the conditions shown (default all). */
export function renderWhatif(model: Model, r: WhatIfResult, format: AnalysisFormat, o?: AnalysisRenderOptions & { top?: number }): string {
  const shown = o?.top && o.top > 0 ? Math.min(o.top, r.conditions.length) : r.conditions.length;
  if (format === 'json') return toJsonText(whatifJson(model, r, shown));
  if (format === 'markdown') return whatifMarkdown(model, r, shown);
  return whatifTable(model, r, o, shown);
}

// ───────────────────────────── watch ─────────────────────────────

function movesText(moves: WatchResult['signposts'][number]['signposts'][number]['moves'], current: Status): string {
  return moves
    .map((m) => `${formatValue(m.value)} → ${m.status === 'ruled-out' ? 'ruled out' : percent(m.probability)}${m.status !== current && m.status !== 'ruled-out' ? ` (${m.status})` : ''}`)
    .join(', ');
}

export function watchJson(model: Model, r: WatchResult, shown = r.ranking.length): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    command: 'watch',
    model: { name: model.info.name, title: model.info.title },
    settings: r.settings,
    entropy: round(r.entropy),
    ranking: 'expectedInformation',
    total: r.ranking.length,
    conditions: r.ranking.slice(0, shown).map((c, i) => ({
      rank: i + 1,
      condition: c.condition,
      question: c.question,
      expectedInformation: round(c.expectedInformation),
      expectedEliminated: round(c.expectedEliminated),
      values: c.values.map((v) => ({ ...v, probability: round(v.probability), entropyAfter: round(v.entropyAfter) })),
      impossible: c.impossible,
    })),
    signposts: r.signposts.map((s) => ({
      id: s.id,
      numeral: s.numeral,
      status: s.status,
      weight: round(s.probability),
      signposts: s.signposts.map((p) => ({
        condition: p.condition,
        shift: round(p.shift),
        moves: p.moves.map((m) => ({ value: m.value, status: m.status, weight: round(m.probability), delta: round(m.delta) })),
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
export function watchTable(model: Model, r: WatchResult, o?: AnalysisRenderOptions, shown = r.ranking.length): string {
  const ro = opts(o);
  const { chalk } = ro;
  const nm = namer(model);
  const ranked = r.ranking.slice(0, shown).map((c, i) => {
    const vals = c.values.map((v) => `${formatValue(v.value)}: ${percent(v.probability)} → ${v.entropyAfter.toFixed(2)}`);
    if (c.impossible.length) vals.push(chalk.dim(`impossible: ${c.impossible.map(formatValue).join(', ')}`));
    return { rank: String(i + 1), c, vals: vals.join('\n') };
  });
  const numW = String(shown).length + 2;
  const idW = Math.max(10, ...ranked.map((x) => x.c.condition.length + 2));
  const valFloor = Math.max(16, ...ranked.map((x) => wordW(x.vals) + 2));
  let table: string | undefined;
  const head = ['#', 'Watch', 'Information', 'Values: P → uncertainty after'];
  const cells = ranked.map((x) => [x.rank, `${x.c.condition}\n${chalk.dim(x.c.question)}`, bits(x.c.expectedInformation), x.vals]);
  // The condition column wants its question on a few lines rather than one long one.
  const wide = sizeColumns([head, ...cells.map((c) => [c[0]!, x40(c[1]!), c[2]!, c[3]!])], ro.width, [numW, idW, 13, valFloor]);
  if (wide) table = tableOf(ro, head, wide, cells);
  else {
    const head3 = ['#', 'Watch (information)', 'Values: P → uncertainty after'];
    const cells3 = ranked.map((x) => [x.rank, `${x.c.condition}\n${bits(x.c.expectedInformation)}\n${chalk.dim(x.c.question)}`, x.vals]);
    const narrow = sizeColumns([head3, ...cells3.map((c) => [c[0]!, x40(c[1]!), c[2]!])], ro.width, [numW, Math.max(idW, 12), valFloor]);
    if (narrow) table = tableOf(ro, head3, narrow, cells3);
  }
  if (!table) {
    table = ranked
      .map((x) => [`${chalk.bold(`${x.rank}. ${x.c.condition}`)} (${bits(x.c.expectedInformation)}): ${x.c.question}`, ...x.vals.split('\n').map((v) => `     ${v}`)].join('\n'))
      .join('\n');
  }
  const lines = [table, ''];
  lines.push(`${chalk.bold('Settings:')} ${setText(r.settings)}`);
  lines.push(`${chalk.bold('Uncertainty now:')} ${bits(r.entropy)} (Shannon entropy of the scenario weights).`);
  lines.push(
    chalk.dim('Information = entropy now − Σ P(value) × entropy after; P(value): each open possibility spreads its weight evenly over the values it can hold with.'),
  );
  if (shown < r.ranking.length) lines.push(chalk.dim(`${r.ranking.length - shown} more condition(s); --top 0 shows all`));
  if (r.signposts.length) {
    const posts = r.signposts.map((sc) => ({
      sc,
      name: `${nm.name(sc)} ${sc.title}`,
      now: `${statusText(sc.status, chalk)}\n${percent(sc.probability)}`,
      moves: sc.signposts.length ? sc.signposts.map((p) => `${p.condition}: ${movesText(p.moves, sc.status)}`).join('\n') : chalk.dim('no unset condition moves it'),
    }));
    const sHead = ['Scenario', 'Now', 'Signposts: value → weight'];
    const sCells = posts.map((p) => [p.name, p.now, p.moves]);
    const widths = sizeColumns([sHead, ...sCells.map((c) => [x40(c[0]!), c[1]!, c[2]!])], ro.width, [
      Math.max(14, ...posts.map((p) => wordW(p.name) + 2)),
      11,
      Math.max(20, ...posts.map((p) => wordW(p.moves) + 2)),
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

/**
 * A cell as `sizeColumns` should see it when its text may wrap freely: lines
 * over 40 columns count as 40, so prose does not claim a column's whole width.
 */
function x40(cell: string): string {
  return cell
    .split('\n')
    .map((l) => (visibleWidth(l) > 40 ? 'x'.repeat(40) : l))
    .join('\n');
}

export function watchMarkdown(model: Model, r: WatchResult, shown = r.ranking.length): string {
  const out = [`# What to watch: ${md(model.info.title)}`, '', `**Settings:** ${md(setText(r.settings))}`, ''];
  out.push(`Uncertainty now: ${bits(r.entropy)}. Information = entropy now − Σ P(value) × entropy after.`, '');
  out.push('| # | Watch | Information | Values: P → uncertainty after |', '|---:|---|---:|---|');
  r.ranking.slice(0, shown).forEach((c, i) => {
    const vals = c.values.map((v) => `${formatValue(v.value)}: ${percent(v.probability)} → ${v.entropyAfter.toFixed(2)}`);
    if (c.impossible.length) vals.push(`impossible: ${c.impossible.map(formatValue).join(', ')}`);
    out.push(`| ${i + 1} | \`${c.condition}\` ${md(c.question)} | ${bits(c.expectedInformation)} | ${md(vals.join('\n'))} |`);
  });
  if (r.signposts.length) {
    out.push('', '## Signposts', '', '| Scenario | Now | Signposts: value → weight |', '|---|---|---|');
    for (const sc of r.signposts)
      out.push(
        `| ${label(sc)} ${md(sc.title)} | ${sc.status} ${percent(sc.probability)} | ${md(sc.signposts.map((p) => `\`${p.condition}\`: ${movesText(p.moves, sc.status)}`).join('\n') || 'none')} |`,
      );
  }
  if (r.ruledOut.length) out.push('', `Ruled out: ${r.ruledOut.join(', ')}`);
  return out.join('\n') + '\n';
}

/** `watch` in any format. `top` limits the conditions shown (default all). */
export function renderWatch(model: Model, r: WatchResult, format: AnalysisFormat, o?: AnalysisRenderOptions & { top?: number }): string {
  const shown = o?.top && o.top > 0 ? Math.min(o.top, r.ranking.length) : r.ranking.length;
  if (format === 'json') return toJsonText(watchJson(model, r, shown));
  if (format === 'markdown') return watchMarkdown(model, r, shown);
  return watchTable(model, r, o, shown);
}

// ───────────────────────────── revive ─────────────────────────────

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
    model: { name: model.info.name, title: model.info.title },
    scenario: r.scenario,
    status: r.status,
    ruledOut: r.status === 'ruled-out',
    byModel: r.byModel,
    ...(r.status === 'ruled-out' ? { text: r.text, because: becauseJson(r.because) } : {}),
    smallest: r.smallest,
    sets: r.sets.map((s) => ({
      conditions: s.conditions,
      moreOptions: s.moreOptions,
      options: s.options.map((o) => ({
        changes: o.changes,
        status: o.status,
        weight: round(o.probability),
        others: o.others.map((x) => ({ ...x, weightBefore: round(x.probabilityBefore), weightAfter: round(x.probabilityAfter) })),
        derived: o.derived.map((d) => ({ condition: d.condition, value: d.value, because: { settings: d.because.settings, constraints: d.because.constraints } })),
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
export function reviveTable(model: Model, r: ReviveResult, o?: AnalysisRenderOptions): string {
  const ro = opts(o);
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
            as: `${statusText(opt.status, chalk)} ${percent(opt.probability)}`,
            also: alsoLines(opt, nm.name).join('\n') || chalk.dim('nothing else'),
          });
        });
        if (s.moreOptions) rows.push({ head: '', changes: chalk.dim('(more value combinations not tried)'), as: '', also: '' });
      });
      const head = ['#', 'Changes', 'Revived as', 'Also changes'];
      const cells = rows.map((x) => [x.head, x.changes, x.as, x.also]);
      const widths = sizeColumns([head, ...cells], ro.width, [
        String(r.sets.length).length + 2,
        Math.max(14, ...rows.map((x) => wordW(x.changes) + 2)),
        12,
        Math.max(16, ...rows.map((x) => wordW(x.also) + 2)),
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
  const out = [`# Reviving ${md(r.scenario.numeral ?? r.scenario.id)}: ${md(r.scenario.title)}`, '', md(reviveHeadline(r)), ''];
  if (r.status === 'ruled-out' && !r.byModel && r.sets.length) {
    out.push('| # | Changes | Revived as | Also changes |', '|---:|---|---|---|');
    r.sets.forEach((s, i) =>
      s.options.forEach((opt, j) =>
        out.push(
          `| ${j === 0 ? i + 1 : ''} | ${md(opt.changes.map(changeText).join('\n'))} | ${opt.status} ${percent(opt.probability)} | ${md(alsoLines(opt).join('\n') || 'nothing else')} |`,
        ),
      ),
    );
  }
  for (const b of boundsText(r)) out.push('', `Note: ${b}`);
  return out.join('\n') + '\n';
}

export function renderRevive(model: Model, r: ReviveResult, format: AnalysisFormat, o?: AnalysisRenderOptions): string {
  if (format === 'json') return toJsonText(reviveJson(model, r));
  if (format === 'markdown') return reviveMarkdown(model, r);
  return reviveTable(model, r, o);
}

// ───────────────────────────── explore ─────────────────────────────

function cubeText(c: { assignment: readonly SettingRef[] }): string {
  return c.assignment.length ? c.assignment.map(settingText).join(', ') : 'every world';
}

export function exploreJson(model: Model, r: ExploreResult): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    command: 'explore',
    model: { name: model.info.name, title: model.info.title },
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
export function exploreTable(model: Model, r: ExploreResult, o?: AnalysisRenderOptions): string {
  const ro = opts(o);
  const { chalk } = ro;
  const nm = namer(model);
  const lines = [`${chalk.bold(countText(r.total))} world(s) are consistent with the constraints and settings (${setText(r.settings)}).`, ''];
  const names = r.scenarios.map(nm.name);
  const head = ['#', 'Scenario', 'Holds in', 'Share'];
  const cells = r.scenarios.map((s, i) => [names[i]!, s.title, countText(s.worlds), percent(share(s.worlds, r.total))]);
  const titleCap = cells.map((c) => [c[0]!, c[1]!.length > 48 ? 'x'.repeat(48) : c[1]!, c[2]!, c[3]!]);
  const widths = sizeColumns([head, ...titleCap], ro.width, [
    Math.max(3, ...names.map((n) => n.length + 2)),
    Math.max(14, ...r.scenarios.map((s) => wordW(s.title) + 2)),
    Math.max(10, ...cells.map((c) => c[2]!.length + 2)),
    8,
  ]);
  lines.push(widths ? tableOf(ro, head, widths, cells) : cells.map((c) => `${c[0]!.padEnd(5)} ${c[2]} (${c[3]}) ${c[1]}`).join('\n'));
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
      return sizeColumns(all, ro.width, all[0]!.map((_, k) => Math.max(...all.map((row) => lineW(row[k]!) + 2))));
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
  const out = [`# Worlds of ${md(model.info.title)}`, '', `**Settings:** ${md(setText(r.settings))}`, '', `${countText(r.total)} world(s) are consistent with the constraints and settings.`, ''];
  out.push('| # | Scenario | Holds in | Share |', '|---|---|---:|---:|');
  for (const s of r.scenarios) out.push(`| ${label(s)} | ${md(s.title)} | ${countText(s.worlds)} | ${percent(share(s.worlds, r.total))} |`);
  out.push('', '## Together', '', '| Pair | Worlds |', '|---|---:|');
  const byId = new Map(r.scenarios.map((s) => [s.id, s]));
  for (const p of r.pairs) out.push(`| ${label(byId.get(p.a)!)} + ${label(byId.get(p.b)!)} | ${countText(p.worlds)} |`);
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

export function renderExplore(model: Model, r: ExploreResult, format: AnalysisFormat, o?: AnalysisRenderOptions): string {
  if (format === 'json') return toJsonText(exploreJson(model, r));
  if (format === 'markdown') return exploreMarkdown(model, r);
  return exploreTable(model, r, o);
}
