// Exactness, proven against brute force: on random small models and settings
// the engine's statuses, derived conditions, contradictions and probabilities
// equal an enumeration of every world, which reads each constraint kind and
// expression off its definition (no engine translation); the SAT solver
// agrees with MiniSat (logic-solver) and with enumeration. Fixed seed and a small bound in CI;
// `npm run fuzz` (FUZZ_RUNS=20000) runs many more.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BASIS, DEFAULT_RELIABILITY, evaluate, STRENGTH_RATIO } from '../src/engine/evaluate.js';
import type { Evaluation } from '../src/engine/evaluate.js';
import { Solver } from '../src/engine/sat.js';
import { BASES, CONSTRAINT_KINDS, EVIDENCE_STRENGTHS, RELIABILITIES } from '../src/engine/types.js';
import type { Citation, Clause, Condition, Constraint, Expr, Model, Scenario, Settings, Value } from '../src/engine/types.js';
import { boolCond, constraint, enumCond, model, scenario } from './builders.js';
import { allAssignments, hardConstraints, meets, scenarioHolds, truth } from './oracle.js';

const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS) || 300);
const SEED = Number(process.env.FUZZ_SEED) || 20260207;
const params = (numRuns = RUNS) => ({ seed: SEED, numRuns });
// Generous: the bound is for a hang, not a timing target.
const TIMEOUT = 60_000 + RUNS * 20;

// ---------------------------------------------------------------- generators

type World = ReadonlyMap<string, Value>;

interface Shape {
  conditions: Condition[];
}

/** 1-3 yes/no conditions and 0-2 named-value ones (at most 72 worlds). */
const shapeArb: fc.Arbitrary<Shape> = fc
  .record({ bools: fc.integer({ min: 1, max: 3 }), enums: fc.array(fc.integer({ min: 2, max: 3 }), { maxLength: 2 }) })
  .map(({ bools, enums }) => ({
    conditions: [
      ...Array.from({ length: bools }, (_, i) => boolCond(`b${i}`)),
      ...enums.map((n, i) => enumCond(`e${i}`, Array.from({ length: n }, (_, j) => `v${j}`))),
    ],
  }));

function atomArb(shape: Shape): fc.Arbitrary<Expr> {
  return fc.constantFrom(...shape.conditions).chain((c) =>
    fc.constantFrom<Value>(...(c.values === null ? [true, false] : c.values)).map((value): Expr => ({ op: 'is', condition: c.id, value })),
  );
}

function exprArb(shape: Shape): fc.Arbitrary<Expr> {
  const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { arbitrary: atomArb(shape), weight: 4 },
      { arbitrary: tie('expr').map((arg): Expr => ({ op: 'not', arg })), weight: 1 },
      { arbitrary: fc.array(tie('expr'), { maxLength: 3 }).map((args): Expr => ({ op: 'all', args })), weight: 1 },
      { arbitrary: fc.array(tie('expr'), { maxLength: 3 }).map((args): Expr => ({ op: 'any', args })), weight: 1 },
    ),
  }));
  return expr;
}

const SOURCES = [
  { id: 's_high', reliability: 'high' as const },
  { id: 's_medium', reliability: 'medium' as const },
  { id: 's_low', reliability: 'low' as const },
];

const citationArb: fc.Arbitrary<Citation> = fc.record({
  // 'nowhere' is a source the model does not list (the engine grades it 0.5).
  source: fc.constantFrom('s_high', 's_medium', 's_low', 'nowhere'),
  quote: fc.constant('q'),
  basis: fc.constantFrom(...BASES),
});

function constraintArb(shape: Shape, id: string): fc.Arbitrary<Constraint> {
  const e = exprArb(shape);
  return fc.constantFrom(...CONSTRAINT_KINDS).chain((kind) => {
    const n = kind === 'implies' || kind === 'equivalent' ? fc.constant(2) : kind === 'always' ? fc.constant(1) : fc.integer({ min: 1, max: 3 });
    return fc
      .tuple(
        n.chain((k) => fc.array(e, { minLength: k, maxLength: k })),
        // One in four soft: it never rules anything out.
        fc.option(fc.constantFrom(0.3, 0.9), { nil: undefined, freq: 3 }),
      )
      .map(([args, probability]) => ({ ...constraint(id, kind, ...args), probability }));
  });
}

function scenarioArb(shape: Shape, id: string): fc.Arbitrary<Scenario> {
  const e = exprArb(shape);
  const clauses = fc.array(e.map((when): Clause => ({ when, citations: [] })), { maxLength: 2 });
  const evidence = fc.array(
    fc.record({
      when: e,
      effect: fc.constantFrom('favours' as const, 'disfavours' as const),
      strength: fc.constantFrom(...EVIDENCE_STRENGTHS),
      citations: fc.array(citationArb, { maxLength: 2 }),
    }),
    { maxLength: 3 },
  );
  return fc
    .record({ prior: fc.constantFrom(0.5, 1, 2, 3), requires: clauses, triggers: clauses, rulesOut: clauses, evidence })
    .map((parts) => scenario(id, parts));
}

interface Case {
  model: Model;
  settings: Settings;
}

const caseArb: fc.Arbitrary<Case> = shapeArb.chain((shape) =>
  fc
    .record({
      constraints: fc.integer({ min: 0, max: 4 }).chain((n) =>
        fc.tuple(...Array.from({ length: n }, (_, i) => constraintArb(shape, `k${i}`))),
      ),
      scenarios: fc.integer({ min: 1, max: 3 }).chain((n) =>
        fc.tuple(...Array.from({ length: n }, (_, i) => scenarioArb(shape, `sc${i}`))),
      ),
      grades: fc.tuple(...SOURCES.map(() => fc.constantFrom(...RELIABILITIES))),
      factors: fc.option(
        fc.record({
          basisFactors: fc.record({ stated: fc.constantFrom(1, 0.9), inferred: fc.constantFrom(0.3, 0.7) }),
          reliabilityFactors: fc.record({ low: fc.constantFrom(0.2, 0.5) }),
        }),
        { nil: undefined },
      ),
      settings: fc.tuple(
        ...shape.conditions.map((c) =>
          fc.option(fc.constantFrom<Value>(...(c.values === null ? [true, false] : c.values)), { nil: undefined, freq: 2 }),
        ),
      ),
    })
    .map(({ constraints, scenarios, grades, factors, settings }) => {
      const m = model({
        info: { name: 'prop', title: 'prop', ...(factors ?? {}) },
        sources: SOURCES.map((s, i) => ({ id: s.id, file: s.id, title: s.id, reliability: grades[i]!, partisan: false })),
        conditions: shape.conditions,
        constraints,
        scenarios,
      });
      const set = new Map<string, Value>();
      shape.conditions.forEach((c, i) => {
        const v = settings[i];
        if (v !== undefined) set.set(c.id, v);
      });
      return { model: m, settings: set };
    }),
);

// ---------------------------------------------------------------- the oracle

const allWorlds = (conditions: readonly Condition[]): World[] => allAssignments(conditions);
const evalExpr = truth;
const holds = meets;
const matches = (settings: Iterable<[string, Value]>, w: World) => [...settings].every(([c, v]) => w.get(c) === v);
const hardOf = hardConstraints;

function consistentWorlds(m: Model, settings: Iterable<[string, Value]>, constraints = hardOf(m)): World[] {
  const s = [...settings];
  return allWorlds(m.conditions).filter((w) => matches(s, w) && constraints.every((k) => holds(k, w)));
}

function reliabilityOf(m: Model, citations: readonly Citation[]): number {
  if (citations.length === 0) return 0.5;
  let best = 0;
  for (const c of citations) {
    const src = m.sources.find((s) => s.id === c.source);
    const grade = src ? (m.info.reliabilityFactors?.[src.reliability] ?? DEFAULT_RELIABILITY[src.reliability]) : 0.5;
    const basis = m.info.basisFactors?.[c.basis] ?? DEFAULT_BASIS[c.basis];
    best = Math.max(best, grade * basis);
  }
  return best;
}

interface Expected {
  status: 'ruled-out' | 'open' | 'triggered' | 'certain';
  probability: number;
}


/** A world's weight: condition priors (0.5, or uniform), soft constraints it breaks (1 − p), evidence and odds factors where their scenario holds. */
function worldWeight(m: Model, w: World): number {
  let weight = 1;
  for (const c of m.conditions) weight *= c.values === null ? 0.5 : 1 / c.values.length;
  for (const k of m.constraints) if (k.probability !== undefined && !holds(k, w)) weight *= 1 - k.probability;
  for (const s of m.scenarios) {
    if (!scenarioHolds(s, w)) continue;
    weight *= s.prior;
    for (const e of s.evidence) {
      if (!evalExpr(e.when, w)) continue;
      const ratio = STRENGTH_RATIO[e.strength];
      weight *= Math.pow(e.effect === 'favours' ? ratio : 1 / ratio, reliabilityOf(m, e.citations));
    }
  }
  return weight;
}

function expectedScenarios(m: Model, worlds: readonly World[]): Expected[] {
  const weights = worlds.map((w) => worldWeight(m, w));
  const z = weights.reduce((a, b) => a + b, 0);
  return m.scenarios.map((s) => {
    const where = worlds.map((w) => scenarioHolds(s, w));
    const probability = where.reduce((t, h, i) => t + (h ? weights[i]! : 0), 0) / z;
    if (!where.some(Boolean)) return { status: 'ruled-out' as const, probability: 0 };
    if (where.every(Boolean)) return { status: 'certain' as const, probability: 1 };
    const triggered = s.triggers.length > 0 && worlds.every((w) => s.triggers.some((t) => evalExpr(t.when, w)));
    return { status: triggered ? ('triggered' as const) : ('open' as const), probability };
  });
}

function possibleValues(c: Condition, worlds: readonly World[]): Value[] {
  const values: Value[] = c.values === null ? [true, false] : [...c.values];
  return values.filter((v) => worlds.some((w) => w.get(c.id) === v));
}

const sortValues = (vs: readonly Value[]) => [...vs].map(String).sort();

/** Checks one evaluation against enumeration; throws (via expect) on any difference. */
function checkAgainstBruteForce({ model: m, settings }: Case, ev: Evaluation): void {
  const worlds = consistentWorlds(m, settings);
  expect(ev.ok).toBe(worlds.length > 0);
  if (!ev.ok) {
    const { conflict } = ev;
    const members = [
      ...conflict.settings.map((s) => ({ kind: 'setting' as const, s })),
      ...conflict.constraints.map((id) => ({ kind: 'constraint' as const, id })),
    ];
    const worldsOf = (ms: typeof members) =>
      consistentWorlds(
        m,
        ms.flatMap((x) => (x.kind === 'setting' ? [[x.s.condition, x.s.value] as [string, Value]] : [])),
        hardOf(m).filter((k) => ms.some((x) => x.kind === 'constraint' && x.id === k.id)),
      );
    // The conflict's settings are the user's; its constraints are the model's.
    for (const s of conflict.settings) expect(settings.get(s.condition)).toBe(s.value);
    for (const id of conflict.constraints) expect(hardOf(m).some((k) => k.id === id)).toBe(true);
    expect(worldsOf(members)).toHaveLength(0);
    for (let i = 0; i < members.length; i++) expect(worldsOf(members.filter((_, j) => j !== i)).length).toBeGreaterThan(0);
    return;
  }
  // Conditions: every value still possible, and where only one is, it is derived.
  expect(ev.conditions.map((c) => c.id)).toEqual(m.conditions.map((c) => c.id));
  const derivedExpected: { condition: string; value: Value }[] = [];
  for (const c of m.conditions) {
    const state = ev.conditions.find((x) => x.id === c.id)!;
    const possible = possibleValues(c, worlds);
    expect(sortValues(state.possible), c.id).toEqual(sortValues(possible));
    if (settings.has(c.id)) {
      expect(state).toMatchObject({ origin: 'set', value: settings.get(c.id) });
    } else if (possible.length === 1) {
      expect(state).toMatchObject({ origin: 'derived', value: possible[0] });
      derivedExpected.push({ condition: c.id, value: possible[0]! });
    } else {
      expect(state).toMatchObject({ origin: 'unknown', value: null });
    }
  }
  expect(ev.derived.map(({ condition, value }) => ({ condition, value }))).toEqual(derivedExpected);
  // Each derivation's reasons suffice: its settings and constraints alone force the value.
  for (const d of ev.derived) {
    const used = m.constraints.filter((k) => d.because.constraints.includes(k.id));
    const ws = consistentWorlds(m, d.because.settings.map((s) => [s.condition, s.value] as [string, Value]), used);
    expect(ws.every((w) => w.get(d.condition) === d.value), `because of ${d.condition}`).toBe(true);
  }
  // Scenarios: status and probability.
  const expected = expectedScenarios(m, worlds);
  ev.scenarios.forEach((r, i) => {
    expect(r.status, r.id).toBe(expected[i]!.status);
    expect(r.probability, r.id).toBeCloseTo(expected[i]!.probability, 9);
  });
  // A ruled-out verdict's reasons suffice: those settings, constraints and clauses cannot hold together.
  ev.scenarios.forEach((r, i) => {
    if (r.status !== 'ruled-out') return;
    const because = r.reasons.find((x) => x.kind === 'ruled-out')?.because;
    expect(because).toBeDefined();
    const s = m.scenarios[i]!;
    const used = m.constraints.filter((k) => because!.constraints.includes(k.id));
    const ws = consistentWorlds(m, because!.settings.map((x) => [x.condition, x.value] as [string, Value]), used).filter((w) =>
      because!.clauses.every((c) =>
        c.role === 'requires' ? evalExpr(s.requires[c.index]!.when, w) : c.role === 'rules-out' ? !evalExpr(s.rulesOut[c.index]!.when, w) : true,
      ),
    );
    expect(ws, `because of ${r.id}`).toHaveLength(0);
  });
}

// ---------------------------------------------------------------- properties

describe('the engine equals brute-force enumeration of all worlds', () => {
  it(
    'statuses, derived conditions, contradictions and probabilities',
    () => {
      let conflicts = 0;
      let triggered = 0;
      let ruledOut = 0;
      let certain = 0;
      fc.assert(
        fc.property(caseArb, (c) => {
          const ev = evaluate(c.model, c.settings);
          checkAgainstBruteForce(c, ev);
          if (!ev.ok) conflicts++;
          else {
            triggered += ev.scenarios.filter((s) => s.status === 'triggered').length;
            ruledOut += ev.scenarios.filter((s) => s.status === 'ruled-out').length;
            certain += ev.scenarios.filter((s) => s.status === 'certain').length;
          }
        }),
        params(),
      );
      // The generator reaches every verdict, so the property is not vacuous.
      expect(conflicts).toBeGreaterThan(0);
      expect(triggered).toBeGreaterThan(0);
      expect(ruledOut).toBeGreaterThan(0);
      expect(certain).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it(
    'without explanations or derivations, statuses and probabilities are the same',
    () => {
      fc.assert(
        fc.property(caseArb, (c) => {
          const full = evaluate(c.model, c.settings);
          const lean = evaluate(c.model, c.settings, { explain: false, derive: false });
          expect(lean.ok).toBe(full.ok);
          if (full.ok && lean.ok) {
            expect(lean.scenarios.map((s) => [s.status, s.probability])).toEqual(full.scenarios.map((s) => [s.status, s.probability]));
          }
        }),
        params(Math.ceil(RUNS / 3)),
      );
    },
    TIMEOUT,
  );
});

// ---------------------------------------------------------------- the solver

const require = createRequire(import.meta.url);
// MiniSat compiled to JS: the reference the hand-written DPLL is checked against.
const Logic = require('logic-solver');

interface Cnf {
  nVars: number;
  clauses: number[][];
  assumptions: number[][];
}

const cnfArb: fc.Arbitrary<Cnf> = fc.integer({ min: 1, max: 12 }).chain((nVars) => {
  const lit = fc.tuple(fc.integer({ min: 1, max: nVars }), fc.boolean()).map(([v, neg]) => (neg ? -v : v));
  return fc.record({
    nVars: fc.constant(nVars),
    clauses: fc.array(fc.array(lit, { minLength: 0, maxLength: 4 }), { maxLength: 5 * nVars }),
    assumptions: fc.array(fc.array(lit, { maxLength: 4 }), { minLength: 1, maxLength: 4 }),
  });
});

function bruteSat(nVars: number, clauses: readonly number[][], assumptions: readonly number[]): boolean {
  for (let bits = 0; bits < 1 << nVars; bits++) {
    const val = (l: number) => (((bits >> (Math.abs(l) - 1)) & 1) === 1) === l > 0;
    if (assumptions.every(val) && clauses.every((c) => c.some(val))) return true;
  }
  return false;
}

/** MiniSat's answers for one clause set under each list of assumptions (one solver: building one costs ~10 ms). */
function miniSat(clauses: readonly number[][], assumptionSets: readonly (readonly number[])[]): boolean[] {
  const name = (l: number) => (l > 0 ? `v${l}` : `-v${-l}`);
  const s = new Logic.Solver();
  for (const c of clauses) s.require(c.length ? Logic.or(...c.map(name)) : Logic.FALSE);
  return assumptionSets.map((a) => (a.length ? s.solveAssuming(Logic.and(...a.map(name))) : s.solve()) !== null);
}

describe('the SAT solver', () => {
  it(
    'agrees with enumeration, and its models satisfy every clause and assumption',
    () => {
      let sat = 0;
      let unsat = 0;
      fc.assert(
        fc.property(cnfArb, ({ nVars, clauses, assumptions }) => {
          const solver = new Solver(nVars);
          for (const c of clauses) solver.addClause(c);
          // Several solves on one instance: solving under assumptions must leave no trace.
          for (const a of assumptions) {
            const model = solver.solve(a);
            const expected = bruteSat(nVars, clauses, a);
            expect(model !== null).toBe(expected);
            if (model) {
              const val = (l: number) => model[Math.abs(l)] === l > 0;
              expect(a.every(val)).toBe(true);
              expect(clauses.every((c) => c.some(val))).toBe(true);
              sat++;
            } else unsat++;
          }
        }),
        params(),
      );
      expect(sat).toBeGreaterThan(0);
      expect(unsat).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it(
    'agrees with MiniSat (logic-solver) on the same random clause sets',
    () => {
      fc.assert(
        fc.property(cnfArb, ({ nVars, clauses, assumptions }) => {
          const solver = new Solver(nVars);
          for (const c of clauses) solver.addClause(c);
          expect(assumptions.map((a) => solver.solve(a) !== null)).toEqual(miniSat(clauses, assumptions));
        }),
        params(Math.ceil(RUNS / 5)),
      );
    },
    TIMEOUT,
  );

  it('agrees with MiniSat on larger random 3-SAT near the threshold', () => {
    // 40 variables, ~4.26 clauses a variable: about half satisfiable; too many worlds to enumerate.
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.boolean()).map(([v, n]) => (n ? -v : v)), { minLength: 3, maxLength: 3 }),
          { minLength: 170, maxLength: 170 },
        ),
        (clauses) => {
          const solver = new Solver(40);
          for (const c of clauses) solver.addClause(c);
          const model = solver.solve([]);
          expect(model !== null).toBe(miniSat(clauses, [[]])[0]);
          if (model) expect(clauses.every((c) => c.some((l) => model[Math.abs(l)] === l > 0))).toBe(true);
        },
      ),
      params(Math.ceil(RUNS / 10)),
    );
  }, TIMEOUT);
});
