/**
 * Estimates for models too large to count exactly: importance sampling with
 * a proposal guided by unit propagation with one step of look-ahead (in the
 * manner of SampleSearch). Each sample assigns the decision variables in
 * order: a variable already fixed by propagation keeps its value; for a free
 * one each value is first tried by propagation, a value that fails is never
 * drawn, and the others are drawn in proportion to their weights. A sample
 * that still runs into a conflict weighs 0. The importance weight of a
 * sample x is W(x) / q(x), W being the product of its literal weights and q
 * the probability the proposal gave it, so the weighted share of samples
 * where a literal holds is a consistent estimate of its probability. The
 * samples are drawn once, with the first weights asked about, and
 * re-weighted for every later question.
 *
 * The error reported is the half-width of a 95% normal interval for the
 * least certain scenario probability (the delta method for a ratio
 * estimator): 1.96 · √(Σ W_i² (x_i − p)²) / Σ W_i. Sampling stops when it is
 * below the target, or at the sample cap.
 */
import { ROLE_AUX, ROLE_DECISION } from './cnf.js';
import type { Cnf } from './cnf.js';
import { Propagator } from './propagate.js';

export interface SamplerOptions {
  maxSamples: number;
  targetError: number;
  seed: number;
  /** Variables whose estimates decide when to stop (the scenarios' "holds"). */
  watch: readonly number[];
}

/** mulberry32: a small seeded generator, so an estimate is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_BATCH = 1000;

export class Sampler extends Propagator {
  readonly exact = false;
  private readonly groups: number[][];
  private readonly role: Uint8Array;
  /** Variables that carry weight: decision and weighted ones. */
  private readonly weighted: Int32Array;
  private readonly words: number;
  private readonly random: () => number;
  private readonly baseMark: number;
  private readonly ok: boolean;
  /** Per sample: one bit per variable (true), 32 variables a word. */
  private bits = new Int32Array(0);
  private logq: number[] = [];
  private alive: boolean[] = [];
  private drawn = false;
  private lastError = 0;

  constructor(
    cnf: Cnf,
    assumptions: readonly number[],
    private readonly options: SamplerOptions,
  ) {
    super(cnf);
    this.random = rng(options.seed);
    this.groups = groupsOf(cnf);
    this.role = Uint8Array.from(cnf.role.map((r) => (r < 0 ? ROLE_AUX : r)));
    const ws: number[] = [];
    for (let v = 1; v <= cnf.nVars; v++) if (cnf.role[v] !== ROLE_AUX) ws.push(v);
    this.weighted = Int32Array.from(ws);
    this.words = (cnf.nVars >> 5) + 1;
    this.ok = this.start(assumptions);
    this.baseMark = this.trailSize;
  }

  samples(): number {
    return this.logq.length;
  }

  error(): number {
    return this.lastError;
  }

  /**
   * Assigning `l` and propagating: null on a conflict, else the log of the
   * weight it brings: w(l) and, for every weighted variable it forces, that
   * value's share of the variable's weight (the assignment is undone). The
   * proposal draws in proportion to it, so what a value forces is counted
   * before it is drawn, not only after.
   */
  private tryLit(l: number, w: Float64Array): number | null {
    const mark = this.trailSize;
    this.assign(l);
    let score: number | null = null;
    if (this.propagate()) {
      score = 0;
      for (let i = mark; i < this.trailSize; i++) {
        const x = this.trail[i]!;
        const v = Math.abs(x);
        if (this.role[v] === ROLE_AUX) continue;
        const a = w[x > 0 ? 2 * v : 2 * v + 1]!;
        const b = w[x > 0 ? 2 * v + 1 : 2 * v]!;
        // Only the decision literal's own weight: weighing what it forces as well was tried and
        // made the weights far more uneven on generated models (BENCHMARKS.md).
        if (i === mark) score += Math.log(a);
        void b;
      }
    }
    this.undoTo(mark);
    return score;
  }

  /** Draws one sample with proposal weights `w`; returns log q, or null on a conflict. */
  private draw(w: Float64Array): number | null {
    this.undoTo(this.baseMark);
    let logq = 0;
    for (const g of this.groups) {
      let open: number[];
      let lits: number[];
      if (g.length === 1) {
        const x = g[0]!;
        if (this.value[x] !== 0) continue;
        lits = [x, -x];
      } else {
        if (g.some((x) => this.value[x] === 1)) continue;
        open = g.filter((x) => this.value[x] === 0);
        lits = open;
      }
      const live: number[] = [];
      const scores: number[] = [];
      for (const l of lits) {
        const sc = this.tryLit(l, w);
        if (sc !== null && sc > -Infinity) {
          live.push(l);
          scores.push(sc);
        }
      }
      if (!live.length) return null;
      const top = Math.max(...scores);
      const weights = scores.map((x) => Math.exp(x - top));
      const total = weights.reduce((a, b) => a + b, 0);
      let pick = live.length - 1;
      if (live.length > 1) {
        let r = this.random() * total;
        for (let i = 0; i < live.length; i++) {
          r -= weights[i]!;
          if (r < 0) {
            pick = i;
            break;
          }
        }
      }
      logq += Math.log(total > 0 ? weights[pick]! / total : 1 / live.length);
      this.assign(live[pick]!);
      if (!this.propagate()) return null;
    }
    return logq;
  }

  private record(logq: number | null): void {
    const n = this.logq.length;
    if ((n + 1) * this.words > this.bits.length) {
      const next = new Int32Array(Math.max(this.words * 1024, this.bits.length * 2));
      next.set(this.bits);
      this.bits = next;
    }
    this.logq.push(logq ?? 0);
    this.alive.push(logq !== null);
    if (logq === null) return;
    const base = n * this.words;
    for (let v = 1; v <= this.n; v++) if (this.value[v]! > 0) this.bits[base + (v >> 5)]! |= 1 << (v & 31);
  }

  private isTrue(s: number, v: number): boolean {
    return (this.bits[s * this.words + (v >> 5)]! & (1 << (v & 31))) !== 0;
  }

  /** The importance weight of each sample under `w` (relative; scaled to avoid overflow). */
  private sampleWeights(w: Float64Array): Float64Array {
    const n = this.logq.length;
    const logw = new Float64Array(w.length);
    for (let i = 0; i < w.length; i++) logw[i] = Math.log(w[i]!);
    const logs = new Float64Array(n);
    let max = -Infinity;
    const ws = this.weighted;
    for (let s = 0; s < n; s++) {
      if (!this.alive[s]) {
        logs[s] = -Infinity;
        continue;
      }
      let lw = -this.logq[s]!;
      for (let i = 0; i < ws.length; i++) {
        const v = ws[i]!;
        lw += logw[this.isTrue(s, v) ? 2 * v : 2 * v + 1]!;
      }
      logs[s] = lw;
      if (lw > max) max = lw;
    }
    const out = new Float64Array(n);
    if (max === -Infinity) return out;
    for (let s = 0; s < n; s++) out[s] = Math.exp(logs[s]! - max);
    return out;
  }

  private ensureDrawn(w: Float64Array): void {
    if (this.drawn || !this.ok) return;
    this.drawn = true;
    let next = FIRST_BATCH;
    while (this.logq.length < this.options.maxSamples) {
      while (this.logq.length < Math.min(next, this.options.maxSamples)) this.record(this.draw(w));
      if (this.errorOf(this.sampleWeights(w)) <= this.options.targetError) break;
      next *= 2;
    }
    this.undoTo(this.baseMark);
  }

  /** Half-width of the 95% interval of the least certain estimate among the watched variables. */
  private errorOf(sw: Float64Array): number {
    let total = 0;
    let total2 = 0;
    for (let s = 0; s < sw.length; s++) {
      total += sw[s]!;
      total2 += sw[s]! * sw[s]!;
    }
    if (total <= 0) return Infinity;
    let worst = 0;
    for (const v of this.options.watch) {
      let hit = 0;
      for (let s = 0; s < sw.length; s++) if (sw[s]! > 0 && this.isTrue(s, v)) hit += sw[s]!;
      const p = hit / total;
      let acc = 0;
      for (let s = 0; s < sw.length; s++) {
        if (sw[s] === 0) continue;
        const d = (this.isTrue(s, v) ? 1 : 0) - p;
        acc += sw[s]! * sw[s]! * d * d;
      }
      worst = Math.max(worst, (1.96 * Math.sqrt(acc)) / total);
    }
    // Too few effective samples for a normal interval to mean anything.
    return (total * total) / total2 < 30 ? Math.max(worst, 0.5) : worst;
  }

  marginals(w: Float64Array, out: Float64Array): number {
    out.fill(0);
    this.ensureDrawn(w);
    if (!this.ok) return 0;
    const sw = this.sampleWeights(w);
    let total = 0;
    for (let s = 0; s < sw.length; s++) {
      const x = sw[s]!;
      if (x === 0) continue;
      total += x;
      for (let v = 1; v <= this.n; v++) out[this.isTrue(s, v) ? 2 * v : 2 * v + 1]! += x;
    }
    if (total <= 0) return 0;
    for (let i = 0; i < out.length; i++) out[i]! /= total;
    this.lastError = this.errorOf(sw);
    return this.count(w);
  }

  count(w: Float64Array): number {
    this.ensureDrawn(w);
    if (!this.ok || this.logq.length === 0) return 0;
    // An unbiased estimate of the weighted count: the mean of W(x)/q(x).
    const logw = new Float64Array(w.length);
    for (let i = 0; i < w.length; i++) logw[i] = Math.log(w[i]!);
    let sum = 0;
    for (let s = 0; s < this.logq.length; s++) {
      if (!this.alive[s]) continue;
      let lw = -this.logq[s]!;
      for (const v of this.weighted) lw += logw[this.isTrue(s, v) ? 2 * v : 2 * v + 1]!;
      sum += Math.exp(lw);
    }
    return sum / this.logq.length;
  }
}

/** Decision variables grouped by condition (named values together), in variable order. */
function groupsOf(cnf: Cnf): number[][] {
  const seen = new Set<number>();
  const out: number[][] = [];
  const enums = cnf.enumVariables();
  for (let v = 1; v <= cnf.nVars; v++) {
    if (cnf.role[v] !== ROLE_DECISION || seen.has(v)) continue;
    const g = enums.get(v);
    if (g) {
      for (const x of g) seen.add(x);
      out.push([...g]);
    } else out.push([v]);
  }
  return out;
}
