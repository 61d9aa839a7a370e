import type { Because, ConditionState, DerivedCondition, Evaluation, Reason, ScenarioResult } from '../../engine/evaluate.js';
import type { Citation, Model, ModelEvent } from '../../engine/types.js';
import { numberJson, round } from './number.js';
import { jsonSafe } from './safe.js';

export { round };

/*
 * One JSON serialiser per domain type, used by every command, so a citation,
 * a Because or a scenario has the same shape wherever it appears (README,
 * "JSON contract").
 */

/**
 * The JSON contract's version: bumped on any incompatible change to a shape.
 * 2: every scenario carries `probability` (0..1; 0 when ruled out) instead of
 * `weight`, with `range` when asked for; statuses include `certain`; the
 * residual, the observations and the user's probabilities are reported;
 * `explain --json`'s `derived[].because` is the object every other command
 * gives (it was a string).
 */
export const SCHEMA_VERSION = 2;

/** The JSON text of data: exact, with the characters a terminal would act on escaped as \uNNNN (safe.ts). */
export function toJsonText(data: unknown): string {
  return jsonSafe(JSON.stringify(data, null, 2)) + '\n';
}

/** Which model: `{name, title}`. */
export function modelJson(model: Model): { name: string; title: string } {
  return { name: model.info.name, title: model.info.title };
}

export function citationJson(c: Citation): Record<string, unknown> {
  const out: Record<string, unknown> = { basis: c.basis };
  if (c.source) out.source = c.source;
  if (c.quote) out.quote = c.quote;
  if (c.reliability) out.reliability = c.reliability;
  if (c.note) out.note = c.note;
  return out;
}

/**
 * What the question was and how the numbers were made: the hard values in
 * force (the user's `set`, or `observed`/`assumed`), the observations with
 * what each amounted to, the user's probabilities, and `numbers` (exact or
 * estimate, its error, the calibration, the date and the horizon).
 */
export function questionJson(ev: Evaluation & { ok: true }): Record<string, unknown> {
  return {
    settings: ev.settings,
    observations: ev.observations.map((o) => ({
      ...o,
      ...(o.factors ? { factors: o.factors.map((f) => ({ value: f.value, factor: round(f.factor) })) } : {}),
      ...(o.timeLeft !== undefined ? { timeLeft: round(o.timeLeft) } : {}),
      ...(o.persistence !== undefined ? { persistence: round(o.persistence) } : {}),
    })),
    probabilities: ev.probabilities.map((p) => ({ condition: p.condition, probabilities: p.probabilities.map((x) => ({ value: x.value, probability: round(x.probability) })) })),
    numbers: {
      ...ev.numbers,
      error: round(ev.numbers.error),
      calibration: ev.numbers.calibration && {
        asOf: ev.numbers.calibration.asOf,
        targets: ev.numbers.calibration.targets.map((t) => ({ scenario: t.scenario, target: round(t.target), factor: round(t.factor) })),
      },
    },
  };
}

/** A condition's state: set, observed, assumed, derived or unknown, its possible values and their probabilities. */
export function conditionJson(c: ConditionState): Record<string, unknown> {
  return { ...c, probabilities: c.probabilities.map((x) => ({ value: x.value, probability: round(x.probability) })) };
}

/** What decided a verdict: the settings, the constraints in chain order, the clauses with their sources. */
export function becauseJson(b: Because): Record<string, unknown> {
  return {
    settings: b.settings,
    constraints: b.constraints,
    clauses: b.clauses.map((c) => ({ role: c.role, index: c.index, text: c.text, when: c.expr, sources: c.citations.map(citationJson) })),
  };
}

/** A condition the settings force, and why. */
export function derivedJson(d: DerivedCondition): Record<string, unknown> {
  return { condition: d.condition, value: d.value, because: becauseJson(d.because) };
}

export function reasonJson(r: Reason): Record<string, unknown> {
  return { kind: r.kind, text: r.text, ...(r.because ? { because: becauseJson(r.because) } : {}), sources: r.citations.map(citationJson) };
}

/** A scenario's result: status, probability (and range) and every reason, as `query` and `explain` give it. */
export function scenarioResultJson(s: ScenarioResult & { range?: { low: number; high: number } | undefined }): Record<string, unknown> {
  return {
    id: s.id,
    numeral: s.numeral,
    ...(s.short !== undefined ? { short: s.short } : {}),
    title: s.title,
    status: s.status,
    ...numberJson(s),
    prior: s.prior,
    labels: s.labels,
    reasons: s.reasons.map(reasonJson),
    evidence: s.evidence.map((e) => ({
      text: e.text,
      effect: e.effect,
      strength: e.strength,
      factor: round(e.factor),
      reliability: round(e.reliability),
      holds: e.holds,
      sources: e.citations.map(citationJson),
    })),
    consequences: s.consequences.map((c) => ({ text: c.text, when: c.expr, likelihood: c.likelihood, holds: c.holds, sources: c.citations.map(citationJson) })),
  };
}

export function eventJson(e: ModelEvent): Record<string, unknown> {
  return { id: e.id, date: e.date, dateBasis: e.dateBasis, title: e.title, sets: e.sets, sources: e.citations.map(citationJson) };
}

/** Counts can pass 2^53 on large models: a JSON number while exact, else a decimal string. */
export function countJson(n: bigint): number | string {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}
