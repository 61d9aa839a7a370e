import type { Solver } from './sat.js';

/**
 * QuickXplain (Junker, 2004): a subset-minimal set of `items` that is
 * unsatisfiable together with `background`. Returns null when background plus
 * all items are satisfiable. Needs O(k log(n/k)) solver calls for a core of k
 * out of n items, so it stays fast on large models with small conflicts.
 */
export function minimalCore<T extends { lit: number }>(
  solver: Solver,
  background: readonly number[],
  items: readonly T[],
): T[] | null {
  const sat = (lits: readonly number[]): boolean => solver.solve(lits) !== null;
  const all = [...background, ...items.map((i) => i.lit)];
  if (sat(all)) return null;
  if (items.length === 0 || !sat(background)) return [];

  const qx = (b: number[], delta: boolean, c: readonly T[]): T[] => {
    if (delta && !sat(b)) return [];
    if (c.length === 1) return [c[0]!];
    const mid = Math.floor(c.length / 2);
    const c1 = c.slice(0, mid);
    const c2 = c.slice(mid);
    const d2 = qx([...b, ...c1.map((i) => i.lit)], c1.length > 0, c2);
    const d1 = qx([...b, ...d2.map((i) => i.lit)], d2.length > 0, c1);
    return [...d1, ...d2];
  };
  return qx([...background], false, items);
}

/**
 * Like minimalCore, but first finds the fewest `preferred` items (settings)
 * that conflict, trying subsets by size, then a minimal set of the `others`
 * (constraints) with those. Falls back to a subset-minimal core when the
 * preferred items are too many to try by size.
 */
export function smallestCore<P extends { lit: number }, O extends { lit: number }>(
  solver: Solver,
  background: readonly number[],
  preferred: readonly P[],
  others: readonly O[],
  maxTries = 4000,
): { preferred: P[]; others: O[] } | null {
  const otherLits = others.map((o) => o.lit);
  const full = [...background, ...otherLits];
  if (solver.solve([...full, ...preferred.map((p) => p.lit)]) !== null) return null;
  let chosen: P[] | null = null;
  let tries = 0;
  outer: for (let k = 0; k <= preferred.length; k++) {
    for (const subset of combinations(preferred, k)) {
      if (++tries > maxTries) break outer;
      if (solver.solve([...full, ...subset.map((p) => p.lit)]) === null) {
        chosen = subset;
        break outer;
      }
    }
  }
  if (chosen === null) {
    const core = minimalCore<P | O>(solver, background, [...preferred, ...others]) ?? [];
    const pset = new Set<P | O>(preferred);
    return {
      preferred: core.filter((x): x is P => pset.has(x)),
      others: core.filter((x): x is O => !pset.has(x)),
    };
  }
  const base = [...background, ...chosen.map((p) => p.lit)];
  const coreOthers = minimalCore(solver, base, others) ?? [];
  return { preferred: chosen, others: coreOthers };
}

function* combinations<T>(xs: readonly T[], k: number, start = 0, acc: T[] = []): Generator<T[]> {
  if (acc.length === k) {
    yield [...acc];
    return;
  }
  for (let i = start; i <= xs.length - (k - acc.length); i++) {
    acc.push(xs[i]!);
    yield* combinations(xs, k, i + 1, acc);
    acc.pop();
  }
}
