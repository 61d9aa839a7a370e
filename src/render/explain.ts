import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';
import type { Because, Evaluation, ScenarioResult } from '../engine/evaluate.js';
import { formatConstraint, formatExpr } from '../engine/expr.js';
import type { Citation, Model, Scenario } from '../engine/types.js';
import { citationJson, round, SCHEMA_VERSION } from './json.js';
import { becauseText, citationText, fitLines, percent, settingText } from './text.js';
import { statusText } from './query.js';

/** The lines that spell out a Because: settings, constraints (with rule and sources), clauses. */
function becauseLines(model: Model, b: Because, chalk: ChalkInstance, indent: string): string[] {
  const out: string[] = [];
  const byId = new Map(model.constraints.map((k) => [k.id, k]));
  if (b.settings.length) out.push(`${indent}${chalk.bold('settings:')} ${b.settings.map(settingText).join(', ')}`);
  for (const id of b.constraints) {
    const k = byId.get(id);
    if (!k) continue;
    out.push(`${indent}${chalk.bold('constraint')} ${id}: ${formatConstraint(k)}${k.description ? chalk.dim(` (${k.description})`) : ''}`);
    for (const c of k.citations) out.push(`${indent}  ${chalk.dim('source')} ${citationText(c)}`);
  }
  for (const c of b.clauses) {
    out.push(`${indent}${chalk.bold(c.role)}: ${c.text}`);
    for (const ci of c.citations) out.push(`${indent}  ${chalk.dim('source')} ${citationText(ci)}`);
  }
  return out;
}

function citeLines(cs: readonly Citation[], chalk: ChalkInstance, indent: string): string[] {
  return cs.map((c) => `${indent}${chalk.dim('source')} ${citationText(c)}`);
}

/**
 * Why a scenario holds, is triggered or is ruled out, with sources and
 * quotes; word-wrapped to `width` when given (Markdown reuses it unwrapped).
 */
export function explainText(model: Model, ev: Evaluation & { ok: true }, r: ScenarioResult, chalk: ChalkInstance, width?: number): string {
  const text = explainLines(model, ev, r, chalk);
  return width ? fitLines(text, width) : text;
}

function explainLines(model: Model, ev: Evaluation & { ok: true }, r: ScenarioResult, chalk: ChalkInstance): string {
  const out: string[] = [];
  out.push(chalk.bold(`${r.numeral ? `Possibility ${r.numeral}: ` : ''}${r.title}`) + chalk.dim(`  (${r.id})`));
  out.push(`Status: ${statusText(r.status, chalk)}    Probability: ${percent(r.probability)}`);
  out.push(`Settings: ${ev.settings.length ? ev.settings.map(settingText).join(', ') : 'none'}`);
  out.push('');
  for (const reason of r.reasons) {
    out.push(`${chalk.bold('•')} ${reason.text}`);
    if (reason.because) out.push(...becauseLines(model, reason.because, chalk, '    '));
    else out.push(...citeLines(reason.citations, chalk, '    '));
  }
  return out.join('\n') + '\n';
}

export function explainMarkdown(model: Model, ev: Evaluation & { ok: true }, r: ScenarioResult): string {
  const text = explainText(model, ev, r, new Chalk({ level: 0 }));
  const [title, ...rest] = text.split('\n');
  return `## ${title}\n\n${rest.map((l) => (l.startsWith('•') ? `- ${l.slice(2)}` : l.startsWith('    ') ? `  - ${l.trim()}` : l)).join('\n')}`;
}

export function explainJson(ev: Evaluation & { ok: true }, r: ScenarioResult): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    settings: ev.settings,
    scenario: {
      id: r.id,
      numeral: r.numeral,
      title: r.title,
      status: r.status,
      probability: round(r.probability),
      prior: r.prior,
      labels: r.labels,
      reasons: r.reasons.map((x) => ({
        kind: x.kind,
        text: x.text,
        ...(x.because
          ? {
              because: {
                settings: x.because.settings,
                constraints: x.because.constraints,
                clauses: x.because.clauses.map((c) => ({ role: c.role, index: c.index, text: c.text, when: c.expr, sources: c.citations.map(citationJson) })),
              },
            }
          : {}),
        sources: x.citations.map(citationJson),
      })),
    },
    derived: ev.derived.map((d) => ({ condition: d.condition, value: d.value, because: becauseText(d.because) })),
  };
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
