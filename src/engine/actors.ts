import { CompiledModel } from './compile.js';
import { formatExpr } from './expr.js';
import type { Actor, Citation, Expr, Model, Settings, Stance, StanceKind } from './types.js';

/** Whether an expression holds in every, no, or only some consistent worlds. */
export type Certainty = 'always' | 'never' | 'maybe';

/**
 * How an expression stands under the settings and the model's constraints,
 * or null when the settings themselves contradict the constraints.
 *
 * @example
 * certainty(cm, new Map([['weather', 'hurricane']]), is('port_closed')); // 'always'
 */
export function certainty(cm: CompiledModel, settings: Settings, e: Expr): Certainty | null {
  const base = [
    ...[...settings].map(([c, v]) => cm.valueLit(c, v)),
    ...cm.hard.map((k) => cm.selector.get(k.id)!),
  ];
  if (cm.solver.solve(base) === null) return null;
  const lit = cm.lit(e);
  if (cm.solver.solve([...base, -lit]) === null) return 'always';
  if (cm.solver.solve([...base, lit]) === null) return 'never';
  return 'maybe';
}

/** One cell of the stance matrix: an actor's stance on a scenario under the settings. */
export interface StanceCell {
  actor: string;
  scenario: string;
  /** The stance that applies now: a conditional one resolved when the settings decide it. */
  stance: StanceKind;
  /** The stance as the model states it; null when the model gives none (shown as unclear). */
  declared: StanceKind | null;
  /** For a conditional stance: its condition and both branches, and how the settings decide it. */
  conditional?: {
    when: string;
    then: StanceKind;
    otherwise: StanceKind;
    /** 'then' or 'otherwise' when decided, 'open' while the condition may go either way. */
    resolved: 'then' | 'otherwise' | 'open';
  };
  citations: readonly Citation[];
}

/** Who backs and who blocks a scenario, and the support balance. */
export interface ScenarioSupport {
  scenario: string;
  supporters: string[];
  opponents: string[];
  conditional: string[];
  neutral: string[];
  unclear: string[];
  /** Sum of the supporters' influence weights. */
  support: number;
  /** Sum of the opponents' influence weights. */
  opposition: number;
  /** support - opposition. */
  balance: number;
  /** balance / total influence of all actors, in [-1, 1] (0 with no influence at all). */
  index: number;
}

export interface StanceMatrix {
  actors: readonly Actor[];
  cells: StanceCell[];
  scenarios: ScenarioSupport[];
  /** Sum of every decider's influence (units once, actors outside units): the scale of `index`. */
  totalInfluence: number;
}

/**
 * The stance matrix, actors by scenarios, under settings. A conditional
 * stance resolves to `then` when its `when` holds in every world consistent
 * with the settings and constraints, to `otherwise` when its negation does,
 * and stays `conditional` otherwise. A missing stance counts as `unclear`.
 *
 * Support balance (documented formula), over the deciders: each decision
 * unit once (with the unit's influence), and each actor that is no unit's
 * voice. A unit's stance is its voices' when they agree: supports if some
 * voice supports and none opposes, opposes likewise, unclear when voices
 * disagree; with no voice taking a side, conditional if one is, neutral if
 * one is, else unclear. support = sum of the influence of deciders whose
 * stance is `supports`; opposition = the same for `opposes`; balance =
 * support - opposition; index = balance / (sum of all deciders'
 * influence). Neutral, conditional and unclear stances count zero.
 * Returns null when the settings contradict the constraints.
 *
 * @example
 * const m = stanceMatrix(model, new Map([['government_mediates', true]]));
 * m?.cells.find((c) => c.actor === 'union' && c.scenario === 'negotiated')?.stance; // 'supports'
 */
export function stanceMatrix(model: Model | CompiledModel, settings: Settings): StanceMatrix | null {
  const cm = model instanceof CompiledModel ? model : new CompiledModel(model);
  if (certainty(cm, settings, { op: 'all', args: [] }) === null) return null;
  const m = cm.model;
  const cells: StanceCell[] = [];
  for (const a of m.actors) {
    for (const s of m.scenarios) {
      const st = a.stances.find((x) => x.scenario === s.id);
      cells.push(st ? resolve(cm, settings, a, st) : { actor: a.id, scenario: s.id, stance: 'unclear', declared: null, citations: [] });
    }
  }
  const units = m.units ?? [];
  const deciders = [...units.map((u) => ({ id: u.id, influence: u.influence })), ...m.actors.filter((a) => !a.unit).map((a) => ({ id: a.id, influence: a.influence }))];
  const totalInfluence = deciders.reduce((t, a) => t + a.influence, 0);
  const influence = new Map(deciders.map((a) => [a.id, a.influence]));
  const scenarios = m.scenarios.map((s): ScenarioSupport => {
    const cellsHere = cells.filter((c) => c.scenario === s.id);
    const mine: { actor: string; stance: StanceKind }[] = [
      ...units.map((u) => ({ actor: u.id, stance: unitStance(cellsHere.filter((c) => m.actors.find((a) => a.id === c.actor)?.unit === u.id).map((c) => c.stance)) })),
      ...cellsHere.filter((c) => !m.actors.find((a) => a.id === c.actor)?.unit),
    ];
    const who = (k: StanceKind) => mine.filter((c) => c.stance === k).map((c) => c.actor);
    const sum = (ids: string[]) => ids.reduce((t, id) => t + (influence.get(id) ?? 0), 0);
    const supporters = who('supports');
    const opponents = who('opposes');
    const support = sum(supporters);
    const opposition = sum(opponents);
    const balance = support - opposition;
    return {
      scenario: s.id,
      supporters,
      opponents,
      conditional: who('conditional'),
      neutral: who('neutral'),
      unclear: who('unclear'),
      support,
      opposition,
      balance,
      index: totalInfluence > 0 ? balance / totalInfluence : 0,
    };
  });
  return { actors: m.actors, cells, scenarios, totalInfluence };
}

/** A unit's stance from its voices' (see stanceMatrix). */
export function unitStance(voices: readonly StanceKind[]): StanceKind {
  const sup = voices.includes('supports');
  const opp = voices.includes('opposes');
  if (sup && opp) return 'unclear';
  if (sup) return 'supports';
  if (opp) return 'opposes';
  if (voices.includes('conditional')) return 'conditional';
  if (voices.includes('neutral')) return 'neutral';
  return 'unclear';
}

function resolve(cm: CompiledModel, settings: Settings, a: Actor, st: Stance): StanceCell {
  const cell: StanceCell = { actor: a.id, scenario: st.scenario, stance: st.stance, declared: st.stance, citations: st.citations };
  if (st.stance !== 'conditional' || st.when === undefined) return cell;
  const then = st.then ?? 'unclear';
  const otherwise = st.otherwise ?? 'unclear';
  const c = certainty(cm, settings, st.when);
  const resolved = c === 'always' ? 'then' : c === 'never' ? 'otherwise' : 'open';
  cell.conditional = { when: formatExpr(st.when), then, otherwise, resolved };
  cell.stance = resolved === 'then' ? then : resolved === 'otherwise' ? otherwise : 'conditional';
  return cell;
}
