/**
 * Estimates for models too large to count exactly: importance sampling with
 * a proposal guided by unit propagation (in the manner of SampleSearch).
 * Each sample assigns the decision variables in model order: a variable unit
 * propagation has already fixed keeps its value; a free one is drawn in
 * proportion to its weights; a sample that runs into a conflict weighs 0.
 * The importance weight of a sample x is W(x) / q(x), W being the product of
 * its literal weights and q the probability the proposal gave it, so the
 * weighted share of samples where a literal holds is a consistent estimate
 * of its probability. The samples are drawn once, with the first weights
 * asked about, and re-weighted for every later question.
 *
 * The error reported is the half-width of a 95% normal interval for the
 * least certain scenario probability (the delta method for a ratio
 * estimator): Σ W_i² (x_i − p)² / (Σ W_i)². Sampling stops when it falls
 * below the target or at the sample cap.
 */
import { ROLE_AUX, ROLE_DECISION } from './cnf.js';
import type { Cnf } from './cnf.js';
import { code, Propagator } from './propagate.js';

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

const BATCH = 500;

export class Sampler extends Propagator {
  readonly exact = false;
  private readonly groups: number[][];
  /** Variables that carry weight: decision and weighted ones. */
  private readonly weighted: Int32Array;
  private readonly random: () => number;
  private baseMark = 0;
  private ok: boolean;
  /** Per sample: the literal codes of its weighted variables (flat), and log q. */
  private codes: Int32Array = new Int32Array(0);
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
    // Decision variables grouped by condition: a named-value condition's variables form one group
    // (they are the only decision variables tied by exactly-one clauses of their own).
    this.groups = groupsOf(cnf);
    const ws: number[] = [];
    for (let v = 1; v <= cnf.nVars; v++) if (cnf.role[v] !== ROLE_AUX) ws.push(v);
    this.weighted = Int32Array.from(ws);
    this.ok = this.start(assumptions);
    this.baseMark = this.trailSize;
  }

  samples(): number {
    return this.logq.length;
  }

  error(): number {
    return this.lastError;
  }

  /** Draws one sample with proposal weights `w`; returns log q, or null on a conflict. */
  private draw(w: Float64Array): number | null {
    this.undoTo(this.baseMark);
    let logq = 0;
    for (const g of this.groups) {
      if (g.length === 1) {
        const x = g[0]!;
        if (this.value[x] !== 0) continue;
        const a = w[2 * x]!;
        const b = w[2 * x + 1]!;
        const pa = a + b > 0 ? a / (a + b) : 0.5;
        const pick = this.random() < pa;
        logq += Math.log(pick ? pa : 1 - pa);
        this.assign(pick ? x : -x);
      } else {
        if (g.some((x) => this.value[x] === 1)) continue;
        const open = g.filter((x) => this.value[x] === 0);
        if (!open.length) return null;
        const total = open.reduce((t, x) => t + w[2 * x]!, 0);
        let r = this.random() * total;
        let pick = open[open.length - 1]!;
        for (const x of open) {
          r -= w[2 * x]!;
          if (r < 0) {
            pick = x;
            break;
          }
        }
        logq += Math.log(total > 0 ? w[2 * pick]! / total : 1 / open.length);
        this.assign(pick);
      }
      if (!this.propagate()) return null;
    }
    return logq;
  }

  private record(logq: number | null): void {
    const k = this.weighted.length;
    const n = this.logq.length;
    if ((n + 1) * k > this.codes.length) {
      const next = new Int32Array(Math.max(k * 1024, this.codes.length * 2));
      next.set(this.codes);
      this.codes = next;
    }
    this.logq.push(logq ?? 0);
    this.alive.push(logq !== null);
    if (logq === null) return;
    for (let i = 0; i < k; i++) {
      const v = this.weighted[i]!;
      this.codes[n * k + i] = this.value[v]! > 0 ? 2 * v : 2 * v + 1;
    }
  }

  /** The importance weight of each sample under `w` (relative; scaled to avoid overflow). */
  private sampleWeights(w: Float64Array): Float64Array {
    const k = this.weighted.length;
    const n = this.logq.length;
    const logs = new Float64Array(n);
    let max = -Infinity;
    for (let s = 0; s < n; s++) {
      if (!this.alive[s]) {
        logs[s] = -Infinity;
        continue;
      }
      let lw = -this.logq[s]!;
      for (let i = 0; i < k; i++) lw += Math.log(w[this.codes[s * k + i]!]!);
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
    while (this.logq.length < this.options.maxSamples) {
      for (let i = 0; i < BATCH; i++) this.record(this.draw(w));
      const sw = this.sampleWeights(w);
      if (this.errorOf(sw, this.options.watch) <= this.options.targetError) break;
    }
    this.undoTo(this.baseMark);
  }

  /** Half-width of the 95% interval of the least certain estimate among `vars`. */
  private errorOf(sw: Float64Array, vars: readonly number[]): number {
    const k = this.weighted.length;
    const index = new Map<number, number>();
    this.weighted.forEach((v, i) => index.set(v, i));
    let total = 0;
    let total2 = 0;
    for (let s = 0; s < sw.length; s++) {
      total += sw[s]!;
      total2 += sw[s]! * sw[s]!;
    }
    if (total <= 0) return Infinity;
    let worst = 0;
    for (const v of vars) {
      const i = index.get(v);
      if (i === undefined) continue;
      let hit = 0;
      for (let s = 0; s < sw.length; s++) if (sw[s]! > 0 && this.codes[s * k + i] === 2 * v) hit += sw[s]!;
      const p = hit / total;
      let acc = 0;
      for (let s = 0; s < sw.length; s++) {
        if (sw[s] === 0) continue;
        const x = this.codes[s * k + i] === 2 * v ? 1 : 0;
        acc += sw[s]! * sw[s]! * (x - p) * (x - p);
      }
      worst = Math.max(worst, (1.96 * Math.sqrt(acc)) / total);
    }
    // Too few effective samples: no bound worth the name.
    const ess = (total * total) / total2;
    return ess < 30 ? Math.max(worst, 0.5) : worst;
  }

  marginals(w: Float64Array, out: Float64Array): number {
    out.fill(0);
    this.ensureDrawn(w);
    if (!this.ok) return 0;
    const sw = this.sampleWeights(w);
    const k = this.weighted.length;
    let total = 0;
    for (let s = 0; s < sw.length; s++) {
      const x = sw[s]!;
      if (x === 0) continue;
      total += x;
      for (let i = 0; i < k; i++) out[this.codes[s * k + i]!]! += x;
    }
    if (total <= 0) return 0;
    for (let i = 0; i < out.length; i++) out[i]! /= total;
    // Variables fixed before sampling (aux ones carry no weight): read them off the base trail.
    for (let i = 0; i < this.baseMark; i++) {
      const l = this.trail[i]!;
      out[code(l)] = 1;
      out[code(-l)] = 0;
    }
    this.lastError = this.errorOf(sw, this.options.watch);
    return this.count(w);
  }

  count(w: Float64Array): number {
    this.ensureDrawn(w);
    if (!this.ok || this.logq.length === 0) return 0;
    // An unbiased estimate of the count, up to the constant the proposal's scaling leaves out:
    // mean of W(x)/q(x). Computed in log space, then exponentiated.
    const k = this.weighted.length;
    let sum = 0;
    for (let s = 0; s < this.logq.length; s++) {
      if (!this.alive[s]) continue;
      let lw = -this.logq[s]!;
      for (let i = 0; i < k; i++) lw += Math.log(w[this.codes[s * k + i]!]!);
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
