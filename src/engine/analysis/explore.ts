import type { CompiledModel } from '../compile.js';
import type { SettingRef } from '../evaluate.js';
import { all, any, conditionsOf, constraintFormula, is, not, valuesOf } from '../expr.js';
import type { Expr, Model, Settings, Value } from '../types.js';
import { evaluate } from '../evaluate.js';
import { AnalysisBoundError, compiledOf, constraintLits, holdsExpr } from './common.js';
import { DEFAULT_MAX_NODES } from './common.js';
export { DEFAULT_MAX_NODES };
import type { QueryLike } from './common.js';

export interface ExploreOptions {
  /** Refuse (AnalysisBoundError) beyond this many search steps. Default 1,000,000. */
  maxNodes?: number | undefined;
  /** Gap descriptions to keep, largest first (default 10). */
  gapExamples?: number | undefined;
  /** Called every `progressEvery` steps with the steps so far (the CLI draws a progress line). */
  onProgress?: ((nodes: number, maxNodes: number) => void) | undefined;
  progressEvery?: number | undefined;
}

/** A set of worlds given as a partial assignment: any values for the conditions it does not name. */
export interface Cube {
  assignment: SettingRef[];
  worlds: bigint;
}

export interface ExploreResult {
  settings: SettingRef[];
  /** Worlds (full assignments of every condition) consistent with the constraints and settings. */
  total: bigint;
  /** How many of those worlds each scenario holds in (requirements met, no rule-out). */
  scenarios: { id: string; numeral: string | null; title: string; worlds: bigint }[];
  /** Every pair of scenarios and the worlds in which both hold. */
  pairs: { a: string; b: string; worlds: bigint }[];
  /** Each combination of scenarios that hold together in some world (exactly those), with its worlds. Largest first. */
  combinations: { scenarios: string[]; worlds: bigint }[];
  /**
   * Worlds in which no scenario holds: the count, the largest of the disjoint
   * cubes that make them up, and `patterns`: those cubes shortened to the
   * conditions that matter (every consistent world matching a pattern is a
   * gap; patterns may overlap, so they carry no counts).
   */
  gaps: { worlds: bigint; cubes: number; examples: Cube[]; patterns: SettingRef[][] };
  /** Conditions no constraint or scenario mentions: every one of them multiplies every count by its number of values. */
  free: string[];
  /** Search steps used. */
  nodes: number;
  /**
   * The same picture in probability rather than in counts of worlds (each
   * world weighted as the model weighs it): each scenario's probability,
   * each pair's overlap, and the residual, where no scenario holds. Null
   * when the question contradicts the model's probabilities (a probability
   * given that cannot be met).
   */
  probabilities: {
    scenarios: { id: string; probability: number }[];
    pairs: { a: string; b: string; probability: number }[];
    residual: number;
    method: 'exact' | 'estimate';
  } | null;
}


const F = 0;
const T = 1;
const U = 2;
type Tri = 0 | 1 | 2;

/**
 * Counts, exactly, the worlds consistent with the constraints and settings,
 * how many each scenario holds in, which scenarios hold together, and the
 * worlds no scenario covers. A DPLL-style model counter over the conditions:
 * it branches only on conditions some undecided constraint or scenario still
 * depends on (three-valued evaluation of the rules on partial assignments),
 * and counts every completion of a decided branch at once, so conditions no
 * rule mentions cost nothing. Refuses beyond `maxNodes` steps.
 *
 * @example
 * const r = explore(model, new Map([['weather', 'calm']]));
 * r.total;              // 16n worlds
 * r.gaps.examples[0];   // { assignment: [...], worlds: ... } a partial assignment no scenario covers
 */
export function explore(input: Model | CompiledModel, query: QueryLike, options: ExploreOptions = {}): ExploreResult {
  const cm = compiledOf(input);
  const ev = evaluate(cm, query, { explain: false, derive: false, overlaps: true });
  // The worlds counted: those the hard settings (and what observations established) leave.
  const settings: Settings = new Map(ev.settings.map((x) => [x.condition, x.value]));
  const model = cm.model;
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
  const keepGaps = options.gapExamples ?? 10;
  const every = options.progressEvery ?? 20_000;
  const conds = model.conditions;
  const index = new Map(conds.map((c, i) => [c.id, i]));
  const domains: Value[][] = conds.map((c) => valuesOf(c));
  const a = new Int32Array(conds.length).fill(-1);

  const compile = (e: Expr): (() => Tri) => {
    switch (e.op) {
      case 'is': {
        const i = index.get(e.condition);
        const vi = i === undefined ? -1 : domains[i]!.indexOf(e.value);
        if (i === undefined || vi < 0) return () => F;
        return () => (a[i]! < 0 ? U : a[i] === vi ? T : F);
      }
      case 'not': {
        const f = compile(e.arg);
        return () => {
          const r = f();
          return r === U ? U : r === T ? F : T;
        };
      }
      case 'all':
      case 'any': {
        const fs = e.args.map(compile);
        const stop = e.op === 'all' ? F : T;
        const done = e.op === 'all' ? T : F;
        return () => {
          let unknown = false;
          for (const f of fs) {
            const r = f();
            if (r === stop) return stop;
            if (r === U) unknown = true;
          }
          return unknown ? U : done;
        };
      }
    }
  };
  const condsOf = (e: Expr) => [...conditionsOf(e)].map((id) => index.get(id)).filter((i): i is number => i !== undefined);
  const cons = model.constraints
    .filter((k) => k.probability === undefined)
    .map((k) => ({ f: compile(constraintFormula(k)), vars: condsOf(constraintFormula(k)) }));
  const scens = model.scenarios.map((s) => ({ f: compile(holdsExpr(s)), vars: condsOf(holdsExpr(s)) }));
  const used = new Set([...cons, ...scens].flatMap((x) => x.vars));

  const settingRefs: SettingRef[] = [];
  const isSetting = new Set<number>();
  let free = domains.reduce((p, d) => p * BigInt(d.length), 1n);
  for (const [id, value] of settings) {
    const i = index.get(id);
    const vi = i === undefined ? -1 : domains[i]!.indexOf(value);
    if (i === undefined || vi < 0) throw new RangeError(`bad setting ${id}=${String(value)}`);
    a[i] = vi;
    isSetting.add(i);
    free /= BigInt(domains[i]!.length);
    settingRefs.push({ condition: id, value });
  }

  const bySignature = new Map<string, bigint>();
  const gapCubes: Cube[] = [];
  let gapCubeCount = 0;
  let gapWorlds = 0n;
  let nodes = 0;

  // Items are the constraints, then the scenarios. Each step re-evaluates only
  // the undecided items that mention the condition just assigned, so a step
  // costs little even on models with thousands of rules.
  const items = [...cons.map((c) => ({ ...c, scenario: -1 })), ...scens.map((x, i) => ({ ...x, scenario: i }))];
  const occ: number[][] = conds.map(() => []);
  items.forEach((it, k) => it.vars.forEach((v) => occ[v]!.push(k)));
  const PENDING = 0;
  const DONE = 1;
  const state = new Uint8Array(items.length);
  /** Undecided items mentioning each condition: a condition is worth branching on only while this is > 0. */
  const pendingOcc = new Int32Array(conds.length);
  let pendingItems = items.length;
  const holding: number[] = [];
  // Branch on conditions in order of how many rules mention them.
  const order = [...used].sort((x, y) => occ[y]!.length - occ[x]!.length || x - y);
  for (const it of items) for (const v of it.vars) pendingOcc[v]!++;

  /** Decides the undecided items in `ks`; returns false on a violated constraint. Logs decisions for undo. */
  const settle = (ks: Iterable<number>, log: number[]): boolean => {
    for (const k of ks) {
      if (state[k] !== PENDING) continue;
      const it = items[k]!;
      const r = it.f();
      if (r === U) continue;
      if (r === F && it.scenario < 0) return false;
      state[k] = DONE;
      log.push(k);
      pendingItems--;
      for (const v of it.vars) pendingOcc[v]!--;
      if (r === T && it.scenario >= 0) holding.push(it.scenario);
    }
    return true;
  };
  const undo = (log: number[]): void => {
    for (let i = log.length - 1; i >= 0; i--) {
      const k = log[i]!;
      const it = items[k]!;
      state[k] = PENDING;
      pendingItems++;
      for (const v of it.vars) pendingOcc[v]!++;
      if (it.scenario >= 0 && holding[holding.length - 1] === it.scenario) holding.pop();
    }
  };
  const trail: number[] = [];
  const cube = (): SettingRef[] =>
    [...trail].sort((x, y) => x - y).map((i) => ({ condition: conds[i]!.id, value: domains[i]![a[i]!]! }));

  const count = (): void => {
    if (++nodes > maxNodes)
      throw new AnalysisBoundError(
        `exploring the worlds needs more than ${maxNodes} search steps; set more conditions to narrow the worlds`,
        'maxNodes',
      );
    if (options.onProgress && nodes % every === 0) options.onProgress(nodes, maxNodes);
    if (pendingItems === 0) {
      const key = [...holding].sort((x, y) => x - y).join(',');
      bySignature.set(key, (bySignature.get(key) ?? 0n) + free);
      if (holding.length === 0) {
        gapWorlds += free;
        gapCubeCount++;
        gapCubes.push({ assignment: cube(), worlds: free });
        // Keep memory bounded: trim to the largest now and then.
        if (gapCubes.length > Math.max(1000, 4 * keepGaps)) trimCubes(gapCubes, keepGaps);
      }
      return;
    }
    const best = order.find((v) => a[v]! < 0 && pendingOcc[v]! > 0)!;
    const saved = free;
    free /= BigInt(domains[best]!.length);
    trail.push(best);
    for (let vi = 0; vi < domains[best]!.length; vi++) {
      a[best] = vi;
      const log: number[] = [];
      if (settle(occ[best]!, log)) count();
      undo(log);
    }
    a[best] = -1;
    trail.pop();
    free = saved;
  };

  const rootLog: number[] = [];
  if (settle(items.keys(), rootLog)) count();

  let total = 0n;
  const perScenario = model.scenarios.map(() => 0n);
  const pairCounts = new Map<string, bigint>();
  const combinations: ExploreResult['combinations'] = [];
  for (const [key, n] of bySignature) {
    total += n;
    const members = key === '' ? [] : key.split(',').map(Number);
    for (const m of members) perScenario[m]! += n;
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) {
        const k = `${members[i]},${members[j]}`;
        pairCounts.set(k, (pairCounts.get(k) ?? 0n) + n);
      }
    if (members.length) combinations.push({ scenarios: members.map((m) => model.scenarios[m]!.id), worlds: n });
  }
  combinations.sort((x, y) => (y.worlds > x.worlds ? 1 : y.worlds < x.worlds ? -1 : x.scenarios.join().localeCompare(y.scenarios.join())));
  const pairs: ExploreResult['pairs'] = [];
  for (let i = 0; i < model.scenarios.length; i++)
    for (let j = i + 1; j < model.scenarios.length; j++)
      pairs.push({ a: model.scenarios[i]!.id, b: model.scenarios[j]!.id, worlds: pairCounts.get(`${i},${j}`) ?? 0n });
  trimCubes(gapCubes, keepGaps);
  return {
    settings: settingRefs,
    total,
    scenarios: model.scenarios.map((s, i) => ({ id: s.id, numeral: s.numeral, title: s.title, worlds: perScenario[i]! })),
    pairs,
    combinations,
    gaps: {
      worlds: gapWorlds,
      cubes: gapCubeCount,
      examples: gapCubes,
      patterns: dedupe(gapCubes.map((c) => generaliseGap(cm, settings, c.assignment))),
    },
    free: conds.filter((_, i) => !used.has(i) && !isSetting.has(i)).map((c) => c.id),
    nodes,
    probabilities: ev.ok
      ? {
          scenarios: ev.scenarios.map((x) => ({ id: x.id, probability: x.probability })),
          pairs: ev.overlaps ?? [],
          residual: ev.residual,
          method: ev.numbers.method,
        }
      : null,
  };
}

/** Keeps the `keep` largest cubes (fewest conditions named first on ties), in place. */
function trimCubes(cubes: Cube[], keep: number): void {
  cubes.sort((x, y) => (y.worlds > x.worlds ? 1 : y.worlds < x.worlds ? -1 : x.assignment.length - y.assignment.length));
  cubes.length = Math.min(cubes.length, keep);
}

/**
 * Shortens a partial assignment in which no scenario holds to the conditions
 * that matter: drops each condition in turn while no consistent world
 * matching the rest has any scenario hold (one solver call per condition).
 *
 * @example
 * generaliseGap(cm, new Map(), [{ condition: 'weather', value: 'calm' }, ...]); // [union_strike=true, ships_diverted=false]
 */
export function generaliseGap(cm: CompiledModel, settings: Settings, cube: readonly SettingRef[]): SettingRef[] {
  const base = [...constraintLits(cm), ...[...settings].map(([c, v]) => cm.valueLit(c, v))];
  const someHolds = cm.lit(any(...cm.model.scenarios.map(holdsExpr)));
  const kept = [...cube];
  for (let i = 0; i < kept.length; ) {
    const rest = kept.filter((_, j) => j !== i).map((x) => cm.valueLit(x.condition, x.value));
    if (cm.solver.solve([...base, ...rest, someHolds]) === null) kept.splice(i, 1);
    else i++;
  }
  return kept;
}

/**
 * Up to `limit` gap patterns found with the solver alone (no counting): a
 * world where no scenario holds, generalised, then excluded before the next.
 * For lints on models too large to count.
 */
export function findGapPatterns(cm: CompiledModel, settings: Settings, limit = 3): SettingRef[][] {
  const base = [...constraintLits(cm), ...[...settings].map(([c, v]) => cm.valueLit(c, v))];
  const noneHolds = -cm.lit(any(...cm.model.scenarios.map(holdsExpr)));
  const out: SettingRef[][] = [];
  const blocked: number[] = [];
  while (out.length < limit) {
    const w = cm.solver.solve([...base, noneHolds, ...blocked]);
    if (w === null) break;
    const cube: SettingRef[] = [];
    for (const { condition, value, lit } of cm.valueLits()) {
      const c = cm.conditionById.get(condition)!;
      if (c.values === null) cube.push({ condition, value: w[lit]! });
      else if (w[lit]) cube.push({ condition, value });
    }
    const pattern = generaliseGap(cm, settings, cube.filter((x) => !settings.has(x.condition)));
    out.push(pattern);
    // Exclude this pattern's worlds so the next search finds another gap.
    blocked.push(cm.lit(not(all(...pattern.map((p) => is(p.condition, p.value))))));
    if (pattern.length === 0) break;
  }
  return out;
}

function dedupe(patterns: SettingRef[][]): SettingRef[][] {
  const seen = new Set<string>();
  return patterns.filter((p) => {
    const k = JSON.stringify(p);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
