/**
 * A model as a weighted CNF: the hard constraints as clauses, and a weighted
 * variable for every term that carries a factor (a scenario holding, a soft
 * constraint met, a piece of evidence on a scenario). The weights themselves
 * are not part of the encoding: they change with every question and are set
 * by `weights.ts`.
 */
import { constraintFormula } from '../expr.js';
import { all, any, not } from '../expr.js';
import type { Expr, Model, Scenario } from '../types.js';
import { Cnf, ROLE_WEIGHTED } from './cnf.js';

/**
 * The expression true exactly in the worlds where a scenario holds: every
 * requirement met and none of its rule-outs.
 */
export function holdsExpr(s: Pick<Scenario, 'requires' | 'rulesOut'>): Expr {
  return all(...s.requires.map((c) => c.when), not(any(...s.rulesOut.map((c) => c.when))));
}

export interface Encoding {
  readonly cnf: Cnf;
  /** Per scenario (model order): the variable true where it holds. */
  readonly holds: readonly number[];
  /** Per constraint (model order): for a soft one, the variable true where it is met; 0 for a hard one. */
  readonly soft: readonly number[];
  /** Per scenario, per evidence item: the variable true where the evidence and the scenario both hold. */
  readonly evidence: readonly (readonly number[])[];
}

export function encode(model: Model): Encoding {
  const cnf = new Cnf();
  for (const c of model.conditions) cnf.addCondition(c);
  const soft: number[] = [];
  for (const k of model.constraints) {
    const l = cnf.lit(constraintFormula(k));
    if (k.probability === undefined) {
      cnf.addClause([l]);
      soft.push(0);
    } else {
      soft.push(cnf.weightedCopy(l));
    }
  }
  const holds: number[] = [];
  const evidence: number[][] = [];
  for (const s of model.scenarios) {
    const h = cnf.weightedCopy(cnf.lit(holdsExpr(s)));
    holds.push(h);
    evidence.push(s.evidence.map((e) => cnf.gate('all', [cnf.lit(e.when), h], ROLE_WEIGHTED)));
  }
  return { cnf, holds, soft, evidence };
}
