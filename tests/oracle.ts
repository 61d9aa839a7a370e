/**
 * The brute-force oracle's own semantics, shared by the property tests: each
 * expression, constraint kind and scenario read off its definition, and every
 * world of a small model enumerated. Nothing here comes from the engine but
 * the model types, so a wrong translation in the engine cannot be reproduced
 * by its checker.
 */
import type { Condition, Constraint, Expr, Model, Scenario, Value } from '../src/engine/types.js';

export type World = ReadonlyMap<string, Value>;

/** An expression's truth in a world. */
export function truth(e: Expr, w: World): boolean {
  switch (e.op) {
    case 'is':
      return w.get(e.condition) === e.value;
    case 'not':
      return !truth(e.arg, w);
    case 'all':
      return e.args.every((a) => truth(a, w));
    case 'any':
      return e.args.some((a) => truth(a, w));
  }
}

/** Whether a world meets a constraint, by each kind's definition. */
export function meets(k: Pick<Constraint, 'kind' | 'args'>, w: World): boolean {
  const v = k.args.map((a) => truth(a, w));
  const n = v.filter(Boolean).length;
  switch (k.kind) {
    case 'implies':
      return !v[0] || v[1]!;
    case 'equivalent':
      return v[0] === v[1];
    case 'excludes':
      return n < v.length;
    case 'at-most-one':
      return n <= 1;
    case 'exactly-one':
      return n === 1;
    case 'always':
      return n === v.length;
  }
}

/** A scenario holds where every requirement holds and no rule-out does. */
export function scenarioHolds(s: Pick<Scenario, 'requires' | 'rulesOut'>, w: World): boolean {
  return s.requires.every((c) => truth(c.when, w)) && !s.rulesOut.some((c) => truth(c.when, w));
}

/** Every assignment of the conditions. */
export function allAssignments(conditions: readonly Condition[]): Map<string, Value>[] {
  let out: Map<string, Value>[] = [new Map()];
  for (const c of conditions) {
    const values: Value[] = c.values === null ? [true, false] : [...c.values];
    out = out.flatMap((w) => values.map((v) => new Map(w).set(c.id, v)));
  }
  return out;
}

export const hardConstraints = (m: Model) => m.constraints.filter((k) => k.probability === undefined);

/** The worlds: assignments meeting every hard constraint and the settings. */
export function worldsOf(m: Model, settings: Iterable<[string, Value]> = [], constraints = hardConstraints(m)): World[] {
  const s = [...settings];
  return allAssignments(m.conditions).filter((w) => s.every(([c, v]) => w.get(c) === v) && constraints.every((k) => meets(k, w)));
}
