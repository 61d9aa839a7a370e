import type { Solver } from './sat.js';

/**
 * Up to this many items, minimalCore searches them all, which finds the
 * preferred core (QuickXplain's: the earliest items it can use). Beyond it,
 * a refutation by unit propagation narrows the search to the items that
 * refutation used: the core is still subset-minimal, but where several
 * minimal cores exist it may not be the earliest one.
 */
export const EXACT_CORE_LIMIT = 64;

/**
 * QuickXplain (Junker, 2004): a subset-minimal set of `items` that is
 * unsatisfiable together with `background`, preferring earlier items. Returns
 * null when background plus all items are satisfiable. Needs O(k log(n/k))
 * solver calls for a core of k out of n items.
 *
 * `refuted`, when the caller has just seen background plus items refuted:
 * the solver's `failedAssumptions()` from that call (the first call is then
 * skipped, and on a model larger than EXACT_CORE_LIMIT items the search
 * narrows to them), or null when the refutation needed search.
 *
 * @example
 * // Clause (-1 or -2): literals 1 and 2 cannot hold together.
 * const s = new Solver(2);
 * s.addClause([-1, -2]);
 * minimalCore(s, [], [{ lit: 1 }, { lit: 2 }]); // => [{ lit: 1 }, { lit: 2 }]
 */
export function minimalCore<T extends { lit: number }>(
  solver: Solver,
  background: readonly number[],
  items: readonly T[],
  refuted?: readonly number[] | null,
): T[] | null {
  let failed: readonly number[] | null;
  if (refuted === undefined) {
    // Items first: callers evaluate under the same items, so the solver
    // reuses their propagation as a shared prefix.
    if (solver.satisfiable([...items.map((i) => i.lit), ...background])) return null;
    failed = solver.failedAssumptions();
  } else {
    failed = refuted;
  }
  // The search's small questions go to a twin, so the caller's solver keeps
  // its propagated settings and constraints for the questions that follow.
  const twin = solver.twin();
  const sat = (lits: readonly number[]): boolean => twin.satisfiable(lits);
  if (items.length === 0 || !sat(background)) return [];
  let candidates = items;
  if (failed !== null && items.length > EXACT_CORE_LIMIT) {
    const used = new Set(failed);
    candidates = items.filter((i) => used.has(i.lit));
  }

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
  return qx([...background], false, candidates);
}

/**
 * Like minimalCore, but first finds the fewest `preferred` items (settings)
 * that conflict, trying subsets by size, then a minimal set of the `others`
 * (constraints) with those. Falls back to a subset-minimal core when the
 * preferred items are too many to try by size.
 *
 * @example
 * // Settings 1 and 2 conflict under the constraint selected by 3.
 * const s = new Solver(3);
 * s.addClause([-3, -1, -2]);
 * smallestCore(s, [], [{ lit: 1 }, { lit: 2 }], [{ lit: 3 }]);
 * // => { preferred: [{ lit: 1 }, { lit: 2 }], others: [{ lit: 3 }] }
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
  if (solver.satisfiable([...full, ...preferred.map((p) => p.lit)])) return null;
  let chosen: P[] | null = null;
  let tries = 0;
  outer: for (let k = 0; k <= preferred.length; k++) {
    for (const subset of combinations(preferred, k)) {
      if (++tries > maxTries) break outer;
      if (!solver.satisfiable([...full, ...subset.map((p) => p.lit)])) {
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
