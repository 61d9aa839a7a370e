import type { CompiledModel } from '../compile.js';
import { evaluate } from '../evaluate.js';
import type { Because, ConditionState, DerivedCondition, SettingRef, Status } from '../evaluate.js';
import { valuesOf } from '../expr.js';
import type { Model, Value } from '../types.js';
import { AnalysisBoundError, byId, checkWork, compiledOf, DEFAULT_MAX_WORK, entropy, evaluateOk, settingKey, withSetting, workDone } from './common.js';
import { DEFAULT_MAX_CONDITIONS, DERIVE_LIMIT } from './common.js';
export { DEFAULT_MAX_CONDITIONS, DERIVE_LIMIT };
import type { OkEvaluation, QueryLike } from './common.js';

/** What learning one value of a condition does to one scenario. */
export interface ScenarioEffect {
  id: string;
  numeral: string | null;
  title: string;
  before: Status;
  after: Status;
  /** 'rules-out' and 'triggers' are changes of status; 'none' leaves the status as it was. */
  change: 'rules-out' | 'triggers' | 'none';
  /** Its probability now, and once the value is known. */
  probabilityBefore: number;
  probabilityAfter: number;
  /** For a change: the settings, constraints and requirement/rule-out/trigger clauses that do it. */
  because?: Because | undefined;
  /** For a change: the engine's one-line reason. */
  text?: string | undefined;
}

/** One value a condition could turn out to have, and what it would do. */
export interface Outcome {
  value: Value;
  /** False when the settings and constraints already exclude this value. */
  possible: boolean;
  /** For an impossible value: the settings and constraints that exclude it. */
  impossible?: { text: string; settings: SettingRef[]; constraints: string[] } | undefined;
  /** How likely this value is, from the distribution; 0 when impossible. */
  probability: number;
  effects: ScenarioEffect[];
  /** Scenarios it newly rules out / newly triggers. */
  eliminated: number;
  triggered: number;
  /** The uncertainty (bits, see `entropy`) left about the scenarios once this value is known. */
  entropyAfter: number;
  /** Conditions it would newly force (empty when derivation is off). */
  derived: DerivedCondition[];
}

/** Everything one unset condition could do. */
export interface ConditionOutlook {
  condition: string;
  question: string;
  outcomes: Outcome[];
  /** Σ P(v) × scenarios v rules out: the expected number of possibilities eliminated. */
  expectedEliminated: number;
  /**
   * Expected information about the scenarios, in bits: Σ over scenarios of the mutual information
   * between the condition and whether the scenario holds, H(now) − Σ_v P(v) · H(after v). Never negative.
   */
  expectedInformation: number;
  /** The most scenarios any one of its values rules out. */
  maxEliminated: number;
}

export interface OutlookOptions {
  /** Only these conditions (ids); default every unset condition. */
  only?: readonly string[] | undefined;
  /** Refuse (AnalysisBoundError) when more conditions than this would be analysed. Default 200. */
  maxConditions?: number | undefined;
  /** Name reasons for each change (default true). */
  explain?: boolean | undefined;
  /**
   * List the conditions each value would newly force. Costs a backbone per
   * value, so by default only on models of at most DERIVE_LIMIT conditions.
   */
  derive?: boolean | undefined;
  /** Refuse when the analysis needs more solver calls than this. Default 3,000,000. */
  maxSolves?: number | undefined;
  /** Refuse when the analysis needs more work than this (units of `workDone`). Default DEFAULT_MAX_WORK. */
  maxWork?: number | undefined;
}

export interface Outlook {
  before: OkEvaluation;
  /** The uncertainty (bits, see `entropy`) about the scenarios now. */
  entropy: number;
  /** In model order. */
  conditions: ConditionOutlook[];
  /** Whether `derived` was computed for each value (see OutlookOptions.derive). */
  derivedListed: boolean;
  /** Conditions asked for with --only that have a value already (set, or forced by the settings). */
  skipped: { condition: string; origin: ConditionState['origin']; value: Value }[];
}

export const DEFAULT_MAX_SOLVES = 3_000_000;

/**
 * For each unset condition and each of its values, the evaluation with that
 * value added to the settings: every scenario's status change and
 * probability after, exact. The shared ground of `whatif` and `watch`. How
 * likely each value is comes from the same distribution, so that
 * Σ_v P(v) · P(scenario | v) = P(scenario) exactly.
 *
 * @example
 * const o = outlook(model, new Map());
 * o.conditions.find((c) => c.condition === 'port_closed')?.outcomes[0]?.effects; // A ruled out, B triggered
 */
export function outlook(model: Model | CompiledModel, settings: QueryLike, options: OutlookOptions = {}): Outlook {
  const cm = compiledOf(model);
  const before = evaluateOk(cm, settings);
  const maxConditions = options.maxConditions ?? DEFAULT_MAX_CONDITIONS;
  const maxSolves = options.maxSolves ?? DEFAULT_MAX_SOLVES;
  const explain = options.explain ?? true;
  const derive = options.derive ?? cm.model.conditions.length <= DERIVE_LIMIT;
  const only = options.only ? new Set(options.only) : null;
  const skipped: Outlook['skipped'] = [];
  const candidates = before.conditions.filter((c) => {
    if (only && !only.has(c.id)) return false;
    if (c.origin !== 'unknown') {
      if (only) skipped.push({ condition: c.id, origin: c.origin, value: c.value! });
      return false;
    }
    return true;
  });
  if (candidates.length > maxConditions)
    throw new AnalysisBoundError(
      `${candidates.length} conditions are unset; this analysis takes at most ${maxConditions} at a time (one evaluation per value)`,
      'maxConditions',
    );
  const startSolves = cm.solver.stats.solves;
  const maxWork = options.maxWork ?? DEFAULT_MAX_WORK;
  const startWork = workDone(cm);
  const total = candidates.reduce((t, c) => t + valuesOf(cm.conditionById.get(c.id)!).length, 0);
  let done = 0;
  const spend = () => checkWork(workDone(cm) - startWork, ++done, total, maxWork, 'the analysis');
  const beforeById = byId(before.scenarios);
  const h0 = entropy(before.scenarios.map((s) => s.probability));
  const marginal = new Map(before.conditions.map((c) => [c.id, c.probabilities]));
  const beforeDerived = new Set(before.derived.map((d) => settingKey(d.condition, d.value)));
  const out: ConditionOutlook[] = [];
  for (const state of candidates) {
    const cond = cm.conditionById.get(state.id)!;
    const outcomes: Outcome[] = [];
    for (const value of valuesOf(cond)) {
      const possible = state.possible.some((p) => p === value);
      if (!possible) {
        const ev = evaluate(cm, withSetting(settings, state.id, value), { derive: false, explain });
        outcomes.push({
          value,
          possible: false,
          impossible: ev.ok ? undefined : ev.conflict,
          probability: 0,
          effects: [],
          eliminated: 0,
          triggered: 0,
          entropyAfter: h0,
          derived: [],
        });
        spend();
        continue;
      }
      const after = evaluateOk(cm, withSetting(settings, state.id, value), derive, explain);
      const effects: ScenarioEffect[] = after.scenarios.map((a) => {
        const b = beforeById.get(a.id)!;
        const change: ScenarioEffect['change'] =
          a.status === b.status ? 'none' : a.status === 'ruled-out' ? 'rules-out' : 'triggers';
        const reason = change === 'none' ? undefined : a.reasons.find((r) => r.kind === a.status);
        return {
          id: a.id,
          numeral: a.numeral,
          title: a.title,
          before: b.status,
          after: a.status,
          change,
          probabilityBefore: b.probability,
          probabilityAfter: a.probability,
          because: reason?.because,
          text: reason?.text,
        };
      });
      outcomes.push({
        value,
        possible: true,
        probability: marginal.get(state.id)?.find((m) => m.value === value)?.probability ?? 0,
        effects,
        eliminated: effects.filter((e) => e.change === 'rules-out').length,
        triggered: effects.filter((e) => e.change === 'triggers').length,
        entropyAfter: entropy(after.scenarios.map((s) => s.probability)),
        derived: after.derived.filter(
          (d) => d.condition !== state.id && !beforeDerived.has(settingKey(d.condition, d.value)),
        ),
      });
      spend();
      if (cm.solver.stats.solves - startSolves > maxSolves)
        throw new AnalysisBoundError(
          `the analysis needed more than ${maxSolves} solver calls; name fewer conditions or set more of them`,
          'maxSolves',
        );
    }
    const possible = outcomes.filter((o) => o.possible);
    out.push({
      condition: state.id,
      question: cond.question,
      outcomes,
      expectedEliminated: possible.reduce((t, o) => t + o.probability * o.eliminated, 0),
      // Mutual information is never negative; what floating point leaves below 0 is 0.
      expectedInformation: Math.max(0, h0 - possible.reduce((t, o) => t + o.probability * o.entropyAfter, 0)),
      maxEliminated: Math.max(0, ...possible.map((o) => o.eliminated)),
    });
  }
  return { before, entropy: h0, conditions: out, derivedListed: derive, skipped };
}

/** Ranks for `whatif`: most possibilities eliminated (expected), then information, then the most any value eliminates. */
export function rankByNarrowing(items: readonly ConditionOutlook[]): ConditionOutlook[] {
  return stableSort(items, (a, b) =>
    cmp(b.expectedEliminated, a.expectedEliminated) ||
    cmp(b.expectedInformation, a.expectedInformation) ||
    b.maxEliminated - a.maxEliminated,
  );
}

/** Ranks for `watch`: expected information first, then expected eliminations. */
export function rankByInformation(items: readonly ConditionOutlook[]): ConditionOutlook[] {
  return stableSort(items, (a, b) => cmp(b.expectedInformation, a.expectedInformation) || cmp(b.expectedEliminated, a.expectedEliminated));
}

/** Compares with a tolerance, so float noise never reorders ties (model order decides them). */
export function cmp(a: number, b: number): number {
  return Math.abs(a - b) < 1e-9 ? 0 : a < b ? -1 : 1;
}

function stableSort<T>(xs: readonly T[], f: (a: T, b: T) => number): T[] {
  return xs
    .map((x, i) => ({ x, i }))
    .sort((a, b) => f(a.x, b.x) || a.i - b.i)
    .map((e) => e.x);
}
