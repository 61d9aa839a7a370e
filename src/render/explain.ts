import type { ChalkInstance } from 'chalk';
import type { Because, Evaluation, ScenarioResult } from '../engine/evaluate.js';
import { formatConstraint } from '../engine/expr.js';
import type { Citation, Judgement, Model } from '../engine/types.js';
import type { NumberExplanation } from '../engine/numbers.js';
import { citationJson, derivedJson, questionJson, round, scenarioResultJson, SCHEMA_VERSION } from './kit/json.js';
import { numberText, percent, points, rangeText } from './kit/number.js';
import { plainChalk } from './kit/options.js';
import type { Renderers } from './kit/options.js';
import { citationText, judgementJson, judgementSourceText, judgementText, judgementWho, questionLines, settingText, statusText } from './kit/text.js';
import { fitLines } from './kit/wrap.js';

/** What `explain` renders: the evaluation, the scenario's result in it, and how its probability is made. */
export interface ExplainData {
  model: Model;
  ev: Evaluation & { ok: true };
  result: ScenarioResult;
  numbers?: NumberExplanation | undefined;
  /** Its range over the swings of the model's judgements, when computed. */
  range?: { low: number; high: number } | undefined;
  /** The user's judgements with provenance (a conditions file's mapping entries), shown beside the model's reasons. */
  judgements?: readonly Judgement[] | undefined;
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
export function explainText(
  model: Model,
  ev: Evaluation & { ok: true },
  r: ScenarioResult,
  chalk: ChalkInstance,
  width?: number,
  numbers?: NumberExplanation,
  range?: { low: number; high: number },
  judgements: readonly Judgement[] = [],
): string {
  const text = explainLines(model, ev, r, chalk, numbers, range, judgements);
  return width ? fitLines(text, width) : text;
}

function explainLines(
  model: Model,
  ev: Evaluation & { ok: true },
  r: ScenarioResult,
  chalk: ChalkInstance,
  numbers?: NumberExplanation,
  range?: { low: number; high: number },
  judgements: readonly Judgement[] = [],
): string {
  const out: string[] = [];
  out.push(chalk.bold(`${r.numeral ? `Possibility ${r.numeral}: ` : ''}${r.title}`) + chalk.dim(`  (${r.id})`));
  out.push(`Status: ${statusText(r.status, chalk)}    Probability: ${numberText(r)}${range ? `  (range ${rangeText(range)})` : ''}`);
  out.push(...questionLines(ev, chalk));
  out.push('');
  for (const reason of r.reasons) {
    out.push(`${chalk.bold('•')} ${reason.text}`);
    if (reason.because) out.push(...becauseLines(model, reason.because, chalk, '    '));
    else out.push(...citeLines(reason.citations, chalk, '    '));
  }
  if (judgements.length) {
    out.push('', chalk.bold('Your judgements') + chalk.dim(' (from the conditions file, beside the model\'s reasons)'));
    for (const j of judgements) {
      out.push(`${chalk.bold('•')} ${judgementText(j)}`);
      for (const s of j.sources) out.push(`    ${chalk.dim('source')} ${judgementSourceText(s)}`);
    }
  }
  if (numbers) out.push('', ...numberLines(numbers, chalk, judgements));
  return out.join('\n') + '\n';
}

/**
 * How the probability is made: its base (the priors and the hard constraints
 * alone), then each input that moves it, largest first: what it would be
 * without that input, the move in points, its source.
 */
function numberLines(x: NumberExplanation, chalk: ChalkInstance, judgements: readonly Judgement[] = []): string[] {
  const out: string[] = [chalk.bold('How the probability is made')];
  out.push(`  ${percent(x.base)} from the condition priors and the hard constraints alone`);
  if (!x.contributions.length) out.push(chalk.dim('  nothing else moves it'));
  // Moves that round to 0.0 points are left to --json, which lists every input.
  const shown = x.contributions.filter((c) => Math.abs(c.delta) >= 0.0005);
  for (const c of shown) {
    out.push(`  ${points(c.delta).padStart(6)} pts  ${c.text}  ${chalk.dim(`(${percent(c.without)} without it)`)}`);
    for (const ci of c.citations.slice(0, 2)) out.push(`           ${chalk.dim('source')} ${citationText(ci)}`);
    const j = c.kind === 'setting' || c.kind === 'probability' ? judgements.find((y) => y.condition === c.id) : undefined;
    if (j) {
      const who = judgementWho(j);
      out.push(`           ${chalk.dim('yours')} ${[who, j.note].filter(Boolean).join(': ') || 'from the conditions file'}`);
      for (const s of j.sources.slice(0, 2)) out.push(`           ${chalk.dim('source')} ${judgementSourceText(s)}`);
    }
  }
  const hidden = x.contributions.length - shown.length;
  if (hidden) out.push(chalk.dim(`  … and ${hidden} input(s) that move it by less than 0.05 points (--json lists them)`));
  out.push(`  = ${percent(x.probability)}${x.method === 'estimate' ? chalk.yellow(' (an estimate)') : ''}`);
  out.push(chalk.dim('  Each move is the probability with everything as it is, less what it would be without that input alone; moves need not add up.'));
  return out;
}

export function explainMarkdown({ model, ev, result: r, numbers, range, judgements }: ExplainData): string {
  const text = explainText(model, ev, r, plainChalk, undefined, numbers, range, judgements);
  const [title, ...rest] = text.split('\n');
  return `## ${title}\n\n${rest.map((l) => (l.startsWith('•') ? `- ${l.slice(2)}` : l.startsWith('    ') ? `  - ${l.trim()}` : l)).join('\n')}`;
}

export function explainJson({ ev, result, numbers, range, judgements }: ExplainData): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    ...questionJson(ev),
    scenario: scenarioResultJson({ ...result, range }),
    ...(numbers
      ? {
          numbers: {
            base: round(numbers.base),
            probability: round(numbers.probability),
            method: numbers.method,
            contributions: numbers.contributions.map((c) => ({
              kind: c.kind,
              id: c.id,
              text: c.text,
              without: round(c.without),
              delta: round(c.delta),
              logOdds: Number.isFinite(c.logOdds) ? round(c.logOdds) : null,
              sources: c.citations.map(citationJson),
            })),
          },
        }
      : {}),
    derived: ev.derived.map(derivedJson),
    // Present only when a conditions file gave judgements with provenance.
    ...(judgements?.length ? { judgements: judgements.map(judgementJson) } : {}),
  };
}

export const explainRenderers: Renderers<ExplainData> = {
  table: ({ model, ev, result, numbers, range, judgements }, { chalk, width }) => explainText(model, ev, result, chalk, width, numbers, range, judgements),
  json: explainJson,
  markdown: explainMarkdown,
};
