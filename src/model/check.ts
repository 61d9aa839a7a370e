import { CompiledModel } from '../engine/compile.js';
import { minimalCore } from '../engine/explain.js';
import { any, not, all } from '../engine/expr.js';
import type { Model, Loc } from '../engine/types.js';
import type { Diagnostic } from './diagnostics.js';

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
  const items = model.constraints.map((k) => ({ k, lit: cm.selector.get(k.id)! }));
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
  return out;
}

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
}
