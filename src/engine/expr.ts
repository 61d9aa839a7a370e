import type { Condition, Constraint, Expr, Value } from './types.js';

/** `condition is value` (value defaults to true). */
export const is = (condition: string, value: Value = true): Expr => ({ op: 'is', condition, value });
export const not = (arg: Expr): Expr => ({ op: 'not', arg });
export const all = (...args: Expr[]): Expr => ({ op: 'all', args });
export const any = (...args: Expr[]): Expr => ({ op: 'any', args });

/** The condition ids an expression mentions, in first-seen order. */
export function conditionsOf(e: Expr, out: Set<string> = new Set()): Set<string> {
  switch (e.op) {
    case 'is':
      out.add(e.condition);
      break;
    case 'not':
      conditionsOf(e.arg, out);
      break;
    case 'all':
    case 'any':
      for (const a of e.args) conditionsOf(a, out);
      break;
  }
  return out;
}

/** How a condition appears in an expression: the value it is tested for, and whether under an odd number of `not`s. */
export interface Literal {
  value: Value;
  negated: boolean;
}

/**
 * Each condition an expression mentions, with how it appears there: the
 * value tested (yes/no tests read as `true`, `x=false` as a negated `x`) and
 * whether it is negated, in first-seen order, each distinct appearance once.
 *
 * @example
 * literalsOf(all(not(is('a')), is('weather', 'storm')));
 * // Map { 'a' => [{ value: true, negated: true }], 'weather' => [{ value: 'storm', negated: false }] }
 */
export function literalsOf(e: Expr, negated = false, out: Map<string, Literal[]> = new Map()): Map<string, Literal[]> {
  switch (e.op) {
    case 'is': {
      const lit = e.value === false ? { value: true, negated: !negated } : { value: e.value, negated };
      const list = out.get(e.condition) ?? [];
      if (!list.some((l) => l.value === lit.value && l.negated === lit.negated)) list.push(lit);
      out.set(e.condition, list);
      break;
    }
    case 'not':
      literalsOf(e.arg, !negated, out);
      break;
    case 'all':
    case 'any':
      for (const a of e.args) literalsOf(a, negated, out);
      break;
  }
  return out;
}

/** Evaluates an expression in a complete world (every condition has a value). */
export function evalExpr(e: Expr, world: ReadonlyMap<string, Value>): boolean {
  return evalExprWith(e, (condition, value) => world.get(condition) === value);
}

/** Evaluates an expression in a complete world given as `is(condition, value)`: whether the condition has that value. */
export function evalExprWith(e: Expr, is: (condition: string, value: Value) => boolean): boolean {
  switch (e.op) {
    case 'is':
      return is(e.condition, e.value);
    case 'not':
      return !evalExprWith(e.arg, is);
    case 'all':
      return e.args.every((a) => evalExprWith(a, is));
    case 'any':
      return e.args.some((a) => evalExprWith(a, is));
  }
}

/** What a Tseitin encoding needs from the clauses it writes into (the solver's, or the weighted CNF's). */
export interface TseitinTarget {
  /** The literal true exactly when the condition has that value. */
  valueLit(condition: string, value: Value): number;
  /** A literal that is always true. */
  constTrue(): number;
  /** A literal equivalent to the conjunction or disjunction of two or more expressions. */
  gate(op: 'all' | 'any', args: readonly Expr[]): number;
}

/**
 * A literal equivalent to the expression (Tseitin encoding): conditions'
 * own literals, negation by sign, constants for empty conjunctions and
 * disjunctions, and `gate` for the rest (which defines and shares them).
 */
export function tseitinLit(e: Expr, to: TseitinTarget): number {
  switch (e.op) {
    case 'is':
      return to.valueLit(e.condition, e.value);
    case 'not':
      return -tseitinLit(e.arg, to);
    case 'all':
    case 'any':
      if (e.args.length === 0) return e.op === 'all' ? to.constTrue() : -to.constTrue();
      if (e.args.length === 1) return tseitinLit(e.args[0]!, to);
      return to.gate(e.op, e.args);
  }
}

/** Formats a value as users type it: true/false, or the name. */
export function formatValue(v: Value): string {
  return typeof v === 'boolean' ? String(v) : v;
}

/** A compact human rendering: `a`, `not a`, `state=collapsed`, `(a and b)`. */
export function formatExpr(e: Expr): string {
  switch (e.op) {
    case 'is':
      if (e.value === true) return e.condition;
      if (e.value === false) return `not ${e.condition}`;
      return `${e.condition}=${e.value}`;
    case 'not':
      return `not ${wrap(e.arg)}`;
    case 'all':
      return e.args.length === 0 ? 'true' : e.args.map(wrap).join(' and ');
    case 'any':
      return e.args.length === 0 ? 'false' : e.args.map(wrap).join(' or ');
  }
}

function wrap(e: Expr): string {
  return (e.op === 'all' || e.op === 'any') && e.args.length > 1 ? `(${formatExpr(e)})` : formatExpr(e);
}

/** The single expression a constraint requires in every world. */
export function constraintFormula(c: Pick<Constraint, 'kind' | 'args'>): Expr {
  const a = c.args;
  switch (c.kind) {
    case 'implies':
      return any(not(a[0]!), a[1]!);
    case 'equivalent':
      return any(all(a[0]!, a[1]!), all(not(a[0]!), not(a[1]!)));
    case 'excludes':
      // Not all of them together.
      return not(all(...a));
    case 'at-most-one':
      return all(...pairs(a).map(([x, y]) => not(all(x, y))));
    case 'exactly-one':
      return all(any(...a), ...pairs(a).map(([x, y]) => not(all(x, y))));
    case 'always':
      return all(...a);
  }
}

function pairs<T>(xs: readonly T[]): [T, T][] {
  const out: [T, T][] = [];
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) out.push([xs[i]!, xs[j]!]);
  return out;
}

/** Human text of a constraint: "a implies b", "exactly one of a, b, c". */
export function formatConstraint(c: Pick<Constraint, 'kind' | 'args'>): string {
  const a = c.args.map(formatExpr);
  switch (c.kind) {
    case 'implies':
      return `if ${a[0]} then ${a[1]}`;
    case 'equivalent':
      return `${a[0]} if and only if ${a[1]}`;
    case 'excludes':
      return `never all of: ${a.join(', ')}`;
    case 'at-most-one':
      return `at most one of: ${a.join(', ')}`;
    case 'exactly-one':
      return `exactly one of: ${a.join(', ')}`;
    case 'always':
      return `always: ${a.join(' and ')}`;
  }
}

/** Every value a condition can take. */
export function valuesOf(c: Pick<Condition, 'values'>): Value[] {
  return c.values === null ? [true, false] : [...c.values];
}
