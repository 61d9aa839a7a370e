import type { ConditionState, Evaluation, Status } from './evaluate.js';
import type { Value } from './types.js';

type Ok = Evaluation & { ok: true };

export interface ScenarioSide {
  status: Status;
  probability: number;
}

export interface ScenarioDiff {
  id: string;
  numeral: string | null;
  /** The scenario's short name (`base`), when the model gives one. */
  short?: string | undefined;
  title: string;
  /** null when the scenario exists on the other side only (two different models). */
  from: ScenarioSide | null;
  to: ScenarioSide | null;
  statusChanged: boolean;
  /** to.probability − from.probability, a missing side counting as 0. */
  probabilityDelta: number;
}

/** A condition whose setting or derived value differs between the sides. */
export interface ConditionDiff {
  condition: string;
  from: { origin: ConditionState['origin']; value: Value | null } | null;
  to: { origin: ConditionState['origin']; value: Value | null } | null;
}

export interface EvaluationDiff {
  scenarios: ScenarioDiff[];
  /** Settings the user (or the events) made that differ. */
  settings: ConditionDiff[];
  /** Conditions forced by the constraints whose value differs (neither side setting them). */
  derived: ConditionDiff[];
  /** Whether any status, probability (beyond `epsilon`), setting or derived condition differs. */
  changed: boolean;
}

/**
 * Compares two evaluations: of one model under two settings, or of two
 * versions of a model. Scenarios and conditions are matched by id, in the
 * order of the `from` side with those new on the `to` side after.
 *
 * @example
 * const d = diffEvaluations(evaluate(m, new Map()), evaluate(m, new Map([['weather', 'hurricane']])));
 * d.scenarios.filter((s) => s.statusChanged).map((s) => s.id); // ['business_as_usual', 'diversion']
 */
export function diffEvaluations(from: Ok, to: Ok, epsilon = 1e-9): EvaluationDiff {
  const ids = union(
    from.scenarios.map((s) => s.id),
    to.scenarios.map((s) => s.id),
  );
  const scenarios = ids.map((id): ScenarioDiff => {
    const a = from.scenarios.find((s) => s.id === id);
    const b = to.scenarios.find((s) => s.id === id);
    const base = (a ?? b)!;
    return {
      id,
      numeral: base.numeral,
      ...(base.short !== undefined ? { short: base.short } : {}),
      title: base.title,
      from: a ? { status: a.status, probability: a.probability } : null,
      to: b ? { status: b.status, probability: b.probability } : null,
      statusChanged: a?.status !== b?.status,
      probabilityDelta: (b?.probability ?? 0) - (a?.probability ?? 0),
    };
  });
  const state = (ev: Ok) => new Map(ev.conditions.map((c) => [c.id, c]));
  const sa = state(from);
  const sb = state(to);
  const conds = union([...sa.keys()], [...sb.keys()]);
  const side = (c: ConditionState | undefined) => (c ? { origin: c.origin, value: c.value } : null);
  // A setting differs unless both sides set the same value. A derived
  // condition differs when its value differs and neither side sets it: a
  // condition set on either side is already listed under settings.
  const pick = (origin: ConditionState['origin']): ConditionDiff[] =>
    conds
      .filter((id) => {
        const a = sa.get(id);
        const b = sb.get(id);
        if (a?.origin !== origin && b?.origin !== origin) return false;
        if (origin === 'set') return !(a?.origin === 'set' && b?.origin === 'set' && a.value === b.value);
        if (a?.origin === 'set' || b?.origin === 'set') return false;
        return (a?.value ?? null) !== (b?.value ?? null);
      })
      .map((id) => ({ condition: id, from: side(sa.get(id)), to: side(sb.get(id)) }));
  const settings = pick('set');
  const derived = pick('derived');
  const changed =
    settings.length > 0 ||
    derived.length > 0 ||
    scenarios.some((s) => s.statusChanged || Math.abs(s.probabilityDelta) > epsilon);
  return { scenarios, settings, derived, changed };
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...a, ...b.filter((x) => !a.includes(x))];
}
