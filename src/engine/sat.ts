/**
 * A small, exact SAT solver: DPLL with two watched literals, unit propagation
 * and chronological backtracking, solving under assumptions.
 *
 * Why our own: scenario models are implication-heavy and small to medium, so
 * a plain DPLL answers them in microseconds, loads in no time (MiniSat compiled
 * to JS costs ~190 ms just to load on Node 20), and runs synchronously inside
 * the pure engine. Its answers are checked against brute-force enumeration
 * and against logic-solver (MiniSat) in the property tests. One unit, though
 * long: the watched literals, the trail and the model repair share their
 * arrays, as in any DPLL solver.
 *
 * The engine asks thousands of closely related questions per evaluation (the
 * same settings and constraints plus a literal or two), so each question is
 * made cheap without changing any answer:
 * - the assumptions a question shares, as a prefix, with the previous one
 *   stay assigned and propagated;
 * - a satisfiable question is first answered by repairing the last model: the
 *   newly propagated assumptions are written over it and only the clauses
 *   that lost a true literal are re-checked, each fixed by flipping a variable
 *   the assumptions leave free (the one that breaks fewest clauses, each
 *   variable at most once); the full search runs only when that fails, so a
 *   "satisfiable" answer always comes with a model of every clause;
 * - a variable that occurs with one sign only takes that sign when free (the
 *   pure-literal rule), which switches off the constraints a question leaves
 *   out;
 * - a question refuted by unit propagation alone reports which assumptions
 *   the refutation used (`failedAssumptions`), so minimal cores are searched
 *   among a handful of candidates rather than the whole model.
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
  private nVars = 0;
  private cap = 0;
  /** Clause literals as codes (2v for v, 2v+1 for -v), clause after clause. */
  private arena = new Int32Array(256);
  private arenaSize = 0;
  private cStart: number[] = [];
  private cSize: number[] = [];
  /** watches[code]: the clauses watching that literal (one of their first two). */
  private watches: number[][] = [[], []];
  /** Per literal code, the clauses containing it (for model repair); null when stale. */
  private occ: { start: Int32Array; list: Int32Array } | null = null;
  private rQueue: number[] = [];
  private rLogVar: number[] = [];
  private rLogOld: number[] = [];
  private rFlips: number[] = [];
  private rBudget = 0;
  /** Per variable: 0 unassigned, 1 true, -1 false. */
  private value = new Int8Array(1);
  /** Per variable: the clause that propagated it, ASSUMED (assumption or decision) or UNIT. */
  private reason = new Int32Array(1);
  /** Per variable: its position on the trail. */
  private pos = new Int32Array(1);
  private trail = new Int32Array(1);
  private trailSize = 0;
  private qhead = 0;
  private units: number[] = [];
  private trivialUnsat = false;
  /** Trail size once the unit clauses are propagated; -1 when they are not. */
  private unitsEnd = -1;
  private unitsConflict = false;
  /** The assumptions whose effects are on the trail, and the trail size before each. */
  private kept = new Int32Array(64);
  private marks = new Int32Array(64);
  private keptSize = 0;
  /** The last model found (per variable, 1 or -1); it satisfies every clause but those in modelViolated. */
  private model = new Int8Array(1);
  private hasModel = false;
  private modelViolated: number[] = [];
  /** The model agrees with the trail up to this position. */
  private synced = 0;
  /** Per variable: the sign it occurs with when it occurs with one only (else 0). */
  private pure: Int8Array | null = null;
  private scratch = new Uint8Array(1);
  private failed: number[] | null = null;
  private twinSolver: Solver | undefined;
  private twinClauses = 0;
  private twinUnits = 0;
  /** Counts solve() calls and search steps, for benchmarks and safety bounds. */
  public stats = { solves: 0, decisions: 0, propagations: 0, repairs: 0, searches: 0 };

  constructor(nVars = 0) {
    for (let i = 0; i < nVars; i++) this.newVar();
  }

  get variableCount(): number {
    return this.nVars;
  }

  /** Adds a fresh variable and returns it. */
  newVar(): number {
    const v = ++this.nVars;
    if (v >= this.cap) this.grow(Math.max(16, this.cap * 2));
    this.watches.push([], []);
    this.occ = null;
    // A new variable is free: the last model extends with it false.
    this.model[v] = -1;
    this.pure = null;
    return v;
  }

  private grow(cap: number): void {
    const g8 = (a: Int8Array) => {
      const b = new Int8Array(cap + 1);
      b.set(a);
      return b;
    };
    const g32 = (a: Int32Array) => {
      const b = new Int32Array(cap + 1);
      b.set(a);
      return b;
    };
    this.value = g8(this.value);
    this.model = g8(this.model);
    this.reason = g32(this.reason);
    this.pos = g32(this.pos);
    this.trail = g32(this.trail);
    this.scratch = new Uint8Array(cap + 1);
    this.cap = cap;
  }

  /** Adds a clause (a disjunction of literals). Duplicates and tautologies are tidied. */
  addClause(lits: readonly number[]): void {
    const clause: number[] = [];
    for (const l of lits) {
      this.check(l);
      if (clause.includes(-l)) return; // tautology
      if (!clause.includes(l)) clause.push(l);
    }
    // The trail was propagated without this clause.
    this.undoTo(0);
    this.unitsEnd = -1;
    this.keptSize = 0;
    this.pure = null;
    this.occ = null;
    if (clause.length === 0) {
      this.trivialUnsat = true;
      return;
    }
    if (clause.length === 1) {
      this.units.push(code(clause[0]!));
      if (this.model[Math.abs(clause[0]!)] !== Math.sign(clause[0]!)) this.hasModel = false;
      return;
    }
    const ci = this.cStart.length;
    if (this.arenaSize + clause.length > this.arena.length) {
      const b = new Int32Array(Math.max(this.arena.length * 2, this.arenaSize + clause.length));
      b.set(this.arena);
      this.arena = b;
    }
    this.cStart.push(this.arenaSize);
    this.cSize.push(clause.length);
    let satisfied = false;
    for (const l of clause) {
      const c = code(l);
      this.arena[this.arenaSize++] = c;
      if (this.model[Math.abs(l)] === Math.sign(l)) satisfied = true;
    }
    this.watches[this.arena[this.cStart[ci]!]!]!.push(ci);
    this.watches[this.arena[this.cStart[ci]! + 1]!]!.push(ci);
    if (this.hasModel && !satisfied) this.modelViolated.push(ci);
  }

  private check(l: number): void {
    if (l === 0 || !Number.isInteger(l) || Math.abs(l) > this.nVars) throw new RangeError(`literal ${l} out of range`);
  }

  /**
   * A solver with the same clauses (kept in step on each call), for a second
   * line of questions that would otherwise keep discarding this one's
   * propagated assumptions: minimal-core searches, for instance.
   */
  twin(): Solver {
    const t = (this.twinSolver ??= new Solver());
    while (t.nVars < this.nVars) t.newVar();
    for (; this.twinClauses < this.cStart.length; this.twinClauses++) {
      const s = this.cStart[this.twinClauses]!;
      const out: number[] = [];
      for (let k = 0; k < this.cSize[this.twinClauses]!; k++) out.push(lit(this.arena[s + k]!));
      t.addClause(out);
    }
    for (; this.twinUnits < this.units.length; this.twinUnits++) t.addClause([lit(this.units[this.twinUnits]!)]);
    if (this.trivialUnsat && !t.trivialUnsat) t.addClause([]);
    return t;
  }

  private litValue(c: number): number {
    const v = this.value[c >> 1]!;
    return c & 1 ? -v : v;
  }

  private assign(c: number, why: number): void {
    const v = c >> 1;
    this.value[v] = c & 1 ? -1 : 1;
    this.reason[v] = why;
    this.pos[v] = this.trailSize;
    this.trail[this.trailSize++] = c;
  }

  private undoTo(size: number): void {
    if (this.qhead > size) this.qhead = size;
    if (this.synced > size) this.synced = size;
    if (this.trailSize <= size) return;
    const trail = this.trail;
    const value = this.value;
    const pure = this.hasModel ? this.pureSigns() : null;
    const model = this.model;
    while (this.trailSize > size) {
      const v = trail[--this.trailSize]! >> 1;
      value[v] = 0;
      // A freed pure variable goes back to its sign in the model: that
      // breaks no clause, and keeps the model close to what questions need.
      if (pure !== null && pure[v] !== 0) model[v] = pure[v]!;
    }
  }

  private pureSigns(): Int8Array {
    if (this.pure === null) {
      const p = new Int8Array(this.cap + 1);
      const { start } = this.occurrences();
      for (let v = 1; v <= this.nVars; v++) {
        const pos = start[2 * v + 1]! - start[2 * v]!;
        const neg = start[2 * v + 2]! - start[2 * v + 1]!;
        if (pos > 0 && neg === 0) p[v] = 1;
        else if (neg > 0 && pos === 0) p[v] = -1;
      }
      for (const u of this.units) p[u >> 1] = 0;
      this.pure = p;
    }
    return this.pure;
  }

  /** Propagates the trail from qhead. Returns the conflicting clause, or -1. */
  private propagate(): number {
    const arena = this.arena;
    const value = this.value;
    const cStart = this.cStart;
    const cSize = this.cSize;
    const watches = this.watches;
    while (this.qhead < this.trailSize) {
      const f = this.trail[this.qhead++]! ^ 1; // the literal just made false
      const ws = watches[f]!;
      const n = ws.length;
      let i = 0;
      let j = 0;
      while (i < n) {
        const ci = ws[i++]!;
        const s = cStart[ci]!;
        let first = arena[s]!;
        // Keep the false watch second.
        if (first === f) {
          first = arena[s + 1]!;
          arena[s] = first;
          arena[s + 1] = f;
        }
        const fv = value[first >> 1]!;
        if ((first & 1 ? -fv : fv) === 1) {
          ws[j++] = ci;
          continue;
        }
        const e = s + cSize[ci]!;
        let moved = false;
        for (let k = s + 2; k < e; k++) {
          const lk = arena[k]!;
          const kv = value[lk >> 1]!;
          if ((lk & 1 ? -kv : kv) !== -1) {
            arena[s + 1] = lk;
            arena[k] = f;
            watches[lk]!.push(ci);
            moved = true;
            break;
          }
        }
        if (moved) continue;
        ws[j++] = ci;
        if (fv === 0) {
          this.stats.propagations++;
          this.assign(first, ci);
        } else {
          // Conflict: keep the rest of the watch list as it was.
          while (i < n) ws[j++] = ws[i++]!;
          ws.length = j;
          this.qhead = this.trailSize;
          return ci;
        }
      }
      if (j < n) ws.length = j;
    }
    return -1;
  }

  /**
   * The assumptions (a subset of the last call's) that unit propagation used
   * to refute the last unsatisfiable call, or null when the refutation
   * needed search (then any subset may matter). Empty when the clauses alone
   * are unsatisfiable.
   */
  failedAssumptions(): number[] | null {
    return this.failed ? [...this.failed] : null;
  }

  /**
   * The value of a literal in the model the last satisfiable call found
   * (not meaningful after an unsatisfiable one).
   */
  modelValue(lit: number): boolean {
    return this.model[lit > 0 ? lit : -lit] === (lit > 0 ? 1 : -1);
  }

  /**
   * Copies the model the last satisfiable call found (1 true, -1 false, by
   * variable) into `into`, or into a new array when `into` is too short,
   * and returns the array written.
   */
  copyModel(into?: Int8Array): Int8Array {
    const out = into && into.length >= this.nVars + 1 ? into : new Int8Array(this.nVars + 1);
    out.set(this.model.subarray(0, this.nVars + 1));
    return out;
  }

  /**
   * Finds an assignment satisfying every clause and every assumption, or
   * returns null when none exists. The returned array is indexed by variable:
   * true or false for each (index 0 unused).
   */
  solve(assumptions: readonly number[] = []): boolean[] | null {
    if (!this.satisfiable(assumptions)) return null;
    const out: boolean[] = new Array<boolean>(this.nVars + 1);
    out[0] = false;
    for (let v = 1; v <= this.nVars; v++) out[v] = this.model[v] === 1;
    return out;
  }

  /** Like solve(), without building the assignment: whether one exists. */
  satisfiable(assumptions: readonly number[] = []): boolean {
    this.stats.solves++;
    this.failed = null;
    if (this.trivialUnsat) {
      for (const l of assumptions) this.check(l);
      this.failed = [];
      return false;
    }
    if (this.unitsEnd < 0) {
      this.undoTo(0);
      this.unitsConflict = false;
      for (const u of this.units) {
        const lv = this.litValue(u);
        if (lv === -1) {
          this.unitsConflict = true;
          break;
        }
        if (lv === 0) this.assign(u, UNIT);
      }
      if (!this.unitsConflict && this.propagate() >= 0) this.unitsConflict = true;
      this.unitsEnd = this.trailSize;
      this.keptSize = 0;
    }
    if (this.unitsConflict) {
      for (const l of assumptions) this.check(l);
      this.failed = [];
      return false;
    }
    // Reuse the propagated assumptions this call shares with the last one.
    if (assumptions.length > this.kept.length) {
      const cap = Math.max(assumptions.length, 2 * this.kept.length);
      const k = new Int32Array(cap);
      k.set(this.kept);
      this.kept = k;
      const m = new Int32Array(cap);
      m.set(this.marks);
      this.marks = m;
    }
    const kept = this.kept;
    const marks = this.marks;
    const limit = Math.min(this.keptSize, assumptions.length);
    let p = 0;
    while (p < limit && kept[p] === assumptions[p]) p++;
    if (p < this.keptSize) this.undoTo(marks[p]!);
    this.keptSize = p;
    for (let i = p; i < assumptions.length; i++) this.check(assumptions[i]!);
    for (let i = p; i < assumptions.length; i++) {
      const a = assumptions[i]!;
      const c = code(a);
      marks[i] = this.trailSize;
      kept[i] = a;
      this.keptSize = i + 1;
      const lv = this.litValue(c);
      if (lv === 1) continue;
      if (lv === -1) {
        this.failed = this.analyseFinal(-1, c);
        this.dropFrom(i);
        return false;
      }
      this.assign(c, ASSUMED);
      const conflict = this.propagate();
      if (conflict >= 0) {
        this.failed = this.analyseFinal(conflict, -1);
        this.dropFrom(i);
        return false;
      }
    }
    if (this.repair()) {
      this.stats.repairs++;
      return true;
    }
    return this.search();
  }

  /** Forgets assumption i and those after it (their propagation met a conflict). */
  private dropFrom(i: number): void {
    this.undoTo(this.marks[i]!);
    this.keptSize = i;
  }

  /**
   * The assumptions a unit-propagation conflict rests on: follows, from the
   * conflicting clause (or from an assumption found false), the clauses that
   * propagated each literal back to the assumptions.
   */
  private analyseFinal(conflict: number, falseAssumption: number): number[] {
    const mark = this.scratch;
    const arena = this.arena;
    const stack: number[] = [];
    const touched: number[] = [];
    const out: number[] = [];
    const pushClause = (ci: number) => {
      const s = this.cStart[ci]!;
      const e = s + this.cSize[ci]!;
      for (let k = s; k < e; k++) {
        const v = arena[k]! >> 1;
        if (mark[v] === 0) {
          mark[v] = 1;
          touched.push(v);
          stack.push(v);
        }
      }
    };
    if (conflict >= 0) pushClause(conflict);
    else {
      const v = falseAssumption >> 1;
      out.push(lit(falseAssumption));
      mark[v] = 1;
      touched.push(v);
      stack.push(v);
    }
    while (stack.length > 0) {
      const v = stack.pop()!;
      // Unit clauses hold whatever is assumed.
      if (this.pos[v]! < this.unitsEnd) continue;
      const r = this.reason[v]!;
      if (r === ASSUMED) out.push(lit(this.trail[this.pos[v]!]!));
      else if (r >= 0) pushClause(r);
    }
    for (const v of touched) mark[v] = 0;
    return out;
  }

  /**
   * Tries to make the last model agree with the propagated assumptions, in
   * place and undoably: writes the trail entries it has not seen over it,
   * then re-checks every clause that lost a true literal, flipping a free
   * variable to satisfy it. Succeeds only when every clause is satisfied.
   */
  private repair(): boolean {
    if (!this.hasModel) return false;
    const m = this.model;
    const occ = this.occurrences();
    const queue = this.rQueue;
    const logVar = this.rLogVar;
    const logOld = this.rLogOld;
    queue.length = 0;
    logVar.length = 0;
    logOld.length = 0;
    this.rFlips.length = 0;
    for (let t = this.synced; t < this.trailSize; t++) {
      const c = this.trail[t]!;
      const v = c >> 1;
      const want = c & 1 ? -1 : 1;
      if (m[v] !== want) {
        logVar.push(v);
        logOld.push(m[v]!);
        m[v] = want;
        queue.push(c ^ 1);
      }
    }
    this.rBudget = 4 * queue.length + 64;
    let ok = true;
    for (const ci of this.modelViolated)
      if (!this.fix(ci)) {
        ok = false;
        break;
      }
    for (let q = 0; ok && q < queue.length; q++) {
      const c = queue[q]!;
      for (let k = occ.start[c]!, e = occ.start[c + 1]!; k < e; k++)
        if (!this.fix(occ.list[k]!)) {
          ok = false;
          break;
        }
    }
    for (const v of this.rFlips) this.scratch[v] = 0;
    if (!ok) {
      for (let k = logVar.length - 1; k >= 0; k--) m[logVar[k]!] = logOld[k]!;
      return false;
    }
    this.modelViolated.length = 0;
    this.synced = this.trailSize;
    return true;
  }

  /** Repair's step: satisfies clause ci in the model by a flip, if it is not already. */
  private fix(ci: number): boolean {
    const m = this.model;
    const arena = this.arena;
    const flipped = this.scratch;
    const s = this.cStart[ci]!;
    const e = s + this.cSize[ci]!;
    for (let k = s; k < e; k++) {
      const lk = arena[k]!;
      const mv = m[lk >> 1]!;
      if ((lk & 1 ? -mv : mv) === 1) return true;
    }
    let best = -1;
    let bestBreaks = Infinity;
    for (let k = s; k < e && bestBreaks > 0; k++) {
      const lk = arena[k]!;
      // A variable flipped already is a last resort: flipping it back may
      // undo the fix that flipped it (the budget ends any cycle).
      if (this.value[lk >> 1] !== 0 || flipped[lk >> 1]! >= 2) continue;
      const b = this.breaks(lk) + (flipped[lk >> 1] === 1 ? 1000 : 0);
      if (b < bestBreaks) {
        best = lk;
        bestBreaks = b;
      }
    }
    if (best < 0 || --this.rBudget < 0) return false;
    const v = best >> 1;
    if (flipped[v] === 0) this.rFlips.push(v);
    flipped[v] = flipped[v]! + 1;
    this.rLogVar.push(v);
    this.rLogOld.push(m[v]!);
    m[v] = best & 1 ? -1 : 1;
    this.rQueue.push(best ^ 1);
    return true;
  }

  /**
   * How many clauses flipping literal x true would leave with no true
   * literal (WalkSAT's break count): repair flips the literal that breaks least.
   */
  private breaks(x: number): number {
    const m = this.model;
    const arena = this.arena;
    const occ = this.occurrences();
    const nx = x ^ 1;
    let n = 0;
    for (let q = occ.start[nx]!, qe = occ.start[nx + 1]!; q < qe; q++) {
      const ci = occ.list[q]!;
      const s = this.cStart[ci]!;
      const e = s + this.cSize[ci]!;
      let other = false;
      for (let k = s; k < e; k++) {
        const lk = arena[k]!;
        if (lk === nx) continue;
        const mv = m[lk >> 1]!;
        if ((lk & 1 ? -mv : mv) === 1) {
          other = true;
          break;
        }
      }
      if (!other) n++;
    }
    return n;
  }

  /**
   * The clauses each literal occurs in, as one flat list per literal code
   * (start[c]..start[c+1] in list); rebuilt only after clauses are added.
   */
  private occurrences(): { start: Int32Array; list: Int32Array } {
    if (this.occ === null) {
      const codes = 2 * this.nVars + 2;
      const start = new Int32Array(codes + 1);
      const n = this.cStart.length;
      for (let ci = 0; ci < n; ci++)
        for (let k = this.cStart[ci]!, e = k + this.cSize[ci]!; k < e; k++) start[this.arena[k]! + 1]!++;
      for (let c = 0; c < codes; c++) start[c + 1]! += start[c]!;
      const fill = start.slice(0, codes);
      const list = new Int32Array(start[codes]!);
      for (let ci = 0; ci < n; ci++)
        for (let k = this.cStart[ci]!, e = k + this.cSize[ci]!; k < e; k++) list[fill[this.arena[k]!]!++] = ci;
      this.occ = { start, list };
    }
    return this.occ;
  }

  /**
   * The full search from the propagated assumptions: decides free variables
   * in order, each first the way the last model has it, and backtracks
   * chronologically.
   */
  private search(): boolean {
    this.stats.searches++;
    const base = this.trailSize;
    const decLit: number[] = [];
    const decSize: number[] = [];
    const decFlipped: boolean[] = [];
    let nextVar = 1;
    const n = this.nVars;
    for (;;) {
      while (nextVar <= n && this.value[nextVar] !== 0) nextVar++;
      if (nextVar > n) {
        this.model.set(this.value.subarray(0, n + 1));
        this.hasModel = true;
        this.modelViolated.length = 0;
        this.undoTo(base);
        this.synced = base;
        return true;
      }
      this.stats.decisions++;
      const first = 2 * nextVar + (this.model[nextVar] === 1 ? 0 : 1);
      decLit.push(first);
      decSize.push(this.trailSize);
      decFlipped.push(false);
      this.assign(first, ASSUMED);
      let ok = this.propagate() < 0;
      while (!ok) {
        let top = decLit.length - 1;
        while (top >= 0 && decFlipped[top]) top--;
        if (top < 0) {
          this.undoTo(base);
          return false;
        }
        decLit.length = top + 1;
        decSize.length = top + 1;
        decFlipped.length = top + 1;
        this.undoTo(decSize[top]!);
        decFlipped[top] = true;
        const other = decLit[top]! ^ 1;
        this.assign(other, ASSUMED);
        ok = this.propagate() < 0;
        nextVar = other >> 1;
      }
    }
  }
}

const ASSUMED = -1;
const UNIT = -2;

function code(l: number): number {
  return l > 0 ? 2 * l : -2 * l + 1;
}

function lit(c: number): number {
  return c & 1 ? -(c >> 1) : c >> 1;
}
