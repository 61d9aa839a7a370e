/**
 * The model's distribution over worlds, and exact answers about it.
 *
 * A world assigns every condition a value and satisfies every hard
 * constraint. Its weight is the product of
 * - each condition's prior for its value,
 * - (1 − p) for each soft constraint (probability p) it breaks,
 * - each evidence factor whose evidence and scenario both hold in it,
 * - each scenario's odds factor (and fitted calibration factor) where it holds,
 * - the likelihood of what was observed (dated observations, see time.ts),
 * and the user's hard settings keep only the worlds that agree with them.
 * The user's own probabilities for conditions are then met exactly by
 * Jeffrey's rule (several at once: iterative proportional fitting, which
 * finds the distribution closest to the model's, in relative entropy, with
 * those marginals).
 *
 * Answers are exact, by weighted model counting over a compiled circuit
 * (circuit.ts); on a model too large to compile within the budget they are
 * estimates by Gibbs sampling (sample.ts), labelled as such with their error.
 *
 * One unit, though long: the weights, the counters that answer with them,
 * Jeffrey's fitting and the calibration all read and write the same literal
 * weight vector and circuit scratch; split, each part would need the
 * others' internals.
 */
import { CompileBudgetError, compileCnf, literalMarginals, logCount, scratchFor } from './circuit.js';
import type { Circuit, PassScratch } from './circuit.js';
import { encode } from './encode.js';
import { beyondFromData, circuitData, circuitFromData, cnfDigest, jacobianFromData, PREPARED_VERSION, thetaFromData } from './prepared.js';
import type { PreparedBeyond, PreparedDistribution } from './prepared.js';
import type { Encoding } from './encode.js';
import { evidenceFactor, modelParams } from './params.js';
import type { Params } from './params.js';
import { Sampler } from './sample.js';
import { eventObservations, observationEffects } from './time.js';
import type { Observation, ObservationEffect } from './time.js';
import type { Model, Value } from '../types.js';

type Effects = Map<string, { effect: ObservationEffect; observation: Observation }>;

/** What a question puts on the distribution. */
export interface ProbInputs {
  /** Values at the horizon: the user's settings and what observations establish. */
  hard: ReadonlyMap<string, Value>;
  /** Likelihood factor per value, per condition (soft observations). */
  likelihood: ReadonlyMap<string, ReadonlyMap<Value, number>>;
  /** The user's own probabilities per value, met exactly (Jeffrey). */
  jeffrey: ReadonlyMap<string, ReadonlyMap<Value, number>>;
}

export const NO_INPUTS: ProbInputs = { hard: new Map(), likelihood: new Map(), jeffrey: new Map() };

export interface ProbAnswer {
  method: 'exact' | 'estimate';
  /** For an estimate: the half-width of the 95% interval of the least certain probability; 0 when exact. */
  error: number;
  /** For an estimate: how many samples it rests on. */
  samples?: number | undefined;
  /** Per scenario (model order): the probability that it holds. */
  scenarios: number[];
  /** The probability that no scenario holds. */
  residual: number;
  /** overlaps[i][j]: the probability that scenarios i and j both hold (when asked). */
  overlaps: number[][] | null;
  /** Per condition: the probability of each value. */
  conditions: Map<string, Map<Value, number>>;
}

/** The inputs cannot be met: a probability asked of a value the constraints exclude, or calibration targets that cannot hold together. */
export class InfeasibleError extends Error {
  constructor(
    message: string,
    readonly what: { kind: 'jeffrey'; condition: string } | { kind: 'calibration'; scenario: string },
  ) {
    super(message);
    this.name = 'InfeasibleError';
  }
}

/** Numerical tolerance of the fitted marginals (Jeffrey settings and calibration targets). */
export const FIT_TOLERANCE = 1e-11;
const MAX_SWEEPS = 5000;

/** A question's counter: exact over a circuit, or an estimate over samples. */
interface Counter {
  readonly exact: boolean;
  /** Literal marginals under weights `w`; returns the weighted count. */
  marginals(w: Float64Array, out: Float64Array): number;
  /** The natural log of the weighted count under `w` (−Infinity when 0): only differences of these mean anything. */
  logCount(w: Float64Array): number;
  /** The error bound of the estimates from the last `marginals` (0 when exact). */
  error(): number;
  samples(): number | undefined;
}

class CircuitCounter implements Counter {
  readonly exact = true;
  private readonly scratch: PassScratch;
  constructor(
    readonly circuit: Circuit,
    private readonly work: { units: number },
  ) {
    this.scratch = scratchFor(circuit);
    work.units += circuit.size;
  }
  marginals(w: Float64Array, out: Float64Array): number {
    this.work.units += 2 * this.circuit.size;
    return literalMarginals(this.circuit, w, this.scratch, out);
  }
  logCount(w: Float64Array): number {
    this.work.units += this.circuit.size;
    return logCount(this.circuit, w, this.scratch);
  }
  error(): number {
    return 0;
  }
  samples(): undefined {
    return undefined;
  }
}

/**
 * Circuit nodes one compilation may build before the model counts as too
 * large, and the work it may do (clauses and variables visited looking for
 * components, see components.ts): about two seconds on the machine of
 * BENCHMARKS.md, which compiles a generated model of 500 conditions and 100
 * scenarios within it (86,000 nodes, 21 million visits). Past either, the
 * answer is an estimate.
 */
export const DEFAULT_MAX_NODES = 250_000;
export const DEFAULT_MAX_COMPILE_WORK = 25_000_000;
/** Compile work (visits) per unit of `work` (about a microsecond). */
const VISITS_PER_UNIT = 10;
/** Gibbs sweeps an estimate makes at most, over all its chains. */
export const DEFAULT_MAX_SWEEPS = 4_000;
/**
 * Condition draws an estimate makes at most (sweeps × variables): on a large
 * model it makes fewer sweeps than DEFAULT_MAX_SWEEPS, so one estimate costs
 * a few seconds at most; its error, reported with it, is then larger.
 */
export const DEFAULT_MAX_SAMPLE_WORK = 4_000_000;
/** Sweeps an estimate makes however large the model (its error says what they are worth). */
export const MIN_SWEEPS = 200;

/** An estimate stops sampling once every scenario's 95% half-width is below this. */
export const DEFAULT_TARGET_ERROR = 0.005;

export interface DistributionOptions {
  /** Most circuit nodes to compile before falling back to an estimate (default DEFAULT_MAX_NODES). */
  maxNodes?: number | undefined;
  /** Most compile work (default DEFAULT_MAX_COMPILE_WORK). */
  maxCompileWork?: number | undefined;
  /** Gibbs sweeps an estimate makes at most (default DEFAULT_MAX_SWEEPS). */
  maxSamples?: number | undefined;
  /** The estimate's target error (default DEFAULT_TARGET_ERROR). */
  targetError?: number | undefined;
  /** Seed of the sampler (estimates are reproducible). */
  seed?: number | undefined;
  /**
   * The circuit and calibration that `prepare()` gave for this model, saved
   * earlier: used when they check out (same clauses, intact, targets met),
   * ignored otherwise (prepared.ts).
   */
  prepared?: unknown;
}

/**
 * Everything the probabilistic side keeps per model: its encoding, its
 * circuits (the model's own, or per set of hard values when the model's is
 * too large), and the calibration fitted for its own parameters.
 */
export class Distribution {
  private encCache: Encoding | undefined;
  /** The model as weighted clauses: built when first needed (a statuses-only evaluation never needs it). */
  get enc(): Encoding {
    return (this.encCache ??= encode(this.model));
  }
  private modelCircuit: Circuit | null | undefined;
  private readonly baked = new Map<string, Counter>();
  private readonly maxNodes: number;
  /** The compile work budget: the option, or DEFAULT_MAX_COMPILE_WORK. */
  private readonly maxWork: number;
  private readonly options: DistributionOptions;
  /**
   * The work done so far, in units of about a microsecond each: circuit
   * nodes built and visited, variables drawn by the sampler. Analyses that
   * make many evaluations budget by it (deterministic, unlike a clock).
   */
  readonly work = { units: 0 };
  /** Per condition id: its variables and values (a yes/no condition has one variable). */
  private condVarsCache: { id: string; values: Value[]; vars: number[]; bool: boolean }[] | undefined;
  private get condVars(): { id: string; values: Value[]; vars: number[]; bool: boolean }[] {
    return (this.condVarsCache ??= this.model.conditions.map((c) => {
      if (c.values === null) return { id: c.id, values: [true, false], vars: [this.enc.cnf.boolOf(c.id)!], bool: true };
      const m = this.enc.cnf.enumOf(c.id)!;
      return { id: c.id, values: [...c.values], vars: c.values.map((v) => m.get(v)!), bool: false };
    }));
  }

  constructor(
    readonly model: Model,
    options: DistributionOptions = {},
  ) {
    this.options = options;
    this.maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
    this.maxWork = options.maxCompileWork ?? DEFAULT_MAX_COMPILE_WORK;
    if (options.prepared !== undefined) this.restore(options.prepared);
  }

  /**
   * The question-independent work as data to save: the model's circuit and
   * the calibration fitted to its own parameters (computing both if not yet
   * done); for a model too large for a circuit of its own, the budget it is
   * past (null when that came from saved data, which says so already).
   */
  prepare(): PreparedDistribution | PreparedBeyond | null {
    if (!this.compiledWhole) {
      if (this.restored.beyond) return null;
      return { version: PREPARED_VERSION, cnf: cnfDigest(this.enc.cnf), beyond: { maxNodes: this.maxNodes, maxWork: this.maxWork } };
    }
    let theta: number[] | null | undefined;
    try {
      theta = this.base.theta;
    } catch {
      theta = undefined; // targets that cannot be met: every question says so itself
    }
    return {
      version: PREPARED_VERSION,
      cnf: cnfDigest(this.enc.cnf),
      circuit: circuitData(this.modelCircuit!),
      ...(theta === undefined ? {} : { theta }),
      jacobian: this.lastJacobian ?? null,
    };
  }

  /**
   * What was taken from the `prepared` option: the circuit, the calibration,
   * or that the model's circuit is past this budget (all false without it).
   */
  readonly restored = { circuit: false, calibration: false, beyond: false };

  /** Adopts saved work that checks out; what does not is left to be computed (see `prepared`). */
  private restore(saved: unknown): void {
    const beyond = beyondFromData(saved, this.enc.cnf);
    if (beyond) {
      // Past a budget at least as large as this one: compiling would be refused again.
      if (this.maxNodes <= beyond.maxNodes && this.maxWork <= beyond.maxWork) {
        this.modelCircuit = null;
        this.restored.beyond = true;
      }
      return;
    }
    const circuit = circuitFromData(saved, this.enc.cnf);
    if (!circuit) return;
    this.modelCircuit = circuit;
    this.restored.circuit = true;
    const theta = thetaFromData(saved, this.model.scenarios.length);
    if (theta === undefined) return;
    const params = this.baseParamsOnly;
    const cal = this.model.info.calibration;
    const needed = cal !== undefined && params.targets.size > 0;
    if (theta === null) {
      if (!needed) {
        this.baseCache = { params, theta: null };
        this.restored.calibration = true;
      }
      return;
    }
    if (!needed) return;
    // Accepted only if the factors meet every target as a fit would leave them (the fit is unique).
    const { inputs } = this.inputsFor(params, this.eventObservations(cal.asOf), cal.asOf);
    const counter = this.counterFor(inputs.hard);
    const marg = new Float64Array(2 * this.enc.cnf.nVars + 2);
    counter.marginals(this.weights(params, theta, inputs), marg);
    const met = this.model.scenarios.every((s, i) => {
      const t = params.targets.get(s.id);
      return t === undefined || Math.abs(marg[2 * this.enc.holds[i]!]! - t) < FIT_TOLERANCE;
    });
    if (!met) return;
    this.baseCache = { params, theta };
    this.restored.calibration = true;
    const jacobian = jacobianFromData(saved);
    if (jacobian) this.lastJacobian = jacobian;
  }

  /** Whether the model has a clock (observations are then evidence, not facts). */
  get hasTime(): boolean {
    return this.model.info.time !== undefined;
  }

  private paramsCache: Params | undefined;
  /** The model's own parameters, without fitting the calibration. */
  get baseParamsOnly(): Params {
    return (this.paramsCache ??= modelParams(this.model));
  }

  private baseCache: { params: Params; theta: number[] | null } | undefined;
  /** The model's own parameters and the calibration fitted to them (computed once). */
  get base(): { params: Params; theta: number[] | null } {
    if (!this.baseCache) {
      const params = this.baseParamsOnly;
      this.baseCache = { params, theta: this.calibrate(params) };
    }
    return this.baseCache;
  }

  // ------------------------------------------------------------------ counters

  private counterFor(hard: ReadonlyMap<string, Value>): Counter {
    if (this.modelCircuit === undefined) this.modelCircuit = this.compile([]) ?? null;
    if (this.modelCircuit) return (this.modelCounter ??= new CircuitCounter(this.modelCircuit, this.work));
    const assumptions = [...hard].map(([c, v]) => this.enc.cnf.valueLit(c, v)).sort((a, b) => a - b);
    const key = assumptions.join(',');
    const hit = this.baked.get(key);
    if (hit) return hit;
    let circuit: Circuit | undefined;
    // With nothing to bake in, the compilation that just failed would fail again: straight to the sampler.
    if (assumptions.length) circuit = this.compile(assumptions);
    const counter: Counter = circuit
      ? new CircuitCounter(circuit, this.work)
      : new Sampler(this.enc.cnf, assumptions, {
          maxSamples:
            this.options.maxSamples ?? Math.max(MIN_SWEEPS, Math.min(DEFAULT_MAX_SWEEPS, Math.floor(DEFAULT_MAX_SAMPLE_WORK / Math.max(1, this.enc.cnf.nVars)))),
          work: this.work,
          targetError: this.options.targetError ?? DEFAULT_TARGET_ERROR,
          seed: this.options.seed ?? 1,
          watch: this.enc.holds,
        });
    if (this.baked.size >= 16) this.baked.delete(this.baked.keys().next().value!);
    this.baked.set(key, counter);
    return counter;
  }
  private modelCounter: CircuitCounter | undefined;

  /** The model's circuit with those literals baked in, or undefined past the budget; its work is counted either way. */
  private compile(assumptions: readonly number[]): Circuit | undefined {
    try {
      const circuit = compileCnf(this.enc.cnf, { assumptions, maxNodes: this.maxNodes, maxWork: this.maxWork, order: 'minfill' });
      this.work.units += Math.round(circuit.work / VISITS_PER_UNIT);
      return circuit;
    } catch (e) {
      if (!(e instanceof CompileBudgetError)) throw e;
      this.work.units += this.maxNodes + Math.round(this.maxWork / VISITS_PER_UNIT);
      return undefined;
    }
  }

  /** Whether the model's own circuit was found past the compile budget (here, or by saved data that says so). */
  get pastBudget(): boolean {
    return this.modelCircuit === null;
  }

  /** The size of the model's own circuit, once compiled; null when it is past the budget (or not compiled yet). */
  get circuitSize(): number | null {
    return this.modelCircuit ? this.modelCircuit.size : null;
  }

  /** The work compiling the model's own circuit took (0 when not compiled here: not yet, past the budget, or read back from data). */
  get circuitWork(): number {
    return this.modelCircuit ? this.modelCircuit.work : 0;
  }

  /** Whether answers are exact on this model without baking hard values in (a circuit of its own). */
  get compiledWhole(): boolean {
    this.counterFor(new Map());
    return this.modelCircuit !== null;
  }

  // ------------------------------------------------------------------ weights

  /**
   * The literal weights for the given parameters, calibration factors and
   * inputs, with Jeffrey multipliers `jm` (per condition, per value).
   * Each variable's pair of weights is scaled to a maximum of 1 (a constant
   * factor per variable changes no probability, and keeps counts in range).
   */
  weights(params: Params, theta: readonly number[] | null, inputs: ProbInputs, jm?: ReadonlyMap<string, ReadonlyMap<Value, number>>): Float64Array {
    const w = Float64Array.from(this.staticWeights(params));
    for (const cv of this.condVars)
      if (inputs.hard.has(cv.id) || inputs.likelihood.has(cv.id) || jm?.has(cv.id)) this.setCondition(w, cv, params, inputs, jm?.get(cv.id));
    if (theta) this.model.scenarios.forEach((_, i) => pair(w, this.enc.holds[i]!, params.scenarioFactor[i]! * theta[i]!, 1));
    return w;
  }

  private readonly staticCache = new WeakMap<Params, Float64Array>();
  /** The weights a set of parameters gives before any question (computed once per parameters object). */
  private staticWeights(params: Params): Float64Array {
    const hit = this.staticCache.get(params);
    if (hit) return hit;
    const w = new Float64Array(2 * this.enc.cnf.nVars + 2).fill(1);
    for (const cv of this.condVars) this.setCondition(w, cv, params, NO_INPUTS, undefined);
    this.model.constraints.forEach((_, k) => {
      const f = this.enc.soft[k]!;
      if (f) pair(w, f, 1, 1 - params.soft[k]!);
    });
    this.model.scenarios.forEach((_, i) => {
      pair(w, this.enc.holds[i]!, params.scenarioFactor[i]!, 1);
      this.enc.evidence[i]!.forEach((e, j) => pair(w, e, evidenceFactor(this.model, params, i, j).factor, 1));
    });
    this.staticCache.set(params, w);
    return w;
  }

  private setCondition(
    w: Float64Array,
    cv: (typeof this.condVars)[number],
    params: Params,
    inputs: ProbInputs,
    jm: ReadonlyMap<Value, number> | undefined,
  ): void {
    const hard = inputs.hard.get(cv.id);
    const prior = params.prior.get(cv.id)!;
    const lik = inputs.likelihood.get(cv.id);
    const raw = cv.values.map((v) =>
      hard !== undefined ? (v === hard ? 1 : 0) : (prior.get(v) ?? 0) * (lik?.get(v) ?? 1) * (jm?.get(v) ?? 1),
    );
    const max = Math.max(...raw);
    const scaled = max > 0 ? raw.map((x) => x / max) : raw;
    if (cv.bool) {
      const x = cv.vars[0]!;
      w[2 * x] = scaled[0]!;
      w[2 * x + 1] = scaled[1]!;
    } else {
      cv.vars.forEach((x, k) => {
        w[2 * x] = scaled[k]!;
        w[2 * x + 1] = 1;
      });
    }
  }

  /** The probability of each value of a condition, from literal marginals. */
  private conditionMarginals(out: Float64Array): Map<string, Map<Value, number>> {
    const res = new Map<string, Map<Value, number>>();
    for (const cv of this.condVars) {
      const m = new Map<Value, number>();
      if (cv.bool) {
        m.set(true, out[2 * cv.vars[0]!]!);
        m.set(false, out[2 * cv.vars[0]! + 1]!);
      } else cv.vars.forEach((x, k) => m.set(cv.values[k]!, out[2 * x]!));
      res.set(cv.id, m);
    }
    return res;
  }

  // ------------------------------------------------------------------ inputs

  /**
   * The inputs that a set of observations (as of a date) and the user's
   * settings make: established and past-horizon observations become hard
   * values, the rest likelihood factors. A user's setting of a condition
   * replaces the observations of it.
   */
  inputsFor(
    params: Params,
    observations: readonly Observation[],
    asOf: string | undefined,
    user: { hard?: ReadonlyMap<string, Value>; jeffrey?: ReadonlyMap<string, ReadonlyMap<Value, number>> } = {},
  ): { inputs: ProbInputs; effects: Map<string, { effect: ObservationEffect; observation: Observation }> } {
    // The same observations under the same judgements give the same effects: calibration and the
    // question ask for them with the same objects, and a sensitivity swing of a judgement these
    // observations do not read (most of them) finds them again under a fresh copy of the parameters.
    const byObs = this.effectsCache.get(observations) ?? new Map<string, Effects>();
    this.effectsCache.set(observations, byObs);
    const key = effectsKey(params, observations, asOf);
    let effects = byObs.get(key);
    if (!effects) {
      effects = observationEffects(
        this.model,
        observations,
        {
          hazard: (c) => params.hazard.get(c.id) ?? 'uniform',
          halfLife: (c) => params.halfLife.get(c.id)!,
          prior: (c) => params.prior.get(c.id)!,
        },
        asOf,
      );
      if (byObs.size >= 256) byObs.clear();
      byObs.set(key, effects);
    }
    const hard = new Map<string, Value>();
    const likelihood = new Map<string, ReadonlyMap<Value, number>>();
    for (const [id, { effect }] of effects) {
      if (user.hard?.has(id) || user.jeffrey?.has(id)) continue;
      if (effect.kind === 'hard') hard.set(id, effect.value);
      else likelihood.set(id, effect.factors);
    }
    for (const [id, v] of user.hard ?? []) hard.set(id, v);
    const jeffrey = new Map(user.jeffrey ?? []);
    return { inputs: { hard, likelihood, jeffrey }, effects };
  }

  private readonly effectsCache = new WeakMap<readonly Observation[], Map<string, Effects>>();
  private readonly eventsCache = new Map<string, Observation[]>();

  /** The observations the model's events make up to a date. */
  eventObservations(asOf: string | undefined): Observation[] {
    const key = asOf ?? '';
    let hit = this.eventsCache.get(key);
    if (!hit) {
      hit = eventObservations(this.model.events).filter((o) => asOf === undefined || o.date <= asOf);
      if (this.eventsCache.size >= 64) this.eventsCache.clear();
      this.eventsCache.set(key, hit);
    }
    return hit;
  }

  // ------------------------------------------------------------------ calibration

  /**
   * Fits one odds factor per calibrated scenario so that, with the events up
   * to the calibration date applied and nothing else set, each scenario's
   * probability meets its target: cyclic I-projections (iterative scaling),
   * which converge to the distribution closest to the uncalibrated one in
   * relative entropy. Returns null when the model states no targets.
   */
  calibrate(params: Params, start?: readonly number[] | null): number[] | null {
    const cal = this.model.info.calibration;
    if (!cal || params.targets.size === 0) return null;
    const { inputs } = this.inputsFor(params, this.eventObservations(cal.asOf), cal.asOf);
    const counter = this.counterFor(inputs.hard);
    const theta = start ? [...start] : this.model.scenarios.map(() => 1);
    const targets = this.model.scenarios
      .map((s, i) => ({ i, id: s.id, t: params.targets.get(s.id) }))
      .filter((x): x is { i: number; id: string; t: number } => x.t !== undefined);
    const w = this.weights(params, theta, inputs);
    const infeasible = (id: string, t: number, p: number) =>
      new InfeasibleError(`calibration: ${id} cannot have probability ${t} on ${cal.asOf}: it ${p <= 0 ? 'cannot hold' : 'holds in every world'} then`, {
        kind: 'calibration',
        scenario: id,
      });
    const setTheta = (i: number, value: number) => {
      theta[i] = value;
      pair(w, this.enc.holds[i]!, params.scenarioFactor[i]! * value, 1);
    };
    // Newton's method on the log-factors first: the Jacobian of the scenario probabilities is their
    // covariance, P(a and b) - P(a)P(b), so each step costs one pass per target. Fast when it
    // converges (a handful of steps from the last fit); the cyclic scaling below is the fallback.
    if (counter.exact && this.newton(counter, w, targets, theta, setTheta, infeasible)) return theta;
    for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      let worst = 0;
      for (const { i, id, t } of targets) {
        const h = this.enc.holds[i]!;
        const z = counter.logCount(w);
        const keep = w[2 * h + 1]!;
        w[2 * h + 1] = 0;
        const zh = counter.logCount(w);
        w[2 * h + 1] = keep;
        const p = z > -Infinity ? Math.exp(zh - z) : 0;
        worst = Math.max(worst, Math.abs(p - t));
        if (p <= 0 || p >= 1) throw infeasible(id, t, p);
        setTheta(i, theta[i]! * ((t / (1 - t)) / (p / (1 - p))));
      }
      if (worst < FIT_TOLERANCE) return theta;
    }
    throw new InfeasibleError(
      `calibration: the targets for ${targets.map((t) => t.id).join(', ')} cannot all be met together on ${cal.asOf}`,
      { kind: 'calibration', scenario: targets[0]!.id },
    );
  }

  /**
   * Newton's method for the calibration factors, with step halving; true
   * when every target is met to FIT_TOLERANCE, false to leave it to the
   * cyclic scaling (also when a step fails to improve).
   */
  private lastJacobian: { key: string; J: number[][] } | undefined;

  private newton(
    counter: Counter,
    w: Float64Array,
    targets: readonly { i: number; id: string; t: number }[],
    theta: number[],
    setTheta: (i: number, value: number) => void,
    infeasible: (id: string, t: number, p: number) => Error,
  ): boolean {
    const k = targets.length;
    const marg = new Float64Array(w.length);
    const logit = (x: number) => Math.log(x / (1 - x));
    const probs = (): number[] => {
      counter.marginals(w, marg);
      return targets.map(({ i }) => marg[2 * this.enc.holds[i]!]!);
    };
    // Newton on the log-odds: with one target the log-odds are linear in the log-factor, so it
    // lands in one step; with several, nearly so. Merit: the largest log-odds miss.
    const miss = (q: readonly number[]) => q.map((x, j) => logit(x) - logit(targets[j]!.t));
    const meritOf = (q: readonly number[]) => Math.max(...miss(q).map(Math.abs));
    const start = targets.map(({ i }) => theta[i]!);
    let p = probs();
    targets.forEach(({ id, t }, j) => {
      if (p[j]! <= 0 || p[j]! >= 1) throw infeasible(id, t, p[j]!);
    });
    let merit = meritOf(p);
    const done = () => p.every((x, j) => Math.abs(x - targets[j]!.t) < FIT_TOLERANCE);
    // The chord method first: the last fit's Jacobian, reused (one pass a step). A judgement
    // swung a little, as a sensitivity analysis does, barely changes it.
    const key = targets.map((t) => t.i).join(',');
    // Broyden's update corrects it after each step (superlinear convergence instead of linear).
    const chord = this.lastJacobian?.key === key ? this.lastJacobian.J.map((row) => [...row]) : null;
    if (chord) {
      for (let iter = 0; iter < 12 && !done(); iter++) {
        const f = miss(p);
        const step = solve(chord, f);
        if (!step || !step.every(Number.isFinite)) break;
        const before = targets.map(({ i }) => theta[i]!);
        targets.forEach(({ i }, j) => setTheta(i, before[j]! * Math.exp(-step[j]!)));
        const q = probs();
        const m = q.every((x) => x > 0 && x < 1) ? meritOf(q) : Infinity;
        if (!(m < merit * 0.9)) {
          targets.forEach(({ i }, j) => setTheta(i, before[j]!));
          break;
        }
        // J += (Δf − J s) sᵀ / (sᵀ s), with s = −step the move in log θ.
        const df = miss(q).map((x, a) => x - f[a]!);
        const ss = step.reduce((acc, x) => acc + x * x, 0);
        if (ss > 0)
          for (let a = 0; a < k; a++) {
            const js = chord[a]!.reduce((acc, x, b) => acc - x * step[b]!, 0);
            const r = (df[a]! - js) / ss;
            for (let b = 0; b < k; b++) chord[a]![b]! -= r * step[b]!;
          }
        p = q;
        merit = m;
      }
      if (done()) return true;
    }
    for (let iter = 0; iter < 30 && !done(); iter++) {
      // J[a][b] = ∂ logit P(a) / ∂ log θ_b = (P(a and b) − P(a) P(b)) / (P(a) (1 − P(a))).
      const J = targets.map(() => new Array<number>(k).fill(0));
      for (let b = 0; b < k; b++) {
        const hb = this.enc.holds[targets[b]!.i]!;
        const keep = w[2 * hb + 1]!;
        w[2 * hb + 1] = 0;
        counter.marginals(w, marg);
        w[2 * hb + 1] = keep;
        for (let a = 0; a < k; a++) {
          const pa = p[a]!;
          J[a]![b] = (p[b]! * marg[2 * this.enc.holds[targets[a]!.i]!]! - pa * p[b]!) / (pa * (1 - pa));
        }
      }
      this.lastJacobian = { key, J };
      const step = solve(J, miss(p));
      const before = targets.map(({ i }) => theta[i]!);
      let improved = false;
      if (step && step.every(Number.isFinite))
        for (let scale = 1; scale > 1 / 1024; scale /= 2) {
          targets.forEach(({ i }, j) => setTheta(i, before[j]! * Math.exp(-scale * step[j]!)));
          const q = probs();
          if (!q.every((x) => x > 0 && x < 1)) continue;
          const m = meritOf(q);
          if (m < merit * (1 - 1e-4 * scale)) {
            p = q;
            merit = m;
            improved = true;
            break;
          }
        }
      if (!improved) break;
    }
    if (done()) return true;
    // Leave the cyclic scaling a sane start.
    targets.forEach(({ i }, j) => setTheta(i, start[j]!));
    return false;
  }

  // ------------------------------------------------------------------ answers

  /**
   * Every scenario's probability, the residual (no scenario holds), the
   * condition marginals and, when asked, the pairwise overlaps, under the
   * given parameters, calibration factors and inputs.
   */
  answer(params: Params, theta: readonly number[] | null, inputs: ProbInputs, options: { overlaps?: boolean; conditions?: boolean } = {}): ProbAnswer {
    const counter = this.counterFor(inputs.hard);
    const { w, marg } = this.fitted(counter, params, theta, inputs);
    const holds = this.enc.holds;
    const scenarios = holds.map((h) => marg[2 * h]!);
    const error = counter.error();
    const samples = counter.samples();
    const z = counter.logCount(w);
    for (const h of holds) w[2 * h] = 0;
    const residual = z > -Infinity ? Math.exp(counter.logCount(w) - z) : 0;
    let overlaps: number[][] | null = null;
    if (options.overlaps) {
      // Restore the holds weights, then condition on each scenario in turn.
      const base = this.fitted(counter, params, theta, inputs).w;
      const tmp = new Float64Array(marg.length);
      overlaps = holds.map((hi, i) => {
        const row = holds.map(() => 0);
        if (scenarios[i]! <= 0) return row;
        const keep = base[2 * hi + 1]!;
        base[2 * hi + 1] = 0;
        counter.marginals(base, tmp);
        base[2 * hi + 1] = keep;
        holds.forEach((hj, j) => (row[j] = i === j ? scenarios[i]! : scenarios[i]! * tmp[2 * hj]!));
        return row;
      });
      // Symmetrise what floating point leaves apart.
      for (let i = 0; i < holds.length; i++)
        for (let j = i + 1; j < holds.length; j++) overlaps[i]![j] = overlaps[j]![i] = (overlaps[i]![j]! + overlaps[j]![i]!) / 2;
    }
    return {
      method: counter.exact ? 'exact' : 'estimate',
      error,
      samples,
      scenarios,
      residual,
      overlaps,
      conditions: options.conditions === false ? new Map<string, Map<Value, number>>() : this.conditionMarginals(marg),
    };
  }

  /**
   * The weights with the Jeffrey settings fitted, and the literal marginals
   * under them. Cyclic Jeffrey updates: each one meets one condition's
   * probabilities exactly; the cycle converges to meeting all of them.
   */
  fitted(counter: Counter | null, params: Params, theta: readonly number[] | null, inputs: ProbInputs): { w: Float64Array; marg: Float64Array } {
    const c = counter ?? this.counterFor(inputs.hard);
    const marg = new Float64Array(2 * this.enc.cnf.nVars + 2);
    if (inputs.jeffrey.size === 0) {
      const w = this.weights(params, theta, inputs);
      c.marginals(w, marg);
      return { w, marg };
    }
    const jm = new Map<string, Map<Value, number>>([...inputs.jeffrey.keys()].map((id) => [id, new Map<Value, number>()]));
    let w = this.weights(params, theta, inputs, jm);
    for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      let worst = 0;
      for (const [id, q] of inputs.jeffrey) {
        c.marginals(w, marg);
        const cv = this.condVars.find((x) => x.id === id)!;
        const m = jm.get(id)!;
        cv.values.forEach((v, k) => {
          const p = cv.bool ? marg[k === 0 ? 2 * cv.vars[0]! : 2 * cv.vars[0]! + 1]! : marg[2 * cv.vars[k]!]!;
          const target = q.get(v) ?? 0;
          worst = Math.max(worst, Math.abs(p - target));
          if (target > 0 && p <= 0)
            throw new InfeasibleError(`${id} cannot have ${String(v)} with probability ${target}: the constraints and settings exclude it`, {
              kind: 'jeffrey',
              condition: id,
            });
          m.set(v, (m.get(v) ?? 1) * (p > 0 ? target / p : 0));
        });
        w = this.weights(params, theta, inputs, jm);
      }
      if (worst < FIT_TOLERANCE) {
        c.marginals(w, marg);
        return { w, marg };
      }
    }
    throw new InfeasibleError(`the probabilities given for ${[...inputs.jeffrey.keys()].join(', ')} cannot all be met together`, {
      kind: 'jeffrey',
      condition: [...inputs.jeffrey.keys()][0]!,
    });
  }
}

/** Sets a variable's weights from a factor on its true side, scaled to a maximum of 1. */
function pair(w: Float64Array, v: number, onTrue: number, onFalse: number): void {
  const m = Math.max(onTrue, onFalse);
  w[2 * v] = m > 0 ? onTrue / m : 0;
  w[2 * v + 1] = m > 0 ? onFalse / m : 0;
}

/** Solves A x = b by Gaussian elimination with partial pivoting; null when A is (near) singular. */
function solve(A: readonly (readonly number[])[], b: readonly number[]): number[] | null {
  const n = b.length;
  const m = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    if (Math.abs(m[piv]![c]!) < 1e-300) return null;
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

const observedCache = new WeakMap<readonly Observation[], string[]>();

/** What the effects of observations depend on: the date, and the hazard, half-life and prior of each condition observed. */
function effectsKey(params: Params, observations: readonly Observation[], asOf: string | undefined): string {
  let ids = observedCache.get(observations);
  if (!ids) {
    ids = [...new Set(observations.map((o) => o.condition))];
    observedCache.set(observations, ids);
  }
  let key = asOf ?? '';
  for (const id of ids) {
    key += `|${params.hazard.get(id) ?? 'u'}:${params.halfLife.get(id) ?? ''}`;
    const prior = params.prior.get(id);
    if (prior) for (const x of prior.values()) key += `:${x}`;
  }
  return key;
}
