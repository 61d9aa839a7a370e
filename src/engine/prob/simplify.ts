/**
 * Bounded variable elimination of the CNF's aux variables before compiling
 * (as SAT and #SAT preprocessors do): an aux variable is replaced by the
 * resolvents of its clauses, when that does not make more clauses. An aux
 * variable is a Tseitin gate, defined by its clauses as a function of the
 * others, so every model of what remains has exactly one extension to it:
 * the weighted count, and every weighted literal's marginal, are unchanged.
 * Fewer variables and clauses make every component smaller, and finding
 * components is most of the compiler's time.
 */
import { ROLE_AUX } from './cnf.js';
import type { ClauseSet } from './cnf.js';

/** Resolving on a variable is tried only when it has at most this many clauses on each side (its cost grows as their product). */
const MAX_SIDE = 12;
/**
 * Nor when a resolvent would be longer than this: long clauses join more
 * variables, so components stay together longer. Measured on generated
 * models (bench/numbers.mjs): with no bound, 100 conditions and 30
 * scenarios compiled in 2.2 s; with this one, in 0.7 s (3 to 6 is as good).
 */
const MAX_RESOLVENT = 4;

export function eliminateAux(cnf: ClauseSet): ClauseSet {
  const n = cnf.nVars;
  const clauses: (number[] | null)[] = cnf.clauses.map((c) => [...new Set(c)]);
  // Drop tautologies (a clause with v and ¬v) once and for all.
  for (let i = 0; i < clauses.length; i++) if (clauses[i]!.some((l) => clauses[i]!.includes(-l))) clauses[i] = null;
  const occ: Set<number>[] = Array.from({ length: 2 * n + 2 }, () => new Set<number>());
  const at = (l: number) => (l > 0 ? 2 * l : -2 * l + 1);
  clauses.forEach((c, i) => {
    if (c) for (const l of c) occ[at(l)]!.add(i);
  });
  const role = cnf.role;
  // Cheapest first: by the number of resolvents it could make.
  const candidates: number[] = [];
  for (let v = 1; v <= n; v++) if (role[v] === ROLE_AUX) candidates.push(v);
  candidates.sort((a, b) => occ[2 * a]!.size * occ[2 * a + 1]!.size - occ[2 * b]!.size * occ[2 * b + 1]!.size || a - b);
  for (const v of candidates) {
    const pos = [...occ[2 * v]!];
    const neg = [...occ[2 * v + 1]!];
    if (pos.length === 0 && neg.length === 0) continue;
    if (pos.length > MAX_SIDE || neg.length > MAX_SIDE) continue;
    const resolvents: number[][] = [];
    let ok = true;
    for (const p of pos) {
      for (const q of neg) {
        const r = new Set<number>();
        let taut = false;
        for (const l of clauses[p]!) if (l !== v) r.add(l);
        for (const l of clauses[q]!) {
          if (l === -v) continue;
          if (r.has(-l)) {
            taut = true;
            break;
          }
          r.add(l);
        }
        if (taut) continue;
        if (r.size === 0) ok = false;
        if (r.size > MAX_RESOLVENT) ok = false;
        resolvents.push([...r]);
      }
      if (!ok || resolvents.length > pos.length + neg.length) break;
    }
    // Only when neither the clauses nor their literals grow, no resolvent is long, and none is empty (left for propagation to find).
    if (!ok || resolvents.length > pos.length + neg.length) continue;
    let before = 0;
    for (const i of [...pos, ...neg]) before += clauses[i]!.length;
    let after = 0;
    for (const r of resolvents) after += r.length;
    if (after > before) continue;
    for (const i of [...pos, ...neg]) {
      for (const l of clauses[i]!) occ[at(l)]!.delete(i);
      clauses[i] = null;
    }
    for (const r of resolvents) {
      const i = clauses.length;
      clauses.push(r);
      for (const l of r) occ[at(l)]!.add(i);
    }
  }
  return { nVars: n, clauses: clauses.filter((c): c is number[] => c !== null).map((c) => c.sort((a, b) => Math.abs(a) - Math.abs(b) || a - b)), role };
}
