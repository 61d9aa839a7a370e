/**
 * Unit propagation over a fixed CNF with counters per clause (true literals,
 * unassigned literals) and a trail to undo to: the shared ground of the
 * circuit compiler and the sampler. Literals are non-zero integers; a
 * literal's code is 2v for v and 2v+1 for ¬v.
 */
import type { ClauseSet } from './cnf.js';

export const code = (l: number): number => (l > 0 ? 2 * l : -2 * l + 1);

export class Propagator {
  protected readonly n: number;
  protected readonly nClauses: number;
  protected readonly cLits: Int32Array;
  protected readonly cStart: Int32Array;
  protected readonly cLen: Int32Array;
  protected readonly occStart: Int32Array;
  protected readonly occList: Int32Array;
  /** Per variable: 0 unassigned, 1 true, -1 false. */
  protected readonly value: Int8Array;
  /** Per clause: how many of its literals are true. */
  protected readonly sat: Int32Array;
  /** Per clause: how many of its literals are unassigned. */
  private readonly free: Int32Array;
  protected readonly trail: Int32Array;
  protected trailSize = 0;
  private conflict = false;
  private readonly units: number[] = [];

  constructor(cnf: ClauseSet) {
    const n = (this.n = cnf.nVars);
    const clauses = cnf.clauses;
    this.nClauses = clauses.length;
    let total = 0;
    for (const c of clauses) total += c.length;
    this.cLits = new Int32Array(total);
    this.cStart = new Int32Array(clauses.length);
    this.cLen = new Int32Array(clauses.length);
    const occCount = new Int32Array(2 * n + 2);
    let k = 0;
    clauses.forEach((c, i) => {
      this.cStart[i] = k;
      this.cLen[i] = c.length;
      for (const l of c) {
        this.cLits[k++] = l;
        occCount[code(l)]!++;
      }
    });
    this.occStart = new Int32Array(2 * n + 3);
    for (let i = 0; i < 2 * n + 2; i++) this.occStart[i + 1] = this.occStart[i]! + occCount[i]!;
    this.occList = new Int32Array(total);
    const fill = this.occStart.slice(0, 2 * n + 2);
    clauses.forEach((c, i) => {
      for (const l of c) this.occList[fill[code(l)]!++] = i;
    });
    this.value = new Int8Array(n + 1);
    this.sat = new Int32Array(clauses.length);
    this.free = Int32Array.from(this.cLen);
    this.trail = new Int32Array(n + 1);
  }

  /** Assigns the unit clauses and the assumptions and propagates; false on a conflict. */
  protected start(assumptions: readonly number[]): boolean {
    for (let i = 0; i < this.nClauses; i++) if (this.cLen[i] === 1) this.units.push(i);
    for (const l of assumptions) {
      const v = this.value[Math.abs(l)];
      if (v === 0) this.assign(l);
      else if (v !== Math.sign(l)) this.conflict = true;
    }
    return this.propagate();
  }

  /** Assigns a literal (its consequences wait for `propagate`). */
  protected assign(l: number): void {
    const v = Math.abs(l);
    this.value[v] = l > 0 ? 1 : -1;
    this.trail[this.trailSize++] = l;
    const occ = this.occList;
    const pc = code(l);
    for (let i = this.occStart[pc]!, e = this.occStart[pc + 1]!; i < e; i++) {
      const c = occ[i]!;
      this.sat[c]!++;
      this.free[c]!--;
    }
    const nc = pc ^ 1;
    for (let i = this.occStart[nc]!, e = this.occStart[nc + 1]!; i < e; i++) {
      const c = occ[i]!;
      const f = --this.free[c]!;
      if (this.sat[c] === 0) {
        if (f === 0) this.conflict = true;
        else if (f === 1) this.units.push(c);
      }
    }
  }

  /** Unit propagation; false on a conflict (the trail still holds what was assigned, for undo). */
  protected propagate(): boolean {
    while (this.units.length && !this.conflict) {
      const c = this.units.pop()!;
      if (this.sat[c]! > 0) continue;
      if (this.free[c] === 0) {
        this.conflict = true;
        break;
      }
      const s = this.cStart[c]!;
      for (let i = s, e = s + this.cLen[c]!; i < e; i++) {
        const l = this.cLits[i]!;
        if (this.value[Math.abs(l)] === 0) {
          this.assign(l);
          break;
        }
      }
    }
    const ok = !this.conflict;
    this.units.length = 0;
    this.conflict = false;
    return ok;
  }

  /** Undoes the trail back to `size` entries. */
  protected undoTo(size: number): void {
    const occ = this.occList;
    while (this.trailSize > size) {
      const l = this.trail[--this.trailSize]!;
      this.value[Math.abs(l)] = 0;
      const pc = code(l);
      for (let i = this.occStart[pc]!, e = this.occStart[pc + 1]!; i < e; i++) {
        const c = occ[i]!;
        this.sat[c]!--;
        this.free[c]!++;
      }
      const nc = pc ^ 1;
      for (let i = this.occStart[nc]!, e = this.occStart[nc + 1]!; i < e; i++) this.free[occ[i]!]!++;
    }
  }
}
