/**
 * The engine's entry: a model and a question (hard settings, the user's own
 * probabilities, dated observations, a date to apply the model's events up
 * to) in; every scenario's status with its reasons, and its probability,
 * out. Pure: no file system, terminal or process.
 */
import { CompiledModel } from './compile.js';
import type {
  ConditionState,
  EvidenceItem,
  Evaluation,
  ObservationRef,
  ProbabilityRef,
  ScenarioResult,
  SettingRef,
} from './evaluation.js';
import { formatExpr } from './expr.js';
import { InfeasibleError } from './prob/distribution.js';
import type { Distribution, ProbAnswer, ProbInputs } from './prob/distribution.js';
import { cloneParams, evidenceFactor } from './prob/params.js';
import type { Params } from './prob/params.js';
import { effectiveHorizon, eventObservations, priorOf } from './prob/time.js';
import type { Observation, ObservationEffect } from './prob/time.js';
import { StatusEvaluator } from './status.js';
import type { ContradictionSide, Model, ModelEvent, Settings, Value } from './types.js';

export * from './evaluation.js';
export { all, any, not } from './expr.js';
export { STRENGTH_RATIO, DEFAULT_BASIS, DEFAULT_RELIABILITY } from './prob/params.js';

/** A question to the model. Every part is optional. */
export interface Query {
  /** Hard settings: each condition's value at the horizon. */
  settings?: Settings | undefined;
  /** The user's own probabilities, per condition and value (each in (0, 1), summing to 1): met exactly. */
  probabilities?: ReadonlyMap<string, ReadonlyMap<Value, number>> | undefined;
  /** The user's dated observations (evidence, not final values; see prob/time.ts). */
  observations?: readonly Observation[] | undefined;
  /** Apply the model's events dated on or before this day (YYYY-MM-DD); none when absent. */
  asOf?: string | undefined;
  /** Apply exactly these events instead of all those up to `asOf` (a timeline's steps). */
  events?: readonly ModelEvent[] | undefined;
  /** Contradictions to settle: contradiction id → the side assumed right (its changes to the model apply). */
  assume?: ReadonlyMap<string, string> | undefined;
}

/**
 * The parameters and calibration a question runs on: the model's own, or,
 * with `assume`, the model with the assumed sides' priors and targets. The
 * calibration factors stay as fitted to the model's own reading, unless a
 * side changes a target (then they are fitted again): assuming a side runs
 * the calibrated model as if that side were right. Cached per set of
 * assumptions.
 */
export function baseOf(cm: CompiledModel, query: Query): { params: Params; theta: readonly number[] | null } {
  const sides = assumedSides(cm.model, query.assume);
  if (!sides.length) return cm.distribution.base;
  const key = sides.map((x) => `${x.contradiction}=${x.side.id}`).join('&');
  const cache = (assumedCache.get(cm) ?? assumedCache.set(cm, new Map()).get(cm))!;
  const hit = cache.get(key);
  if (hit) return hit;
  const params = cloneParams(cm.distribution.baseParamsOnly);
  let targets = false;
  for (const { side } of sides) {
    for (const [id, prior] of Object.entries(side.priors)) {
      const c = cm.model.conditions.find((x) => x.id === id);
      if (c) params.prior.set(id, priorOf(cm.model, { values: c.values, prior }));
    }
    for (const [id, t] of Object.entries(side.targets)) {
      params.targets.set(id, t);
      targets = true;
    }
  }
  // A side that restates a source's probabilities is fitted again; one that changes only the
  // model's judgements keeps the calibration as the sources gave it, so its change shows.
  const base = cm.distribution.base;
  const out = { params, theta: targets ? cm.distribution.calibrate(params, base.theta) : base.theta };
  cache.set(key, out);
  return out;
}
const assumedCache = new WeakMap<CompiledModel, Map<string, { params: Params; theta: readonly number[] | null }>>();

/** The sides a question assumes, checked against the model. */
function assumedSides(model: Model, assume: ReadonlyMap<string, string> | undefined): { contradiction: string; side: ContradictionSide }[] {
  const out: { contradiction: string; side: ContradictionSide }[] = [];
  for (const [cid, sid] of assume ?? []) {
    const c = model.contradictions.find((x) => x.id === cid);
    if (!c) throw new QueryError(`assume: unknown contradiction ${cid}`);
    const side = c.sides.find((x) => x.id === sid);
    if (!side) throw new QueryError(`assume: ${cid} has no side ${sid} (it has ${c.sides.map((x) => x.id).join(', ') || 'none'})`);
    out.push({ contradiction: cid, side });
  }
  return out.sort((a, b) => (a.contradiction < b.contradiction ? -1 : 1));
}

export interface EvaluateOptions {
  /** Compute the chains behind derived conditions and verdicts (default true). */
  explain?: boolean;
  /**
   * Compute which conditions the settings force (default true). Analyses that
   * evaluate many hypothetical settings turn it off: `derived` and
   * `conditions` are then empty, statuses and probabilities are unchanged.
   */
  derive?: boolean;
  /** Compute the probabilities (default true; when false they are NaN). */
  numbers?: boolean;
  /** Compute the pairwise overlaps of the scenarios (default false). */
  overlaps?: boolean;
  /** Parameters and calibration factors to use instead of the model's (sensitivity analysis). */
  params?: { params: Params; theta: readonly number[] | null } | undefined;
}

/** A question that cannot be asked of this model (an unknown condition or value, a bad probability). */
export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

/**
 * Evaluates a model under a question: statuses exact under the hard
 * constraints and hard settings; probabilities exact over the weighted
 * worlds (or a labelled estimate on a model too large to count).
 *
 * @example
 * const ev = evaluate(model, new Map([['iran_regime_collapse', true]]));
 * if (ev.ok) ev.scenarios.find((s) => s.numeral === 'II')?.status; // 'triggered'
 */
export function evaluate(model: Model | CompiledModel, query: Settings | Query = {}, options: EvaluateOptions = {}): Evaluation {
  const cm = model instanceof CompiledModel ? model : new CompiledModel(model);
  const q: Query = query instanceof Map ? { settings: query } : (query as Query);
  const dist = cm.distribution;
  const numbersOn = options.numbers ?? true;
  const base = options.params ?? (numbersOn || dist.hasTime || q.assume?.size ? baseOf(cm, q) : { params: dist.baseParamsOnly, theta: null });
  const resolved = resolve(cm.model, dist, base.params, q);
  const status = new StatusEvaluator(cm, resolved.hard, options.explain ?? true, options.derive ?? true).run();
  if (!status.ok) return { ok: false, settings: resolved.hard, conflict: { ...status.conflict, kind: 'constraints' } };
  let answer: ProbAnswer | null = null;
  if (numbersOn) {
    try {
      answer = dist.answer(base.params, base.theta, resolved.inputs, { overlaps: options.overlaps ?? false });
    } catch (e) {
      if (!(e instanceof InfeasibleError) || e.what.kind !== 'jeffrey') throw e;
      return { ok: false, settings: resolved.hard, conflict: { settings: [], constraints: [], text: e.message, kind: 'probability' } };
    }
  }
  const scenarios: ScenarioResult[] = status.scenarios.map(({ evidenceHolds, ...s }, i) => {
    const p = answer ? answer.scenarios[i]! : NaN;
    const evidence: EvidenceItem[] = cm.model.scenarios[i]!.evidence.map((e, j) => {
      const { factor, reliability } = evidenceFactor(cm.model, base.params, i, j);
      return { text: e.text ?? formatExpr(e.when), effect: e.effect, strength: e.strength, factor, reliability, holds: evidenceHolds[j]!, citations: e.citations };
    });
    // The statuses are exact; keep the numbers from contradicting them by a rounding.
    const probability = s.status === 'ruled-out' ? 0 : s.status === 'certain' ? 1 : p;
    return { ...s, probability, evidence };
  });
  const conditions: ConditionState[] = status.conditions.map((c) => ({
    ...c,
    probabilities: answer ? [...answer.conditions.get(c.id)!].map(([value, probability]) => ({ value, probability })) : [],
  }));
  const cal = cm.model.info.calibration;
  return {
    ok: true,
    settings: resolved.hard,
    observations: resolved.observations,
    probabilities: resolved.probabilities,
    scenarios,
    residual: answer ? answer.residual : NaN,
    overlaps: answer?.overlaps
      ? cm.model.scenarios.flatMap((a, i) =>
          cm.model.scenarios.slice(i + 1).map((b, k) => ({ a: a.id, b: b.id, probability: answer.overlaps![i]![i + 1 + k]! })),
        )
      : null,
    derived: status.derived,
    conditions,
    numbers: {
      method: answer?.method ?? 'exact',
      error: answer?.error ?? 0,
      samples: answer?.samples,
      calibration:
        cal && base.theta
          ? {
              asOf: cal.asOf,
              targets: cal.targets.map((t) => ({
                scenario: t.scenario,
                target: base.params.targets.get(t.scenario) ?? t.probability,
                factor: base.theta![cm.model.scenarios.findIndex((s) => s.id === t.scenario)]!,
              })),
            }
          : null,
      asOf: q.asOf,
      horizon: resolved.horizon,
    },
  };
}

/**
 * The probabilities alone (no statuses, no reasons): what sensitivity
 * analyses and explanations ask for many times over. Throws InfeasibleError
 * when a probability given cannot be met.
 */
export function probabilitiesOf(
  model: Model | CompiledModel,
  query: Query,
  params?: { params: Params; theta: readonly number[] | null },
  overlaps = false,
  conditions = true,
): ProbAnswer {
  const cm = model instanceof CompiledModel ? model : new CompiledModel(model);
  const base = params ?? baseOf(cm, query);
  const resolved = resolve(cm.model, cm.distribution, base.params, query, false);
  return cm.distribution.answer(base.params, base.theta, resolved.inputs, { overlaps, conditions });
}

const NONE: readonly Observation[] = [];

interface Resolved {
  hard: SettingRef[];
  inputs: ProbInputs;
  observations: ObservationRef[];
  probabilities: ProbabilityRef[];
  horizon: string | undefined;
}

/** Checks a question against the model and turns it into hard values and inputs for the numbers. */
function resolve(model: Model, dist: Distribution, params: Params, q: Query, refs = true): Resolved {
  const byId = new Map(model.conditions.map((c) => [c.id, c]));
  const checkValue = (id: string, v: Value, what: string) => {
    const c = byId.get(id);
    if (!c) throw new QueryError(`${what}: unknown condition ${id}`);
    const ok = c.values === null ? typeof v === 'boolean' : typeof v === 'string' && c.values.includes(v);
    if (!ok) throw new QueryError(`${what}: ${id} has no value ${String(v)}`);
  };
  const userHard = new Map(q.settings ?? []);
  for (const [id, v] of userHard) checkValue(id, v, 'setting');
  const assumed = new Map<string, { value: Value; contradiction: string; side: string }>();
  for (const { contradiction, side } of assumedSides(model, q.assume))
    for (const [id, value] of Object.entries(side.sets)) if (!userHard.has(id)) assumed.set(id, { value, contradiction, side: side.id });
  const jeffrey = new Map<string, ReadonlyMap<Value, number>>();
  for (const [id, dist0] of q.probabilities ?? []) {
    for (const [v, p] of dist0) {
      checkValue(id, v, 'probability');
      if (!(p >= 0 && p <= 1)) throw new QueryError(`probability: ${id}=${String(v)} must be between 0 and 1, not ${p}`);
    }
    const c = byId.get(id)!;
    const values: Value[] = c.values === null ? [true, false] : [...c.values];
    const full = new Map(values.map((v) => [v, dist0.get(v) ?? 0]));
    const sum = [...full.values()].reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-9) throw new QueryError(`probability: the probabilities of ${id} must sum to 1, not ${sum}`);
    const positive = values.filter((v) => full.get(v)! > 0);
    if (positive.length === 1) userHard.set(id, positive[0]!);
    else if (positive.length < values.length)
      throw new QueryError(`probability: ${id} gives ${values.filter((v) => full.get(v) === 0).map(String).join(', ')} probability 0; give every value some probability, or set it`);
    else jeffrey.set(id, full);
  }
  for (const o of q.observations ?? []) checkValue(o.condition, o.value, 'observation');
  const fromEvents = q.events ? eventObservations(q.events) : q.asOf !== undefined ? dist.eventObservations(q.asOf) : NONE;
  // The same array for the same events, so what is computed from it can be kept.
  const observations = q.observations?.length ? [...fromEvents, ...q.observations] : fromEvents;
  const withAssumed = new Map([...userHard, ...[...assumed].map(([id, a]) => [id, a.value] as const)]);
  const { inputs, effects } = dist.inputsFor(params, observations, q.asOf, { hard: withAssumed, jeffrey });
  const hard: SettingRef[] = [...userHard].map(([condition, value]) => ({ condition, value }));
  for (const [condition, a] of assumed) hard.push({ condition, value: a.value, origin: 'assumed', assumption: `${a.contradiction}=${a.side}` });
  for (const [condition, { effect, observation }] of effects) {
    if (effect.kind !== 'hard' || withAssumed.has(condition) || jeffrey.has(condition)) continue;
    hard.push({ condition, value: effect.value, origin: 'observed', date: observation.date, event: observation.event });
  }
  const observationRefs: ObservationRef[] = refs
    ? [...effects].map(([condition, { effect, observation }]) =>
        observationRef(condition, effect, observation, withAssumed.has(condition) || jeffrey.has(condition)),
      )
    : [];
  const probabilities: ProbabilityRef[] = [...jeffrey].map(([condition, m]) => ({
    condition,
    probabilities: [...m].map(([value, probability]) => ({ value, probability })),
  }));
  return { hard, inputs, observations: observationRefs, probabilities, horizon: effectiveHorizon(model, observations, q.asOf) };
}

function observationRef(condition: string, effect: ObservationEffect, o: Observation, replaced: boolean): ObservationRef {
  const base = { condition, value: o.value, date: o.date, event: o.event, ...(replaced ? { replaced: true } : {}) };
  if (effect.kind === 'hard') return { ...base, reading: effect.why };
  const factors = [...effect.factors].map(([value, factor]) => ({ value, factor }));
  return effect.detail.reading === 'not-yet'
    ? { ...base, reading: 'not-yet', factors, timeLeft: effect.detail.timeLeft }
    : { ...base, reading: 'state', factors, persistence: effect.detail.persistence };
}
