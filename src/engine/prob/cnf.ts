/**
 * A CNF for weighted model counting: the model's conditions as variables,
 * expressions as Tseitin-defined variables, and every clause always on (no
 * selectors: the probabilistic side never needs to blame a constraint).
 *
 * Variables have a role:
 * - `decision`: a condition's variable (a yes/no condition, or one value of
 *   a named-value condition); the counter branches only on these;
 * - `weighted`: a defined variable that carries a weight (a scenario's
 *   "holds", a soft constraint's "rule met", an evidence term);
 * - `aux`: a defined variable with weight 1 either way (a Tseitin gate).
 * Every non-decision variable is defined by equivalence clauses, so it is
 * fixed by unit propagation once the decision variables are: a world (an
 * assignment of the conditions) has exactly one extension to the CNF.
 */
import { tseitinLit } from '../expr.js';
import type { TseitinTarget } from '../expr.js';
import type { Condition, Expr, Value } from '../types.js';

export const ROLE_DECISION = 0;
export const ROLE_WEIGHTED = 1;
export const ROLE_AUX = 2;

/** What the compilers read of a CNF: its variables, their roles and its clauses. */
export type ClauseSet = Pick<Cnf, 'nVars' | 'clauses' | 'role'>;

export class Cnf {
  nVars = 0;
  readonly clauses: number[][] = [];
  /** Role per variable (index 0 unused). */
  role: number[] = [-1];
  private readonly boolVar = new Map<string, number>();
  private readonly enumVar = new Map<string, Map<string, number>>();
  private readonly gates = new Map<string, number>();
  /** Per gate variable: its definition (the conjunction or disjunction of literals it equals). */
  readonly defs: ({ op: 'all' | 'any'; parts: readonly number[] } | undefined)[] = [undefined];
  private trueVar = 0;

  newVar(role: number): number {
    this.nVars++;
    this.role.push(role);
    this.defs.push(undefined);
    return this.nVars;
  }

  addClause(lits: readonly number[]): void {
    this.clauses.push([...lits]);
  }

  /** Adds a condition's variables (and, for named values, exactly one of them). */
  addCondition(c: Pick<Condition, 'id' | 'values'>): void {
    if (c.values === null) {
      this.boolVar.set(c.id, this.newVar(ROLE_DECISION));
      return;
    }
    const m = new Map<string, number>();
    for (const v of c.values) m.set(v, this.newVar(ROLE_DECISION));
    this.enumVar.set(c.id, m);
    const vars = [...m.values()];
    this.addClause(vars);
    for (let i = 0; i < vars.length; i++) for (let j = i + 1; j < vars.length; j++) this.addClause([-vars[i]!, -vars[j]!]);
  }

  /** The variable of a yes/no condition, or null for a named-value one. */
  boolOf(condition: string): number | undefined {
    return this.boolVar.get(condition);
  }

  /** The variables of a named-value condition, by value. */
  enumOf(condition: string): ReadonlyMap<string, number> | undefined {
    return this.enumVar.get(condition);
  }

  /** Each named-value condition's variables, keyed by each of them. */
  enumVariables(): Map<number, readonly number[]> {
    const out = new Map<number, readonly number[]>();
    for (const m of this.enumVar.values()) {
      const vars = [...m.values()];
      for (const v of vars) out.set(v, vars);
    }
    return out;
  }

  /** The literal true exactly when condition = value. */
  valueLit(condition: string, value: Value): number {
    const b = this.boolVar.get(condition);
    if (b !== undefined) {
      if (typeof value !== 'boolean') throw new RangeError(`${condition} is yes/no, not ${String(value)}`);
      return value ? b : -b;
    }
    const v = this.enumVar.get(condition)?.get(String(value));
    if (v === undefined) throw new RangeError(`${condition} has no value ${String(value)}`);
    return v;
  }

  private constTrue(): number {
    if (this.trueVar === 0) {
      this.trueVar = this.newVar(ROLE_AUX);
      this.defs[this.trueVar] = { op: 'all', parts: [] };
      this.addClause([this.trueVar]);
    }
    return this.trueVar;
  }

  /** A literal equivalent to the expression (Tseitin; shared between equal sub-expressions). */
  lit(e: Expr): number {
    return tseitinLit(e, this.tseitin);
  }

  private readonly tseitin: TseitinTarget = {
    valueLit: (condition, value) => this.valueLit(condition, value),
    constTrue: () => this.constTrue(),
    gate: (op, args) => this.gate(op, args.map((a) => this.lit(a))),
  };

  /** A variable defined as the conjunction (or disjunction) of literals. */
  gate(op: 'all' | 'any', parts: readonly number[], role = ROLE_AUX): number {
    const key = `${op}:${parts.join(',')}`;
    if (role === ROLE_AUX) {
      const hit = this.gates.get(key);
      if (hit !== undefined) return hit;
    }
    const a = this.newVar(role);
    this.defs[a] = { op, parts: [...parts] };
    if (op === 'all') {
      for (const p of parts) this.addClause([-a, p]);
      this.addClause([a, ...parts.map((p) => -p)]);
    } else {
      for (const p of parts) this.addClause([a, -p]);
      this.addClause([-a, ...parts]);
    }
    if (role === ROLE_AUX) this.gates.set(key, a);
    return a;
  }

  /** A fresh weighted variable equivalent to a literal (so it can carry its own weight). */
  weightedCopy(l: number): number {
    return this.gate('all', [l], ROLE_WEIGHTED);
  }
}
