/**
 * The compiler by dynamic decomposition: DPLL with unit propagation that,
 * at every decision, finds the connected components of what is left and
 * compiles each once (a cache of solved components keyed by their variables
 * and open clauses), recording the search as a decision-DNNF, as
 * c2d/Dsharp/d4 do. It needs no structure known in advance, but finding the
 * components costs time linear in the component at every decision.
 *
 * No allocation per decision: the components' lists live on one stack of
 * integers (each level's lists above its parent's, popped when compiled)
 * and the cache's keys in one growing arena with an open hash table over
 * it, so the garbage collector has neither many small arrays to make nor
 * a large heap of them to trace (it took a sixth of the time when each
 * component's lists were arrays of their own).
 */
import { ROLE_AUX, ROLE_DECISION } from './cnf.js';
import type { ClauseSet } from './cnf.js';
import { CircuitBuilder, T_FALSE } from './builder.js';
import type { Circuit } from './builder.js';

/** An Int32Array at least `need` long holding `a`'s first `keep` entries (`a` itself when long enough). */
function grown(a: Int32Array<ArrayBuffer>, need: number, keep: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, 2 * a.length));
  b.set(a.subarray(0, keep));
  return b;
}

export class ComponentCompiler extends CircuitBuilder {
  // Scratch for components (every level of the recursion uses them before it recurses).
  private readonly parent: Int32Array;
  private readonly stamp: Int32Array;
  private stampNow = 0;
  /** Per root variable: its group's number; per variable: scratch for pick(). */
  private readonly score: Int32Array;
  /** Per group: how many variables and clauses it has, then where the next one goes. */
  private readonly gVars: Int32Array;
  private readonly gClauses: Int32Array;
  /** Per clause: whether it has three or more literals (so enters a cache key). */
  private readonly long: Uint8Array;
  /** Scratch of split(): the open clauses and the root of each. */
  private readonly activeClauses: Int32Array;
  private readonly rootOf: Int32Array;
  /** The stack of component lists: at each level, per group (vars, nVars, clauses, nClauses), then the lists. */
  private stack = new Int32Array(1 << 12);
  private top = 0;
  // The cache: keys (a component's variables, then its long clauses) in an arena, entries in
  // parallel arrays chained from an open hash table.
  private keys = new Int32Array(1 << 14);
  private keysTop = 0;
  private eHash = new Int32Array(1 << 10);
  private eKey = new Int32Array(1 << 10);
  private eVars = new Int32Array(1 << 10);
  private eLen = new Int32Array(1 << 10);
  private eNode = new Int32Array(1 << 10);
  private eNext = new Int32Array(1 << 10);
  private entries = 0;
  private table = new Int32Array(1 << 11);
  /** Static branching priority per variable (higher first), when set. */
  rank: Int32Array | null = null;

  constructor(cnf: ClauseSet, maxNodes: number, maxWork?: number) {
    super(cnf, maxNodes, maxWork);
    const n = this.n;
    this.parent = new Int32Array(n + 1);
    this.stamp = new Int32Array(n + 1);
    this.score = new Int32Array(n + 1);
    this.gVars = new Int32Array(n + 1);
    this.gClauses = new Int32Array(n + 1);
    this.long = Uint8Array.from(this.cLen, (k) => (k >= 3 ? 1 : 0));
    this.activeClauses = new Int32Array(this.nClauses);
    this.rootOf = new Int32Array(Math.max(this.nClauses, n + 1));
  }

  run(assumptions: readonly number[]): Circuit {
    const mark = this.trailSize;
    let root: number;
    if (!this.start(assumptions)) {
      root = T_FALSE;
    } else {
      this.stack = grown(this.stack, this.n + this.nClauses, 0);
      let k = 0;
      for (let v = 1; v <= this.n; v++) if (this.value[v] === 0) this.stack[k++] = v;
      const nVars = k;
      for (let c = 0; c < this.nClauses; c++) if (this.sat[c] === 0) this.stack[k++] = c;
      this.top = k;
      const children = this.leavesFrom(mark);
      root = this.split(0, nVars, nVars, k - nVars, children) ? this.and(children) : T_FALSE;
      this.top = 0;
    }
    this.undoTo(mark);
    return this.finish(root);
  }

  // ------------------------------------------------------------------ components

  /**
   * Adds to `out` the children for a set of unassigned variables and the
   * clauses still open among them (the stack's entries from `vs`, `nv` of
   * them, and from `cs`, `nc`; both ascending, and so are the lists made
   * for the components): a free leaf for each variable in no open clause,
   * and one compiled sub-circuit per connected component. False when a
   * component has no model (the conjunction is false).
   *
   * Components are found by union-find over the open clauses' unassigned
   * variables (one pass over the clauses), then counted and laid out on the
   * stack (one pass over the open clauses, one over the variables), all
   * before the first is compiled, so the scratch arrays serve every level
   * of the recursion. This is the compiler's inner loop: its cost, linear
   * in the component, is paid at every decision.
   */
  private split(vs: number, nv: number, cs: number, nc: number, out: number[]): boolean {
    const { parent, value, sat, cStart, cLen, cLits, stamp, score, role, rootOf, activeClauses, gVars, gClauses } = this;
    this.spend(nc + nv);
    let stack = this.stack;
    for (let i = vs; i < vs + nv; i++) parent[stack[i]!] = stack[i]!;
    let nActive = 0;
    for (let j = cs; j < cs + nc; j++) {
      const c = stack[j]!;
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
      rootOf[nActive++] = first;
    }
    // Number the components by root and count each one's variables and clauses.
    const st = ++this.stampNow;
    let groups = 0;
    for (let j = 0; j < nActive; j++) {
      const r = this.find(rootOf[j]!);
      rootOf[j] = r;
      if (stamp[r] !== st) {
        stamp[r] = st;
        score[r] = groups;
        gVars[groups] = 0;
        gClauses[groups++] = 0;
      }
      gClauses[score[r]!]!++;
    }
    // Variables in no open clause are free leaves; the others are counted (and their roots kept in parent[]).
    let inGroups = 0;
    for (let i = vs; i < vs + nv; i++) {
      const v = stack[i]!;
      if (value[v] !== 0) {
        parent[v] = 0;
        continue;
      }
      const r = this.find(v);
      if (stamp[r] === st) {
        gVars[score[r]!]!++;
        inGroups++;
        parent[v] = r;
      } else {
        parent[v] = 0;
        if (role[v] !== ROLE_AUX) out.push(this.freeNode(v));
      }
    }
    if (groups === 0) return true;
    // Lay out, above the parent's lists: four numbers per group, then each group's variables and clauses.
    const base = this.top;
    stack = this.stack = grown(stack, base + 4 * groups + inGroups + nActive, base);
    let at = base + 4 * groups;
    for (let g = 0; g < groups; g++) {
      const d = base + 4 * g;
      stack[d] = at;
      stack[d + 1] = gVars[g]!;
      gVars[g] = at;
      at += stack[d + 1]!;
      stack[d + 2] = at;
      stack[d + 3] = gClauses[g]!;
      gClauses[g] = at;
      at += stack[d + 3]!;
    }
    if (groups === 1) {
      // Most decisions leave the component whole: its lists are the survivors in order, no sorting by group.
      let p = gVars[0]!;
      for (let i = vs; i < vs + nv; i++) {
        const v = stack[i]!;
        if (parent[v] !== 0) stack[p++] = v;
      }
      stack.set(activeClauses.subarray(0, nActive), gClauses[0]);
    } else {
      for (let i = vs; i < vs + nv; i++) {
        const v = stack[i]!;
        const r = parent[v]!;
        if (r !== 0) stack[gVars[score[r]!]!++] = v;
      }
      for (let j = 0; j < nActive; j++) stack[gClauses[score[rootOf[j]!]!]!++] = activeClauses[j]!;
    }
    this.top = at;
    let ok = true;
    for (let g = 0; g < groups && ok; g++) {
      const d = base + 4 * g;
      const s = this.stack; // the recursion may have grown it
      const child = this.component(s[d]!, s[d + 1]!, s[d + 2]!, s[d + 3]!);
      if (child === T_FALSE) ok = false;
      else out.push(child);
    }
    this.top = base;
    return ok;
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
   * Compiles one connected component (its lists on the stack, ascending).
   * Its cache key is its variables and the open clauses of three or more
   * literals: a binary clause between two unassigned variables is open, so
   * the variables say which binary clauses are in it (as sharpSAT keys).
   */
  private component(vs: number, nv: number, cs: number, nc: number): number {
    const { long, stack } = this;
    let h = 0x811c9dc5 ^ nv;
    for (let i = vs; i < vs + nv; i++) h = Math.imul(h ^ stack[i]!, 0x01000193);
    h = Math.imul(h ^ 0x5bd1e995, 0x01000193);
    let nLong = 0;
    for (let j = cs; j < cs + nc; j++) {
      const c = stack[j]!;
      if (long[c]) {
        h = Math.imul(h ^ c, 0x01000193);
        nLong++;
      }
    }
    const hit = this.lookup(h, vs, nv, cs, nc, nv + nLong);
    if (hit >= 0) return hit;
    const node = this.decide(this.pick(vs, nv, cs, nc), vs, nv, cs, nc);
    this.store(h, vs, nv, cs, nc, nv + nLong, node);
    this.checkBudget();
    return node;
  }

  /** The node of a cached component with this key, or -1. */
  private lookup(h: number, vs: number, nv: number, cs: number, nc: number, len: number): number {
    const { stack, keys, long } = this;
    for (let e = this.table[h & (this.table.length - 1)]! - 1; e >= 0; e = this.eNext[e]! - 1) {
      if (this.eHash[e] !== h || this.eVars[e] !== nv || this.eLen[e] !== len) continue;
      let k = this.eKey[e]!;
      let same = true;
      for (let i = vs; i < vs + nv && same; i++) same = keys[k++] === stack[i];
      for (let j = cs; j < cs + nc && same; j++) {
        const c = stack[j]!;
        if (long[c]) same = keys[k++] === c;
      }
      if (same) return this.eNode[e]!;
    }
    return -1;
  }

  private store(h: number, vs: number, nv: number, cs: number, nc: number, len: number, node: number): void {
    const e = this.entries++;
    if (e >= this.eHash.length) {
      const size = 2 * this.eHash.length;
      this.eHash = grown(this.eHash, size, e);
      this.eKey = grown(this.eKey, size, e);
      this.eVars = grown(this.eVars, size, e);
      this.eLen = grown(this.eLen, size, e);
      this.eNode = grown(this.eNode, size, e);
      this.eNext = grown(this.eNext, size, e);
    }
    const keys = (this.keys = grown(this.keys, this.keysTop + len, this.keysTop));
    const stack = this.stack;
    let k = this.keysTop;
    for (let i = vs; i < vs + nv; i++) keys[k++] = stack[i]!;
    for (let j = cs; j < cs + nc; j++) if (this.long[stack[j]!]) keys[k++] = stack[j]!;
    this.eHash[e] = h;
    this.eKey[e] = this.keysTop;
    this.eVars[e] = nv;
    this.eLen[e] = len;
    this.eNode[e] = node;
    this.keysTop = k;
    if (2 * this.entries > this.table.length) {
      // Rehash into a table twice the size.
      this.table = new Int32Array(2 * this.table.length);
      for (let x = 0; x < this.entries; x++) this.link(x);
    } else this.link(e);
  }

  private link(e: number): void {
    const slot = this.eHash[e]! & (this.table.length - 1);
    this.eNext[e] = this.table[slot]!;
    this.table[slot] = e + 1;
  }

  /** A decision on x within a component: the OR of its two branches. */
  private decide(x: number, vs: number, nv: number, cs: number, nc: number): number {
    return this.or(this.branch(x, vs, nv, cs, nc), this.branch(-x, vs, nv, cs, nc));
  }

  /** The sub-circuit of a component with one more literal assigned (and what it propagates). */
  private branch(l: number, vs: number, nv: number, cs: number, nc: number): number {
    const mark = this.trailSize;
    this.assign(l);
    let node = T_FALSE;
    if (this.propagate()) {
      const children = this.leavesFrom(mark);
      if (this.split(vs, nv, cs, nc, children)) node = this.and(children);
    }
    this.undoTo(mark);
    return node;
  }

  /** The decision variable occurring in the most open clauses (any variable if none is left). */
  private pick(vs: number, nv: number, cs: number, nc: number): number {
    const { rank, value, stack, score } = this;
    if (rank) {
      let best = 0;
      for (let i = vs; i < vs + nv; i++) {
        const v = stack[i]!;
        if (value[v] === 0 && (best === 0 || rank[v]! > rank[best]!)) best = v;
      }
      return best;
    }
    for (let i = vs; i < vs + nv; i++) score[stack[i]!] = 0;
    for (let j = cs; j < cs + nc; j++) {
      const c = stack[j]!;
      const s = this.cStart[c]!;
      for (let i = s, e = s + this.cLen[c]!; i < e; i++) {
        const v = Math.abs(this.cLits[i]!);
        if (value[v] === 0) score[v]!++;
      }
    }
    let best = 0;
    let bestScore = -1;
    let fallback = 0;
    for (let i = vs; i < vs + nv; i++) {
      const v = stack[i]!;
      if (value[v] !== 0) continue;
      if (fallback === 0) fallback = v;
      if (this.role[v] === ROLE_DECISION && score[v]! > bestScore) {
        best = v;
        bestScore = score[v]!;
      }
    }
    return best || fallback;
  }
}
