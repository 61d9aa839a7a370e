/**
 * A small, exact SAT solver: DPLL with two watched literals, unit propagation
 * and chronological backtracking, solving under assumptions.
 *
 * Why our own: scenario models are implication-heavy and small to medium, so
 * a plain DPLL answers them in microseconds, loads in no time (MiniSat compiled
 * to JS costs ~190 ms just to load on Node 20), and runs synchronously inside
 * the pure engine. Its answers are checked against brute-force enumeration
 * and against logic-solver (MiniSat) in the property tests.
 *
 * Literals are non-zero integers: `v` is variable v true, `-v` is v false.
 *
 * @example
 * const s = new Solver(2);
 * s.addClause([1, 2]);
 * s.addClause([-1]);
 * s.solve([]);        // => assignment with 2 true
 * s.solve([-2]);      // => null (unsatisfiable under that assumption)
 */
export class Solver {
  private nVars: number;
  private clauses: number[][] = [];
  /** watches[code(lit)] = indexes of clauses watching lit (lit is one of its first two). */
  private watches: number[][] = [];
  /** 0 unassigned, 1 true, -1 false (indexed by variable). */
  private value: Int8Array;
  private trail: number[] = [];
  private units: number[] = [];
  private trivialUnsat = false;
  /** Counts solve() calls and search steps, for benchmarks and safety bounds. */
  public stats = { solves: 0, decisions: 0, propagations: 0 };

  constructor(nVars = 0) {
    this.nVars = nVars;
    this.value = new Int8Array(nVars + 1);
    for (let i = 0; i < 2 * (nVars + 1); i++) this.watches.push([]);
  }

  get variableCount(): number {
    return this.nVars;
  }

  /** Adds a fresh variable and returns it. */
  newVar(): number {
    this.nVars++;
    const grown = new Int8Array(this.nVars + 1);
    grown.set(this.value);
    this.value = grown;
    this.watches.push([], []);
    return this.nVars;
  }

  private code(lit: number): number {
    return lit > 0 ? 2 * lit : 2 * -lit + 1;
  }

  private litValue(lit: number): number {
    const v = this.value[lit > 0 ? lit : -lit]!;
    return lit > 0 ? v : -v;
  }

  /** Adds a clause (a disjunction of literals). Duplicates and tautologies are tidied. */
  addClause(lits: readonly number[]): void {
    const seen = new Set<number>();
    for (const l of lits) {
      if (l === 0 || Math.abs(l) > this.nVars) throw new RangeError(`literal ${l} out of range`);
      if (seen.has(-l)) return; // tautology
      seen.add(l);
    }
    const clause = [...seen];
    if (clause.length === 0) {
      this.trivialUnsat = true;
      return;
    }
    if (clause.length === 1) {
      this.units.push(clause[0]!);
      return;
    }
    const idx = this.clauses.length;
    this.clauses.push(clause);
    this.watches[this.code(clause[0]!)]!.push(idx);
    this.watches[this.code(clause[1]!)]!.push(idx);
  }

  private assign(lit: number): void {
    this.value[lit > 0 ? lit : -lit] = lit > 0 ? 1 : -1;
    this.trail.push(lit);
  }

  private undoTo(size: number): void {
    while (this.trail.length > size) {
      const lit = this.trail.pop()!;
      this.value[lit > 0 ? lit : -lit] = 0;
    }
  }

  /** Propagates from trail position `from`. Returns false on conflict. */
  private propagate(from: number): boolean {
    let head = from;
    while (head < this.trail.length) {
      const falsified = -this.trail[head++]!;
      const list = this.watches[this.code(falsified)]!;
      let i = 0;
      while (i < list.length) {
        const ci = list[i]!;
        const c = this.clauses[ci]!;
        // Keep the falsified watch in position 1.
        if (c[0] === falsified) {
          c[0] = c[1]!;
          c[1] = falsified;
        }
        if (this.litValue(c[0]!) === 1) {
          i++;
          continue;
        }
        let moved = false;
        for (let k = 2; k < c.length; k++) {
          if (this.litValue(c[k]!) !== -1) {
            const tmp = c[k]!;
            c[k] = falsified;
            c[1] = tmp;
            this.watches[this.code(tmp)]!.push(ci);
            list[i] = list[list.length - 1]!;
            list.pop();
            moved = true;
            break;
          }
        }
        if (moved) continue;
        const other = this.litValue(c[0]!);
        if (other === -1) return false;
        if (other === 0) {
          this.stats.propagations++;
          this.assign(c[0]!);
        }
        i++;
      }
    }
    return true;
  }

  /**
   * Finds an assignment satisfying every clause and every assumption, or
   * returns null when none exists. The returned array is indexed by variable:
   * true or false for each (index 0 unused).
   */
  solve(assumptions: readonly number[] = []): boolean[] | null {
    this.stats.solves++;
    this.undoTo(0);
    if (this.trivialUnsat) return null;
    for (const u of [...this.units, ...assumptions]) {
      const lv = this.litValue(u);
      if (lv === -1) {
        this.undoTo(0);
        return null;
      }
      if (lv === 0) this.assign(u);
    }
    if (!this.propagate(0)) {
      this.undoTo(0);
      return null;
    }
    // Decision stack: [trail size before decision, decision literal, flipped?]
    const stack: { size: number; lit: number; flipped: boolean }[] = [];
    let nextVar = 1;
    for (;;) {
      while (nextVar <= this.nVars && this.value[nextVar] !== 0) nextVar++;
      if (nextVar > this.nVars) {
        const out: boolean[] = [false];
        for (let v = 1; v <= this.nVars; v++) out.push(this.value[v] === 1);
        this.undoTo(0);
        return out;
      }
      this.stats.decisions++;
      const size = this.trail.length;
      // Try "false" first: most conditions of a scenario model are off.
      stack.push({ size, lit: -nextVar, flipped: false });
      this.assign(-nextVar);
      let ok = this.propagate(size);
      while (!ok) {
        let top = stack[stack.length - 1];
        while (top && top.flipped) {
          stack.pop();
          top = stack[stack.length - 1];
        }
        if (!top) {
          this.undoTo(0);
          return null;
        }
        this.undoTo(top.size);
        top.flipped = true;
        top.lit = -top.lit;
        this.assign(top.lit);
        ok = this.propagate(top.size);
        nextVar = 1;
      }
    }
  }
}
