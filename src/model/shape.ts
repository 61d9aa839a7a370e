import { BASES, CONDITION_KINDS, CONSTRAINT_KINDS, EVIDENCE_STRENGTHS, HAZARDS, RELIABILITIES, STANCE_KINDS } from '../engine/types.js';
import type { Model } from '../engine/types.js';

/*
 * The shape of a Model as the engine reads it, checked on data that did not
 * come through the loader: an entry of the model cache (src/app/model-cache.ts).
 * Every field the engine reads has its type checked, every number its range,
 * every expression its condition and value; unknown fields are allowed (a
 * newer tool may add some; the cache is keyed by the tool's build anyway).
 * Hand-written rather than zod: a cache hit must not load the schema library.
 */

/**
 * A scenario's `prior` is an odds factor on the worlds where it holds: kept
 * within a range where weights never overflow or vanish, whatever the number
 * of scenarios (the engine scales each factor to at most 1, and counts in
 * scaled arithmetic when products grow small: src/engine/prob/circuit.ts).
 */
export const MIN_SCENARIO_PRIOR = 0.001;
export const MAX_SCENARIO_PRIOR = 1000;

/** Where a value sits (`model.scenarios[3].title`), built only when a problem is reported: a hit checks every node. */
type At = () => string;
type Check = (x: unknown, at: At) => string | undefined;

const isObj = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

const str: Check = (x, at) => (typeof x === 'string' ? undefined : `${at()}: expected text`);
const bool: Check = (x, at) => (typeof x === 'boolean' ? undefined : `${at()}: expected true or false`);
const num =
  (lo: number, hi: number, open = false): Check =>
  (x, at) =>
    typeof x === 'number' && Number.isFinite(x) && (open ? x > lo && x < hi : x >= lo && x <= hi) ? undefined : `${at()}: expected a number in ${open ? '(' : '['}${lo}, ${hi}${open ? ')' : ']'}`;
const oneOf =
  (values: readonly string[]): Check =>
  (x, at) =>
    typeof x === 'string' && values.includes(x) ? undefined : `${at()}: expected one of ${values.join(', ')}`;
const opt =
  (c: Check): Check =>
  (x, at) =>
    x === undefined ? undefined : c(x, at);
const nullable =
  (c: Check): Check =>
  (x, at) =>
    x === null ? undefined : c(x, at);
const list =
  (c: Check): Check =>
  (x, at) => {
    if (!Array.isArray(x)) return `${at()}: expected a list`;
    for (let i = 0; i < x.length; i++) {
      const p = c(x[i], () => `${at()}[${i}]`);
      if (p) return p;
    }
    return undefined;
  };
const record =
  (c: Check): Check =>
  (x, at) => {
    if (!isObj(x)) return `${at()}: expected a mapping`;
    for (const [k, v] of Object.entries(x)) {
      const p = c(v, () => `${at()}.${k}`);
      if (p) return p;
    }
    return undefined;
  };
const obj = (fields: Record<string, Check>): Check => {
  const entries = Object.entries(fields);
  return (x, at) => {
    if (!isObj(x)) return `${at()}: expected a mapping`;
    for (const [k, c] of entries) {
      const p = c(x[k], () => `${at()}.${k}`);
      if (p) return p;
    }
    return undefined;
  };
};
const either =
  (...cs: Check[]): Check =>
  (x, at) => {
    let first: string | undefined;
    for (const c of cs) {
      const p = c(x, at);
      if (!p) return undefined;
      first ??= p;
    }
    return first;
  };

const prob = num(0, 1, true);
const loc = opt(obj({ file: str, line: num(1, Number.MAX_SAFE_INTEGER), col: num(1, Number.MAX_SAFE_INTEGER) }));
const citation = obj({ source: str, quote: str, basis: oneOf(BASES), reliability: opt(oneOf(RELIABILITIES)), note: opt(str), loc });
const citations = list(citation);
const value: Check = (x, at) => (typeof x === 'boolean' || typeof x === 'string' ? undefined : `${at()}: expected a value`);

/** Checks a model's shape, and that its expressions name its conditions and their values. */
export function modelShapeProblem(x: unknown): string | undefined {
  if (!isObj(x)) return 'model: expected a mapping';
  const conditions = Array.isArray(x.conditions) ? x.conditions : [];
  const valuesOf = new Map<string, readonly unknown[] | null>();
  for (const c of conditions) if (isObj(c) && typeof c.id === 'string') valuesOf.set(c.id, Array.isArray(c.values) ? c.values : null);
  const expr: Check = (e, at) => {
    if (!isObj(e)) return `${at()}: expected an expression`;
    switch (e.op) {
      case 'is': {
        if (typeof e.condition !== 'string' || !valuesOf.has(e.condition)) return `${at()}: no condition ${String(e.condition)}`;
        const vs = valuesOf.get(e.condition)!;
        return (vs === null ? typeof e.value === 'boolean' : vs.includes(e.value)) ? undefined : `${at()}: ${e.condition} takes no value ${String(e.value)}`;
      }
      case 'not':
        return expr(e.arg, () => `${at()}.arg`);
      case 'all':
      case 'any':
        return exprs(e.args, () => `${at()}.args`);
      default:
        return `${at()}: unknown operator`;
    }
  };
  const exprs = list(expr);
  const clause = obj({ when: expr, text: opt(str), citations, loc });
  const model = obj({
    info: obj({
      name: str,
      title: str,
      description: opt(str),
      sourcesDir: opt(str),
      time: opt(obj({ start: str, horizon: str, endsWhen: list(str) })),
      defaults: opt(obj({ prior: opt(prob), hazard: opt(oneOf(HAZARDS)), halfLife: opt(num(0, Number.MAX_VALUE, true)) })),
      calibration: opt(
        obj({
          asOf: str,
          targets: list(obj({ scenario: str, probability: prob, range: opt(list(prob)), citations, loc })),
        }),
      ),
      basisFactors: opt(record(num(0, 1))),
      reliabilityFactors: opt(record(num(0, 1))),
    }),
    sources: list(obj({ id: str, file: str, title: str, date: opt(str), reliability: oneOf(RELIABILITIES), partisan: bool, note: opt(str), loc })),
    conditions: list(
      obj({
        id: str,
        question: str,
        values: nullable(list(str)),
        kind: opt(oneOf(CONDITION_KINDS)),
        prior: opt(either(prob, record(prob))),
        hazard: opt(oneOf(HAZARDS)),
        halfLife: opt(num(0, Number.MAX_VALUE, true)),
        indicator: opt(bool),
        description: opt(str),
        citations,
        loc,
      }),
    ),
    constraints: list(
      obj({ id: str, kind: oneOf(CONSTRAINT_KINDS), args: list(expr), probability: opt(prob), description: opt(str), citations, loc }),
    ),
    scenarios: list(
      obj({
        id: str,
        numeral: nullable(str),
        short: opt(str),
        title: str,
        summary: opt(str),
        prior: num(MIN_SCENARIO_PRIOR, MAX_SCENARIO_PRIOR),
        labels: list(obj({ label: str, citations })),
        requires: list(clause),
        triggers: list(clause),
        rulesOut: list(clause),
        evidence: list(obj({ when: expr, effect: oneOf(['favours', 'disfavours']), strength: oneOf(EVIDENCE_STRENGTHS), text: opt(str), citations, loc })),
        consequences: list(obj({ when: expr, likelihood: oneOf(['certain', 'risk']), text: opt(str), citations })),
        citations,
        loc,
      }),
    ),
    actors: list(
      obj({
        id: str,
        name: str,
        group: opt(str),
        unit: opt(str),
        influence: num(0, 10),
        description: opt(str),
        stances: list(
          obj({
            scenario: str,
            stance: oneOf(STANCE_KINDS),
            when: opt(expr),
            then: opt(oneOf(STANCE_KINDS)),
            otherwise: opt(oneOf(STANCE_KINDS)),
            citations,
            loc,
          }),
        ),
        citations,
        loc,
      }),
    ),
    units: opt(list(obj({ id: str, name: str, influence: num(0, 10), description: opt(str), citations, loc }))),
    contradictions: list(
      obj({
        id: str,
        topic: str,
        claims: citations,
        handling: str,
        defaultSide: opt(str),
        sides: list(
          obj({ id: str, text: str, claims: citations, sets: record(value), priors: record(either(prob, record(prob))), targets: record(prob), loc }),
        ),
        loc,
      }),
    ),
    events: list(obj({ id: str, date: str, dateBasis: oneOf(['stated', 'inferred', 'undated']), title: str, sets: record(value), citations, loc })),
  });
  const problem = model(x, () => 'model');
  if (problem) return problem;
  // Ids the engine looks things up by are unique.
  for (const key of ['conditions', 'scenarios', 'constraints'] as const) {
    const ids = (x[key] as { id: string }[]).map((y) => y.id);
    if (new Set(ids).size !== ids.length) return `model.${key}: an id appears twice`;
  }
  for (const c of conditions as { id: string; values: readonly string[] | null }[])
    if (c.values && (c.values.length < 2 || new Set(c.values).size !== c.values.length)) return `model.conditions.${c.id}: its values must be two or more, each once`;
  return undefined;
}

/** Whether data has the shape of a Model (see modelShapeProblem). */
export function isModelShape(x: unknown): x is Model {
  return modelShapeProblem(x) === undefined;
}
