/**
 * Elimination orders of a CNF's primal graph (variables adjacent when they
 * share a clause), greedy by min-fill: the compilers decide the variables
 * eliminated last first, as tree-decomposition-guided compilers do.
 */
import type { ClauseSet } from './cnf.js';

/**
 * Past this many neighbours a vertex's fill is not counted (it is taken as
 * full), and once the least-fill vertex has this many the rest is ranked by
 * degree: an elimination clique of 64 variables is far past what the
 * compiler's budget lets it count, and min-fill on such a core cost minutes
 * (a generated model of 2,000 conditions and 200 scenarios whose rules reach
 * 40 conditions away: 139 s of a 149 s query, before the compiler refused it).
 */
const WIDE = 64;

/**
 * A static branching order: the reverse of a min-fill elimination order of
 * the CNF's primal graph (variables eliminated last are decided first), as
 * tree-decomposition-guided compilers do. Greedy with a lazy heap: after an
 * elimination only its neighbours' fill is counted again (the usual
 * approximation; the exact rule would recount their neighbours too), so a
 * model of thousands of variables is ordered in milliseconds.
 */
export function minFillRank(cnf: ClauseSet): Int32Array {
  const n = cnf.nVars;
  const adj: Set<number>[] = Array.from({ length: n + 1 }, () => new Set<number>());
  for (const c of cnf.clauses)
    for (const a of c)
      for (const b of c) if (Math.abs(a) !== Math.abs(b)) adj[Math.abs(a)]!.add(Math.abs(b));
  const fillOf = (v: number): number => {
    const d = adj[v]!.size;
    // A vertex this connected is eliminated late whatever its fill: counted as full, not pair by pair.
    if (d > WIDE) return (d * (d - 1)) / 2;
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
    if (adj[v]!.size > WIDE) {
      // What is left is a core too wide to count exactly (the compiler's budget will say so): it is
      // decided first, most connected first, without eliminating it (each step would cost its degree squared).
      const rest: number[] = [];
      for (let u = 1; u <= n; u++) if (alive[u]) rest.push(u);
      rest.sort((a, b) => adj[a]!.size - adj[b]!.size || a - b);
      for (const u of rest) rank[u] = step++;
      break;
    }
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
