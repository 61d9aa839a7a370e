/**
 * Statuses, exactly: which scenarios are ruled out, certain, triggered or
 * open under the hard constraints and the hard settings, the conditions the
 * settings force, and why (minimal sets of settings, constraints and
 * clauses, found with the SAT solver). The numbers are not made here: see
 * prob/ and evaluate.ts.
 *
 * One unit, though past 400 lines: the backbone, the scenarios' checks and
 * their explanations ask the same solver, under the same assumptions, and
 * share the worlds it has found (see seen()); split, each part would need
 * the others' state.
 */
import type { CompiledModel } from './compile.js';
import { EXACT_CORE_LIMIT, smallestCore, minimalCore } from './explain.js';
import { conditionsOf, evalExprWith, formatExpr, formatValue, not, any } from './expr.js';
import { holdsExpr } from './prob/encode.js';
import type { Citation, Clause, Expr, Model, Scenario, Value } from './types.js';
import type {
  Because,
  ClauseRef,
  ClauseRole,
  Conflict,
  ConditionState,
  DerivedCondition,
  Reason,
  ScenarioResult,
  SettingRef,
} from './evaluation.js';

type SettingItem = SettingRef & { lit: number };
type ConstraintItem = { id: string; lit: number };
/** A scenario's clause as a question: `lit` stands for `test` (the clause, or for a rule-out its negation). */
type ClauseItem = ClauseRef & { lit: number; when: Expr; test: Expr };

/**
 * How many of the worlds the solver has found are kept to answer "is there
 * a world where this is true (or false)?" without asking it again: most of
 * a scenario's questions (can a requirement still fail, can an evidence
 * item go either way) are answered by a world already found.
 */
const WORLDS_KEPT = 16;

/** The logical part of an evaluation: everything but the numbers. */
export type StatusResult =
  | {
      ok: true;
      scenarios: StatusScenario[];
      derived: DerivedCondition[];
      conditions: Omit<ConditionState, 'probabilities'>[];
    }
  | { ok: false; conflict: Conflict };

/** A scenario's status part, with whether each of its evidence items holds. */
export type StatusScenario = Omit<ScenarioResult, 'probability' | 'evidence'> & { evidenceHolds: ('yes' | 'no' | 'unknown')[] };

export class StatusEvaluator {
  private readonly settingItems: SettingItem[];
  private readonly constraintItems: ConstraintItem[];
  private readonly base: number[];
  /** The base followed by a question's extra literals (reused: thousands of questions per run). */
  private readonly query: number[];
  private byIdCache: Map<string, Model['constraints'][number]> | undefined;
  private readonly originOf: Map<string, 'set' | 'observed' | 'assumed'>;
  private constraintAt: Map<number, number> | undefined;
  private settingSet: Set<SettingItem> | undefined;
  private constraintSet: Set<ConstraintItem> | undefined;
  private readonly constraintConditions = new Map<string, Set<string>>();
  /** Worlds the solver found (its models, by variable), a ring of WORLDS_KEPT; see seen(). */
  private readonly worlds: Int8Array[] = [];
  private worldNext = 0;

  constructor(
    private readonly cm: CompiledModel,
    settings: readonly SettingRef[],
    private readonly explain: boolean,
    private readonly derive: boolean = true,
  ) {
    this.settingItems = settings.map((s) => ({ ...s, lit: cm.valueLit(s.condition, s.value) }));
    this.originOf = new Map(settings.map((s) => [s.condition, s.origin ?? 'set']));
    this.constraintItems = cm.hard.map((k) => ({ id: k.id, lit: cm.selector.get(k.id)! }));
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
    if (!this.solver.satisfiable(q)) return null;
    // Keep the world found: it satisfies the constraints and the settings, so it answers later questions.
    const k = this.worldNext;
    this.worlds[k] = this.solver.copyModel(this.worlds[k]);
    this.worldNext = (k + 1) % WORLDS_KEPT;
    return true;
  }

  /**
   * Whether a world already found gives `e` the value `want`: then a
   * consistent world with that value exists, and the solver need not be
   * asked. (False says nothing: the solver decides.)
   */
  private seen(e: Expr, want: boolean): boolean {
    for (const w of this.worlds) {
      const is = (condition: string, value: Value) => {
        const l = this.cm.valueLit(condition, value);
        return w[l > 0 ? l : -l] === (l > 0 ? 1 : -1);
      };
      if (evalExprWith(e, is) === want) return true;
    }
    return false;
  }

  /** Whether some consistent world gives `e` (whose literal is `lit`) the value `want`. */
  private possible(e: Expr, lit: number, want: boolean): boolean {
    return this.seen(e, want) || this.sat([want ? lit : -lit]) !== null;
  }

  run(): StatusResult {
    if (this.sat([]) === null) return { ok: false, conflict: this.conflict() };
    const { derived, conditions } = this.derive ? this.backbone() : { derived: [], conditions: [] };
    const scenarios = this.cm.model.scenarios.map((s) => this.scenario(s));
    return { ok: true, scenarios, derived, conditions };
  }

  private conflict(): Conflict {
    const core = smallestCore(this.solver, [], this.settingItems, this.constraintItems) ?? {
      preferred: [],
      others: [],
    };
    const settings = core.preferred.map(refOf);
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
  private backbone(): { derived: DerivedCondition[]; conditions: Omit<ConditionState, 'probabilities'>[] } {
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
    const conditions: Omit<ConditionState, 'probabilities'>[] = [];
    for (const c of this.cm.model.conditions) {
      const mine = byCondition.get(c.id) ?? [];
      const possible: Value[] =
        c.values === null
          ? [true, false].filter((v) => (v ? seenTrue : seenFalse)[mine[0]!.lit])
          : mine.filter((l) => seenTrue[l.lit]).map((l) => l.value);
      if (set.has(c.id)) {
        conditions.push({ id: c.id, origin: this.originOf.get(c.id) ?? 'set', value: set.get(c.id)!, possible });
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
      // The constraints the refutation used, in the model's order, found by their literals (not by a pass over them all).
      const at = (this.constraintAt ??= new Map(this.constraintItems.map((c, i) => [c.lit, i])));
      const constraints = refuted
        .map((l) => at.get(l))
        .filter((i): i is number => i !== undefined)
        .sort((a, b) => a - b)
        .filter((i, k, a) => k === 0 || a[k - 1] !== i)
        .map((i) => this.constraintItems[i]!);
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
      settings: settings.map(refOf),
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
        test: when,
      };
    });
  }

  private holdsState(e: Expr): 'yes' | 'no' | 'unknown' {
    const lit = this.cm.lit(e);
    return !this.possible(e, lit, false) ? 'yes' : !this.possible(e, lit, true) ? 'no' : 'unknown';
  }

  private scenario(s: Scenario): StatusScenario {
    const reasons: Reason[] = [];
    const req = [...this.clauseItems(s, 'requires', s.requires), ...this.clauseItems(s, 'rules-out', s.rulesOut)];
    const labels = s.labels.map((l) => l.label);
    const result: StatusScenario = {
      id: s.id,
      numeral: s.numeral,
      ...(s.short !== undefined ? { short: s.short } : {}),
      title: s.title,
      status: 'open',
      prior: s.prior,
      labels,
      reasons,
      consequences: s.consequences.map((c) => ({
        text: c.text ?? formatExpr(c.when),
        expr: formatExpr(c.when),
        likelihood: c.likelihood,
        holds: this.holdsState(c.when),
        citations: c.citations,
      })),
      evidenceHolds: this.explain ? s.evidence.map((e) => this.holdsState(e.when)) : s.evidence.map(() => 'unknown'),
    };
    const holds = holdsExpr(s);
    if (!this.seen(holds, true) && this.sat(req.map((r) => r.lit)) === null) {
      result.status = 'ruled-out';
      const because = this.why([], req, this.solver.failedAssumptions());
      reasons.push({ kind: 'ruled-out', text: ruledOutText(because), because, citations: this.citationsOf(because) });
      return result;
    }
    const holdsLit = this.cm.lit(holds);
    if (!this.possible(holds, holdsLit, false)) {
      // Every requirement is forced and every rule-out excluded: it holds in every consistent world.
      result.status = 'certain';
      const refuted = this.solver.failedAssumptions();
      const because = this.why([-holdsLit], [], refuted);
      because.clauses = req.map(({ role, index, text, expr, citations }) => ({ role, index, text, expr, citations }));
      reasons.push({ kind: 'certain', text: `certain: holds in every world the settings allow${becauseSuffix(because)}`, because, citations: this.citationsOf(because) });
    }
    if (s.triggers.length) {
      const anyTrigger = any(...s.triggers.map((t) => t.when));
      const trig = this.cm.lit(anyTrigger);
      if (!this.possible(anyTrigger, trig, false)) {
        const refuted = this.solver.failedAssumptions();
        if (result.status === 'open') result.status = 'triggered';
        const entailed = this.clauseItems(s, 'trigger', s.triggers).filter((t) => !this.possible(t.test, t.lit, false));
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
    if (result.status === 'open' || result.status === 'triggered') {
      const pending = req.filter((r) => this.possible(r.test, r.lit, false));
      if (result.status === 'open')
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
    if (labels.length)
      reasons.push({ kind: 'label', text: `the sources say: ${labels.map((l) => `"${l}"`).join(', ')}`, citations: s.labels.flatMap((l) => l.citations) });
    return result;
  }

  private citationsOf(b: Because): Citation[] {
    const byId = this.constraintById;
    return [
      ...b.clauses.flatMap((c) => [...c.citations]),
      ...b.constraints.flatMap((id) => [...(byId.get(id)?.citations ?? [])]),
    ];
  }

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



function refOf(s: SettingRef): SettingRef {
  const out: SettingRef = { condition: s.condition, value: s.value };
  if (s.origin) out.origin = s.origin;
  if (s.date) out.date = s.date;
  if (s.event) out.event = s.event;
  if (s.assumption) out.assumption = s.assumption;
  return out;
}
