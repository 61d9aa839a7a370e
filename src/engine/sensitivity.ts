/**
 * How far the numbers move when the model's judgements are swung, one at a
 * time, over documented ranges (the calibration fitted again each time, so a
 * calibrated probability moves only as far as the judgement reaches past
 * the calibration date): a tornado per scenario, and each probability's
 * range (the lowest and highest it takes over every swing). Exact: each
 * swing is a full recount, not a sample.
 *
 * The swings:
 * - a condition's prior: its odds × and ÷ PRIOR_SWING (each named value in turn, the others scaled to fit);
 * - a soft constraint's probability: its odds × and ÷ SOFT_SWING;
 * - a piece of evidence: its likelihood ratio raised to the power 0.5 and 1.5;
 * - a source's grade: one grade down and one up (high, medium, low), where there is one;
 * - a state observation's half-life: halved and doubled;
 * - the hazard of an outcome seen "not yet": the two other hazards;
 * - a calibration target: its stated range, else its odds × and ÷ TARGET_SWING.
 */
import type { CompiledModel } from './compile.js';
import { baseOf, evaluate, probabilitiesOf } from './evaluate.js';
import type { Query } from './evaluate.js';
import { formatConstraint, formatExpr } from './expr.js';
import { cloneParams } from './prob/params.js';
import type { Params } from './prob/params.js';
import { HAZARDS } from './types.js';
import type { Citation, Reliability, Value } from './types.js';
import { checkWork, DEFAULT_MAX_WORK, workDone } from './analysis/common.js';

export const PRIOR_SWING = 2;
export const SOFT_SWING = 2;
export const TARGET_SWING = 1.5;
export const EVIDENCE_POWERS: readonly [number, number] = [0.5, 1.5];

export type InputKind = 'prior' | 'soft-constraint' | 'evidence' | 'grade' | 'half-life' | 'hazard' | 'target';

/** One judgement swung, and the values it was swung to. */
export interface SensitivityInput {
  id: string;
  kind: InputKind;
  text: string;
  /** The value as the model has it, and the two swung to (as text). */
  value: string;
  low: string;
  high: string;
  citations: readonly Citation[];
}

/** What one input does to one probability: its value with the input swung low and high. */
export interface Driver {
  input: string;
  /** The probability with the input at its low and at its high swing. */
  atLow: number;
  atHigh: number;
  /** The width it moves the probability: max − min over base, atLow, atHigh. */
  span: number;
}

export interface ProbabilitySensitivity {
  /** A scenario id, or '(none)' for the residual. */
  id: string;
  probability: number;
  low: number;
  high: number;
  /** Widest span first; inputs that do not move it are left out. */
  drivers: Driver[];
}

export interface SensitivityResult {
  inputs: SensitivityInput[];
  scenarios: ProbabilitySensitivity[];
  residual: ProbabilitySensitivity;
  method: 'exact' | 'estimate';
}

interface Swing {
  input: SensitivityInput;
  apply: (p: Params, side: 0 | 1) => void;
}

const odds = (p: number, k: number) => (k * p) / (k * p + (1 - p));
const pct = (p: number) => `${Math.round(p * 1000) / 10}%`;
const GRADES: readonly Reliability[] = ['low', 'medium', 'high'];

/** Every judgement the question depends on, with its swings. */
function swingsOf(cm: CompiledModel, query: Query, base: Params): Swing[] {
  const model = cm.model;
  const out: Swing[] = [];
  for (const c of model.conditions) {
    const prior = base.prior.get(c.id)!;
    const values: Value[] = c.values === null ? [true] : [...c.values];
    for (const v of values) {
      const p = prior.get(v)!;
      const lo = odds(p, 1 / PRIOR_SWING);
      const hi = odds(p, PRIOR_SWING);
      const name = c.values === null ? c.id : `${c.id}=${String(v)}`;
      out.push({
        input: { id: `prior:${name}`, kind: 'prior', text: `prior of ${name}`, value: pct(p), low: pct(lo), high: pct(hi), citations: c.citations },
        apply: (x, side) => setValuePrior(x, c.id, v, side === 0 ? lo : hi),
      });
    }
  }
  model.constraints.forEach((k, ki) => {
    const p = base.soft[ki];
    if (p === null || p === undefined) return;
    const lo = odds(p, 1 / SOFT_SWING);
    const hi = odds(p, SOFT_SWING);
    out.push({
      input: { id: `soft:${k.id}`, kind: 'soft-constraint', text: `${k.id}: ${k.description ?? formatConstraint(k)}`, value: pct(p), low: pct(lo), high: pct(hi), citations: k.citations },
      apply: (x, side) => (x.soft[ki] = side === 0 ? lo : hi),
    });
  });
  model.scenarios.forEach((s, si) =>
    s.evidence.forEach((e, j) => {
      const r = base.strength[si]![j]!;
      const [a, b] = EVIDENCE_POWERS;
      out.push({
        input: {
          id: `evidence:${s.id}#${j}`,
          kind: 'evidence',
          text: `${e.effect} ${s.numeral ?? s.id}: ${e.text ?? formatExpr(e.when)}`,
          value: `×${r} (${e.strength})`,
          low: `×${(r ** a).toFixed(2)}`,
          high: `×${(r ** b).toFixed(2)}`,
          citations: e.citations,
        },
        apply: (x, side) => (x.strength[si]![j] = r ** (side === 0 ? a : b)),
      });
    }),
  );
  const cited = new Set(model.scenarios.flatMap((s) => s.evidence.flatMap((e) => e.citations.map((c) => c.source))));
  for (const src of model.sources) {
    if (!cited.has(src.id)) continue;
    const g = GRADES.indexOf(src.reliability);
    const lo = GRADES[g - 1];
    const hi = GRADES[g + 1];
    if (!lo && !hi) continue;
    out.push({
      input: { id: `grade:${src.id}`, kind: 'grade', text: `grade of ${src.id} (${src.title})`, value: src.reliability, low: lo ?? src.reliability, high: hi ?? src.reliability, citations: [] },
      apply: (x, side) => x.grade.set(src.id, (side === 0 ? lo : hi) ?? src.reliability),
    });
  }
  // Time: only what the question's observations use.
  const ev = evaluate(cm, query, { explain: false, derive: false, numbers: false });
  const observations = ev.ok ? ev.observations : [];
  for (const o of observations) {
    if (o.replaced) continue;
    if (o.reading === 'state' && !out.some((s) => s.input.id === `half-life:${o.condition}`)) {
      const h = base.halfLife.get(o.condition)!;
      out.push({
        input: { id: `half-life:${o.condition}`, kind: 'half-life', text: `how long an observation of ${o.condition} lasts (half-life)`, value: `${h} days`, low: `${h / 2} days`, high: `${h * 2} days`, citations: [] },
        apply: (x, side) => x.halfLife.set(o.condition, side === 0 ? h / 2 : h * 2),
      });
    }
    if (o.reading === 'not-yet' && !out.some((s) => s.input.id === `hazard:${o.condition}`)) {
      const hz = base.hazard.get(o.condition) ?? 'uniform';
      const [lo, hi] = HAZARDS.filter((x) => x !== hz) as [typeof hz, typeof hz];
      out.push({
        input: { id: `hazard:${o.condition}`, kind: 'hazard', text: `when ${o.condition} would happen (hazard)`, value: hz, low: lo, high: hi, citations: [] },
        apply: (x, side) => x.hazard.set(o.condition, side === 0 ? lo : hi),
      });
    }
  }
  for (const t of model.info.calibration?.targets ?? []) {
    const p = base.targets.get(t.scenario)!;
    const [lo, hi] = t.range ?? [odds(p, 1 / TARGET_SWING), odds(p, TARGET_SWING)];
    out.push({
      input: { id: `target:${t.scenario}`, kind: 'target', text: `calibration target of ${t.scenario}`, value: pct(p), low: pct(lo), high: pct(hi), citations: t.citations },
      apply: (x, side) => x.targets.set(t.scenario, side === 0 ? lo : hi),
    });
  }
  return out;
}

/** Sets one value's prior, scaling the others so the prior still sums to 1. */
function setValuePrior(x: Params, condition: string, value: Value, p: number): void {
  const prior = x.prior.get(condition)!;
  if (prior.size === 2 && prior.has(true)) {
    prior.set(true, p);
    prior.set(false, 1 - p);
    return;
  }
  const rest = 1 - prior.get(value)!;
  for (const [v, q] of prior) prior.set(v, v === value ? p : rest > 0 ? (q * (1 - p)) / rest : (1 - p) / (prior.size - 1));
}

/**
 * The sensitivity of every probability to every judgement the question
 * depends on.
 *
 * @example
 * const s = sensitivity(cm, { asOf: '2026-02-08' });
 * s.scenarios[0]?.drivers[0]; // the judgement that moves the first scenario most
 */
export function sensitivity(cm: CompiledModel, query: Query, options: { maxWork?: number | undefined } = {}): SensitivityResult {
  const dist = cm.distribution;
  const maxWork = options.maxWork ?? DEFAULT_MAX_WORK;
  const startWork = workDone(cm);
  const base = baseOf(cm, query);
  const now = probabilitiesOf(cm, query);
  const swings = swingsOf(cm, query, base.params);
  const n = cm.model.scenarios.length;
  const track = (id: string, p: number): ProbabilitySensitivity => ({ id, probability: p, low: p, high: p, drivers: [] });
  const scenarios = cm.model.scenarios.map((s, i) => track(s.id, now.scenarios[i]!));
  const residual = track('(none)', now.residual);
  const all = [...scenarios, residual];
  let done = 0;
  for (const sw of swings) {
    // Two evaluations a judgement: refused as soon as the whole would pass the budget.
    checkWork(workDone(cm) - startWork, done, 2 * swings.length, maxWork, 'the sensitivity analysis');
    done += 2;
    const at: number[][] = [];
    for (const side of [0, 1] as const) {
      const params = cloneParams(base.params);
      sw.apply(params, side);
      try {
        const theta = dist.calibrate(params, base.theta);
        const a = probabilitiesOf(cm, query, { params, theta }, false, false);
        at.push([...a.scenarios, a.residual]);
      } catch {
        // A swing the model cannot take (calibration targets out of reach): it moves nothing.
        at.push(all.map((x) => x.probability));
      }
    }
    for (let k = 0; k <= n; k++) {
      const t = all[k]!;
      const lo = at[0]![k]!;
      const hi = at[1]![k]!;
      const span = Math.max(t.probability, lo, hi) - Math.min(t.probability, lo, hi);
      t.low = Math.min(t.low, lo, hi);
      t.high = Math.max(t.high, lo, hi);
      if (span > 1e-9) t.drivers.push({ input: sw.input.id, atLow: lo, atHigh: hi, span });
    }
  }
  for (const t of all) t.drivers.sort((a, b) => b.span - a.span);
  return { inputs: swings.map((s) => s.input), scenarios, residual, method: now.method };
}

/** The ranges alone, by scenario id (and '(none)' for the residual). */
export function ranges(cm: CompiledModel, query: Query, options: { maxWork?: number | undefined } = {}): Map<string, { low: number; high: number }> {
  const s = sensitivity(cm, query, options);
  return new Map([...s.scenarios, s.residual].map((x) => [x.id, { low: x.low, high: x.high }]));
}
