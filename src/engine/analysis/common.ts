import { CompiledModel } from '../compile.js';
import { evaluate } from '../evaluate.js';
import type { Evaluation, Query, ScenarioResult } from '../evaluate.js';
import { formatValue } from '../expr.js';
import type { Model, Settings, Value } from '../types.js';

export { holdsExpr } from '../prob/encode.js';

/**
 * Thrown when an analysis would need more work than its documented bound.
 * `bound` names the option that raises it, so callers can say which flag to use.
 */
export class AnalysisBoundError extends Error {
  constructor(
    message: string,
    readonly bound: string,
  ) {
    super(message);
    this.name = 'AnalysisBoundError';
  }
}

export type OkEvaluation = Evaluation & { ok: true };

/**
 * The work a compiled model has done so far, in units of roughly a
 * microsecond each: circuit nodes built and visited, variables drawn by the
 * sampler, and the solver's propagations and decisions. Deterministic (the
 * same question costs the same on any machine), so analyses budget by it.
 */
export function workDone(cm: CompiledModel): number {
  const st = cm.solver.stats;
  return cm.distribution.work.units + st.propagations + st.decisions;
}

/** An analysis's default work budget: fifty times what whatif needs on the shipped model (about 200,000), seconds of work. */
export const DEFAULT_MAX_WORK = 10_000_000;

/** 12,345,678 as `12.3 million`, for messages. */
export function workText(units: number): string {
  return units >= 1e6 ? `${(units / 1e6).toFixed(1)} million` : String(Math.round(units));
}

/**
 * Checks an analysis's work against its budget after `done` of `total`
 * evaluations: refuses (AnalysisBoundError naming `maxWork`) as soon as what
 * was spent, or what the rest will cost at the same rate, passes the budget.
 */
export function checkWork(spent: number, done: number, total: number, maxWork: number, what: string): void {
  const predicted = done > 0 ? (spent / done) * total : spent;
  if (spent > maxWork || predicted > maxWork)
    throw new AnalysisBoundError(
      `${what} needs about ${workText(predicted)} units of work (${total} evaluations of about ${workText(done ? spent / done : 0)} each), more than its budget of ${workText(maxWork)}; set some conditions, pick fewer with --only, or raise the budget`,
      'maxWork',
    );
}

export function compiledOf(model: Model | CompiledModel): CompiledModel {
  return model instanceof CompiledModel ? model : new CompiledModel(model);
}

/** A question as analyses take it: plain hard settings, or a full query. */
export type QueryLike = Settings | Query;

export function toQuery(q: QueryLike): Query {
  return q instanceof Map ? { settings: q } : (q as Query);
}

/** Evaluates and insists the question is consistent (analyses start from a consistent picture). */
export function evaluateOk(cm: CompiledModel, query: QueryLike, derive = true, explain = true, numbers = true): OkEvaluation {
  const ev = evaluate(cm, query, { derive, explain, numbers });
  if (!ev.ok) throw new RangeError(`the settings contradict the model: ${ev.conflict.text}`);
  return ev;
}

/**
 * The uncertainty left about the scenarios, in bits: the sum over scenarios
 * of the binary entropy of its probability (each scenario holds or not; they
 * may overlap, so no single distribution over them exists). 0 when every
 * scenario is settled.
 *
 * @example
 * entropy([0.5, 0.5]); // 2
 */
export function entropy(probabilities: readonly number[]): number {
  let h = 0;
  for (const p of probabilities) if (p > 0 && p < 1) h -= p * Math.log2(p) + (1 - p) * Math.log2(1 - p);
  return h;
}

/** The question with one hard setting added, changed or (value null) dropped; a probability for the condition gives way. */
export function withSetting(query: QueryLike, condition: string, value: Value | null): Query {
  const q = toQuery(query);
  const settings = new Map(q.settings ?? []);
  if (value === null) settings.delete(condition);
  else settings.set(condition, value);
  const probabilities = q.probabilities && q.probabilities.has(condition) ? new Map([...q.probabilities].filter(([k]) => k !== condition)) : q.probabilities;
  return { ...q, settings, probabilities };
}

export function settingKey(condition: string, value: Value): string {
  return `${condition}=${formatValue(value)}`;
}

/** The scenario results by id. */
export function byId(scenarios: readonly ScenarioResult[]): Map<string, ScenarioResult> {
  return new Map(scenarios.map((s) => [s.id, s]));
}

/** The constraint selector literals: "every constraint holds", as assumptions. */
export function constraintLits(cm: CompiledModel): number[] {
  return cm.hard.map((k) => cm.selector.get(k.id)!);
}

/** Most unset conditions whatif and watch analyse unless raised (--max-conditions). */
export const DEFAULT_MAX_CONDITIONS = 200;
/** Above this many conditions, whatif leaves out the conditions each value would force (a backbone per value). */
export const DERIVE_LIMIT = 300;
/** Most search nodes explore visits unless raised. */
export const DEFAULT_MAX_NODES = 1_000_000;
