import { CompiledModel } from '../engine/compile.js';
import { minimalCore } from '../engine/explain.js';
import { any, not, all, conditionsOf, formatExpr, formatValue } from '../engine/expr.js';
import type { Expr, Model, Loc } from '../engine/types.js';
import { AnalysisBoundError, explore, findGapPatterns, holdsExpr } from '../engine/analysis/index.js';
import type { Diagnostic } from './diagnostics.js';
import { InfeasibleError } from '../engine/prob/distribution.js';
import { probabilitiesOf } from '../engine/evaluate.js';
import type { Query } from '../engine/evaluate.js';

function at(loc: Loc | undefined, fallback: string, severity: Diagnostic['severity'], message: string): Diagnostic {
  return { file: loc?.file ?? fallback, line: loc?.line ?? 1, col: loc?.col ?? 1, severity, message };
}

/**
 * Logical checks on a loaded model: constraints that no world satisfies
 * (naming a minimal set of them), and scenarios that can never hold.
 */
export function checkLogic(model: Model, cm: CompiledModel = new CompiledModel(model)): Diagnostic[] {
  const out: Diagnostic[] = [];
  const file = model.info.name;
  const items = cm.hard.map((k) => ({ k, lit: cm.selector.get(k.id)! }));
  const core = minimalCore(cm.solver, [], items);
  if (core !== null) {
    const first = core[0]?.k;
    out.push(
      at(first?.loc, file, 'error', `no world satisfies these constraints together: ${core.map((c) => c.k.id).join(', ')}`),
    );
    return out;
  }
  const selectors = items.map((i) => i.lit);
  for (const s of model.scenarios) {
    const req = all(...s.requires.map((c) => c.when), not(any(...s.rulesOut.map((c) => c.when))));
    if (cm.solver.solve([...selectors, cm.lit(req)]) === null) {
      out.push(at(s.loc, file, 'error', `scenario '${s.id}' can never hold: no world meets its requirements under the constraints`));
    }
  }
  if (out.length) return out;
  // The calibration: its targets must be reachable together on their date.
  try {
    void cm.distribution.base;
  } catch (e) {
    if (!(e instanceof InfeasibleError)) throw e;
    const target = e.what.kind === 'calibration' ? model.info.calibration?.targets.find((t) => t.scenario === (e.what as { scenario: string }).scenario) : undefined;
    out.push(at(target?.loc, file, 'error', e.message));
  }
  return out;
}

/** A question that sets a trigger's expression true, where it is a single condition value; otherwise none. */
function triggerQuery(e: Expr): Query {
  if (e.op === 'is') return { settings: new Map([[e.condition, e.value]]) };
  if (e.op === 'not' && e.arg.op === 'is' && typeof e.arg.value === 'boolean') return { settings: new Map([[e.arg.condition, !e.arg.value]]) };
  if (e.op === 'all') return { settings: new Map(e.args.flatMap((a) => [...(triggerQuery(a).settings ?? [])])) };
  return {};
}

const pct = (p: number) => `${(p * 100).toFixed(1)}%`;

/** Collapses runs of white space, so a quote folded over lines in YAML still matches. */
function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Checks that every quote stands verbatim in its cited source, for the
 * sources whose text is at hand. Returns the problems and the ids of the
 * sources that could not be checked.
 */
export function checkQuotes(model: Model, texts: ReadonlyMap<string, string>): { diagnostics: Diagnostic[]; unchecked: string[] } {
  const diagnostics: Diagnostic[] = [];
  const squashed = new Map([...texts].map(([k, v]) => [k, squash(v)]));
  const unchecked = new Set<string>();
  for (const c of allCitations(model)) {
    if (!c.source || !c.quote) continue;
    const text = squashed.get(c.source);
    if (text === undefined) {
      unchecked.add(c.source);
      continue;
    }
    if (!text.includes(squash(c.quote))) {
      diagnostics.push(
        at(c.loc, model.info.name, 'error', `quote not found verbatim in ${c.source}: "${c.quote.length > 60 ? c.quote.slice(0, 57) + '...' : c.quote}"`),
      );
    }
  }
  return { diagnostics, unchecked: [...unchecked] };
}

/** Every citation in the model, wherever it stands. */
export function* allCitations(model: Model) {
  for (const c of model.conditions) yield* c.citations;
  for (const k of model.constraints) yield* k.citations;
  for (const s of model.scenarios) {
    yield* s.citations;
    for (const l of s.labels) yield* l.citations;
    for (const list of [s.requires, s.triggers, s.rulesOut, s.evidence, s.consequences]) for (const c of list) yield* c.citations;
  }
  for (const a of model.actors) {
    yield* a.citations;
    for (const st of a.stances) yield* st.citations;
  }
  for (const c of model.contradictions) yield* c.claims;
  for (const e of model.events) yield* e.citations;
  for (const l of model.info.layers ?? []) for (const o of l.overrides) yield* o.citations;
}

/**
 * Lints (warnings, not errors) on a model whose constraints are consistent:
 * scenarios that always hold together (no world tells them apart), worlds
 * no scenario covers, triggers that contradict their scenario's
 * requirements (when the trigger holds the scenario is ruled out), and
 * conditions that no scenario, constraint or actor's stance uses. Exact:
 * each is decided by the solver; the worlds no scenario covers are counted
 * when that takes little work.
 *
 * @example
 * lintModel(model); // [{ file: 'conditions.yaml', line: 12, col: 5, severity: 'warning', message: "condition 'x' is used by …" }]
 */
export function lintModel(model: Model, cm: CompiledModel = new CompiledModel(model)): Diagnostic[] {
  const out: Diagnostic[] = [];
  const file = model.info.name;
  const sel = cm.hard.map((k) => cm.selector.get(k.id)!);
  const sat = (lits: number[]) => cm.solver.solve([...sel, ...lits]) !== null;
  if (!sat([])) return out;
  const holds = model.scenarios.map((s) => cm.lit(holdsExpr(s)));

  // A model with a clock reads every condition as an outcome or a state.
  if (model.info.time)
    for (const c of model.conditions)
      if (!c.kind)
        out.push(at(c.loc, file, 'warning', `condition '${c.id}' has no kind: read as a state (its value at the horizon); say \`kind: outcome\` if it happens or not before the horizon`));

  // Conditions nothing reads: setting them can change no answer.
  const used = new Set<string>();
  const use = (e: Expr) => conditionsOf(e, used);
  for (const k of model.constraints) k.args.forEach(use);
  for (const s of model.scenarios)
    for (const list of [s.requires, s.rulesOut, s.triggers, s.evidence, s.consequences]) for (const c of list) use(c.when);
  for (const a of model.actors) for (const st of a.stances) if (st.when) use(st.when);
  for (const c of model.conditions)
    if (!used.has(c.id))
      out.push(at(c.loc, file, 'warning', `condition '${c.id}' is used by no scenario, constraint or stance: setting it changes nothing`));

  // Triggers that, when they hold, leave the scenario no world.
  model.scenarios.forEach((s, i) => {
    s.triggers.forEach((t) => {
      const tl = cm.lit(t.when);
      if (!sat([tl]) || sat([tl, holds[i]!])) return;
      const items = [
        ...s.requires.map((c) => ({ text: `needs ${c.text ?? formatExpr(c.when)}`, lit: cm.lit(c.when) })),
        ...s.rulesOut.map((c) => ({ text: `ruled out by ${c.text ?? formatExpr(c.when)}`, lit: -cm.lit(c.when) })),
      ];
      const core = minimalCore(cm.solver, [...sel, tl], items) ?? [];
      out.push(
        at(
          t.loc ?? s.loc,
          file,
          'warning',
          `trigger '${t.text ?? formatExpr(t.when)}' of scenario '${s.id}' contradicts its requirements: whenever it holds the scenario is ruled out${core.length ? ` (${core.map((c) => c.text).join('; ')})` : ''}`,
        ),
      );
    });
  });

  // Triggers that do not make their scenario likelier: its defining event should raise it.
  const numbers = (q: Query) => {
    try {
      return probabilitiesOf(cm, q);
    } catch {
      return null;
    }
  };
  const now = numbers({});
  if (now && now.method === 'exact')
    model.scenarios.forEach((s, i) => {
      s.triggers.forEach((t) => {
        const tl = cm.lit(t.when);
        if (!sat([tl, holds[i]!])) return;
        const given = numbers({ probabilities: undefined, settings: undefined, observations: undefined, ...triggerQuery(t.when) });
        if (!given || given.scenarios[i]! > now.scenarios[i]! + 1e-9) return;
        out.push(
          at(
            t.loc ?? s.loc,
            file,
            'warning',
            `trigger '${t.text ?? formatExpr(t.when)}' of scenario '${s.id}' does not make it likelier (${pct(now.scenarios[i]!)} without it, ${pct(given.scenarios[i]!)} with it): make the defining event a requirement, or tie it to the scenario with evidence or a constraint`,
          ),
        );
      });
    });

  // Scenarios no world tells apart.
  const possible = model.scenarios.map((_, i) => sat([holds[i]!]));
  for (let i = 0; i < model.scenarios.length; i++)
    for (let j = i + 1; j < model.scenarios.length; j++) {
      if (!possible[i] || !possible[j]) continue;
      if (sat([holds[i]!, -holds[j]!]) || sat([holds[j]!, -holds[i]!])) continue;
      const [a, b] = [model.scenarios[i]!, model.scenarios[j]!];
      out.push(at(b.loc, file, 'warning', `scenarios '${a.id}' and '${b.id}' always hold together: no world tells them apart`));
    }

  // Worlds in which no scenario holds: gaps in the list of possibilities.
  const patterns = findGapPatterns(cm, new Map(), 3);
  if (patterns.length) {
    let counted = '';
    try {
      const r = explore(cm, new Map(), { maxNodes: 50_000, gapExamples: 0 });
      counted = ` in ${r.gaps.worlds} of ${r.total} worlds`;
    } catch (e) {
      if (!(e instanceof AnalysisBoundError)) throw e;
    }
    const shown = patterns.map((p) => (p.length ? p.map((x) => `${x.condition}=${formatValue(x.value)}`).join(', ') : 'every world'));
    const residual = now ? `, probability ${pct(now.residual)} with nothing set` : '';
    out.push(
      at(
        model.scenarios[0]?.loc,
        file,
        'warning',
        `no scenario holds${counted}${residual}, e.g. where ${shown.join('; or ')} ('explore' lists them)`,
      ),
    );
  }
  return out;
}
