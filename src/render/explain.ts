import type { ChalkInstance } from 'chalk';
import type { Because, Evaluation, ScenarioResult } from '../engine/evaluate.js';
import { formatConstraint } from '../engine/expr.js';
import type { Citation, Model } from '../engine/types.js';
import { derivedJson, scenarioResultJson, SCHEMA_VERSION } from './kit/json.js';
import { NUMBER_HEAD, numberText } from './kit/number.js';
import { plainChalk } from './kit/options.js';
import type { Renderers } from './kit/options.js';
import { citationText, settingText, statusText } from './kit/text.js';
import { fitLines } from './kit/wrap.js';

/** What `explain` renders: the evaluation and the scenario's result in it. */
export interface ExplainData {
  model: Model;
  ev: Evaluation & { ok: true };
  result: ScenarioResult;
}

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

export function citeLines(cs: readonly Citation[], chalk: ChalkInstance, indent: string): string[] {
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
  out.push(`Status: ${statusText(r.status, chalk)}    ${NUMBER_HEAD}: ${numberText(r)}`);
  out.push(`Settings: ${ev.settings.length ? ev.settings.map(settingText).join(', ') : 'none'}`);
  out.push('');
  for (const reason of r.reasons) {
    out.push(`${chalk.bold('•')} ${reason.text}`);
    if (reason.because) out.push(...becauseLines(model, reason.because, chalk, '    '));
    else out.push(...citeLines(reason.citations, chalk, '    '));
  }
  return out.join('\n') + '\n';
}

export function explainMarkdown({ model, ev, result: r }: ExplainData): string {
  const text = explainText(model, ev, r, plainChalk);
  const [title, ...rest] = text.split('\n');
  return `## ${title}\n\n${rest.map((l) => (l.startsWith('•') ? `- ${l.slice(2)}` : l.startsWith('    ') ? `  - ${l.trim()}` : l)).join('\n')}`;
}

export function explainJson({ ev, result }: ExplainData): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    settings: ev.settings,
    scenario: scenarioResultJson(result),
    derived: ev.derived.map(derivedJson),
  };
}

export const explainRenderers: Renderers<ExplainData> = {
  table: ({ model, ev, result }, { chalk, width }) => explainText(model, ev, result, chalk, width),
  json: explainJson,
  markdown: explainMarkdown,
};
