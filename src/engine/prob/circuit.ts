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
import { ROLE_AUX, ROLE_DECISION } from './cnf.js';
import type { Cnf } from './cnf.js';
import { code, Propagator } from './propagate.js';

export { code };

export const T_FALSE = 0;
export const T_TRUE = 1;
export const T_LIT = 2;
export const T_FREE = 3;
export const T_AND = 4;
export const T_OR = 5;

/** A compiled circuit: nodes in topological order (children first), the root last. */
export interface Circuit {
  readonly nVars: number;
  readonly size: number;
  readonly type: Uint8Array;
  /** For a literal leaf its literal, for a free leaf its variable. */
  readonly arg: Int32Array;
  readonly start: Int32Array;
  readonly len: Int32Array;
  readonly kids: Int32Array;
  readonly root: number;
  /** Leaf node of each literal code (2v for v, 2v+1 for ¬v), -1 when absent. */
  readonly litLeaf: Int32Array;
  /** Free leaf of each variable, -1 when absent. */
  readonly freeLeaf: Int32Array;
}

/** Raised when compiling would exceed its budget of nodes. */
export class CompileBudgetError extends Error {
  constructor(readonly nodes: number) {
    super(`the model is too large to count exactly within ${nodes} circuit nodes`);
    this.name = 'CompileBudgetError';
  }
}

export interface CompileOptions {
  /** Literals fixed before compiling (hard settings baked in). */
  assumptions?: readonly number[] | undefined;
  /** Most circuit nodes to build (default 4,000,000). */
  maxNodes?: number | undefined;
  /** Branching: 'occurrence' (most open clauses) or 'minfill' (static, from a min-fill elimination order). */
  order?: 'occurrence' | 'minfill' | undefined;
}


interface CacheEntry {
  clauses: Int32Array;
  vars: Int32Array;
  node: number;
}

function sameKey(e: CacheEntry, clauses: readonly number[], vars: readonly number[]): boolean {
  if (e.clauses.length !== clauses.length || e.vars.length !== vars.length) return false;
  for (let i = 0; i < clauses.length; i++) if (e.clauses[i] !== clauses[i]) return false;
  for (let i = 0; i < vars.length; i++) if (e.vars[i] !== vars[i]) return false;
  return true;
}

/**
 * Compiles a CNF into a decision-DNNF circuit.
 * Throws CompileBudgetError past `maxNodes`.
 */
export function compileCnf(cnf: Cnf, options: CompileOptions = {}): Circuit {
  const compiler = new Compiler(cnf, options.maxNodes ?? 4_000_000);
  if (options.order === 'minfill') compiler.rank = minFillRank(cnf);
  return compiler.run(options.assumptions ?? []);
}

class Compiler extends Propagator {
  private readonly role: Uint8Array;
  // Scratch for components.
  private readonly parent: Int32Array;
  private readonly stamp: Int32Array;
  private stampNow = 0;
  private readonly score: Int32Array;
  // The circuit under construction.
  private type: number[] = [T_FALSE, T_TRUE];
  private arg: number[] = [0, 0];
  private nodeStart: number[] = [0, 0];
  private len: number[] = [0, 0];
  private kids: number[] = [];
  private readonly unique = new Map<number, number[]>();
  private readonly litLeaf: Int32Array;
  private readonly freeLeaf: Int32Array;
  private readonly cache = new Map<number, CacheEntry[]>();
  /** Static branching priority per variable (higher first), when set. */
  rank: Int32Array | null = null;

  constructor(
    cnf: Cnf,
    private readonly maxNodes: number,
  ) {
    super(cnf);
    const n = this.n;
    this.role = Uint8Array.from(cnf.role.map((r) => (r < 0 ? ROLE_AUX : r)));
    this.parent = new Int32Array(n + 1);
    this.stamp = new Int32Array(n + 1);
    this.score = new Int32Array(n + 1);
    this.litLeaf = new Int32Array(2 * n + 2).fill(-1);
    this.freeLeaf = new Int32Array(n + 1).fill(-1);
  }

  run(assumptions: readonly number[]): Circuit {
    const mark = this.trailSize;
    let root: number;
    if (!this.start(assumptions)) {
      root = T_FALSE;
    } else {
      const vars: number[] = [];
      for (let v = 1; v <= this.n; v++) if (this.value[v] === 0) vars.push(v);
      const clauses: number[] = [];
      for (let c = 0; c < this.nClauses; c++) if (this.sat[c] === 0) clauses.push(c);
      root = this.and([...this.leavesFrom(mark), ...this.split(vars, clauses)]);
    }
    this.undoTo(mark);
    return this.finish(root);
  }

  // ------------------------------------------------------------------ components

  private find(v: number): number {
    let r = v;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[v] !== r) {
      const next = this.parent[v]!;
      this.parent[v] = r;
      v = next;
    }
    return r;
  }

  /**
   * The children for a set of unassigned variables and the clauses still open
   * among them: a free leaf for each variable in no open clause, and one
   * compiled sub-circuit per connected component. `vars` and `clauses` are
   * ascending, and so are the lists handed down.
   */
  private split(vars: readonly number[], clauses: readonly number[]): number[] {
    for (const v of vars) this.parent[v] = v;
    const active: number[] = [];
    for (const c of clauses) {
      if (this.sat[c]! > 0) continue;
      active.push(c);
      let first = 0;
      const s = this.cStart[c]!;
      for (let i = s, e = s + this.cLen[c]!; i < e; i++) {
        const v = Math.abs(this.cLits[i]!);
        if (this.value[v] !== 0) continue;
        if (first === 0) first = this.find(v);
        else {
          const r = this.find(v);
          if (r !== first) this.parent[r] = first;
        }
      }
    }
    // Number the components by root (group[root] = index + 1); variables in no open clause are free.
    const stamp = ++this.stampNow;
    const groupVars: number[][] = [];
    const groupClauses: number[][] = [];
    for (const c of active) {
      const s = this.cStart[c]!;
      let root = 0;
      for (let i = s, e = s + this.cLen[c]!; i < e; i++) {
        const v = Math.abs(this.cLits[i]!);
        if (this.value[v] === 0) {
          root = this.find(v);
          break;
        }
      }
      if (this.stamp[root] !== stamp) {
        this.stamp[root] = stamp;
        this.score[root] = groupVars.length;
        groupVars.push([]);
        groupClauses.push([]);
      }
      groupClauses[this.score[root]!]!.push(c);
    }
    const out: number[] = [];
    for (const v of vars) {
      if (this.value[v] !== 0) continue;
      const r = this.find(v);
      if (this.stamp[r] === stamp) groupVars[this.score[r]!]!.push(v);
      else if (this.role[v] !== ROLE_AUX) out.push(this.freeNode(v));
    }
    for (let g = 0; g < groupVars.length; g++) {
      const child = this.component(groupVars[g]!, groupClauses[g]!);
      if (child === T_FALSE) return [T_FALSE];
      out.push(child);
    }
    return out;
  }

  /** Compiles one connected component (vars and clauses ascending). */
  private component(vars: number[], clauses: number[]): number {
    let h = 0x811c9dc5 ^ clauses.length;
    for (const c of clauses) h = Math.imul(h ^ c, 0x01000193);
    h = Math.imul(h ^ 0x5bd1e995, 0x01000193);
    for (const v of vars) h = Math.imul(h ^ v, 0x01000193);
    const bucket = this.cache.get(h);
    if (bucket) for (const e of bucket) if (sameKey(e, clauses, vars)) return e.node;
    const x = this.pick(vars, clauses);
    const branches: number[] = [];
    for (const l of [x, -x]) {
      const mark = this.trailSize;
      this.assign(l);
      let node: number;
      if (!this.propagate()) node = T_FALSE;
      else {
        const leaves = this.leavesFrom(mark);
        const rest = this.split(vars, clauses);
        node = this.and([...leaves, ...rest]);
      }
      this.undoTo(mark);
      branches.push(node);
    }
    const node = this.or(branches[0]!, branches[1]!);
    const entry = { clauses: Int32Array.from(clauses), vars: Int32Array.from(vars), node };
    if (bucket) bucket.push(entry);
    else this.cache.set(h, [entry]);
    if (this.type.length > this.maxNodes) throw new CompileBudgetError(this.maxNodes);
    return node;
  }

  /** The decision variable occurring in the most open clauses (any variable if none is left). */
  private pick(vars: readonly number[], clauses: readonly number[]): number {
    const rank = this.rank;
    if (rank) {
      let best = 0;
      for (const v of vars) if (this.value[v] === 0 && (best === 0 || rank[v]! > rank[best]!)) best = v;
      return best;
    }
    for (const v of vars) this.score[v] = 0;
    for (const c of clauses) {
      const s = this.cStart[c]!;
      for (let i = s, e = s + this.cLen[c]!; i < e; i++) {
        const v = Math.abs(this.cLits[i]!);
        if (this.value[v] === 0) this.score[v]!++;
      }
    }
    let best = 0;
    let bestScore = -1;
    let fallback = 0;
    for (const v of vars) {
      if (this.value[v] !== 0) continue;
      if (fallback === 0) fallback = v;
      if (this.role[v] === ROLE_DECISION && this.score[v]! > bestScore) {
        best = v;
        bestScore = this.score[v]!;
      }
    }
    return best || fallback;
  }

  /** Literal leaves for what the trail assigned since `mark` (aux variables get none). */
  private leavesFrom(mark: number): number[] {
    const out: number[] = [];
    for (let i = mark; i < this.trailSize; i++) {
      const l = this.trail[i]!;
      if (this.role[Math.abs(l)] !== ROLE_AUX) out.push(this.litNode(l));
    }
    return out;
  }

  // ------------------------------------------------------------------ nodes

  private node(type: number, arg: number, children: readonly number[]): number {
    const id = this.type.length;
    this.type.push(type);
    this.arg.push(arg);
    this.nodeStart.push(this.kids.length);
    this.len.push(children.length);
    for (const c of children) this.kids.push(c);
    return id;
  }

  private litNode(l: number): number {
    const c = code(l);
    const hit = this.litLeaf[c]!;
    if (hit >= 0) return hit;
    return (this.litLeaf[c] = this.node(T_LIT, l, []));
  }

  private freeNode(v: number): number {
    const hit = this.freeLeaf[v]!;
    if (hit >= 0) return hit;
    return (this.freeLeaf[v] = this.node(T_FREE, v, []));
  }

  private and(children: number[]): number {
    const kept: number[] = [];
    for (const c of children) {
      if (c === T_FALSE) return T_FALSE;
      if (c !== T_TRUE) kept.push(c);
    }
    if (kept.length === 0) return T_TRUE;
    if (kept.length === 1) return kept[0]!;
    kept.sort((a, b) => a - b);
    return this.interned(T_AND, kept);
  }

  private or(a: number, b: number): number {
    if (a === T_FALSE) return b;
    if (b === T_FALSE) return a;
    return this.interned(T_OR, [a, b]);
  }

  /** The node of that type and children, made once (hash-consing). */
  private interned(type: number, children: readonly number[]): number {
    let h = type;
    for (const c of children) h = Math.imul(h ^ c, 0x01000193);
    const bucket = this.unique.get(h);
    if (bucket) {
      for (const id of bucket) {
        if (this.type[id] !== type || this.len[id] !== children.length) continue;
        const s = this.nodeStart[id]!;
        let same = true;
        for (let i = 0; i < children.length && same; i++) same = this.kids[s + i] === children[i];
        if (same) return id;
      }
    }
    const id = this.node(type, 0, children);
    if (bucket) bucket.push(id);
    else this.unique.set(h, [id]);
    return id;
  }

  private finish(root: number): Circuit {
    // Put the root last so a pass in index order ends at it.
    return {
      nVars: this.n,
      size: this.type.length,
      type: Uint8Array.from(this.type),
      arg: Int32Array.from(this.arg),
      start: Int32Array.from(this.nodeStart),
      len: Int32Array.from(this.len),
      kids: Int32Array.from(this.kids),
      root,
      litLeaf: this.litLeaf,
      freeLeaf: this.freeLeaf,
    };
  }
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

/**
 * A static branching order: the reverse of a min-fill elimination order of
 * the CNF's primal graph (variables eliminated last are decided first), as
 * tree-decomposition-guided compilers do. Greedy with a lazy heap: after an
 * elimination only its neighbours' fill is counted again (the usual
 * approximation; the exact rule would recount their neighbours too), so a
 * model of thousands of variables is ordered in milliseconds.
 */
export function minFillRank(cnf: Cnf): Int32Array {
  const n = cnf.nVars;
  const adj: Set<number>[] = Array.from({ length: n + 1 }, () => new Set<number>());
  for (const c of cnf.clauses)
    for (const a of c)
      for (const b of c) if (Math.abs(a) !== Math.abs(b)) adj[Math.abs(a)]!.add(Math.abs(b));
  const fillOf = (v: number): number => {
    const ns = [...adj[v]!];
    let fill = 0;
    for (let i = 0; i < ns.length; i++) for (let j = i + 1; j < ns.length; j++) if (!adj[ns[i]!]!.has(ns[j]!)) fill++;
    return fill;
  };
  // Key: fill first, then degree, then the variable (deterministic).
  const keyOf = (v: number) => (fillOf(v) * (n + 1) + adj[v]!.size) * (n + 1) + v;
  const key = new Float64Array(n + 1);
  const heap = new MinHeap();
  for (let v = 1; v <= n; v++) heap.push((key[v] = keyOf(v)), v);
  const rank = new Int32Array(n + 1);
  const alive = new Uint8Array(n + 1).fill(1);
  for (let step = 0; step < n; ) {
    const [k, v] = heap.pop()!;
    if (!alive[v] || k !== key[v]) continue;
    rank[v] = step++;
    alive[v] = 0;
    const ns = [...adj[v]!];
    for (const a of ns) {
      adj[a]!.delete(v);
      for (const b of ns) if (a !== b) adj[a]!.add(b);
    }
    for (const a of ns) heap.push((key[a] = keyOf(a)), a);
  }
  return rank;
}

/** A binary min-heap of (key, value) pairs. */
class MinHeap {
  private readonly keys: number[] = [];
  private readonly vals: number[] = [];
  push(k: number, v: number): void {
    const { keys, vals } = this;
    let i = keys.length;
    keys.push(k);
    vals.push(v);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p]! <= k) break;
      keys[i] = keys[p]!;
      vals[i] = vals[p]!;
      i = p;
    }
    keys[i] = k;
    vals[i] = v;
  }
  pop(): [number, number] | undefined {
    const { keys, vals } = this;
    if (!keys.length) return undefined;
    const top: [number, number] = [keys[0]!, vals[0]!];
    const k = keys.pop()!;
    const v = vals.pop()!;
    const n = keys.length;
    if (n) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && keys[l + 1]! < keys[l]! ? l + 1 : l;
        if (keys[c]! >= k) break;
        keys[i] = keys[c]!;
        vals[i] = vals[c]!;
        i = c;
      }
      keys[i] = k;
      vals[i] = v;
    }
    return top;
  }
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
