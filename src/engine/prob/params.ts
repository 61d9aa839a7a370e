/**
 * The numbers a model's judgements put into its distribution, gathered in
 * one place so that a sensitivity analysis can swing any of them and ask
 * again. Everything here is read off the model; nothing is fitted.
 */
import type { Basis, Citation, Condition, Hazard, Model, Reliability, Value } from '../types.js';
import { DEFAULT_HALF_LIFE, priorOf } from './time.js';

/** Likelihood ratios for soft evidence (ACH-style), before the reliability exponent. */
export const STRENGTH_RATIO = { weak: 1.5, moderate: 2, strong: 4 } as const;
/** What a source's grade and a citation's basis make of a likelihood ratio: ratio^(grade × basis). */
export const DEFAULT_RELIABILITY: Readonly<Record<Reliability, number>> = { high: 1, medium: 0.75, low: 0.4 };
export const DEFAULT_BASIS: Readonly<Record<Basis, number>> = { stated: 1, reported: 0.8, inferred: 0.6, background: 0.5 };
/** Reliability exponent of evidence with no citation, or citing no known source. */
export const UNCITED_RELIABILITY = 0.5;

export interface Params {
  /** Per condition id: the prior of each value (sums to 1). */
  prior: Map<string, Map<Value, number>>;
  /** Per constraint (model order): its probability when soft, null when hard. */
  soft: (number | null)[];
  /** Per scenario, per evidence item: the strength's likelihood ratio (≥ 1), before reliability. */
  strength: number[][];
  /** Per source id: its grade. */
  grade: Map<string, Reliability>;
  /** Per scenario: its odds factor (the legacy `prior`). */
  scenarioFactor: number[];
  hazard: Map<string, Hazard>;
  halfLife: Map<string, number>;
  /** Calibration targets by scenario id. */
  targets: Map<string, number>;
}

export function modelParams(model: Model): Params {
  const defaults = model.info.defaults;
  return {
    prior: new Map(model.conditions.map((c) => [c.id, priorOf(model, c)])),
    soft: model.constraints.map((k) => k.probability ?? null),
    strength: model.scenarios.map((s) => s.evidence.map((e) => STRENGTH_RATIO[e.strength])),
    grade: new Map(model.sources.map((s) => [s.id, s.reliability])),
    scenarioFactor: model.scenarios.map((s) => s.prior),
    hazard: new Map(model.conditions.map((c: Condition) => [c.id, c.hazard ?? defaults?.hazard ?? 'uniform'])),
    halfLife: new Map(model.conditions.map((c) => [c.id, c.halfLife ?? defaults?.halfLife ?? DEFAULT_HALF_LIFE])),
    targets: new Map((model.info.calibration?.targets ?? []).map((t) => [t.scenario, t.probability])),
  };
}

/** A copy whose maps and arrays can be changed without touching the original. */
export function cloneParams(p: Params): Params {
  return {
    prior: new Map([...p.prior].map(([k, v]) => [k, new Map(v)])),
    soft: [...p.soft],
    strength: p.strength.map((x) => [...x]),
    grade: new Map(p.grade),
    scenarioFactor: [...p.scenarioFactor],
    hazard: new Map(p.hazard),
    halfLife: new Map(p.halfLife),
    targets: new Map(p.targets),
  };
}

/**
 * The reliability exponent of a set of citations: the best-grounded one's
 * grade factor × basis factor (a citation's own grade, where given, over its
 * source's).
 */
export function reliabilityOf(model: Model, params: Params, citations: readonly Citation[]): number {
  if (!citations.length) return UNCITED_RELIABILITY;
  const info = model.info;
  let best = 0;
  for (const c of citations) {
    const grade = c.reliability ?? params.grade.get(c.source);
    const g = grade ? (info.reliabilityFactors?.[grade] ?? DEFAULT_RELIABILITY[grade]) : UNCITED_RELIABILITY;
    const b = info.basisFactors?.[c.basis] ?? DEFAULT_BASIS[c.basis];
    best = Math.max(best, g * b);
  }
  return best;
}

/** The factor evidence item j of scenario i puts on the worlds where it and the scenario hold. */
export function evidenceFactor(model: Model, params: Params, i: number, j: number): { factor: number; reliability: number } {
  const e = model.scenarios[i]!.evidence[j]!;
  const reliability = reliabilityOf(model, params, e.citations);
  const ratio = params.strength[i]![j]!;
  return { factor: Math.pow(e.effect === 'favours' ? ratio : 1 / ratio, reliability), reliability };
}
