import { any, constraintFormula, tseitinLit } from './expr.js';
import type { TseitinTarget } from './expr.js';
import { Distribution } from './prob/distribution.js';
import { holdsExpr } from './prob/encode.js';
import { Solver } from './sat.js';
import type { Condition, Expr, Model, Value } from './types.js';

/**
 * A model turned into clauses. Each condition value has a variable (a yes/no
 * condition one, a named-value condition one per value with "exactly one"
 * built in); each constraint gets a selector literal, so that constraints,
 * like settings, can be switched on as assumptions and blamed in a conflict.
 */
export class CompiledModel {
  readonly solver: Solver;
  readonly model: Model;
  readonly conditionById = new Map<string, Condition>();
  /** Variable of a yes/no condition, or of each value of a named-value one. */
  private readonly boolVar = new Map<string, number>();
  private readonly enumVar = new Map<string, Map<string, number>>();
  /** Selector literal per hard constraint id (soft constraints hold in some worlds only: no selector). */
  readonly selector = new Map<string, number>();
  /** The hard constraints, in model order: the ones statuses quantify under. */
  readonly hard: readonly Model['constraints'][number][];
  private readonly cache = new Map<string, number>();
  /** The literal of each conjunction's and disjunction's list of parts, by identity (see `tseitin`). */
  private readonly exprLit = { all: new WeakMap<readonly Expr[], number>(), any: new WeakMap<readonly Expr[], number>() };
  private trueLit = 0;

  /**
   * @param prepared what `distribution.prepare()` gave for this model in an
   *   earlier run (the circuit and the calibration), used only if it checks out
   */
  constructor(
    model: Model,
    private readonly prepared?: unknown,
  ) {
    this.model = model;
    this.solver = new Solver(0);
    for (const c of model.conditions) {
      this.conditionById.set(c.id, c);
      if (c.values === null) {
        this.boolVar.set(c.id, this.solver.newVar());
      } else {
        const m = new Map<string, number>();
        for (const v of c.values) m.set(v, this.solver.newVar());
        this.enumVar.set(c.id, m);
        const vars = [...m.values()];
        this.solver.addClause(vars);
        for (let i = 0; i < vars.length; i++)
          for (let j = i + 1; j < vars.length; j++) this.solver.addClause([-vars[i]!, -vars[j]!]);
      }
    }
    this.hard = model.constraints.filter((k) => k.probability === undefined);
    for (const k of this.hard) {
      const s = this.solver.newVar();
      this.selector.set(k.id, s);
      this.solver.addClause([-s, this.lit(constraintFormula(k))]);
    }
    // Every expression an evaluation asks about gets its literal now: a clause
    // added mid-evaluation would make the solver drop the propagation and the
    // model it reuses from one question to the next.
    for (const sc of model.scenarios) {
      for (const c of [...sc.requires, ...sc.rulesOut, ...sc.triggers, ...sc.evidence, ...sc.consequences]) this.lit(c.when);
      if (sc.triggers.length) this.lit(any(...sc.triggers.map((t) => t.when)));
      this.lit(holdsExpr(sc));
    }
  }

  private dist: Distribution | undefined;
  /** Whether the probabilistic side has been used (so has something to keep). */
  get hasDistribution(): boolean {
    return this.dist !== undefined;
  }

  /** The model's distribution (compiled for counting on first use). */
  get distribution(): Distribution {
    return (this.dist ??= new Distribution(this.model, this.prepared === undefined ? {} : { prepared: this.prepared }));
  }

  /** The literal that is true exactly when condition = value. */
  valueLit(condition: string, value: Value): number {
    const b = this.boolVar.get(condition);
    if (b !== undefined) {
      if (typeof value !== 'boolean') throw new RangeError(`${condition} is yes/no, not ${value}`);
      return value ? b : -b;
    }
    const m = this.enumVar.get(condition);
    if (!m) throw new RangeError(`unknown condition ${condition}`);
    if (typeof value !== 'string') throw new RangeError(`${condition} takes a named value`);
    const v = m.get(value);
    if (v === undefined) throw new RangeError(`${condition} has no value ${value}`);
    return v;
  }

  /** Every (condition, value) literal, for enumerating what is forced. */
  *valueLits(): Generator<{ condition: string; value: Value; lit: number }> {
    for (const c of this.model.conditions) {
      if (c.values === null) yield { condition: c.id, value: true, lit: this.boolVar.get(c.id)! };
      else for (const v of c.values) yield { condition: c.id, value: v, lit: this.enumVar.get(c.id)!.get(v)! };
    }
  }

  private constTrue(): number {
    if (this.trueLit === 0) {
      this.trueLit = this.solver.newVar();
      this.solver.addClause([this.trueLit]);
    }
    return this.trueLit;
  }

  /**
   * A literal equivalent to the expression (Tseitin encoding; the defining
   * clauses are always on and never constrain the conditions themselves).
   */
  lit(e: Expr): number {
    return tseitinLit(e, this.tseitin);
  }

  private readonly tseitin: TseitinTarget = {
    valueLit: (condition, value) => this.valueLit(condition, value),
    constTrue: () => this.constTrue(),
    // The model's own expressions are asked for again and again (every evaluation, every scenario):
    // by identity first (expressions are never changed once made), then by the parts' literals.
    gate: (op, args) => {
      const known = this.exprLit[op].get(args);
      if (known !== undefined) return known;
      const a = this.gateLit(op, args);
      this.exprLit[op].set(args, a);
      return a;
    },
  };

  /** The Tseitin variable of a conjunction or disjunction, made once per set of parts. */
  private gateLit(op: 'all' | 'any', args: readonly Expr[]): number {
    // Keyed by the parts' literals: as exact as the expression's text,
    // and far cheaper than serialising nested expressions at each level.
    const parts = args.map((a) => this.lit(a));
    const key = `${op}:${parts.join(',')}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const a = this.solver.newVar();
    if (op === 'all') {
      for (const p of parts) this.solver.addClause([-a, p]);
      this.solver.addClause([a, ...parts.map((p) => -p)]);
    } else {
      for (const p of parts) this.solver.addClause([a, -p]);
      this.solver.addClause([-a, ...parts]);
    }
    this.cache.set(key, a);
    return a;
  }
}
