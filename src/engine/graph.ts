import { formatExpr, formatValue, literalsOf } from './expr.js';
import type { Literal } from './expr.js';
import type { ConditionState, Evaluation, Status } from './evaluate.js';
import type { ConstraintKind, Expr, Model, Value } from './types.js';

export type GraphNode =
  | {
      kind: 'condition';
      id: string;
      label: string;
      /** set by the user or an event, forced by the constraints, or still open. */
      state: ConditionState['origin'];
      value: Value | null;
      /** Its named values; null for a yes/no condition. */
      values: readonly Value[] | null;
    }
  | { kind: 'constraint'; id: string; label: string; constraintKind: ConstraintKind }
  | { kind: 'scenario'; id: string; label: string; numeral: string | null; status: Status; probability: number };

export type EdgeRole =
  | 'if'
  | 'then'
  | 'member'
  | 'requires'
  | 'rules-out'
  | 'triggers'
  | 'favours'
  | 'disfavours';

export interface GraphEdge {
  from: string;
  to: string;
  role: EdgeRole;
  /** The expression the edge comes from, for labels and tooltips. */
  label: string;
  /** Whether the edge has a direction (the members of an exclusion do not). */
  directed: boolean;
  /** How the condition appears in that expression: each value tested, and whether under a `not`. */
  literals: readonly Literal[];
}

/**
 * What an edge tests its condition for, in words: `not` for a negated
 * yes/no condition, `= storm` / `≠ storm` for a named value, several joined
 * by `, ` (`is, not` when both); empty for a plain yes/no test.
 *
 * @example
 * edgeTest({ literals: [{ value: 'storm', negated: false }] }); // '= storm'
 */
export function edgeTest(e: Pick<GraphEdge, 'literals'>): string {
  if (e.literals.every((l) => l.value === true && !l.negated)) return '';
  return e.literals
    .map((l) => (l.value === true ? (l.negated ? 'not' : 'is') : `${l.negated ? '≠' : '='} ${formatValue(l.value)}`))
    .join(', ');
}

/** Whether the edge's condition appears only negated (`not x`, `x=false`, `not x=v`). */
export function edgeNegated(e: Pick<GraphEdge, 'literals'>): boolean {
  return e.literals.length > 0 && e.literals.every((l) => l.negated);
}

export interface ModelGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Node ids carry their kind, so a condition and a scenario may share a name. */
export const nodeId = (kind: GraphNode['kind'], id: string): string => `${kind}:${id}`;

/**
 * The model as a graph: conditions, constraints and scenarios as nodes;
 * constraints linked to the conditions they relate (implies: if -> rule ->
 * then), scenarios linked from the conditions their clauses and evidence
 * name. Statuses and condition states come from an evaluation.
 *
 * @example
 * const g = modelGraph(model, evaluate(model, new Map([['weather', 'storm']])));
 * g.nodes.find((n) => n.id === 'condition:weather'); // { kind: 'condition', state: 'set', value: 'storm', ... }
 */
export function modelGraph(model: Model, ev: Evaluation & { ok: true }): ModelGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const states = new Map(ev.conditions.map((c) => [c.id, c]));
  for (const c of model.conditions) {
    const st = states.get(c.id);
    nodes.push({
      kind: 'condition',
      id: nodeId('condition', c.id),
      label: c.id,
      state: st?.origin ?? 'unknown',
      value: st?.value ?? null,
      values: c.values,
    });
  }
  for (const k of model.constraints) {
    const id = nodeId('constraint', k.id);
    nodes.push({ kind: 'constraint', id, label: k.id, constraintKind: k.kind });
    const link = (e: Expr, role: EdgeRole, into: boolean) => {
      for (const [c, literals] of literalsOf(e)) {
        const cid = nodeId('condition', c);
        edges.push(
          into
            ? { from: cid, to: id, role, label: formatExpr(e), directed: true, literals }
            : { from: id, to: cid, role, label: formatExpr(e), directed: true, literals },
        );
      }
    };
    if (k.kind === 'implies') {
      link(k.args[0]!, 'if', true);
      link(k.args[1]!, 'then', false);
    } else {
      for (const a of k.args)
        for (const [c, literals] of literalsOf(a))
          edges.push({ from: nodeId('condition', c), to: id, role: 'member', label: formatExpr(a), directed: false, literals });
    }
  }
  for (const s of model.scenarios) {
    const r = ev.scenarios.find((x) => x.id === s.id);
    const id = nodeId('scenario', s.id);
    nodes.push({
      kind: 'scenario',
      id,
      label: `${s.numeral ? `${s.numeral}. ` : ''}${s.title}`,
      numeral: s.numeral,
      status: r?.status ?? 'open',
      probability: r?.probability ?? 0,
    });
    const from = (e: Expr, role: EdgeRole) => {
      for (const [c, literals] of literalsOf(e))
        edges.push({ from: nodeId('condition', c), to: id, role, label: formatExpr(e), directed: true, literals });
    };
    for (const c of s.requires) from(c.when, 'requires');
    for (const c of s.rulesOut) from(c.when, 'rules-out');
    for (const c of s.triggers) from(c.when, 'triggers');
    for (const e of s.evidence) from(e.when, e.effect);
  }
  return { nodes, edges: dedupe(edges) };
}

/** One edge per (from, to, role): a condition named twice in one rule draws once. */
function dedupe(edges: GraphEdge[]): GraphEdge[] {
  const seen = new Map<string, GraphEdge>();
  for (const e of edges) {
    const key = `${e.from}\u0000${e.to}\u0000${e.role}`;
    const prev = seen.get(key);
    if (!prev) seen.set(key, { ...e, literals: [...e.literals] });
    else {
      if (!prev.label.split('; ').includes(e.label)) prev.label += `; ${e.label}`;
      const lits = prev.literals as Literal[];
      for (const l of e.literals) if (!lits.some((x) => x.value === l.value && x.negated === l.negated)) lits.push(l);
    }
  }
  return [...seen.values()];
}
