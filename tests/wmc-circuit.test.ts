// The circuit compiler and its passes against brute-force enumeration of
// random weighted CNFs (the brute force counts assignments directly).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cnf, ROLE_AUX, ROLE_DECISION, ROLE_WEIGHTED } from '../src/engine/prob/cnf.js';
import { eliminateAux } from '../src/engine/prob/simplify.js';
import { code, compileCnf, literalMarginals, minFillRank, scratchFor, upward } from '../src/engine/prob/circuit.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

function bruteForce(n: number, clauses: number[][], w: Float64Array): { z: number; marg: Float64Array } {
  let z = 0;
  const marg = new Float64Array(2 * n + 2);
  for (let m = 0; m < 1 << n; m++) {
    const val = (v: number) => ((m >> (v - 1)) & 1) === 1;
    if (!clauses.every((c) => c.some((l) => (l > 0 ? val(l) : !val(-l))))) continue;
    let p = 1;
    for (let v = 1; v <= n; v++) p *= w[val(v) ? 2 * v : 2 * v + 1]!;
    z += p;
    for (let v = 1; v <= n; v++) marg[val(v) ? 2 * v : 2 * v + 1]! += p;
  }
  if (z > 0) for (let i = 0; i < marg.length; i++) marg[i]! /= z;
  return { z, marg };
}

const cnfArb = fc.integer({ min: 1, max: 9 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    clauses: fc.array(
      fc.array(fc.integer({ min: 1, max: n }).chain((v) => fc.boolean().map((b) => (b ? v : -v))), { minLength: 1, maxLength: 4 }),
      { maxLength: 14 },
    ),
    weights: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 3, noNaN: true })), { minLength: 2 * n + 2, maxLength: 2 * n + 2 }),
  }),
);

describe('decision-DNNF compilation', () => {
  it('counts and gives literal marginals equal to enumeration', () => {
    fc.assert(
      fc.property(cnfArb, ({ n, clauses, weights }) => {
        const cnf = new Cnf();
        for (let v = 1; v <= n; v++) cnf.newVar(ROLE_DECISION);
        for (const c of clauses) cnf.addClause(c);
        const circuit = compileCnf(cnf);
        const w = Float64Array.from(weights);
        const s = scratchFor(circuit);
        const out = new Float64Array(2 * n + 2);
        const z = literalMarginals(circuit, w, s, out);
        const bf = bruteForce(n, clauses, w);
        expect(z).toBeCloseTo(bf.z, 9);
        expect(upward(circuit, w, s.val)).toBeCloseTo(bf.z, 9);
        if (bf.z > 1e-9) for (let v = 1; v <= n; v++) for (const k of [2 * v, 2 * v + 1]) expect(out[k]).toBeCloseTo(bf.marg[k]!, 9);
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 42) },
    );
  });

  it('orders a core too wide to count by degree instead of eliminating it (min-fill there cost minutes)', () => {
    // A clique of 70 variables, and variable 71 joined to the first 66 of them. Min-fill would eliminate 71
    // (no fill, degree 66), then the clique by number; past 64 neighbours the rest is ranked by degree:
    // 71 (66), then 67-70 (69), then 1-66 (70).
    const cnf = new Cnf();
    for (let v = 1; v <= 71; v++) cnf.newVar(ROLE_DECISION);
    for (let a = 1; a <= 70; a++) for (let b = a + 1; b <= 70; b++) cnf.addClause([a, -b]);
    for (let a = 1; a <= 66; a++) cnf.addClause([71, a]);
    const rank = minFillRank(cnf);
    expect(rank[71]).toBe(0);
    expect([67, 68, 69, 70].map((v) => rank[v])).toEqual([1, 2, 3, 4]);
    expect(Array.from({ length: 66 }, (_, i) => rank[1 + i])).toEqual(Array.from({ length: 66 }, (_, i) => 5 + i));
    // Below that width it is min-fill's order: a path 1-2-...-10 loses its ends first.
    const path = new Cnf();
    for (let v = 1; v <= 10; v++) path.newVar(ROLE_DECISION);
    for (let v = 1; v < 10; v++) path.addClause([v, v + 1]);
    expect(minFillRank(path)[1]).toBe(0);
  });

  it('bakes assumptions in', () => {
    const cnf = new Cnf();
    for (let v = 1; v <= 3; v++) cnf.newVar(ROLE_DECISION);
    cnf.addClause([1, 2, 3]);
    const c = compileCnf(cnf, { assumptions: [-1] });
    const w = new Float64Array(8).fill(1);
    expect(upward(c, w, new Float64Array(c.size))).toBe(3);
    expect(code(-1)).toBe(3);
  });

  // Gates (Tseitin definitions, aux or weighted) over the conditions and over each other, as encode.ts
  // makes them, with clauses over all of them: what eliminateAux removes before compiling. The brute force
  // enumerates the decision variables only and computes each gate from its definition.
  const gatedArb = fc.integer({ min: 1, max: 7 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      gates: fc.array(
        fc.record({
          op: fc.constantFrom('all' as const, 'any' as const),
          weighted: fc.boolean(),
          parts: fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 1, maxLength: 4 }),
        }),
        { maxLength: 6 },
      ),
      clauses: fc.array(fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 1, maxLength: 4 }), { maxLength: 8 }),
      weights: fc.array(fc.double({ min: 0.05, max: 3, noNaN: true }), { minLength: 40, maxLength: 40 }),
      simplify: fc.boolean(),
    }),
  );

  it('counts the same with the aux variables eliminated first (and without), equal to enumeration', () => {
    fc.assert(
      fc.property(gatedArb, ({ n, gates, clauses, weights, simplify }) => {
        const cnf = new Cnf();
        for (let v = 1; v <= n; v++) cnf.newVar(ROLE_DECISION);
        // Each gate over literals of the variables made before it.
        const lit = ([k, pos]: [number, boolean]) => (pos ? 1 : -1) * (1 + (k % cnf.nVars));
        for (const g of gates) cnf.gate(g.op, [...new Set(g.parts.map(lit))], g.weighted ? ROLE_WEIGHTED : ROLE_AUX);
        for (const c of clauses) cnf.addClause(c.map(lit));
        const nv = cnf.nVars;
        const w = new Float64Array(2 * nv + 2).fill(1);
        for (let v = 1; v <= nv; v++)
          if (cnf.role[v] !== ROLE_AUX) {
            w[2 * v] = weights[(2 * v) % 40]!;
            w[2 * v + 1] = weights[(2 * v + 1) % 40]!;
          }
        // Brute force: every assignment of the decision variables, each gate computed from its definition.
        let z = 0;
        const marg = new Float64Array(2 * nv + 2);
        for (let m = 0; m < 1 << n; m++) {
          const val: boolean[] = [false];
          for (let v = 1; v <= n; v++) val.push(((m >> (v - 1)) & 1) === 1);
          const at = (l: number) => (l > 0 ? val[l]! : !val[-l]!);
          for (let v = n + 1; v <= nv; v++) {
            const d = cnf.defs[v]!;
            val.push(d.op === 'all' ? d.parts.every(at) : d.parts.some(at));
          }
          if (!cnf.clauses.every((c) => c.some(at))) continue;
          let p = 1;
          for (let v = 1; v <= nv; v++) p *= w[val[v] ? 2 * v : 2 * v + 1]!;
          z += p;
          for (let v = 1; v <= nv; v++) marg[val[v] ? 2 * v : 2 * v + 1]! += p;
        }
        const circuit = compileCnf(cnf, { simplify, order: 'minfill' });
        const out = new Float64Array(2 * nv + 2);
        const got = literalMarginals(circuit, w, scratchFor(circuit), out);
        expect(got).toBeCloseTo(z, 9);
        if (z > 1e-9)
          for (let v = 1; v <= nv; v++) {
            if (cnf.role[v] === ROLE_AUX) continue;
            for (const k of [2 * v, 2 * v + 1]) expect(out[k]).toBeCloseTo(marg[k]! / z, 9);
          }
        // What elimination keeps: the decision and weighted variables, and no more clauses than before.
        const reduced = eliminateAux(cnf);
        for (const c of reduced.clauses) for (const l of c) expect(cnf.role[Math.abs(l)]).toBeDefined();
        expect(reduced.clauses.length).toBeLessThanOrEqual(cnf.clauses.length);
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 42) },
    );
  });
});
