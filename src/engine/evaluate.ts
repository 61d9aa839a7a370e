import { CompiledModel } from './compile.js';
import { EXACT_CORE_LIMIT, smallestCore, minimalCore } from './explain.js';
import { conditionsOf, formatExpr, formatValue, not, all, any } from './expr.js';
import type {
  Basis,
  Citation,
  Clause,
  Evidence,
  Expr,
  EvidenceStrength,
  Model,
  Reliability,
  Scenario,
  Settings,
  Value,
} from './types.js';

export type Status = 'ruled-out' | 'open' | 'triggered';

export interface SettingRef {
  condition: string;
  value: Value;
}

export type ClauseRole = 'requires' | 'rules-out' | 'trigger';

export interface ClauseRef {
  role: ClauseRole;
  index: number;
  /** The model's prose for the clause, or its expression when it has none. */
  text: string;
  /** The clause's expression, in the ids users type (`not maliki_government_formed`). */
  expr: string;
  citations: readonly Citation[];
}

/** What decided a verdict: the settings, constraints and clauses in play. */
export interface Because {
  settings: SettingRef[];
  constraints: string[];
  clauses: ClauseRef[];
}

export type ReasonKind = 'ruled-out' | 'triggered' | 'open' | 'pending' | 'prior' | 'label' | 'evidence';

export interface Reason {
  kind: ReasonKind;
  text: string;
  because?: Because | undefined;
  citations: readonly Citation[];
}

export interface AppliedEvidence {
  text: string;
  effect: Evidence['effect'];
  strength: EvidenceStrength;
  /** Multiplier applied to the weight: ratio^reliability. */
  factor: number;
  reliability: number;
  citations: readonly Citation[];
}

/** A consequence the model attaches to a scenario, and whether the settings already bear it out. */
export interface ConsequenceResult {
  text: string;
  expr: string;
  likelihood: 'certain' | 'risk';
  /** yes: holds in every consistent world; no: in none; unknown: in some. */
  holds: 'yes' | 'no' | 'unknown';
  citations: readonly Citation[];
}

export interface ScenarioResult {
  id: string;
  numeral: string | null;
  title: string;
  status: Status;
  weight: number;
  prior: number;
  labels: string[];
  reasons: Reason[];
  evidence: AppliedEvidence[];
  consequences: ConsequenceResult[];
}

export interface DerivedCondition {
  condition: string;
  value: Value;
  /** The settings and constraints that force it; constraints in chain order. */
  because: Because;
}

export interface ConditionState {
  id: string;
  origin: 'set' | 'derived' | 'unknown';
  value: Value | null;
  /** The values still possible under the settings and constraints. */
  possible: Value[];
}

export interface Conflict {
  settings: SettingRef[];
  constraints: string[];
  text: string;
}

export type Evaluation =
  | {
      ok: true;
      settings: SettingRef[];
      scenarios: ScenarioResult[];
      derived: DerivedCondition[];
      conditions: ConditionState[];
    }
  | { ok: false; settings: SettingRef[]; conflict: Conflict };

/** Likelihood ratios for soft evidence (ACH-style), before reliability scaling. */
export const STRENGTH_RATIO: Readonly<Record<EvidenceStrength, number>> = { weak: 1.5, moderate: 2, strong: 4 };
export const DEFAULT_RELIABILITY: Readonly<Record<Reliability, number>> = { high: 1, medium: 0.75, low: 0.4 };
export const DEFAULT_BASIS: Readonly<Record<Basis, number>> = {
  stated: 1,
  reported: 0.8,
  inferred: 0.6,
  background: 0.5,
};

export interface EvaluateOptions {
  /** Compute the chains behind derived conditions and verdicts (default true). */
  explain?: boolean;
  /**
   * Compute which conditions the settings force (default true). Analyses that
   * evaluate many hypothetical settings turn it off: `derived` and
   * `conditions` are then empty, statuses and weights are unchanged.
   */
  derive?: boolean;
}

type SettingItem = SettingRef & { lit: number };
type ConstraintItem = { id: string; lit: number };
type ClauseItem = ClauseRef & { lit: number; when: Expr };

/**
 * The engine: given a model and the user's settings, every scenario's status,
 * weight and reasons, and the conditions the settings force. Pure and exact:
 * statuses quantify over every world consistent with the constraints.
 *
 * @example
 * const ev = evaluate(model, new Map([['iran_regime_collapse', true]]));
 * if (ev.ok) ev.scenarios.find((s) => s.numeral === 'II')?.status; // 'triggered'
 */
export function evaluate(
  model: Model | CompiledModel,
  settings: Settings,
  options: EvaluateOptions = {},
): Evaluation {
  const cm = model instanceof CompiledModel ? model : new CompiledModel(model);
  return new Evaluator(cm, settings, options.explain ?? true, options.derive ?? true).run();
}

class Evaluator {
  private readonly settingItems: SettingItem[];
  private readonly constraintItems: ConstraintItem[];
  private readonly base: number[];
  /** The base followed by a question's extra literals (reused: thousands of questions per run). */
  private readonly query: number[];
  private byIdCache: Map<string, Model['constraints'][number]> | undefined;
  private sourcesCache: Map<string, Model['sources'][number]> | undefined;
  private settingSet: Set<SettingItem> | undefined;
  private constraintSet: Set<ConstraintItem> | undefined;
  private readonly constraintConditions = new Map<string, Set<string>>();

  constructor(
    private readonly cm: CompiledModel,
    settings: Settings,
    private readonly explain: boolean,
    private readonly derive: boolean = true,
  ) {
    this.settingItems = [...settings].map(([condition, value]) => ({
      condition,
      value,
      lit: cm.valueLit(condition, value),
    }));
    this.constraintItems = cm.model.constraints.map((k) => ({ id: k.id, lit: cm.selector.get(k.id)! }));
    this.base = [...this.settingItems.map((s) => s.lit), ...this.constraintItems.map((c) => c.lit)];
    this.query = [...this.base];
  }

  private get constraintById(): Map<string, Model['constraints'][number]> {
    return (this.byIdCache ??= new Map(this.cm.model.constraints.map((k) => [k.id, k])));
  }

  private get solver() {
    return this.cm.solver;
  }

  /** Whether a consistent world also satisfies `extra` (null when none). */
  private sat(extra: readonly number[]): true | null {
    const q = this.query;
    q.length = this.base.length;
    for (const x of extra) q.push(x);
    return this.solver.satisfiable(q) ? true : null;
  }

  run(): Evaluation {
    const settings = this.settingItems.map(({ condition, value }) => ({ condition, value }));
    if (this.sat([]) === null) return { ok: false, settings, conflict: this.conflict() };
    const { derived, conditions } = this.derive ? this.backbone() : { derived: [], conditions: [] };
    const scenarios = this.cm.model.scenarios.map((s) => this.scenario(s));
    normalise(scenarios);
    return { ok: true, settings, scenarios, derived, conditions };
  }

  private conflict(): Conflict {
    const core = smallestCore(this.solver, [], this.settingItems, this.constraintItems) ?? {
      preferred: [],
      others: [],
    };
    const settings = core.preferred.map(({ condition, value }) => ({ condition, value }));
    const constraints = core.others.map((c) => c.id);
    const parts = settings.map((s) => `${s.condition}=${formatValue(s.value)}`);
    const text =
      settings.length === 0
        ? `the model's constraints contradict each other (${constraints.join(', ')})`
        : `${parts.join(' and ')} cannot hold together` +
          (constraints.length ? ` under constraint${constraints.length > 1 ? 's' : ''} ${constraints.join(', ')}` : '');
    return { settings, constraints, text };
  }

  /** Conditions whose value is the same in every consistent world (the backbone). */
  private backbone(): { derived: DerivedCondition[]; conditions: ConditionState[] } {
    const set = new Map(this.settingItems.map((s) => [s.condition, s.value]));
    const lits = [...this.cm.valueLits()];
    const byCondition = new Map<string, typeof lits>();
    for (const l of lits) {
      const list = byCondition.get(l.condition);
      if (list) list.push(l);
      else byCondition.set(l.condition, [l]);
    }
    // A literal's value in some world; it is forced only if no world flips it.
    // Indexed by variable: this runs once per world found, thousands of times.
    const solver = this.solver;
    const seenTrue = new Uint8Array(solver.variableCount + 1);
    const seenFalse = new Uint8Array(solver.variableCount + 1);
    const vars = Int32Array.from(lits, (l) => l.lit);
    const note = () => {
      for (let i = 0; i < vars.length; i++) (solver.modelValue(vars[i]!) ? seenTrue : seenFalse)[vars[i]!] = 1;
    };
    // What refuted each impossible literal, so its explanation starts there.
    const refuted = new Map<number, number[] | null>();
    const ask = (lit: number) => {
      if (this.sat([lit])) note();
      else refuted.set(lit, solver.failedAssumptions());
    };
    note(); // the world run() found
    for (const { condition, lit } of lits) {
      if (set.has(condition)) continue;
      if (!seenTrue[lit]) ask(lit);
      if (!seenFalse[lit]) ask(-lit);
    }
    const derived: DerivedCondition[] = [];
    const conditions: ConditionState[] = [];
    for (const c of this.cm.model.conditions) {
      const mine = byCondition.get(c.id) ?? [];
      const possible: Value[] =
        c.values === null
          ? [true, false].filter((v) => (v ? seenTrue : seenFalse)[mine[0]!.lit])
          : mine.filter((l) => seenTrue[l.lit]).map((l) => l.value);
      if (set.has(c.id)) {
        conditions.push({ id: c.id, origin: 'set', value: set.get(c.id)!, possible });
      } else if (possible.length === 1) {
        const value = possible[0]!;
        conditions.push({ id: c.id, origin: 'derived', value, possible });
        const lit = this.cm.valueLit(c.id, value);
        derived.push({ condition: c.id, value, because: this.why([-lit], [], refuted.get(-lit)) });
      } else {
        conditions.push({ id: c.id, origin: 'unknown', value: null, possible });
      }
    }
    return { derived, conditions };
  }

  /**
   * The settings and constraints that make `extra` impossible, in chain order.
   * `refuted`: the solver's failed assumptions from the question that just
   * found base plus extra impossible, when the caller has them.
   */
  private why(extra: number[], clauses: ClauseItem[] = [], refuted?: readonly number[] | null): Because {
    if (!this.explain) return { settings: [], constraints: [], clauses: [] };
    let items: readonly (SettingItem | ConstraintItem | ClauseItem)[];
    let hint = refuted;
    const total = this.settingItems.length + clauses.length + this.constraintItems.length;
    if (refuted && total > EXACT_CORE_LIMIT) {
      // A large model: search among the constraints the refutation used,
      // every clause, and the settings on their conditions, rather than the
      // whole model (the core is still minimal; see minimalCore).
      const used = new Set(refuted);
      const constraints = this.constraintItems.filter((c) => used.has(c.lit));
      const near = new Set<string>();
      for (const c of constraints) for (const x of this.conditionsOfConstraint(c.id)) near.add(x);
      for (const c of clauses) conditionsOf(c.when, near);
      const settings = this.settingItems.filter((x) => used.has(x.lit) || near.has(x.condition));
      items = [...settings, ...clauses, ...constraints];
      hint = null;
    } else {
      items = [...this.settingItems, ...clauses, ...this.constraintItems];
    }
    const core = minimalCore<SettingItem | ConstraintItem | ClauseItem>(this.solver, extra, items, hint) ?? [];
    // The core keeps the items' order: settings, clauses, constraints.
    const settingSet = (this.settingSet ??= new Set(this.settingItems));
    const constraintSet = (this.constraintSet ??= new Set(this.constraintItems));
    const settings = core.filter((x): x is SettingItem => settingSet.has(x as SettingItem));
    const constraintIds = core.filter((x): x is ConstraintItem => constraintSet.has(x as ConstraintItem)).map((c) => c.id);
    const clauseSet = new Set<unknown>(core);
    return {
      settings: settings.map(({ condition, value }) => ({ condition, value })),
      constraints: this.chainOrder(settings, constraintIds),
      clauses: clauses
        .filter((c) => clauseSet.has(c))
        .map(({ role, index, text, expr, citations }) => ({ role, index, text, expr, citations })),
    };
  }

  /** Orders constraints as a chain: each one after those that reach its conditions. */
  private chainOrder(settings: readonly SettingRef[], ids: string[]): string[] {
    const reached = new Set(settings.map((s) => s.condition));
    const left = [...ids];
    const out: string[] = [];
    while (left.length) {
      let i = left.findIndex((id) => [...this.conditionsOfConstraint(id)].some((c) => reached.has(c)));
      if (i < 0) i = 0;
      const id = left.splice(i, 1)[0]!;
      out.push(id);
      for (const c of this.conditionsOfConstraint(id)) reached.add(c);
    }
    return out;
  }

  /** The conditions a constraint mentions (cached: chains ask again and again). */
  private conditionsOfConstraint(id: string): Set<string> {
    let set = this.constraintConditions.get(id);
    if (!set) {
      set = new Set<string>();
      for (const a of this.constraintById.get(id)!.args) conditionsOf(a, set);
      this.constraintConditions.set(id, set);
    }
    return set;
  }

  private clauseItems(s: Scenario, role: ClauseRole, list: readonly Clause[]): ClauseItem[] {
    return list.map((c, index) => {
      const when = role === 'rules-out' ? not(c.when) : c.when;
      return {
        role,
        index,
        text: c.text ?? formatExpr(c.when),
        expr: formatExpr(c.when),
        citations: c.citations,
        lit: this.cm.lit(when),
        when: c.when,
      };
    });
  }

  private scenario(s: Scenario): ScenarioResult {
    const reasons: Reason[] = [];
    const req = [...this.clauseItems(s, 'requires', s.requires), ...this.clauseItems(s, 'rules-out', s.rulesOut)];
    const labels = s.labels.map((l) => l.label);
    const result: ScenarioResult = {
      id: s.id,
      numeral: s.numeral,
      title: s.title,
      status: 'open',
      weight: 0,
      prior: s.prior,
      labels,
      reasons,
      evidence: [],
      consequences: s.consequences.map((c) => {
        const lit = this.cm.lit(c.when);
        const holds = this.sat([-lit]) === null ? 'yes' : this.sat([lit]) === null ? 'no' : 'unknown';
        return { text: c.text ?? formatExpr(c.when), expr: formatExpr(c.when), likelihood: c.likelihood, holds, citations: c.citations };
      }),
    };
    if (this.sat(req.map((r) => r.lit)) === null) {
      result.status = 'ruled-out';
      const because = this.why([], req, this.solver.failedAssumptions());
      reasons.push({ kind: 'ruled-out', text: ruledOutText(because), because, citations: this.citationsOf(because) });
      return result;
    }
    if (s.triggers.length) {
      const trig = this.cm.lit(any(...s.triggers.map((t) => t.when)));
      if (this.sat([-trig]) === null) {
        const refuted = this.solver.failedAssumptions();
        result.status = 'triggered';
        const entailed = this.clauseItems(s, 'trigger', s.triggers).filter((t) => this.sat([-t.lit]) === null);
        const shown = entailed.length ? entailed : this.clauseItems(s, 'trigger', s.triggers);
        const because = this.why([-trig], [], refuted);
        because.clauses = shown.map(({ role, index, text, expr, citations }) => ({ role, index, text, expr, citations }));
        reasons.push({
          kind: 'triggered',
          text: `triggered: ${shown.map((t) => t.text).join('; ')}${becauseSuffix(because)}`,
          because,
          citations: this.citationsOf(because),
        });
      }
    }
    if (result.status === 'open') {
      const pending = req.filter((r) => this.sat([-r.lit]) !== null);
      reasons.push({
        kind: 'open',
        text:
          s.triggers.length === 0
            ? 'open: nothing rules it out'
            : `open: not ruled out; not yet triggered (${s.triggers.map((t) => t.text ?? formatExpr(t.when)).join('; ')})`,
        citations: [],
      });
      for (const p of pending)
        reasons.push({
          kind: 'pending',
          text: `${p.role === 'rules-out' ? 'must not' : 'needs'}: ${p.text}`,
          because: { settings: [], constraints: [], clauses: [{ role: p.role, index: p.index, text: p.text, expr: p.expr, citations: p.citations }] },
          citations: p.citations,
        });
    }
    // Weight: prior, then soft evidence that every consistent world bears out.
    let w = s.prior;
    reasons.push({
      kind: 'prior',
      text: `prior ${round(s.prior)}${labels.length ? ` (${labels.map((l) => `"${l}"`).join(', ')})` : ''}`,
      citations: s.labels.flatMap((l) => l.citations),
    });
    for (const e of s.evidence) {
      if (this.sat([-this.cm.lit(e.when)]) !== null) continue;
      const reliability = this.reliabilityOf(e.citations);
      const ratio = STRENGTH_RATIO[e.strength];
      const factor = Math.pow(e.effect === 'favours' ? ratio : 1 / ratio, reliability);
      w *= factor;
      const text = e.text ?? formatExpr(e.when);
      result.evidence.push({ text, effect: e.effect, strength: e.strength, factor, reliability, citations: e.citations });
      reasons.push({
        kind: 'evidence',
        text: `${e.effect} (${e.strength}, ×${round(factor)}): ${text}`,
        citations: e.citations,
      });
    }
    result.weight = w;
    return result;
  }

  private citationsOf(b: Because): Citation[] {
    const byId = this.constraintById;
    return [
      ...b.clauses.flatMap((c) => [...c.citations]),
      ...b.constraints.flatMap((id) => [...(byId.get(id)?.citations ?? [])]),
    ];
  }

  /** The reliability of the best-grounded citation: grade factor × basis factor. */
  private reliabilityOf(citations: readonly Citation[]): number {
    const info = this.cm.model.info;
    const sources = (this.sourcesCache ??= new Map(this.cm.model.sources.map((s) => [s.id, s])));
    let best = 0;
    for (const c of citations) {
      const src = sources.get(c.source);
      const grade = src ? (info.reliabilityFactors?.[src.reliability] ?? DEFAULT_RELIABILITY[src.reliability]) : 0.5;
      const basis = info.basisFactors?.[c.basis] ?? DEFAULT_BASIS[c.basis];
      best = Math.max(best, grade * basis);
    }
    return citations.length ? best : 0.5;
  }
}

function normalise(scenarios: ScenarioResult[]): void {
  for (const s of scenarios) if (s.status === 'ruled-out') s.weight = 0;
  const total = scenarios.reduce((t, s) => t + s.weight, 0);
  for (const s of scenarios) s.weight = total > 0 ? s.weight / total : 0;
}

function round(x: number): string {
  return String(Math.round(x * 100) / 100);
}

function settingText(s: SettingRef): string {
  return `${s.condition}=${formatValue(s.value)}`;
}

function becauseSuffix(b: Because): string {
  const parts: string[] = [];
  if (b.settings.length) parts.push(`set: ${b.settings.map(settingText).join(', ')}`);
  if (b.constraints.length) parts.push(`via ${b.constraints.join(' → ')}`);
  return parts.length ? ` [${parts.join('; ')}]` : '';
}

function ruledOutText(b: Because): string {
  const out = b.clauses.filter((c) => c.role === 'rules-out').map((c) => c.text);
  const needs = b.clauses.filter((c) => c.role === 'requires').map((c) => c.text);
  let head = out.length ? `ruled out by ${out.join(', ')}` : 'ruled out';
  if (needs.length) head += `${out.length ? ';' : ':'} needs ${needs.join(', ')}`;
  if (!out.length && !needs.length) head += ': its requirements cannot be met together';
  return `${head}${becauseSuffix(b)}`;
}


/** Problems with settings before evaluation: unknown conditions or values. */
export interface SettingProblem {
  condition: string;
  value: Value;
  kind: 'unknown-condition' | 'bad-value';
  allowed: string[];
}

export function checkSettings(model: Model, settings: Settings): SettingProblem[] {
  const byId = new Map(model.conditions.map((c) => [c.id, c]));
  const out: SettingProblem[] = [];
  for (const [condition, value] of settings) {
    const c = byId.get(condition);
    if (!c) {
      out.push({ condition, value, kind: 'unknown-condition', allowed: [...byId.keys()] });
    } else if (c.values === null ? typeof value !== 'boolean' : typeof value !== 'string' || !c.values.includes(value)) {
      out.push({ condition, value, kind: 'bad-value', allowed: c.values === null ? ['true', 'false'] : [...c.values] });
    }
  }
  return out;
}

/** Re-exported so callers can build expressions without another import. */
export { all, any, not };
