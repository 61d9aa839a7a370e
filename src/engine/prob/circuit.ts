/**
 * Exact weighted model counting by knowledge compilation: a CNF is compiled
 * once into a decision-DNNF circuit (DPLL with unit propagation, connected
 * components and a cache of solved components, recorded as a DAG, as
 * c2d/Dsharp/d4 do), and every later question is a pass over the circuit
 * with a vector of literal weights: the weighted count (upward) and, from
 * its derivatives (downward), the marginal of every literal at once
 * (Darwiche's differential approach). Conditioning on evidence is a weight
 * of 0 on the excluded literal, so one circuit answers every setting.
 *
 * The circuit is smooth over the weighted variables: on every path each
 * decision or weighted variable appears exactly once, as a literal leaf, a
 * "free" leaf (either value: w(v) + w(¬v)) or inside a sub-circuit. Aux
 * variables (weight 1 either way) get no leaves.
 *
 * One unit, though long: the compiler, the node layout it writes and the
 * passes (plain, scaled, derivative) that read that layout change together.
 *
 * @example
 * const cnf = new Cnf(); cnf.addCondition({ id: 'a', values: null }); cnf.addCondition({ id: 'b', values: null });
 * cnf.addClause([1, 2]);                      // a or b
 * const c = compileCnf(cnf);
 * const w = uniformWeights(c);                // every literal weight 1
 * upward(c, w, new Float64Array(c.size));     // => 3 (the models of a or b)
 */
import type { Cnf } from './cnf.js';
import { T_AND, T_FALSE, T_FREE, T_LIT, T_OR, T_TRUE } from './builder.js';
import type { Circuit } from './builder.js';
import { ComponentCompiler } from './components.js';
import { minFillRank } from './order.js';
import { eliminateAux } from './simplify.js';
import { code } from './propagate.js';

export { code, minFillRank };
export { CompileBudgetError, T_AND, T_FALSE, T_FREE, T_LIT, T_OR, T_TRUE } from './builder.js';
export type { Circuit } from './builder.js';

export interface CompileOptions {
  /** Literals fixed before compiling (hard settings baked in). */
  assumptions?: readonly number[] | undefined;
  /** Most circuit nodes to build (default 4,000,000). */
  maxNodes?: number | undefined;
  /** Most work (clauses and variables visited looking for components) to do (default: no limit). */
  maxWork?: number | undefined;
  /** Branching: 'occurrence' (most open clauses) or 'minfill' (static, from a min-fill elimination order). */
  order?: 'occurrence' | 'minfill' | undefined;
  /** Eliminate aux variables first (simplify.ts; default true): the same counts from fewer clauses. */
  simplify?: boolean | undefined;
}


/**
 * Compiles a CNF into a decision-DNNF circuit.
 * Throws CompileBudgetError past `maxNodes`.
 */
export function compileCnf(input: Cnf, options: CompileOptions = {}): Circuit {
  const cnf = options.simplify === false ? input : eliminateAux(input);
  const maxNodes = options.maxNodes ?? 4_000_000;
  const compiler = new ComponentCompiler(cnf, maxNodes, options.maxWork);
  if (options.order === 'minfill') compiler.rank = minFillRank(cnf);
  return compiler.run(options.assumptions ?? []);
}

// ------------------------------------------------------------------ passes

/** A weight vector with every literal weight 1 (plain model counting). */
export function uniformWeights(c: Pick<Circuit, 'nVars'>): Float64Array {
  return new Float64Array(2 * c.nVars + 2).fill(1);
}

/**
 * The weighted count of the circuit under literal weights `w` (indexed by
 * literal code), leaving each node's value in `val`. Nodes past the root are
 * not needed and not computed.
 */
export function upward(c: Circuit, w: Float64Array, val: Float64Array): number {
  const { type, arg, start, len, kids } = c;
  const end = c.root;
  let trouble = false;
  for (let n = 0; n <= end; n++) {
    switch (type[n]) {
      case T_FALSE:
        val[n] = 0;
        break;
      case T_TRUE:
        val[n] = 1;
        break;
      case T_LIT:
        val[n] = w[code(arg[n]!)]!;
        break;
      case T_FREE: {
        const v = arg[n]!;
        val[n] = w[2 * v]! + w[2 * v + 1]!;
        break;
      }
      case T_AND: {
        let p = 1;
        let zero = false;
        for (let i = start[n]!, e = i + len[n]!; i < e; i++) {
          const v = val[kids[i]!]!;
          if (v === 0) zero = true;
          p *= v;
        }
        // A product that left the range of full precision (or of floats): counted again in scaled arithmetic.
        if ((p < SMALL && !zero) || p > LARGE) trouble = true;
        val[n] = p;
        break;
      }
      default: {
        let s = 0;
        for (let i = start[n]!, e = i + len[n]!; i < e; i++) s += val[kids[i]!]!;
        if (s > LARGE) trouble = true;
        val[n] = s;
      }
    }
  }
  lastPassInRange = !trouble;
  return val[end]!;
}

/** Whether the last `upward` pass stayed within full floating-point precision (else its numbers are not to be trusted). */
let lastPassInRange = true;
/** Products below SMALL or sums above LARGE send a pass to scaled arithmetic (far from float64's limits of 1e-308 and 1e308). */
const SMALL = 1e-280;
const LARGE = 1e280;

/** m · 2^k without overflowing on the way (k may exceed float64's exponent range). */
function ldexp(m: number, k: number): number {
  while (k > 1000) {
    m *= 2 ** 1000;
    k -= 1000;
  }
  while (k < -1000) {
    m *= 2 ** -1000;
    k += 1000;
  }
  return m * 2 ** k;
}

/** Scales `m` into [1, 2) and returns how many powers of two were taken out (m 0: 0). */
function exponentOf(m: number): number {
  return m === 0 ? 0 : Math.floor(Math.log2(m));
}

/**
 * The upward pass in scaled arithmetic: each node's value is val[n] ×
 * 2^ex[n] with val[n] kept near 1, so no product of many small weights
 * vanishes and no sum of many large ones overflows, however large the
 * circuit. About three times the plain pass's cost; used only when the
 * plain pass left full precision. Returns ln Z (−Infinity when Z is 0).
 */
export function upwardScaled(c: Circuit, w: Float64Array, val: Float64Array, ex: Float64Array): number {
  const { type, arg, start, len, kids } = c;
  const end = c.root;
  const norm = (n: number, m: number, e: number) => {
    if (m === 0 || !Number.isFinite(m)) {
      val[n] = m === 0 ? 0 : m;
      ex[n] = 0;
      return;
    }
    const k = exponentOf(m);
    val[n] = ldexp(m, -k);
    ex[n] = e + k;
  };
  for (let n = 0; n <= end; n++) {
    switch (type[n]) {
      case T_FALSE:
        norm(n, 0, 0);
        break;
      case T_TRUE:
        norm(n, 1, 0);
        break;
      case T_LIT:
        norm(n, w[code(arg[n]!)]!, 0);
        break;
      case T_FREE: {
        const v = arg[n]!;
        norm(n, w[2 * v]! + w[2 * v + 1]!, 0);
        break;
      }
      case T_AND: {
        let m = 1;
        let e = 0;
        for (let i = start[n]!, stop = i + len[n]!; i < stop; i++) {
          const k = kids[i]!;
          m *= val[k]!;
          e += ex[k]!;
          if (m === 0) break;
          // Each factor is in [1, 2): renormalise well before the product could leave the range.
          if (m > 2 ** 500) {
            const k2 = exponentOf(m);
            m = ldexp(m, -k2);
            e += k2;
          }
        }
        norm(n, m, m === 0 ? 0 : e);
        break;
      }
      default: {
        let top = -Infinity;
        for (let i = start[n]!, stop = i + len[n]!; i < stop; i++) {
          const k = kids[i]!;
          if (val[k]! > 0 && ex[k]! > top) top = ex[k]!;
        }
        let sum = 0;
        if (top > -Infinity)
          for (let i = start[n]!, stop = i + len[n]!; i < stop; i++) {
            const k = kids[i]!;
            if (val[k]! > 0) sum += ldexp(val[k]!, ex[k]! - top);
          }
        norm(n, sum, sum === 0 ? 0 : top);
      }
    }
  }
  return val[end]! > 0 ? Math.log(val[end]!) + ex[end]! * Math.LN2 : -Infinity;
}

/**
 * Literal marginals from a scaled upward pass: each node's share of the
 * count (r = ∂Z/∂node · node / Z) is passed down, whole through an AND and
 * in proportion through an OR, so every number stays between 0 and 1.
 */
function marginalsScaled(c: Circuit, w: Float64Array, val: Float64Array, ex: Float64Array, r: Float64Array, out: Float64Array): void {
  const { type, start, len, kids } = c;
  const end = c.root;
  r.fill(0, 0, end + 1);
  out.fill(0);
  if (!(val[end]! > 0)) return;
  r[end] = 1;
  for (let n = end; n >= 0; n--) {
    const rn = r[n]!;
    if (rn === 0 || !(val[n]! > 0)) continue;
    const t = type[n];
    if (t === T_AND) {
      for (let i = start[n]!, stop = i + len[n]!; i < stop; i++) r[kids[i]!]! += rn;
    } else if (t === T_OR) {
      for (let i = start[n]!, stop = i + len[n]!; i < stop; i++) {
        const k = kids[i]!;
        if (val[k]! > 0) r[k]! += rn * ldexp(val[k]! / val[n]!, ex[k]! - ex[n]!);
      }
    }
  }
  const lit = c.litLeaf;
  for (let v = 1; v <= c.nVars; v++) {
    const f = c.freeLeaf[v]!;
    const k = 2 * v;
    const both = w[k]! + w[k + 1]!;
    const rf = f >= 0 && both > 0 ? r[f]! / both : 0;
    const lt = lit[k]!;
    const lf = lit[k + 1]!;
    out[k] = (lt >= 0 ? r[lt]! : 0) + rf * w[k]!;
    out[k + 1] = (lf >= 0 ? r[lf]! : 0) + rf * w[k + 1]!;
  }
}

/**
 * The derivative of the count with respect to each node's value (`d`),
 * after `upward` has filled `val`. Zeros are handled exactly (no division by
 * a zero child).
 */
export function downward(c: Circuit, val: Float64Array, d: Float64Array): void {
  const { type, start, len, kids } = c;
  const end = c.root;
  d.fill(0, 0, end + 1);
  d[end] = 1;
  for (let n = end; n >= 0; n--) {
    const dn = d[n]!;
    if (dn === 0) continue;
    const t = type[n];
    if (t === T_OR) {
      for (let i = start[n]!, e = i + len[n]!; i < e; i++) d[kids[i]!]! += dn;
    } else if (t === T_AND) {
      const s = start[n]!;
      const e = s + len[n]!;
      let zeros = 0;
      let zeroAt = -1;
      let prod = 1;
      for (let i = s; i < e; i++) {
        const v = val[kids[i]!]!;
        if (v === 0) {
          zeros++;
          zeroAt = kids[i]!;
          if (zeros > 1) break;
        } else prod *= v;
      }
      if (zeros === 0) {
        for (let i = s; i < e; i++) {
          const k = kids[i]!;
          d[k]! += (dn * prod) / val[k]!;
        }
      } else if (zeros === 1) {
        d[zeroAt]! += dn * prod;
      }
    }
  }
}

/**
 * Marginals of every literal from one upward and one downward pass:
 * `out[code(l)]` = P(l) = w(l) · ∂Z/∂w(l) / Z. Returns Z.
 */
export function literalMarginals(c: Circuit, w: Float64Array, scratch: PassScratch, out: Float64Array): number {
  const z = upward(c, w, scratch.val);
  if (!lastPassInRange || !Number.isFinite(z) || (z > 0 && z < SMALL)) return scaledMarginals(c, w, scratch, out);
  out.fill(0);
  if (z === 0) return 0;
  downward(c, scratch.val, scratch.d);
  const d = scratch.d;
  const lit = c.litLeaf;
  let finite = true;
  for (let v = 1; v <= c.nVars; v++) {
    const f = c.freeLeaf[v]!;
    const df = f >= 0 ? d[f]! : 0;
    const k = 2 * v;
    const lt = lit[k]!;
    const lf = lit[k + 1]!;
    out[k] = (w[k]! * ((lt >= 0 ? d[lt]! : 0) + df)) / z;
    out[k + 1] = (w[k + 1]! * ((lf >= 0 ? d[lf]! : 0) + df)) / z;
    if (!Number.isFinite(out[k]) || !Number.isFinite(out[k + 1])) finite = false;
  }
  // Derivatives can overflow where values are tiny: then the scaled passes give the answer.
  return finite ? z : scaledMarginals(c, w, scratch, out);
}

/** literalMarginals in scaled arithmetic; returns Z as a float (0 or Infinity when it is out of range, only the marginals are exact then). */
export function scaledMarginals(c: Circuit, w: Float64Array, scratch: PassScratch, out: Float64Array): number {
  const ex = (scratch.ex ??= new Float64Array(c.size));
  const lz = upwardScaled(c, w, scratch.val, ex);
  marginalsScaled(c, w, scratch.val, ex, scratch.d, out);
  return Math.exp(lz);
}

export interface PassScratch {
  val: Float64Array;
  d: Float64Array;
  /** Exponents for the scaled passes (made when first needed). */
  ex?: Float64Array;
}

export function scratchFor(c: Circuit): PassScratch {
  return { val: new Float64Array(c.size), d: new Float64Array(c.size) };
}


/** The weighted count alone (one upward pass). */
export function count(c: Circuit, w: Float64Array, scratch: PassScratch): number {
  return upward(c, w, scratch.val);
}

/**
 * The natural logarithm of the weighted count (−Infinity when it is 0):
 * one plain pass, or a scaled one when the plain pass left full precision,
 * so ratios of counts (exp of a difference) stay exact however small or
 * large the counts themselves are.
 */
export function logCount(c: Circuit, w: Float64Array, scratch: PassScratch): number {
  const z = upward(c, w, scratch.val);
  if (lastPassInRange && Number.isFinite(z) && (z === 0 || z >= SMALL)) return z === 0 ? -Infinity : Math.log(z);
  return upwardScaled(c, w, scratch.val, (scratch.ex ??= new Float64Array(c.size)));
}
