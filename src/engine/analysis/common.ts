import { CompiledModel } from '../compile.js';
import { evaluate } from '../evaluate.js';
import type { Evaluation, ScenarioResult } from '../evaluate.js';
import { all, any, formatValue, not } from '../expr.js';
import type { Expr, Model, Scenario, Settings, Value } from '../types.js';

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

export function compiledOf(model: Model | CompiledModel): CompiledModel {
  return model instanceof CompiledModel ? model : new CompiledModel(model);
}

/** Evaluates and insists the settings are consistent (analyses start from a consistent picture). */
export function evaluateOk(cm: CompiledModel, settings: Settings, derive = true, explain = true): OkEvaluation {
  const ev = evaluate(cm, settings, { derive, explain });
  if (!ev.ok) throw new RangeError(`the settings contradict the model: ${ev.conflict.text}`);
  return ev;
}

/**
 * The expression true exactly in the worlds where a scenario holds: every
 * requirement met and no rule-out. "Ruled out" means no consistent world
 * satisfies it.
 *
 * @example
 * holdsExpr(scenario('b', { requires: [clause(is('ships_diverted'))] })); // ships_diverted (and not any())
 */
export function holdsExpr(s: Scenario): Expr {
  return all(...s.requires.map((c) => c.when), not(any(...s.rulesOut.map((c) => c.when))));
}

/**
 * Shannon entropy in bits of a weight distribution (weights summing to 1 or
 * all 0). An empty field (every scenario ruled out) has entropy 0.
 *
 * @example
 * entropy([0.5, 0.5]); // 1
 */
export function entropy(weights: readonly number[]): number {
  let h = 0;
  for (const w of weights) if (w > 0) h -= w * Math.log2(w);
  return h;
}

export function withSetting(settings: Settings, condition: string, value: Value | null): Map<string, Value> {
  const out = new Map(settings);
  if (value === null) out.delete(condition);
  else out.set(condition, value);
  return out;
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
  return cm.model.constraints.map((k) => cm.selector.get(k.id)!);
}
