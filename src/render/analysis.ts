import { Chalk } from 'chalk';
import type { Because, DerivedCondition, SettingRef, Status } from '../engine/evaluate.js';
import { formatValue } from '../engine/expr.js';
import type { Model, Value } from '../engine/types.js';
import type { ExploreResult, ReviveResult, WatchResult, WhatIfResult } from '../engine/analysis/index.js';
import type { Outcome, ScenarioEffect } from '../engine/analysis/index.js';
import { round, SCHEMA_VERSION, toJsonText } from './json.js';
import { makeTable, statusText } from './query.js';
import type { RenderOptions } from './query.js';
import { percent, settingText } from './text.js';

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
function effectText(e: ScenarioEffect, own?: { condition: string }): string {
  if (e.change === 'none') return '';
  const verb = e.change === 'rules-out' ? 'rules out' : 'triggers';
  const b = e.because;
  if (!b) return `${verb} ${label(e)}`;
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
  return `${verb} ${label(e)}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

function forcesText(ds: readonly DerivedCondition[], max = 4, sep = ', '): string {
  if (ds.length === 1) sep = ', ';
  const shown = ds.slice(0, max).map((d) => `${d.condition}=${formatValue(d.value)}`);
  return `forces${sep === ', ' ? ' ' : sep}${shown.join(sep)}${ds.length > max ? `${sep === ', ' ? ' ' : sep}and ${ds.length - max} more` : ''}`;
}

function weightsText(o: Outcome, sep = '  '): string {
  return o.effects.map((e) => `${label(e)} ${e.after === 'ruled-out' ? '–' : percent(e.weightAfter)}`).join(sep);
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
                weightBefore: round(e.weightBefore),
                weightAfter: round(e.weightAfter),
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

export function whatifTable(model: Model, r: WhatIfResult, o?: AnalysisRenderOptions, shown = r.conditions.length): string {
  const ro = opts(o);
  const { chalk } = ro;
  const longest = Math.max(0, ...r.conditions.map((c) => c.condition.length));
  const wW = Math.max(12, ...r.scenarios.map((x) => label(x).length + 9));
  const ifW = Math.min(Math.max(18, longest + 2), 28);
  const effW = Math.max(30, ro.width - 5 - ifW - wW - 5);
  const t = makeTable(ro, ['#', 'If (P)', 'Effect', 'Weights after'], [5, ifW, effW, wW]);
  r.conditions.slice(0, shown).forEach((c, i) => {
    c.outcomes.forEach((out, j) => {
      const head = j === 0 ? String(i + 1) : '';
      const cond = `${c.condition}\n= ${formatValue(out.value)}`;
      if (!out.possible) {
        t.push([head, chalk.dim(`${cond}\n(0%)`), chalk.dim(`impossible: ${out.impossible?.text ?? 'excluded by the settings'}`), '']);
        return;
      }
      const lines = out.effects.map((e) => effectText(e, c)).filter(Boolean);
      if (out.derived.length) lines.push(chalk.dim(forcesText(out.derived, 4, '\n  ')));
      t.push([head, `${cond}\n(${percent(out.probability)})`, lines.length ? lines.join('\n') : chalk.dim('no status changes'), weightsText(out, '\n')]);
    });
  });
  const lines = [t.toString(), ''];
  lines.push(`${chalk.bold('Settings:')} ${setText(r.settings)}`);
  lines.push(
    `${chalk.bold('Ranked by')} the expected number of possibilities eliminated, Σ P(value) × (scenarios it rules out); ties by expected information. Now: ${bits(r.entropy)}.`,
  );
  lines.push(chalk.dim('P(value): each possibility still open spreads its weight evenly over the values it can hold with.'));
  if (shown < r.conditions.length) lines.push(chalk.dim(`${r.conditions.length - shown} more condition(s); --top 0 shows all`));
  for (const s of r.skipped) lines.push(chalk.dim(`${s.condition} is already ${s.origin} (${formatValue(s.value)}): skipped`));
  if (r.conditions.length === 0) lines.push('Every condition is set or forced: nothing left to ask.');
  if (!r.derivedListed) lines.push(chalk.dim('The model is large: the conditions each value would force are not listed (query --set shows them).'));
  return lines.join('\n') + '\n';
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
    .map((m) => `${formatValue(m.value)} → ${m.status === 'ruled-out' ? 'ruled out' : percent(m.weight)}${m.status !== current && m.status !== 'ruled-out' ? ` (${m.status})` : ''}`)
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
      weight: round(s.weight),
      signposts: s.signposts.map((p) => ({
        condition: p.condition,
        shift: round(p.shift),
        moves: p.moves.map((m) => ({ value: m.value, status: m.status, weight: round(m.weight), delta: round(m.delta) })),
      })),
    })),
    ruledOut: r.ruledOut,
    skipped: r.skipped,
  };
}

export function watchTable(model: Model, r: WatchResult, o?: AnalysisRenderOptions, shown = r.ranking.length): string {
  const ro = opts(o);
  const { chalk } = ro;
  const rest = Math.max(50, ro.width - 5 - 12 - 8);
  const condW = Math.max(20, Math.floor(rest * 0.4));
  const valW = Math.max(20, rest - condW);
  const t = makeTable(ro, ['#', 'Watch', 'Information', 'Values: P → uncertainty after'], [5, condW, 13, valW]);
  r.ranking.slice(0, shown).forEach((c, i) => {
    const vals = c.values.map((v) => `${formatValue(v.value)}: ${percent(v.probability)} → ${v.entropyAfter.toFixed(2)}`);
    if (c.impossible.length) vals.push(chalk.dim(`impossible: ${c.impossible.map(formatValue).join(', ')}`));
    t.push([String(i + 1), `${c.condition}\n${chalk.dim(c.question)}`, bits(c.expectedInformation), vals.join('\n')]);
  });
  const lines = [t.toString(), ''];
  lines.push(`${chalk.bold('Settings:')} ${setText(r.settings)}`);
  lines.push(`${chalk.bold('Uncertainty now:')} ${bits(r.entropy)} (Shannon entropy of the scenario weights).`);
  lines.push(
    chalk.dim('Information = entropy now − Σ P(value) × entropy after; P(value): each open possibility spreads its weight evenly over the values it can hold with.'),
  );
  if (shown < r.ranking.length) lines.push(chalk.dim(`${r.ranking.length - shown} more condition(s); --top 0 shows all`));
  if (r.signposts.length) {
    const sw = Math.max(20, Math.floor((ro.width - 10) * 0.3));
    const pw = Math.max(30, ro.width - 10 - sw - 14);
    const s = makeTable(ro, ['Scenario', 'Now', 'Signposts: value → weight'], [sw, 14, pw]);
    for (const sc of r.signposts) {
      s.push([
        `${label(sc)} ${sc.title}`,
        `${statusText(sc.status, chalk)}\n${percent(sc.weight)}`,
        sc.signposts.length ? sc.signposts.map((p) => `${p.condition}: ${movesText(p.moves, sc.status)}`).join('\n') : chalk.dim('no unset condition moves it'),
      ]);
    }
    lines.push('', chalk.bold('Signposts'), s.toString());
  }
  if (r.ruledOut.length) lines.push(chalk.dim(`Ruled out (no unset condition brings them back; try revive): ${r.ruledOut.join(', ')}`));
  return lines.join('\n') + '\n';
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
        `| ${label(sc)} ${md(sc.title)} | ${sc.status} ${percent(sc.weight)} | ${md(sc.signposts.map((p) => `\`${p.condition}\`: ${movesText(p.moves, sc.status)}`).join('\n') || 'none')} |`,
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

function alsoLines(o: ReviveResult['sets'][number]['options'][number]): string[] {
  const lines = o.others.map((x) => `${label(x)}: ${x.before} → ${x.after}`);
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
        weight: round(o.weight),
        others: o.others.map((x) => ({ ...x, weightBefore: round(x.weightBefore), weightAfter: round(x.weightAfter) })),
        derived: o.derived.map((d) => ({ condition: d.condition, value: d.value, because: { settings: d.because.settings, constraints: d.because.constraints } })),
        released: o.released,
      })),
    })),
    bounded: r.bounded,
    limits: r.limits,
  };
}

export function reviveTable(model: Model, r: ReviveResult, o?: AnalysisRenderOptions): string {
  const ro = opts(o);
  const { chalk } = ro;
  const lines = [reviveHeadline(r)];
  if (r.status === 'ruled-out' && !r.byModel) {
    if (r.sets.length === 0) lines.push('No set of changes within the bounds brings it back.');
    else {
      const rest = Math.max(50, ro.width - 5 - 16);
      const cw = Math.max(24, Math.floor(rest * 0.45));
      const t = makeTable(ro, ['#', 'Changes', 'Revived as', 'Also changes'], [5, cw, 16, Math.max(20, rest - cw)]);
      r.sets.forEach((s, i) => {
        s.options.forEach((opt, j) => {
          t.push([
            j === 0 ? String(i + 1) : '',
            opt.changes.map(changeText).join('\n'),
            `${statusText(opt.status, chalk)} ${percent(opt.weight)}`,
            alsoLines(opt).join('\n') || chalk.dim('nothing else'),
          ]);
        });
        if (s.moreOptions) t.push(['', chalk.dim('(more value combinations not tried)'), '', '']);
      });
      lines.push('', t.toString());
      lines.push(chalk.dim(`Sets are smallest first and minimal: touching fewer of their settings does not bring ${label(r.scenario)} back.`));
    }
  }
  for (const b of boundsText(r)) lines.push(chalk.yellow(`note: ${b}`));
  return lines.join('\n') + '\n';
}

export function reviveMarkdown(model: Model, r: ReviveResult): string {
  const out = [`# Reviving ${md(r.scenario.numeral ?? r.scenario.id)}: ${md(r.scenario.title)}`, '', md(reviveHeadline(r)), ''];
  if (r.status === 'ruled-out' && !r.byModel && r.sets.length) {
    out.push('| # | Changes | Revived as | Also changes |', '|---:|---|---|---|');
    r.sets.forEach((s, i) =>
      s.options.forEach((opt, j) =>
        out.push(
          `| ${j === 0 ? i + 1 : ''} | ${md(opt.changes.map(changeText).join('\n'))} | ${opt.status} ${percent(opt.weight)} | ${md(alsoLines(opt).join('\n') || 'nothing else')} |`,
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

export function exploreTable(model: Model, r: ExploreResult, o?: AnalysisRenderOptions): string {
  const ro = opts(o);
  const { chalk } = ro;
  const lines = [`${chalk.bold(countText(r.total))} world(s) are consistent with the constraints and settings (${setText(r.settings)}).`, ''];
  const labelW = Math.max(6, ...r.scenarios.map((s) => label(s).length + 2));
  const titleW = Math.max(20, Math.min(50, ro.width - labelW - 30));
  const t = makeTable(ro, ['#', 'Scenario', 'Holds in', 'Share'], [labelW, titleW, 14, 9]);
  for (const s of r.scenarios) t.push([label(s), s.title, countText(s.worlds), percent(share(s.worlds, r.total))]);
  lines.push(t.toString());
  const names = r.scenarios.map(label);
  if (names.length > 1) {
    const pairOf = new Map(r.pairs.map((p) => [`${p.a}|${p.b}`, p.worlds]));
    const cellW = Math.max(6, Math.min(14, Math.floor((ro.width - 24) / names.length)));
    const m = makeTable(ro, ['Together', ...names.map((n) => n.slice(0, cellW - 2))], [Math.max(10, labelW), ...names.map(() => cellW)]);
    r.scenarios.forEach((a, i) => {
      m.push([
        label(a),
        ...r.scenarios.map((b, j) => {
          if (i === j) return chalk.dim(countText(a.worlds));
          const n = pairOf.get(i < j ? `${a.id}|${b.id}` : `${b.id}|${a.id}`) ?? 0n;
          return n === 0n ? chalk.dim('never') : countText(n);
        }),
      ]);
    });
    lines.push('', chalk.bold('Worlds in which two scenarios hold together') + chalk.dim(' (diagonal: alone or not)'), m.toString());
  }
  if (r.combinations.length) {
    lines.push('', chalk.bold('Combinations that occur') + chalk.dim(' (exactly these scenarios hold)'));
    const byId = new Map(r.scenarios.map((s) => [s.id, s]));
    for (const c of r.combinations.slice(0, 15))
      lines.push(`  ${c.scenarios.map((id) => label(byId.get(id)!)).join(' + ')}: ${countText(c.worlds)}`);
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
  return lines.join('\n') + '\n';
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
