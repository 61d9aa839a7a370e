import type { ChalkInstance } from 'chalk';
import { formatExpr } from '../engine/expr.js';
import type { Citation, Model, Scenario } from '../engine/types.js';
import { citeLines } from './explain.js';
import { citationJson, SCHEMA_VERSION } from './kit/json.js';
import { plainChalk } from './kit/options.js';
import type { Renderers } from './kit/options.js';
import { fitLines } from './kit/wrap.js';

/** What `show` renders: a scenario as the model states it. */
export interface ShowData {
  model: Model;
  scenario: Scenario;
}

/**
 * A scenario as the model states it: requirements, triggers, rule-outs,
 * evidence, consequences, stances; word-wrapped to `width` when given.
 */
export function showText(model: Model, s: Scenario, chalk: ChalkInstance, width?: number): string {
  const out: string[] = [];
  out.push(chalk.bold(`${s.numeral ? `Possibility ${s.numeral}: ` : 'Baseline: '}${s.title}`) + chalk.dim(`  (${s.id})`));
  // The summary is a paragraph: its lines do not hang.
  if (s.summary) out.push('', width ? fitLines(s.summary.trim(), width, 0) : s.summary.trim());
  out.push(...citeLines(s.citations, chalk, '  '));
  out.push('', `${chalk.bold('Prior:')} ${s.prior}${s.labels.length ? `  labels: ${s.labels.map((l) => `"${l.label}"`).join(', ')}` : ''}`);
  for (const l of s.labels) out.push(...citeLines(l.citations, chalk, '  '));
  const section = (title: string, list: readonly { when: Parameters<typeof formatExpr>[0]; text?: string | undefined; citations: readonly Citation[] }[], extra?: (i: number) => string) => {
    if (!list.length) return;
    out.push('', chalk.bold(title));
    list.forEach((c, i) => {
      out.push(`  • ${c.text ? `${c.text} ${chalk.dim(`[${formatExpr(c.when)}]`)}` : formatExpr(c.when)}${extra ? extra(i) : ''}`);
      out.push(...citeLines(c.citations, chalk, '      '));
    });
  };
  section('Requires (all)', s.requires);
  section('Triggered by (any)', s.triggers);
  section('Ruled out by (any)', s.rulesOut);
  section('Evidence', s.evidence, (i) => chalk.dim(` (${s.evidence[i]!.effect}, ${s.evidence[i]!.strength})`));
  section('Consequences', s.consequences, (i) => chalk.dim(` (${s.consequences[i]!.likelihood})`));
  const stances = model.actors.flatMap((a) => a.stances.filter((st) => st.scenario === s.id).map((st) => ({ a, st })));
  if (stances.length) {
    out.push('', chalk.bold('Stances'));
    for (const { a, st } of stances) {
      const cond = st.when ? ` (${st.then} when ${formatExpr(st.when)}, otherwise ${st.otherwise})` : '';
      out.push(`  • ${a.name}: ${st.stance}${cond}`);
      out.push(...citeLines(st.citations, chalk, '      '));
    }
  }
  const text = out.join('\n') + '\n';
  return width ? fitLines(text, width) : text;
}

/** The scenario as the model states it, with every clause's expression and sources. */
export function scenarioJson(s: Scenario): Record<string, unknown> {
  const clause = (c: { when: Scenario['requires'][number]['when']; text?: string | undefined; citations: Scenario['citations'] }) => ({
    when: formatExpr(c.when),
    ...(c.text ? { text: c.text } : {}),
    sources: c.citations.map(citationJson),
  });
  return {
    id: s.id,
    numeral: s.numeral,
    title: s.title,
    summary: s.summary ?? null,
    prior: s.prior,
    labels: s.labels.map((l) => ({ label: l.label, sources: l.citations.map(citationJson) })),
    requires: s.requires.map(clause),
    triggers: s.triggers.map(clause),
    rulesOut: s.rulesOut.map(clause),
    evidence: s.evidence.map((e) => ({ ...clause(e), effect: e.effect, strength: e.strength })),
    consequences: s.consequences.map((c) => ({ ...clause(c), likelihood: c.likelihood })),
    sources: s.citations.map(citationJson),
  };
}

/** Section heads of the text, which Markdown gives as headings. */
const SECTIONS = new Set(['Requires (all)', 'Triggered by (any)', 'Ruled out by (any)', 'Evidence', 'Consequences', 'Stances']);

/** The same text as Markdown: a heading, the sections as headings, their items and sources as nested lists. */
export function showMarkdown(model: Model, s: Scenario): string {
  const [title, ...rest] = showText(model, s, plainChalk).split('\n');
  const lines = rest.map((l) => {
    if (SECTIONS.has(l)) return `### ${l}`;
    if (l.startsWith('  • ')) return `- ${l.slice(4)}`;
    if (l.startsWith('      source ')) return `  - ${l.slice(6)}`;
    if (l.startsWith('  source ')) return `- ${l.slice(2)}`;
    return l;
  });
  return `## ${title}\n${lines.join('\n')}`;
}

export const showRenderers: Renderers<ShowData> = {
  table: ({ model, scenario }, { chalk, width }) => showText(model, scenario, chalk, width),
  json: ({ scenario }) => ({ schemaVersion: SCHEMA_VERSION, scenario: scenarioJson(scenario) }),
  markdown: ({ model, scenario }) => showMarkdown(model, scenario),
};
