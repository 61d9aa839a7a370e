/**
 * The compiler by dynamic decomposition: DPLL with unit propagation that,
 * at every decision, finds the connected components of what is left and
 * compiles each once (a cache of solved components keyed by their variables
 * and open clauses), recording the search as a decision-DNNF, as
 * c2d/Dsharp/d4 do. It needs no structure known in advance, but finding the
 * components costs time linear in the component at every decision.
 */
import { ROLE_AUX, ROLE_DECISION } from './cnf.js';
import type { ClauseSet } from './cnf.js';
import { CircuitBuilder, T_FALSE } from './builder.js';
import type { Circuit } from './builder.js';

/** A solved component: its variables and open clauses (both ascending) and its node. */
interface CacheEntry {
  readonly vars: readonly number[];
  readonly clauses: readonly number[];
  readonly node: number;
}

function sameArray(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class ComponentCompiler extends CircuitBuilder {
  // Scratch for components.
  private readonly parent: Int32Array;
  private readonly stamp: Int32Array;
  private stampNow = 0;
  private readonly score: Int32Array;
  /** Per clause: whether it has three or more literals (so enters a cache key). */
  private readonly long: Uint8Array;
  /** Scratch of split(): the open clauses and a variable of each. */
  private readonly activeClauses: Int32Array;
  private readonly firstVar: Int32Array;
  private readonly cache = new Map<number, CacheEntry[]>();
  /** Static branching priority per variable (higher first), when set. */
  rank: Int32Array | null = null;

  constructor(cnf: ClauseSet, maxNodes: number, maxWork?: number) {
    super(cnf, maxNodes, maxWork);
    const n = this.n;
    this.parent = new Int32Array(n + 1);
    this.stamp = new Int32Array(n + 1);
    this.score = new Int32Array(n + 1);
    this.long = Uint8Array.from(this.cLen, (k) => (k >= 3 ? 1 : 0));
    this.activeClauses = new Int32Array(this.nClauses);
    this.firstVar = new Int32Array(this.nClauses);
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
      const children = this.leavesFrom(mark);
      root = this.split(vars, clauses, children) ? this.and(children) : T_FALSE;
    }
    this.undoTo(mark);
    return this.finish(root);
  }

  // ------------------------------------------------------------------ components

  /**
   * Adds to `out` the children for a set of unassigned variables and the
   * clauses still open among them: a free leaf for each variable in no open
   * clause, and one compiled sub-circuit per connected component. `vars` and
   * `clauses` are ascending, and so are the lists handed down. False when a
   * component has no model (the conjunction is false).
   *
   * Components are found by union-find over the open clauses' unassigned
   * variables (one pass over the clauses), then listed (one pass over the
   * open clauses, one over the variables), all before the first is
   * compiled, so the scratch arrays serve every level of the recursion. This
   * is the compiler's inner loop: its cost, linear in the component, is paid
   * at every decision.
   */
  private split(vars: readonly number[], clauses: readonly number[], out: number[]): boolean {
    const { parent, value, sat, cStart, cLen, cLits, stamp, score, role, firstVar, activeClauses } = this;
    this.spend(clauses.length + vars.length);
    for (let i = 0; i < vars.length; i++) parent[vars[i]!] = vars[i]!;
    let nActive = 0;
    for (let j = 0; j < clauses.length; j++) {
      const c = clauses[j]!;
      if (sat[c]! > 0) continue;
      let first = 0;
      const s = cStart[c]!;
      for (let i = s, e = s + cLen[c]!; i < e; i++) {
        const l = cLits[i]!;
        const v = l < 0 ? -l : l;
        if (value[v] !== 0) continue;
        let r = v;
        while (parent[r] !== r) r = parent[r]!;
        // Path compression: everything on the way now points at the root.
        let x = v;
        while (parent[x] !== r) {
          const nx = parent[x]!;
          parent[x] = r;
          x = nx;
        }
        if (first === 0) first = r;
        else if (r !== first) parent[r] = first;
      }
      activeClauses[nActive] = c;
      firstVar[nActive++] = first;
    }
    // Number the components by root and fill each one's lists (ascending, as the input's).
    // Plain arrays: allocating typed arrays here cost more than all the rest of split().
    const st = ++this.stampNow;
    const gVars: number[][] = [];
    const gClauses: number[][] = [];
    for (let j = 0; j < nActive; j++) {
      const r = this.find(firstVar[j]!);
      if (stamp[r] !== st) {
        stamp[r] = st;
        score[r] = gVars.length;
        gVars.push([]);
        gClauses.push([]);
      }
      gClauses[score[r]!]!.push(activeClauses[j]!);
    }
    for (let i = 0; i < vars.length; i++) {
      const v = vars[i]!;
      if (value[v] !== 0) continue;
      const r = this.find(v);
      if (stamp[r] === st) gVars[score[r]!]!.push(v);
      else if (role[v] !== ROLE_AUX) out.push(this.freeNode(v));
    }
    const groups = gVars.length;
    for (let g = 0; g < groups; g++) {
      const child = this.component(gVars[g]!, gClauses[g]!);
      if (child === T_FALSE) return false;
      out.push(child);
    }
    return true;
  }

  private find(v: number): number {
    const parent = this.parent;
    let r = v;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[v] !== r) {
      const next = parent[v]!;
      parent[v] = r;
      v = next;
    }
    return r;
  }

  /**
   * Compiles one connected component (vars and clauses ascending). Its cache
   * key is its variables and the open clauses of three or more literals: a
   * binary clause between two unassigned variables is open, so the
   * variables say which binary clauses are in it (as sharpSAT keys).
   */
  private component(vars: readonly number[], clauses: readonly number[]): number {
    const long = this.long;
    let h = 0x811c9dc5 ^ vars.length;
    for (let i = 0; i < vars.length; i++) h = Math.imul(h ^ vars[i]!, 0x01000193);
    h = Math.imul(h ^ 0x5bd1e995, 0x01000193);
    for (let i = 0; i < clauses.length; i++) {
      const c = clauses[i]!;
      if (long[c]) h = Math.imul(h ^ c, 0x01000193);
    }
    const bucket = this.cache.get(h);
    if (bucket) for (const e of bucket) if (sameArray(e.vars, vars) && sameArray(e.clauses, clauses)) return e.node;
    const node = this.decide(this.pick(vars, clauses), vars, clauses);
    const entry: CacheEntry = { vars, clauses, node };
    if (bucket) bucket.push(entry);
    else this.cache.set(h, [entry]);
    this.checkBudget();
    return node;
  }

  /** A decision on x within a component: the OR of its two branches. */
  private decide(x: number, vars: readonly number[], clauses: readonly number[]): number {
    return this.or(this.branch(x, vars, clauses), this.branch(-x, vars, clauses));
  }

  /** The sub-circuit of a component with one more literal assigned (and what it propagates). */
  private branch(l: number, vars: readonly number[], clauses: readonly number[]): number {
    const mark = this.trailSize;
    this.assign(l);
    let node = T_FALSE;
    if (this.propagate()) {
      const children = this.leavesFrom(mark);
      if (this.split(vars, clauses, children)) node = this.and(children);
    }
    this.undoTo(mark);
    return node;
  }

  /** The decision variable occurring in the most open clauses (any variable if none is left). */
  private pick(vars: readonly number[], clauses: readonly number[]): number {
    const rank = this.rank;
    const value = this.value;
    if (rank) {
      let best = 0;
      for (let i = 0; i < vars.length; i++) {
        const v = vars[i]!;
        if (value[v] === 0 && (best === 0 || rank[v]! > rank[best]!)) best = v;
      }
      return best;
    }
    for (let i = 0; i < vars.length; i++) this.score[vars[i]!] = 0;
    for (let j = 0; j < clauses.length; j++) {
      const c = clauses[j]!;
      const s = this.cStart[c]!;
      for (let i = s, e = s + this.cLen[c]!; i < e; i++) {
        const v = Math.abs(this.cLits[i]!);
        if (value[v] === 0) this.score[v]!++;
      }
    }
    let best = 0;
    let bestScore = -1;
    let fallback = 0;
    for (let i = 0; i < vars.length; i++) {
      const v = vars[i]!;
      if (value[v] !== 0) continue;
      if (fallback === 0) fallback = v;
      if (this.role[v] === ROLE_DECISION && this.score[v]! > bestScore) {
        best = v;
        bestScore = this.score[v]!;
      }
    }
    return best || fallback;
  }
}
