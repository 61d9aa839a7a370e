import type { ChalkInstance } from 'chalk';
import type { StanceCell, StanceMatrix } from '../engine/actors.js';
import type { Evaluation } from '../engine/evaluate.js';
import type { Model, StanceKind } from '../engine/types.js';
import { gridText } from './kit/grid.js';
import { citationJson, modelJson, SCHEMA_VERSION } from './kit/json.js';
import { scenarioLabel } from './kit/names.js';
import { numberJson, round } from './kit/number.js';
import type { Renderers, RenderOptions } from './kit/options.js';
import { fitTable, recordsText } from './kit/table.js';
import { citationText, mdCell, settingText, statusText } from './kit/text.js';
import { padTo, visibleWidth, wordWidth } from './kit/width.js';
import { fitLines, hang, packItems, wrapWords } from './kit/wrap.js';

/** What `actors` renders: the stance matrix under the settings and their evaluation. */
export interface ActorsData {
  model: Model;
  m: StanceMatrix;
  ev: Evaluation & { ok: true };
  /** List every cell's sources under the tables. */
  sources: boolean;
}

/** The support balance formula, stated once for the table, Markdown and JSON. */
export const BALANCE_FORMULA =
  "balance = sum of supporters' influence - sum of opponents' influence; index = balance / sum of all actors' influence (-1..1); neutral, conditional and unclear count 0";

const ABBR: Readonly<Record<StanceKind, string>> = {
  supports: 'sup',
  opposes: 'opp',
  neutral: 'neu',
  conditional: 'cond',
  unclear: '?',
};

function stancePaint(k: StanceKind, chalk: ChalkInstance): (s: string) => string {
  switch (k) {
    case 'supports':
      return (s) => chalk.green(s);
    case 'opposes':
      return (s) => chalk.red(s);
    case 'conditional':
      return (s) => chalk.yellow(s);
    case 'neutral':
      return (s) => s;
    case 'unclear':
      return (s) => chalk.dim(s);
  }
}

/** How a conditional stance stands: "if X: supports, otherwise opposes; it holds now". */
export function conditionalText(c: StanceCell): string {
  if (!c.conditional) return 'conditional (the model names no condition)';
  const { when, then, otherwise, resolved } = c.conditional;
  const now = resolved === 'then' ? 'it holds now' : resolved === 'otherwise' ? 'it does not hold now' : 'still open';
  return `if ${when}: ${then}, otherwise ${otherwise}; ${now}`;
}

export interface ActorsRenderOptions extends RenderOptions {
  /** List every cell's sources under the tables. */
  sources?: boolean;
}

/**
 * The stance matrix for the terminal: actors by scenarios, each cell the
 * stance under the settings (a `*` marks a conditional stance the settings
 * resolve); then the conditional stances spelled out, then per scenario who
 * backs it, who blocks it and the support balance. With `sources`, every
 * cell's citations follow.
 *
 * @example
 * actorsMatrix(model, stanceMatrix(model, settings)!, ev, { chalk, width: 80 });
 */
export function actorsMatrix(
  model: Model,
  m: StanceMatrix,
  ev: Evaluation & { ok: true },
  opts: ActorsRenderOptions,
): string {
  const { chalk } = opts;
  // A name longer than its column wraps onto more lines, the stances on its first.
  const longestWord = Math.max(0, ...m.actors.map((a) => wordWidth(a.name)));
  const longest = Math.max(8, ...m.actors.map((a) => visibleWidth(a.name)));
  // The stance columns' width as the grid lays them out (a cell is at most `cond*`), so the names take the rest.
  const gridW = model.scenarios.reduce((w, s) => w + Math.max(visibleWidth(scenarioLabel(s)), 5) + 1, 0);
  const nameW = opts.wide ? longest : Math.max(longestWord, Math.min(longest, Math.max(8, opts.width - 5 - gridW)));
  const rowLabels = m.actors.map((a) => {
    const [first, ...more] = wrapWords(a.name, nameW);
    return [`${padTo(first!, nameW)} ${String(a.influence).padStart(2)}`, ...more.map((l) => `  ${l}`)].join('\n');
  });
  const columns = model.scenarios.map((s) => ({
    head: [scenarioLabel(s)],
    cells: m.actors.map((a) => {
      const c = m.cells.find((x) => x.actor === a.id && x.scenario === s.id)!;
      const resolvedConditional = c.conditional !== undefined && c.conditional.resolved !== 'open';
      return { text: `${ABBR[c.stance]}${resolvedConditional ? '*' : ''}`, paint: stancePaint(c.stance, chalk) };
    }),
  }));
  const corner = [`${'Actor'.padEnd(nameW)} In`];
  const grid = gridText({ rowLabels, columns, width: opts.wide ? Infinity : opts.width, corner }).trimEnd();
  const out: string[] = [];
  const legend = [
    `${stancePaint('supports', chalk)('sup')} supports`,
    `${stancePaint('opposes', chalk)('opp')} opposes`,
    'neu neutral',
    `${stancePaint('conditional', chalk)('cond')} conditional, undecided`,
    `${stancePaint('unclear', chalk)('?')} unclear`,
    '* conditional, decided by the settings',
    'In influence (0-10)',
  ];
  out.push(packItems(legend, '  ', opts.width).join('\n'));
  const conditionals = m.cells.filter((c) => c.declared === 'conditional');
  if (conditionals.length) {
    out.push('', chalk.bold('Conditional stances:'));
    for (const c of conditionals) {
      const a = m.actors.find((x) => x.id === c.actor)!;
      const s = model.scenarios.find((x) => x.id === c.scenario)!;
      out.push(hang(`  ${a.name} on ${scenarioLabel(s)}: `, `${c.stance} (${conditionalText(c)})`, opts.width, 4));
    }
  }
  out.push('', chalk.bold('Backing and blocking (actor ids):'));
  const rows = model.scenarios.map((s) => {
    const sup = m.scenarios.find((x) => x.scenario === s.id)!;
    const r = ev.scenarios.find((x) => x.id === s.id)!;
    const signed = sup.balance > 0 ? `+${sup.balance}` : String(sup.balance);
    return [
      scenarioLabel(s),
      statusText(r.status, chalk),
      sup.supporters.join(', ') || chalk.dim('none'),
      sup.opponents.join(', ') || chalk.dim('none'),
      `${signed} (${sup.support}-${sup.opposition})`,
    ];
  });
  const heads = ['#', 'Status', 'Backed by', 'Blocked by', 'Balance'].map((head) => ({ head, kind: 'id' as const }));
  // Narrower: the balance under the status; then a block of lines per scenario.
  const t =
    fitTable(opts, heads, rows)?.text ??
    fitTable(opts, [heads[0]!, { head: 'Status, balance', kind: 'id', nowrap: true }, heads[2]!, heads[3]!], rows.map(([n, st, b, o, bal]) => [n!, `${st}\n${bal}`, b!, o!]))?.text ??
    recordsText(heads, rows, opts.width).trimEnd();
  out.push(t);
  out.push(chalk.dim(hang('', BALANCE_FORMULA, opts.width)));
  if (ev.settings.length) out.push(`${chalk.bold('Settings:')} ${ev.settings.map(settingText).join(', ')}`);
  if (opts.sources) {
    out.push('', chalk.bold('Sources:'));
    for (const a of m.actors) {
      for (const s of model.scenarios) {
        const c = m.cells.find((x) => x.actor === a.id && x.scenario === s.id)!;
        out.push(`  ${a.name} on ${scenarioLabel(s)}: ${c.declared === null ? 'no stance in the model (unclear)' : c.stance}`);
        for (const cit of c.citations) out.push(chalk.dim(hang('    ', citationText(cit), opts.width)));
      }
    }
  } else out.push(chalk.dim(hang('', "Every cell cites its source: 'actors --sources' lists them, 'actors --json' carries them.", opts.width)));
  // The grid is laid out to the width already (with --wide, on purpose wider): only the text after it is wrapped.
  return `${grid}\n\n${fitLines(out.join('\n') + '\n', opts.width)}`;
}

/** The stance matrix as the documented JSON shape; every cell with its sources. */
export function actorsJson(model: Model, m: StanceMatrix, ev: Evaluation & { ok: true }): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    model: modelJson(model),
    settings: ev.settings,
    balanceFormula: BALANCE_FORMULA,
    totalInfluence: m.totalInfluence,
    actors: m.actors.map((a) => ({
      id: a.id,
      name: a.name,
      group: a.group ?? null,
      influence: a.influence,
      sources: a.citations.map(citationJson),
    })),
    cells: m.cells.map((c) => ({
      actor: c.actor,
      scenario: c.scenario,
      stance: c.stance,
      declared: c.declared,
      ...(c.conditional ? { conditional: c.conditional } : {}),
      sources: c.citations.map(citationJson),
    })),
    scenarios: m.scenarios.map(({ scenario, ...s }) => {
      const sc = model.scenarios.find((x) => x.id === scenario)!;
      const r = ev.scenarios.find((x) => x.id === scenario)!;
      return { id: scenario, numeral: sc.numeral, title: sc.title, status: r.status, ...numberJson(r), ...s, index: round(s.index) };
    }),
  };
}

/** The stance matrix and the backing table in Markdown; sources as footnotes. */
export function actorsMarkdown(model: Model, m: StanceMatrix, ev: Evaluation & { ok: true }): string {
  const out = [`# Actors: ${mdCell(model.info.title)}`, ''];
  out.push(`| Actor | Influence | ${model.scenarios.map((s) => mdCell(scenarioLabel(s))).join(' | ')} |`);
  out.push(`|---|---:|${model.scenarios.map(() => '---|').join('')}`);
  const notes: string[] = [];
  for (const a of m.actors) {
    const cells = model.scenarios.map((s) => {
      const c = m.cells.find((x) => x.actor === a.id && x.scenario === s.id)!;
      if (c.citations.length === 0 && !c.conditional) return c.stance;
      notes.push(
        `[^${notes.length + 1}]: ${mdCell(a.name)} on ${mdCell(scenarioLabel(s))}: ${c.conditional ? `${mdCell(conditionalText(c))}. ` : ''}${c.citations.map((x) => mdCell(citationText(x))).join('; ')}`,
      );
      return `${c.stance}[^${notes.length}]`;
    });
    out.push(`| ${mdCell(a.name)} | ${a.influence} | ${cells.join(' | ')} |`);
  }
  out.push('', '| # | Status | Backed by | Blocked by | Balance |', '|---|---|---|---|---:|');
  const name = (id: string) => mdCell(m.actors.find((a) => a.id === id)?.name ?? id);
  for (const s of model.scenarios) {
    const sup = m.scenarios.find((x) => x.scenario === s.id)!;
    const r = ev.scenarios.find((x) => x.id === s.id)!;
    out.push(
      `| ${mdCell(scenarioLabel(s))} | ${r.status} | ${sup.supporters.map(name).join(', ') || 'none'} | ${sup.opponents.map(name).join(', ') || 'none'} | ${sup.balance} |`,
    );
  }
  out.push('', `Balance: ${BALANCE_FORMULA}.`, '', ...notes);
  return out.join('\n') + '\n';
}

export const actorsRenderers: Renderers<ActorsData> = {
  table: ({ model, m, ev, sources }, style) => actorsMatrix(model, m, ev, { ...style, sources }),
  json: ({ model, m, ev }) => actorsJson(model, m, ev),
  markdown: ({ model, m, ev }) => actorsMarkdown(model, m, ev),
};
