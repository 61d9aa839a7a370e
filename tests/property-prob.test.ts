// The probabilistic engine against brute force: on random small models with
// priors, soft and hard constraints of every kind, evidence, named values,
// calibration targets, dated observations, hard settings and the user's own
// probabilities (Jeffrey), every scenario's probability, the residual, the
// pairwise overlaps and every condition's marginals equal an enumeration of
// the worlds to 1e-9. The enumeration defines each construct itself (the
// constraint kinds, the weight of a world, the time readings, the fitting by
// iterative scaling) and shares no code with the engine but the model types.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Distribution } from '../src/engine/prob/distribution.js';
import { modelParams } from '../src/engine/prob/params.js';
import type { Observation } from '../src/engine/prob/time.js';
import type { Citation, Condition, Constraint, ConstraintKind, Expr, Hazard, Model, Scenario, Value } from '../src/engine/types.js';
import { boolCond, enumCond, model, scenario } from './builders.js';
import { allAssignments, meets, scenarioHolds, truth } from './oracle.js';

const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS) || 150);
const SEED = Number(process.env.FUZZ_SEED) || 20260124;
const TIMEOUT = 60_000 + RUNS * 50;

type World = Map<string, Value>;

// ---------------------------------------------------------------- the oracle's own semantics

const holds = truth;

const worlds = (conds: readonly Condition[]): World[] => allAssignments(conds);

const day = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 86_400_000;

function priorOf(m: Model, c: Condition, v: Value): number {
  if (c.values === null) {
    const p = typeof c.prior === 'number' ? c.prior : 0.5;
    return v === true ? p : 1 - p;
  }
  const given = c.prior as Record<string, number> | undefined;
  return given ? given[v as string]! : 1 / c.values.length;
}

/** Likelihood of the observations of one condition, for the value at the horizon, or null if none. */
function observationLikelihood(m: Model, c: Condition, obs: Observation[], v: Value): number | 'hard-mismatch' {
  const time = m.info.time!;
  const mine = obs.filter((o) => o.condition === c.id);
  if (!mine.length) return 1;
  const horizon = day(time.horizon);
  const start = day(time.start);
  if (c.kind === 'outcome') {
    if (mine.some((o) => o.value === true)) return v === true ? 1 : 'hard-mismatch';
    const latest = mine.reduce((a, b) => (b.date >= a.date ? b : a));
    const d = day(latest.date);
    if (d >= horizon) return v === false ? 1 : 'hard-mismatch';
    const x = Math.min(1, Math.max(0, (d - start) / (horizon - start)));
    const hz: Hazard = c.hazard ?? 'uniform';
    // Share of the time left: 1 - F(x), F the distribution of when it would happen.
    const F = hz === 'uniform' ? x : hz === 'early' ? 1 - (1 - x) ** 2 : x ** 2;
    return v === true ? 1 - F : 1;
  }
  const latest = mine.reduce((a, b) => (b.date >= a.date ? b : a));
  const d = day(latest.date);
  if (d >= horizon) return v === latest.value ? 1 : 'hard-mismatch';
  // The state persists to the horizon with probability rho, else it is redrawn from its prior:
  // P(obs | horizon value v) ∝ P(v | obs) / P(v) = (rho [v = obs] + (1 - rho) prior(v)) / prior(v).
  const rho = 0.5 ** ((horizon - d) / (c.halfLife ?? 90));
  const pv = priorOf(m, c, v);
  return (rho * (v === latest.value ? 1 : 0) + (1 - rho) * pv) / pv;
}

const GRADE = { high: 1, medium: 0.75, low: 0.4 } as const;
const BASIS = { stated: 1, reported: 0.8, inferred: 0.6, background: 0.5 } as const;
const STRENGTH = { weak: 1.5, moderate: 2, strong: 4 } as const;

function evidenceRatio(m: Model, s: Scenario, j: number): number {
  const e = s.evidence[j]!;
  let rel = 0;
  for (const c of e.citations) {
    const src = m.sources.find((x) => x.id === c.source);
    const g = c.reliability ? GRADE[c.reliability] : src ? GRADE[src.reliability] : 0.5;
    rel = Math.max(rel, g * BASIS[c.basis]);
  }
  if (!e.citations.length) rel = 0.5;
  const r = STRENGTH[e.strength] ** rel;
  return e.effect === 'favours' ? r : 1 / r;
}

/** The unnormalised weight of a world, or 0 where it breaks a hard constraint or a hard setting. */
function worldWeight(m: Model, w: World, q: OracleQuery, theta: Map<string, number>, jm: Map<string, Map<Value, number>>): number {
  let p = 1;
  for (const k of m.constraints) {
    if (meets(k, w)) continue;
    if (k.probability === undefined) return 0;
    p *= 1 - k.probability;
  }
  for (const c of m.conditions) {
    const v = w.get(c.id)!;
    const hard = q.hard.get(c.id);
    if (hard !== undefined) {
      if (hard !== v) return 0;
      continue; // a hard setting replaces the prior, the observations and Jeffrey
    }
    p *= priorOf(m, c, v);
    if (!q.jeffrey.has(c.id)) {
      const l = observationLikelihood(m, c, q.observations, v);
      if (l === 'hard-mismatch') return 0;
      p *= l;
    }
    p *= jm.get(c.id)?.get(v) ?? 1;
  }
  m.scenarios.forEach((s) => {
    if (!scenarioHolds(s, w)) return;
    p *= s.prior * (theta.get(s.id) ?? 1);
    s.evidence.forEach((e, j) => {
      if (holds(e.when, w)) p *= evidenceRatio(m, s, j);
    });
  });
  return p;
}

interface OracleQuery {
  hard: Map<string, Value>;
  observations: Observation[];
  jeffrey: Map<string, Map<Value, number>>;
}

interface OracleAnswer {
  scenarios: number[];
  residual: number;
  overlaps: number[][];
  conditions: Map<string, Map<Value, number>>;
}

function distribution(m: Model, q: OracleQuery, theta: Map<string, number>, jm: Map<string, Map<Value, number>>) {
  const ws = worlds(m.conditions);
  const weights = ws.map((w) => worldWeight(m, w, q, theta, jm));
  const z = weights.reduce((a, b) => a + b, 0);
  return { ws, weights, z };
}

/** Fits the Jeffrey multipliers by cyclic proportional fitting over the enumeration. */
function fitJeffrey(m: Model, q: OracleQuery, theta: Map<string, number>): Map<string, Map<Value, number>> {
  const jm = new Map<string, Map<Value, number>>();
  for (const id of q.jeffrey.keys()) jm.set(id, new Map());
  for (let sweep = 0; sweep < 20000; sweep++) {
    let worst = 0;
    for (const [id, target] of q.jeffrey) {
      const { ws, weights, z } = distribution(m, q, theta, jm);
      const marg = new Map<Value, number>();
      ws.forEach((w, i) => marg.set(w.get(id)!, (marg.get(w.get(id)!) ?? 0) + weights[i]! / z));
      for (const [v, t] of target) {
        const p = marg.get(v) ?? 0;
        worst = Math.max(worst, Math.abs(p - t));
        jm.get(id)!.set(v, (jm.get(id)!.get(v) ?? 1) * (p > 0 ? t / p : 0));
      }
    }
    if (worst < 1e-12) break;
  }
  return jm;
}

function fitCalibration(m: Model): Map<string, number> {
  const cal = m.info.calibration;
  const theta = new Map<string, number>();
  if (!cal) return theta;
  const q: OracleQuery = { hard: new Map(), observations: eventObs(m, cal.asOf), jeffrey: new Map() };
  for (let sweep = 0; sweep < 20000; sweep++) {
    let worst = 0;
    for (const t of cal.targets) {
      const s = m.scenarios.find((x) => x.id === t.scenario)!;
      const { ws, weights, z } = distribution(m, q, theta, new Map());
      const p = ws.reduce((acc, w, i) => acc + (scenarioHolds(s, w) ? weights[i]! : 0), 0) / z;
      worst = Math.max(worst, Math.abs(p - t.probability));
      theta.set(s.id, (theta.get(s.id) ?? 1) * ((t.probability / (1 - t.probability)) / (p / (1 - p))));
    }
    if (worst < 1e-12) break;
  }
  return theta;
}

function eventObs(m: Model, asOf: string): Observation[] {
  return m.events.filter((e) => e.date <= asOf).flatMap((e) => Object.entries(e.sets).map(([condition, value]) => ({ condition, value, date: e.date })));
}

function oracle(m: Model, q: OracleQuery): OracleAnswer {
  const theta = fitCalibration(m);
  const jm = fitJeffrey(m, q, theta);
  const { ws, weights, z } = distribution(m, q, theta, jm);
  const p = (f: (w: World) => boolean) => ws.reduce((acc, w, i) => acc + (f(w) ? weights[i]! : 0), 0) / z;
  const scenarios = m.scenarios.map((s) => p((w) => scenarioHolds(s, w)));
  const residual = p((w) => m.scenarios.every((s) => !scenarioHolds(s, w)));
  const overlaps = m.scenarios.map((a) => m.scenarios.map((b) => p((w) => scenarioHolds(a, w) && scenarioHolds(b, w))));
  const conditions = new Map(
    m.conditions.map((c) => [c.id, new Map((c.values === null ? [true, false] : c.values).map((v: Value) => [v, p((w) => w.get(c.id) === v)]))]),
  );
  return { scenarios, residual, overlaps, conditions };
}

// ---------------------------------------------------------------- generators

const KINDS: ConstraintKind[] = ['implies', 'excludes', 'exactly-one', 'at-most-one', 'equivalent', 'always'];
const cites: Citation[][] = [
  [],
  [{ source: 'test', quote: 'q', basis: 'stated' }],
  [{ source: 'test', quote: 'q', basis: 'inferred', reliability: 'low' }],
  [{ source: 'other', quote: 'q', basis: 'reported' }],
];

interface Case {
  model: Model;
  query: OracleQuery;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    bools: fc.array(
      fc.record({
        prior: fc.option(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { nil: undefined }),
        kind: fc.constantFrom<'outcome' | 'state'>('outcome', 'state'),
        hazard: fc.constantFrom<Hazard>('uniform', 'early', 'late'),
        halfLife: fc.integer({ min: 10, max: 300 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    enums: fc.array(fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 2, maxLength: 3 }), { maxLength: 2 }),
    seed: fc.integer(),
  })
  .chain(({ bools, enums, seed }) => {
    const conditions: Condition[] = [
      ...bools.map((b, i) => ({ ...boolCond(`b${i}`), prior: b.prior, kind: b.kind, hazard: b.hazard, halfLife: b.halfLife })),
      ...enums.map((ws, i) => {
        const values = ws.map((_, j) => `v${j}`);
        const total = ws.reduce((a, b) => a + b, 0);
        return { ...enumCond(`e${i}`, values), kind: 'state' as const, prior: Object.fromEntries(values.map((v, j) => [v, ws[j]! / total])) };
      }),
    ];
    const atom = fc.constantFrom(...conditions).chain((c) =>
      fc.constantFrom<Value>(...(c.values === null ? [true, false] : c.values)).map((value): Expr => ({ op: 'is', condition: c.id, value })),
    );
    const expr: fc.Arbitrary<Expr> = fc.oneof(
      { arbitrary: atom, weight: 4 },
      { arbitrary: atom.map((arg): Expr => ({ op: 'not', arg })), weight: 1 },
      { arbitrary: fc.array(atom, { minLength: 2, maxLength: 3 }).map((args): Expr => ({ op: 'all', args })), weight: 1 },
      { arbitrary: fc.array(atom, { minLength: 2, maxLength: 3 }).map((args): Expr => ({ op: 'any', args })), weight: 1 },
    );
    const constraintArb = (id: string) =>
      fc
        .record({
          kind: fc.constantFrom(...KINDS),
          args: fc.array(expr, { minLength: 1, maxLength: 3 }),
          probability: fc.option(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { nil: undefined, freq: 2 }),
        })
        .map(({ kind, args, probability }): Constraint => {
          const n = kind === 'implies' || kind === 'equivalent' ? 2 : args.length;
          const a = [...args, ...args, ...args].slice(0, n);
          return { id, kind, args: a.length === n ? a : [a[0]!, a[0]!], probability, citations: [] };
        });
    const scenarioArb = (id: string) =>
      fc
        .record({
          requires: fc.array(expr, { maxLength: 2 }),
          rulesOut: fc.array(expr, { maxLength: 1 }),
          prior: fc.constantFrom(0.5, 1, 2),
          evidence: fc.array(
            fc.record({
              when: expr,
              effect: fc.constantFrom('favours' as const, 'disfavours' as const),
              strength: fc.constantFrom('weak' as const, 'moderate' as const, 'strong' as const),
              citations: fc.constantFrom(...cites),
            }),
            { maxLength: 2 },
          ),
        })
        .map(
          (p): Scenario =>
            scenario(id, {
              prior: p.prior,
              requires: p.requires.map((when) => ({ when, citations: [] })),
              rulesOut: p.rulesOut.map((when) => ({ when, citations: [] })),
              evidence: p.evidence,
            }),
        );
    return fc.record({
      conditions: fc.constant(conditions),
      constraints: fc.array(fc.integer(), { maxLength: 3 }).chain((ks) => fc.tuple(...ks.map((_, i) => constraintArb(`k${i}`)))),
      scenarios: fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => scenarioArb(`s${i}`)))),
      events: fc.array(
        fc.record({
          condition: fc.constantFrom(...conditions),
          date: fc.constantFrom('2026-01-10', '2026-02-01', '2026-06-30', '2026-12-31'),
          pick: fc.nat(),
        }),
        { maxLength: 3 },
      ),
      calibrate: fc.option(fc.record({ scenario: fc.nat(), target: fc.double({ min: 0.05, max: 0.95, noNaN: true }) }), { nil: undefined }),
      hard: fc.option(fc.record({ condition: fc.constantFrom(...conditions), pick: fc.nat() }), { nil: undefined }),
      jeffrey: fc.option(fc.record({ condition: fc.constantFrom(...conditions), p: fc.double({ min: 0.05, max: 0.95, noNaN: true }) }), { nil: undefined }),
      userObs: fc.option(fc.record({ condition: fc.constantFrom(...conditions), pick: fc.nat(), date: fc.constantFrom('2026-03-01', '2026-11-30') }), {
        nil: undefined,
      }),
      seed: fc.constant(seed),
    });
  })
  .map((r) => {
    const valueOf = (c: Condition, pick: number): Value => (c.values === null ? pick % 2 === 0 : c.values[pick % c.values.length]!);
    const m = model({
      info: {
        name: 't',
        title: 't',
        time: { start: '2026-01-01', horizon: '2026-12-31', endsWhen: [] },
      },
      conditions: r.conditions,
      constraints: r.constraints,
      scenarios: r.scenarios,
      events: r.events.map((e, i) => ({
        id: `ev${i}`,
        date: e.date,
        dateBasis: 'stated' as const,
        title: 'e',
        sets: { [e.condition.id]: valueOf(e.condition, e.pick) },
        citations: [],
      })),
    });
    const observations = m.events.flatMap((e) => Object.entries(e.sets).map(([condition, value]) => ({ condition, value, date: e.date })));
    if (r.userObs) observations.push({ condition: r.userObs.condition.id, value: valueOf(r.userObs.condition, r.userObs.pick), date: r.userObs.date });
    const hard = new Map<string, Value>();
    if (r.hard) hard.set(r.hard.condition.id, valueOf(r.hard.condition, r.hard.pick));
    const jeffrey = new Map<string, Map<Value, number>>();
    if (r.jeffrey && !hard.has(r.jeffrey.condition.id)) {
      const c = r.jeffrey.condition;
      const vals: Value[] = c.values === null ? [true, false] : [...c.values];
      // p for the first value, the rest shared.
      jeffrey.set(c.id, new Map(vals.map((v, i) => [v, i === 0 ? r.jeffrey!.p : (1 - r.jeffrey!.p) / (vals.length - 1)])));
    }
    if (r.calibrate) {
      const s = m.scenarios[r.calibrate.scenario % m.scenarios.length]!;
      m.info.calibration = { asOf: '2026-02-01', targets: [{ scenario: s.id, probability: r.calibrate.target, citations: [] }] };
    }
    return { model: m, query: { hard, observations, jeffrey } };
  });

/** Whether the oracle can answer: the hard parts consistent, Jeffrey and calibration feasible. */
function feasible(c: Case): boolean {
  const m = c.model;
  const q = c.query;
  const { ws, weights, z } = distribution(m, q, new Map(), new Map());
  if (z <= 0) return false;
  for (const [id, t] of q.jeffrey)
    for (const [v, p] of t) if (p > 0 && !ws.some((w, i) => weights[i]! > 0 && w.get(id) === v)) return false;
  const cal = m.info.calibration;
  if (cal) {
    const cq: OracleQuery = { hard: new Map(), observations: eventObs(m, cal.asOf), jeffrey: new Map() };
    const d = distribution(m, cq, new Map(), new Map());
    if (d.z <= 0) return false;
    const s = m.scenarios.find((x) => x.id === cal.targets[0]!.scenario)!;
    const p = d.ws.reduce((acc, w, i) => acc + (scenarioHolds(s, w) ? d.weights[i]! : 0), 0) / d.z;
    if (p <= 1e-12 || p >= 1 - 1e-12) return false;
  }
  return true;
}

describe('exact probabilities equal brute force', () => {
  it(
    'scenario probabilities, residual, overlaps and condition marginals',
    () => {
      fc.assert(
        fc.property(caseArb, (c) => {
          fc.pre(feasible(c));
          const expected = oracle(c.model, c.query);
          const d = new Distribution(c.model);
          const params = modelParams(c.model);
          const theta = d.calibrate(params);
          const { inputs } = d.inputsFor(params, c.query.observations, undefined, { hard: c.query.hard, jeffrey: c.query.jeffrey });
          const got = d.answer(params, theta, inputs, { overlaps: true });
          expect(got.method).toBe('exact');
          got.scenarios.forEach((p, i) => expect(p).toBeCloseTo(expected.scenarios[i]!, 9));
          expect(got.residual).toBeCloseTo(expected.residual, 9);
          got.overlaps!.forEach((row, i) => row.forEach((p, j) => expect(p).toBeCloseTo(expected.overlaps[i]![j]!, 9)));
          for (const [id, m] of expected.conditions) for (const [v, p] of m) expect(got.conditions.get(id)!.get(v)).toBeCloseTo(p, 9);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});
