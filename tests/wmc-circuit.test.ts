// The circuit compiler and its passes against brute-force enumeration of
// random weighted CNFs (the brute force counts assignments directly).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cnf, ROLE_DECISION } from '../src/engine/prob/cnf.js';
import { code, compileCnf, literalMarginals, scratchFor, upward } from '../src/engine/prob/circuit.js';

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

  it('bakes assumptions in', () => {
    const cnf = new Cnf();
    for (let v = 1; v <= 3; v++) cnf.newVar(ROLE_DECISION);
    cnf.addClause([1, 2, 3]);
    const c = compileCnf(cnf, { assumptions: [-1] });
    const w = new Float64Array(8).fill(1);
    expect(upward(c, w, new Float64Array(c.size))).toBe(3);
    expect(code(-1)).toBe(3);
  });
});
