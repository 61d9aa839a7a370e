// The solver used incrementally, as the engine uses it: clauses and
// variables added between questions, questions that share a prefix of
// assumptions with the one before, the refutation's failed assumptions, and
// the twin solver kept in step. Every answer is checked against enumeration
// of all assignments of the clauses added so far. Fixed seed; `npm run fuzz`
// (FUZZ_RUNS=20000) runs many more.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Solver } from '../src/engine/sat.js';

const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS) || 300);
const SEED = Number(process.env.FUZZ_SEED) || 20260207;
const MAX_VARS = 9;

/** Whether some assignment of variables 1..n satisfies every clause and every assumption (a unit clause each). */
function bruteSat(n: number, clauses: readonly (readonly number[])[], assumptions: readonly number[] = []): boolean {
  const all = [...clauses, ...assumptions.map((a) => [a])];
  for (let m = 0; m < 1 << n; m++) {
    const holds = (l: number) => (((m >> (Math.abs(l) - 1)) & 1) === 1) === l > 0;
    if (all.every((c) => c.some(holds))) return true;
  }
  return false;
}

type Op =
  | { op: 'clause'; lits: number[] }
  | { op: 'var' }
  | { op: 'solve'; keep: number; extra: number[]; on: 'main' | 'twin' | 'satisfiable' };

/** Literals over the first `n` variables, given as (variable index, sign) pairs scaled into range when applied. */
const litArb = fc.tuple(fc.nat(MAX_VARS * 4), fc.boolean());
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.array(litArb, { minLength: 1, maxLength: 3 }).map((ls) => ({ op: 'clause' as const, lits: ls.map(([v, s]) => (s ? v + 1 : -(v + 1))) })) },
  { weight: 1, arbitrary: fc.constant({ op: 'var' as const }) },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('solve' as const),
      // How much of the previous question's assumptions to keep, as a prefix; then new ones.
      keep: fc.nat(6),
      extra: fc.array(litArb.map(([v, s]) => (s ? v + 1 : -(v + 1))), { maxLength: 3 }),
      on: fc.constantFrom('main' as const, 'twin' as const, 'satisfiable' as const),
    }),
  },
);

/** A literal scaled into the variables 1..n. */
const inRange = (l: number, n: number) => Math.sign(l) * (((Math.abs(l) - 1) % n) + 1);

describe('the solver, used incrementally (against enumeration)', () => {
  it('answers every question right while clauses and variables are added between them, on itself and on its twin', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(opArb, { minLength: 1, maxLength: 40, size: 'max' }), (start, ops) => {
        const s = new Solver(start);
        let n = start;
        const clauses: number[][] = [];
        let previous: number[] = [];
        let twinUsed = false;
        for (const o of ops) {
          if (o.op === 'var') {
            if (n < MAX_VARS) n = s.newVar();
            continue;
          }
          if (o.op === 'clause') {
            const c = o.lits.map((l) => inRange(l, n));
            s.addClause(c);
            clauses.push(c);
            continue;
          }
          const assumptions = [...previous.slice(0, o.keep), ...o.extra.map((l) => inRange(l, n))];
          previous = assumptions;
          const expected = bruteSat(n, clauses, assumptions);
          const solver = o.on === 'twin' ? s.twin() : s;
          if (o.on === 'twin') twinUsed = true;
          if (o.on === 'satisfiable') {
            expect(s.satisfiable(assumptions)).toBe(expected);
            continue;
          }
          const model = solver.solve(assumptions);
          expect(model !== null, JSON.stringify({ n, clauses, assumptions, on: o.on })).toBe(expected);
          if (model) {
            // The model satisfies every clause and assumption, and modelValue reads it.
            const holds = (l: number) => model[Math.abs(l)] === l > 0;
            for (const c of clauses) expect(c.some(holds), `clause ${JSON.stringify(c)}`).toBe(true);
            for (const a of assumptions) expect(holds(a), `assumption ${a}`).toBe(true);
            for (let v = 1; v <= n; v++) expect(solver.modelValue(v)).toBe(model[v]);
            // copyModel gives the same world, into a buffer long enough (reused) or a new one.
            const short = new Int8Array(n);
            const copy = solver.copyModel(short);
            expect(copy).not.toBe(short);
            const long = new Int8Array(n + 4).fill(7);
            expect(solver.copyModel(long)).toBe(long);
            for (let v = 1; v <= n; v++) {
              expect(copy[v]).toBe(model[v] ? 1 : -1);
              expect(long[v]).toBe(copy[v]);
            }
          } else {
            const failed = solver.failedAssumptions();
            if (failed !== null) {
              // A refutation: assumptions the question had, which with the clauses alone admit no model.
              for (const f of failed) expect(assumptions).toContain(f);
              expect(bruteSat(n, clauses, failed)).toBe(false);
            }
          }
        }
        // Whatever the twin was asked, the main solver still answers right afterwards.
        if (twinUsed) expect(s.solve(previous) !== null).toBe(bruteSat(n, clauses, previous));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('reports the failed assumptions of a refutation by propagation, and none needed when the clauses alone fail', () => {
    const s = new Solver(4);
    s.addClause([-1, 2]);
    s.addClause([-2, 3]);
    // 1 forces 2, then 3: assuming 1 and -3 is refuted by propagation, and 4 plays no part.
    expect(s.solve([4, 1, -3])).toBeNull();
    expect(s.failedAssumptions()?.sort((a, b) => a - b)).toEqual([-3, 1]);
    // A clause added after the question: the next answers account for it.
    s.addClause([-3]);
    expect(s.solve([1])).toBeNull();
    expect(s.failedAssumptions()).toEqual([1]);
    expect(s.solve([2])).toBeNull();
    s.addClause([3, 4]);
    s.addClause([-4]);
    expect(s.solve([])).toBeNull();
    expect(s.failedAssumptions()).toEqual([]);
  });

  it('keeps the twin in step with clauses added after it was made, without disturbing the main solver', () => {
    const s = new Solver(3);
    s.addClause([1, 2]);
    const t = s.twin();
    expect(t.solve([-1])?.[2]).toBe(true);
    s.addClause([-2]);
    // The twin sees the new clause once asked for again.
    expect(s.twin()).toBe(t);
    expect(t.solve([-1])).toBeNull();
    expect(s.solve([3])).toEqual([false, true, false, true]);
    expect(t.solve([3])?.[1]).toBe(true);
  });
});
