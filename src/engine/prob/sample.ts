/**
 * Estimates for models too large to count exactly: Gibbs sampling over the
 * conditions, several chains, each condition drawn in turn from its exact
 * conditional given the others (a world breaking a hard constraint has
 * conditional weight 0, so a chain never leaves the worlds). Chains start
 * from worlds found by unit propagation with one step of look-ahead.
 *
 * The samples are drawn with the first weights asked about and re-weighted
 * for every later question (by W'(x) / W(x), the ratio of the two weights of
 * the world), so conditioning, fitting and calibration work on them as on a
 * circuit.
 *
 * The error reported is the half-width of a 95% interval for the least
 * certain scenario probability: batch means over each chain (which account
 * for the chains' autocorrelation), widened to the spread between the
 * chains' own estimates when they disagree more (a chain that has not
 * mixed). Sampling stops when it is below the target, or at the sample cap.
 *
 * Just past 400 lines, one unit: the chains, their re-weighting and the
 * error estimate share the sample store.
 */
import { ROLE_AUX, ROLE_DECISION } from './cnf.js';
import type { Cnf } from './cnf.js';
import { code, Propagator } from './propagate.js';

export interface SamplerOptions {
  /** Sweeps (each condition drawn once) at most, over all chains. */
  maxSamples: number;
  targetError: number;
  seed: number;
  /** Variables whose estimates decide when to stop (the scenarios' "holds"). */
  watch: readonly number[];
  /** Where the work done is counted (one unit per variable drawn). */
  work?: { units: number } | undefined;
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

const CHAINS = 4;
const BURN_IN = 50;
const FIRST_SWEEPS = 200;
const BATCHES = 10;

export class Sampler extends Propagator {
  readonly exact = false;
  private readonly groups: number[][];
  private readonly roleOf: Uint8Array;
  /** Variables that carry weight: decision and weighted ones. */
  private readonly weighted: Int32Array;
  private readonly words: number;
  private readonly random: () => number;
  private readonly baseMark: number;
  private readonly ok: boolean;
  private readonly assumptions: readonly number[];
  /** Gate definitions, and for each group the gates that depend on it (in order) and the units among them. */
  private readonly defs: Cnf['defs'];
  private readonly cones: Int32Array[] = [];
  private readonly coneUnits: Int32Array[] = [];
  private readonly unitLits: Int32Array;
  /** Per sample: one bit per variable (true), 32 variables a word; the chain it came from; its log weight when drawn. */
  private bits = new Int32Array(0);
  private logq: number[] = [];
  private chainOf: number[] = [];
  private drawn = false;
  private lastError = 0;
  /** How much the chains' autocorrelation widens an interval (the square root of the integrated autocorrelation time). */
  private inflation = 1;

  constructor(
    cnf: Cnf,
    assumptions: readonly number[],
    private readonly options: SamplerOptions,
  ) {
    super(cnf);
    this.random = rng(options.seed);
    this.assumptions = assumptions;
    this.groups = groupsOf(cnf);
    this.roleOf = Uint8Array.from(cnf.role.map((r) => (r < 0 ? ROLE_AUX : r)));
    const ws: number[] = [];
    for (let v = 1; v <= cnf.nVars; v++) if (cnf.role[v] !== ROLE_AUX) ws.push(v);
    this.weighted = Int32Array.from(ws);
    this.words = (cnf.nVars >> 5) + 1;
    this.defs = cnf.defs;
    this.unitLits = Int32Array.from(cnf.clauses.filter((c) => c.length === 1).map((c) => c[0]!));
    this.ok = this.start(assumptions);
    this.baseMark = this.trailSize;
    // The cone of each group: every gate that (transitively) reads one of its variables.
    const users: number[][] = Array.from({ length: cnf.nVars + 1 }, () => []);
    for (let g = 1; g <= cnf.nVars; g++) for (const p of this.defs[g]?.parts ?? []) users[Math.abs(p)]!.push(g);
    const unitVar = new Set([...this.unitLits].map(Math.abs));
    for (const g of this.groups) {
      const seen = new Set<number>();
      const stack = [...g];
      while (stack.length) {
        const v = stack.pop()!;
        for (const u of users[v]!)
          if (!seen.has(u)) {
            seen.add(u);
            stack.push(u);
          }
      }
      const cone = Int32Array.from([...seen].sort((a, b) => a - b));
      this.cones.push(cone);
      this.coneUnits.push(Int32Array.from([...this.unitLits].filter((l) => seen.has(Math.abs(l)) || g.includes(Math.abs(l)))));
      void unitVar;
    }
  }

  samples(): number {
    return this.logq.length;
  }

  error(): number {
    return this.lastError;
  }

  // ------------------------------------------------------------------ a first world

  /** A world found by propagation with look-ahead, values drawn by their weights; null after a conflict. */
  private firstWorld(w: Float64Array): Int8Array | null {
    this.undoTo(this.baseMark);
    for (const g of this.groups) {
      const lits = g.length === 1 ? (this.value[g[0]!] !== 0 ? [] : [g[0]!, -g[0]!]) : g.some((x) => this.value[x] === 1) ? [] : g.filter((x) => this.value[x] === 0);
      if (!lits.length) continue;
      const live = lits.filter((l) => {
        const mark = this.trailSize;
        this.assign(l);
        const ok = this.propagate();
        this.undoTo(mark);
        return ok;
      });
      if (!live.length) return null;
      const weights = live.map((l) => w[code(l)]!);
      const total = weights.reduce((a, b) => a + b, 0);
      let r = this.random() * total;
      let pick = live[live.length - 1]!;
      for (let i = 0; i < live.length; i++) if ((r -= weights[i]!) < 0) {
        pick = live[i]!;
        break;
      }
      this.assign(pick);
      if (!this.propagate()) return null;
    }
    const state = new Int8Array(this.n + 1);
    for (let v = 1; v <= this.n; v++) state[v] = this.value[v]! > 0 ? 1 : 0;
    this.undoTo(this.baseMark);
    // Gates propagation left open (none, when every gate is defined by its clauses) are evaluated.
    this.evaluateGates(state, null);
    return state;
  }

  // ------------------------------------------------------------------ Gibbs

  private gateValue(state: Int8Array, g: number): number {
    const d = this.defs[g]!;
    if (d.op === 'all') {
      for (const p of d.parts) if ((state[Math.abs(p)] === 1) !== p > 0) return 0;
      return 1;
    }
    for (const p of d.parts) if ((state[Math.abs(p)] === 1) === p > 0) return 1;
    return 0;
  }

  private evaluateGates(state: Int8Array, cone: Int32Array | null): void {
    if (cone) for (const g of cone) state[g] = this.gateValue(state, g);
    else for (let g = 1; g <= this.n; g++) if (this.defs[g]) state[g] = this.gateValue(state, g);
  }

  /** One sweep: each group of decision variables drawn from its conditional given the rest. */
  private sweep(state: Int8Array, logw: Float64Array, fixed: Uint8Array): void {
    if (this.options.work) this.options.work.units += this.n;
    for (let gi = 0; gi < this.groups.length; gi++) {
      const g = this.groups[gi]!;
      if (fixed[g[0]!]) continue;
      const cone = this.cones[gi]!;
      const units = this.coneUnits[gi]!;
      // The candidates: a yes/no variable's two values, or each value of a named-value condition.
      const options = g.length === 1 ? [1, 0] : g.map((_, k) => k);
      const scores: number[] = [];
      for (const o of options) {
        if (g.length === 1) state[g[0]!] = o;
        else g.forEach((x, k) => (state[x] = k === o ? 1 : 0));
        this.evaluateGates(state, cone);
        let ok = true;
        for (const u of units) if ((state[Math.abs(u)] === 1) !== u > 0) {
          ok = false;
          break;
        }
        if (!ok) {
          scores.push(-Infinity);
          continue;
        }
        let s = 0;
        for (const x of g) s += logw[state[x] === 1 ? 2 * x : 2 * x + 1]!;
        for (const c of cone) if (this.roleOf[c] !== ROLE_AUX) s += logw[state[c] === 1 ? 2 * c : 2 * c + 1]!;
        scores.push(s);
      }
      const top = Math.max(...scores);
      let pick = options.length - 1;
      if (top > -Infinity) {
        const ps = scores.map((x) => Math.exp(x - top));
        let r = this.random() * ps.reduce((a, b) => a + b, 0);
        for (let i = 0; i < ps.length; i++) if ((r -= ps[i]!) < 0) {
          pick = i;
          break;
        }
      }
      const o = options[pick]!;
      if (g.length === 1) state[g[0]!] = o;
      else g.forEach((x, k) => (state[x] = k === o ? 1 : 0));
      this.evaluateGates(state, cone);
    }
  }

  private record(state: Int8Array, chain: number, logw: Float64Array): void {
    const n = this.logq.length;
    if ((n + 1) * this.words > this.bits.length) {
      const next = new Int32Array(Math.max(this.words * 1024, this.bits.length * 2));
      next.set(this.bits);
      this.bits = next;
    }
    let lw = 0;
    for (const v of this.weighted) lw += logw[state[v] === 1 ? 2 * v : 2 * v + 1]!;
    this.logq.push(lw);
    this.chainOf.push(chain);
    const base = n * this.words;
    for (let v = 1; v <= this.n; v++) if (state[v] === 1) this.bits[base + (v >> 5)]! |= 1 << (v & 31);
  }

  private isTrue(s: number, v: number): boolean {
    return (this.bits[s * this.words + (v >> 5)]! & (1 << (v & 31))) !== 0;
  }

  private ensureDrawn(w: Float64Array): void {
    if (this.drawn || !this.ok) return;
    this.drawn = true;
    const logw = Float64Array.from(w, (x) => Math.log(x));
    const fixed = new Uint8Array(this.n + 1);
    for (const l of this.assumptions) fixed[Math.abs(l)] = 1;
    for (let i = 0; i < this.baseMark; i++) fixed[Math.abs(this.trail[i]!)] = 1;
    const states: Int8Array[] = [];
    for (let c = 0; c < CHAINS; c++) {
      let s: Int8Array | null = null;
      for (let tries = 0; tries < 200 && !s; tries++) s = this.firstWorld(w);
      if (!s) break;
      for (let b = 0; b < BURN_IN; b++) this.sweep(s, logw, fixed);
      states.push(s);
    }
    if (!states.length) return;
    let per = Math.ceil(FIRST_SWEEPS / states.length);
    let done = 0;
    while (done * states.length < this.options.maxSamples) {
      const until = Math.min(per, Math.ceil(this.options.maxSamples / states.length));
      for (; done < until; done++)
        states.forEach((s, c) => {
          this.sweep(s, logw, fixed);
          this.record(s, c, logw);
        });
      if (this.chainError(states.length) <= this.options.targetError) break;
      per *= 2;
    }
  }

  /**
   * The 95% half-width for the least certain watched variable from batch
   * means, widened to the spread of the chains' means; sets the inflation
   * used for re-weighted questions.
   */
  private chainError(chains: number): number {
    const n = this.logq.length;
    const per = Math.floor(n / chains);
    const size = Math.max(1, Math.floor(per / BATCHES));
    let worst = 0;
    let tau = 1;
    for (const v of this.options.watch) {
      const batchMeans: number[] = [];
      const chainMeans: number[] = [];
      let sum = 0;
      let sum2 = 0;
      for (let c = 0; c < chains; c++) {
        let chainSum = 0;
        let inBatch = 0;
        let batchSum = 0;
        let k = 0;
        for (let s = 0; s < n; s++) {
          if (this.chainOf[s] !== c) continue;
          const x = this.isTrue(s, v) ? 1 : 0;
          chainSum += x;
          sum += x;
          sum2 += x;
          batchSum += x;
          if (++inBatch === size) {
            batchMeans.push(batchSum / size);
            inBatch = 0;
            batchSum = 0;
          }
          k++;
        }
        chainMeans.push(k ? chainSum / k : 0);
      }
      const mean = sum / n;
      const varX = sum2 / n - mean * mean;
      const bm = batchMeans.reduce((a, b) => a + b, 0) / batchMeans.length;
      const varB = batchMeans.reduce((a, b) => a + (b - bm) * (b - bm), 0) / Math.max(1, batchMeans.length - 1);
      const half = 1.96 * Math.sqrt(varB / batchMeans.length);
      const spread = (Math.max(...chainMeans) - Math.min(...chainMeans)) / 2;
      worst = Math.max(worst, half, spread);
      if (varX > 0) tau = Math.max(tau, (size * varB) / varX);
    }
    this.inflation = Math.sqrt(tau);
    return worst;
  }

  /** The importance weight of each sample under `w`, relative to the weights it was drawn with. */
  private sampleWeights(w: Float64Array): Float64Array {
    const n = this.logq.length;
    const logw = Float64Array.from(w, (x) => Math.log(x));
    const logs = new Float64Array(n);
    let max = -Infinity;
    for (let s = 0; s < n; s++) {
      let lw = -this.logq[s]!;
      for (const v of this.weighted) lw += logw[this.isTrue(s, v) ? 2 * v : 2 * v + 1]!;
      logs[s] = lw;
      if (lw > max) max = lw;
    }
    const out = new Float64Array(n);
    if (max === -Infinity) return out;
    for (let s = 0; s < n; s++) out[s] = Math.exp(logs[s]! - max);
    return out;
  }

  /** The importance-sampling half-width under `w`, widened by the chains' autocorrelation. */
  private weightedError(sw: Float64Array): number {
    let total = 0;
    for (const x of sw) total += x;
    if (total <= 0) return Infinity;
    let worst = 0;
    for (const v of this.options.watch) {
      let hit = 0;
      for (let s = 0; s < sw.length; s++) if (this.isTrue(s, v)) hit += sw[s]!;
      const p = hit / total;
      let acc = 0;
      for (let s = 0; s < sw.length; s++) {
        const d = (this.isTrue(s, v) ? 1 : 0) - p;
        acc += sw[s]! * sw[s]! * d * d;
      }
      worst = Math.max(worst, (1.96 * Math.sqrt(acc)) / total);
    }
    return worst * this.inflation;
  }

  marginals(w: Float64Array, out: Float64Array): number {
    out.fill(0);
    this.ensureDrawn(w);
    if (!this.ok || !this.logq.length) return 0;
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
    this.lastError = this.weightedError(sw);
    return total;
  }

  /**
   * The log of a quantity proportional to the weighted count (the mean ratio
   * W'(x)/W(x)), summed in log space so that no sample's weight underflows:
   * only differences of these mean anything.
   */
  logCount(w: Float64Array): number {
    this.ensureDrawn(w);
    if (!this.ok || !this.logq.length) return -Infinity;
    const logw = Float64Array.from(w, (x) => Math.log(x));
    const lws = new Float64Array(this.logq.length);
    let top = -Infinity;
    for (let s = 0; s < this.logq.length; s++) {
      let lw = -this.logq[s]!;
      for (const v of this.weighted) lw += logw[this.isTrue(s, v) ? 2 * v : 2 * v + 1]!;
      lws[s] = lw;
      if (lw > top) top = lw;
    }
    if (top === -Infinity) return -Infinity;
    let sum = 0;
    for (const lw of lws) sum += Math.exp(lw - top);
    return top + Math.log(sum / this.logq.length);
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
