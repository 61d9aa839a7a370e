import type { CompiledModel } from '../compile.js';
import { evaluate } from '../evaluate.js';
import type { Because, DerivedCondition, Status } from '../evaluate.js';
import { minimalCore } from '../explain.js';
import { valuesOf } from '../expr.js';
import type { Model, Value } from '../types.js';
import { byId, compiledOf, constraintLits, evaluateOk, holdsExpr, settingKey, toQuery, checkWork, DEFAULT_MAX_WORK, workDone } from './common.js';
import type { QueryLike } from './common.js';

/** One change to the settings: a new value, or `to: null` to drop the setting (back to unknown). */
export interface Change {
  condition: string;
  from: Value;
  to: Value | null;
}

/** A set of changes that brings the scenario back, and what else it would change. */
export interface ReviveOption {
  changes: Change[];
  /** The revived scenario's status and probability after the changes. */
  status: Status;
  probability: number;
  /** Other scenarios whose status the changes alter. */
  others: { id: string; numeral: string | null; title: string; before: Status; after: Status; probabilityBefore: number; probabilityAfter: number }[];
  /** Conditions the changes would newly force, and those no longer forced. */
  derived: DerivedCondition[];
  released: { condition: string; value: Value }[];
}

/** A subset-minimal set of settings to touch, with the ways of touching them that work. */
export interface ReviveSet {
  conditions: string[];
  options: ReviveOption[];
  /** True when more value combinations exist than were tried. */
  moreOptions: boolean;
}

export interface ReviveOptions {
  /** Largest number of settings to touch (default 3). */
  maxSize?: number | undefined;
  /** Stop after this many sets (default 10). */
  maxSets?: number | undefined;
  /** Subsets of the settings to enumerate at most (default 200,000). */
  maxChecks?: number | undefined;
  /** Value combinations to try per set (default 8; dropping every setting is always tried first). */
  maxVariants?: number | undefined;
  /** Refuse when evaluating the changes found needs more work than this (units of `workDone`; default DEFAULT_MAX_WORK). */
  maxWork?: number | undefined;
}

export interface ReviveResult {
  scenario: { id: string; numeral: string | null; title: string };
  status: Status;
  /** Why it is ruled out now (settings, constraints, clauses). */
  because?: Because | undefined;
  text?: string | undefined;
  /** Ruled out by the constraints alone: no change to the settings brings it back. */
  byModel: boolean;
  /** Ruled out by what was observed (with the constraints): no change to the user's settings brings it back. */
  byObservations: boolean;
  /** Smallest first; each subset-minimal (touching fewer of its settings never works). */
  sets: ReviveSet[];
  /** Size of the smallest set found, or null. */
  smallest: number | null;
  /** Which bounds cut the search short: 'size' (larger sets untried), 'sets', 'checks'. */
  bounded: ('size' | 'sets' | 'checks')[];
  limits: { maxSize: number; maxSets: number; maxChecks: number; maxVariants: number };
}

/**
 * For a ruled-out scenario, the smallest sets of changes to the current
 * settings (drop a setting, or give it another value) after which some world
 * consistent with the constraints has the scenario hold. Sets are
 * subset-minimal and found smallest first; each way of changing a set is
 * evaluated in full, reporting what else it changes. Exact within its
 * bounds, and says which bound it hit.
 *
 * @example
 * const r = revive(model, new Map([['port_closed', true]]), 'business_as_usual');
 * r.sets[0]?.conditions;          // ['port_closed']
 * r.sets[0]?.options[0]?.changes; // [{ condition: 'port_closed', from: true, to: null }]
 */
export function revive(model: Model | CompiledModel, query: QueryLike, scenarioId: string, options: ReviveOptions = {}): ReviveResult {
  const q = toQuery(query);
  const settings = q.settings ?? new Map<string, Value>();
  const cm = compiledOf(model);
  const limits = {
    maxSize: options.maxSize ?? 3,
    maxSets: options.maxSets ?? 10,
    maxChecks: options.maxChecks ?? 200_000,
    maxVariants: options.maxVariants ?? 8,
  };
  const s = cm.model.scenarios.find((x) => x.id === scenarioId);
  if (!s) throw new RangeError(`unknown scenario ${scenarioId}`);
  const before = evaluateOk(cm, q);
  const now = before.scenarios.find((x) => x.id === s.id)!;
  const reason = now.reasons.find((r) => r.kind === 'ruled-out');
  const result: ReviveResult = {
    scenario: { id: s.id, numeral: s.numeral, title: s.title },
    status: now.status,
    because: reason?.because,
    text: reason?.text,
    byModel: false,
    byObservations: false,
    sets: [],
    smallest: null,
    bounded: [],
    limits,
  };
  if (now.status !== 'ruled-out') return result;
  const sel = constraintLits(cm);
  const holds = cm.lit(holdsExpr(s));
  const sat = (lits: number[]) => cm.solver.solve(lits) !== null;
  if (!sat([...sel, holds])) {
    result.byModel = true;
    return result;
  }
  // Values established by observations are facts, not settings to change: they stay in the background.
  const observed = before.settings.filter((x) => x.origin === 'observed' && !settings.has(x.condition)).map((x) => cm.valueLit(x.condition, x.value));
  sel.push(...observed);
  if (!sat([...sel, holds])) {
    result.byObservations = true;
    return result;
  }
  const items = [...settings].map(([condition, value]) => ({ condition, value, lit: cm.valueLit(condition, value) }));
  // Every set that works must touch a setting of this conflict: prune the rest unchecked.
  const core = new Set(minimalCore(cm.solver, [...sel, holds], items) ?? []);
  const found: Set<number>[] = [];
  let checks = 0;
  search: for (let k = 1; k <= Math.min(limits.maxSize, items.length); k++) {
    for (const subset of combinations(items.length, k)) {
      // Counted before the cheap filters too, so a huge number of settings cannot spin here.
      if (++checks > limits.maxChecks) {
        result.bounded.push('checks');
        break search;
      }
      if (!subset.some((i) => core.has(items[i]!))) continue;
      if (found.some((f) => [...f].every((i) => subset.includes(i)))) continue;
      const kept = items.filter((_, i) => !subset.includes(i)).map((x) => x.lit);
      if (!sat([...sel, holds, ...kept])) continue;
      found.push(new Set(subset));
      if (found.length >= limits.maxSets) {
        result.bounded.push('sets');
        break search;
      }
    }
    if (k === limits.maxSize && found.length === 0 && items.length > k) result.bounded.push('size');
  }
  const beforeById = byId(before.scenarios);
  const beforeDerived = new Map(before.derived.map((d) => [settingKey(d.condition, d.value), d]));
  const maxWork = options.maxWork ?? DEFAULT_MAX_WORK;
  const startWork = workDone(cm);
  let evaluated = 0;
  for (const f of found) {
    const touched = [...f].sort((a, b) => a - b).map((i) => items[i]!);
    const choices = touched.map((t) => [null, ...valuesOf(cm.conditionById.get(t.condition)!).filter((v) => v !== t.value)]);
    const set: ReviveSet = { conditions: touched.map((t) => t.condition), options: [], moreOptions: false };
    let tried = 0;
    for (const combo of product(choices)) {
      if (tried++ >= limits.maxVariants) {
        set.moreOptions = true;
        break;
      }
      const next = new Map(settings);
      touched.forEach((t, i) => {
        const v = combo[i]!;
        if (v === null) next.delete(t.condition);
        else next.set(t.condition, v);
      });
      const nextQuery = { ...q, settings: next };
      const quick = evaluate(cm, nextQuery, { derive: false, explain: false, numbers: false });
      if (!quick.ok || quick.scenarios.find((x) => x.id === s.id)!.status === 'ruled-out') continue;
      // At most maxVariants full evaluations a set: refused once the whole would pass the budget.
      checkWork(workDone(cm) - startWork, evaluated++, found.length * limits.maxVariants, maxWork, 'reviving the scenario');
      const after = evaluateOk(cm, nextQuery);
      const me = after.scenarios.find((x) => x.id === s.id)!;
      const afterDerived = new Set(after.derived.map((d) => settingKey(d.condition, d.value)));
      set.options.push({
        changes: touched.map((t, i) => ({ condition: t.condition, from: t.value, to: combo[i]! })),
        status: me.status,
        probability: me.probability,
        others: after.scenarios
          .filter((x) => x.id !== s.id && x.status !== beforeById.get(x.id)!.status)
          .map((x) => {
            const b = beforeById.get(x.id)!;
            return { id: x.id, numeral: x.numeral, title: x.title, before: b.status, after: x.status, probabilityBefore: b.probability, probabilityAfter: x.probability };
          }),
        derived: after.derived.filter((d) => !beforeDerived.has(settingKey(d.condition, d.value)) && !next.has(d.condition)),
        released: [...beforeDerived.values()]
          .filter((d) => !afterDerived.has(settingKey(d.condition, d.value)) && !next.has(d.condition))
          .map((d) => ({ condition: d.condition, value: d.value })),
      });
    }
    result.sets.push(set);
  }
  result.smallest = result.sets.length ? result.sets[0]!.conditions.length : null;
  return result;
}

/** Index subsets of {0..n-1} of size k, in lexicographic order. */
function* combinations(n: number, k: number): Generator<number[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  if (k > n) return;
  for (;;) {
    yield [...idx];
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return;
    idx[i]!++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1]! + 1;
  }
}

function* product<T>(lists: readonly (readonly T[])[]): Generator<T[]> {
  const idx = lists.map(() => 0);
  if (lists.some((l) => l.length === 0)) return;
  for (;;) {
    yield idx.map((i, j) => lists[j]![i]!);
    let j = lists.length - 1;
    while (j >= 0 && idx[j] === lists[j]!.length - 1) idx[j--] = 0;
    if (j < 0) return;
    idx[j]!++;
  }
}
