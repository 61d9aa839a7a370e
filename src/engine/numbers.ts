/**
 * How a scenario's probability is made: its base (the priors and the hard
 * constraints alone), then what each input does to it, measured by leaving
 * that input out with everything else kept (the model's judgements are left
 * out with the calibration fitted again, so that what the calibration
 * absorbs is not shown as a move; the question's inputs with the
 * calibration as it stands). Largest moves first.
 */
import type { CompiledModel } from './compile.js';
import { baseOf, evaluate, probabilitiesOf } from './evaluate.js';
import type { Query } from './evaluate.js';
import { formatConstraint, formatExpr, formatValue } from './expr.js';
import { cloneParams, evidenceFactor } from './prob/params.js';
import type { Params } from './prob/params.js';
import type { Citation } from './types.js';

export type ContributionKind = 'evidence' | 'soft-constraint' | 'scenario-odds' | 'calibration' | 'observation' | 'setting' | 'probability';

export interface Contribution {
  kind: ContributionKind;
  /** What it is: an evidence item (`scenario#evidence[j]`), a constraint id, a condition id... */
  id: string;
  text: string;
  /** The scenario's probability without this input. */
  without: number;
  /** probability − without. */
  delta: number;
  /** The same move in log-odds (natural log); ±Infinity where either side is 0 or 1. */
  logOdds: number;
  citations: readonly Citation[];
}

export interface NumberExplanation {
  scenario: string;
  probability: number;
  /** The probability from the condition priors and the hard constraints alone. */
  base: number;
  /** Largest |delta| first; inputs that do not move it are left out. */
  contributions: Contribution[];
  method: 'exact' | 'estimate';
}

const logit = (p: number) => Math.log(p / (1 - p));

/**
 * Explains one scenario's probability under a question.
 *
 * @example
 * const x = explainNumbers(cm, { asOf: '2026-02-08' }, 'p5_calibrated_resignation');
 * x.contributions[0]; // the input that moves V most, with its source
 */
export function explainNumbers(cm: CompiledModel, query: Query, scenarioId: string): NumberExplanation {
  const model = cm.model;
  const i = model.scenarios.findIndex((s) => s.id === scenarioId);
  if (i < 0) throw new RangeError(`unknown scenario ${scenarioId}`);
  const dist = cm.distribution;
  const base0 = baseOf(cm, query);
  const probOf = (q: Query, params = base0.params, theta: readonly number[] | null = base0.theta): number => {
    try {
      return probabilitiesOf(cm, q, { params, theta }, false, false).scenarios[i]!;
    } catch {
      return NaN;
    }
  };
  const full = evaluate(cm, query, { explain: false, derive: false });
  if (!full.ok) throw new RangeError(`the question contradicts the model: ${full.conflict.text}`);
  const p = full.scenarios[i]!.probability;
  const out: Contribution[] = [];
  const push = (kind: ContributionKind, id: string, text: string, without: number, citations: readonly Citation[]) => {
    if (!Number.isFinite(without) || Math.abs(p - without) < 1e-9) return;
    out.push({ kind, id, text, without, delta: p - without, logOdds: logit(p) - logit(without), citations });
  };
  // The model's judgements: left out, calibration fitted again.
  const refit = (edit: (x: Params) => void): number => {
    const params = cloneParams(base0.params);
    edit(params);
    try {
      return probOf(query, params, dist.calibrate(params, base0.theta));
    } catch {
      return NaN;
    }
  };
  model.scenarios.forEach((s, si) =>
    s.evidence.forEach((e, j) => {
      const { factor } = evidenceFactor(model, base0.params, si, j);
      const text = `${e.effect} ${s.numeral ?? s.id} (×${factor.toFixed(2)} where ${formatExpr(e.when)}): ${e.text ?? formatExpr(e.when)}`;
      push('evidence', `${s.id}#evidence[${j}]`, text, refit((x) => (x.strength[si]![j] = 1)), e.citations);
    }),
  );
  model.constraints.forEach((k, ki) => {
    if (k.probability === undefined) return;
    push('soft-constraint', k.id, `${k.id} (probability ${k.probability}): ${k.description ?? formatConstraint(k)}`, refit((x) => (x.soft[ki] = 0)), k.citations);
  });
  model.scenarios.forEach((s, si) => {
    if (s.prior === 1) return;
    push('scenario-odds', s.id, `odds factor ${s.prior} on ${s.numeral ?? s.id}`, refit((x) => (x.scenarioFactor[si] = 1)), []);
  });
  // The calibration, with the events it was fitted on.
  const cal = model.info.calibration;
  const calDate = cal?.asOf;
  if (cal && base0.theta) {
    const q: Query = { ...query, asOf: query.asOf, events: calDate ? eventsAfter(cm, query, calDate) : query.events };
    push(
      'calibration',
      'calibration',
      `calibration to the sources as of ${cal.asOf} (the events up to then are inside it)`,
      probOf(q, base0.params, null),
      calibrationCitations(cal.targets, scenarioId),
    );
  }
  // The question's inputs, one at a time.
  for (const o of full.observations) {
    if (o.replaced || (calDate && o.event !== undefined && o.date <= calDate && base0.theta)) continue;
    const q: Query = {
      ...query,
      events:
        o.event !== undefined
          ? (query.events ?? eventsUpTo(cm, query.asOf)).map((e) =>
              e.id === o.event ? { ...e, sets: Object.fromEntries(Object.entries(e.sets).filter(([k]) => k !== o.condition)) } : e,
            )
          : query.events,
      observations: o.event === undefined ? (query.observations ?? []).filter((x) => x.condition !== o.condition || x.date !== o.date) : query.observations,
    };
    const what = o.reading === 'not-yet' ? `not yet by ${o.date}` : o.reading === 'state' ? `seen ${formatValue(o.value)} on ${o.date}` : `${formatValue(o.value)} since ${o.date}`;
    push('observation', o.condition, `observed ${o.condition}: ${what}${o.event ? ` (${o.event})` : ''}`, probOf(q), citationsOfEvent(cm, o.event));
  }
  for (const [c, v] of query.settings ?? []) {
    const settings = new Map(query.settings);
    settings.delete(c);
    push('setting', c, `set ${c}=${formatValue(v)}`, probOf({ ...query, settings }), []);
  }
  for (const [c] of query.probabilities ?? []) {
    const probabilities = new Map(query.probabilities);
    probabilities.delete(c);
    push('probability', c, `your probability for ${c}`, probOf({ ...query, probabilities }), []);
  }
  out.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));
  // The base: priors and hard constraints, nothing else.
  const bare = cloneParams(base0.params);
  bare.strength = bare.strength.map((r) => r.map(() => 1));
  bare.soft = bare.soft.map((x) => (x === null ? null : 0));
  bare.scenarioFactor = bare.scenarioFactor.map(() => 1);
  const base = probOf({}, bare, null);
  return { scenario: scenarioId, probability: p, base, contributions: out, method: full.numbers.method };
}

function eventsUpTo(cm: CompiledModel, asOf: string | undefined) {
  return asOf === undefined ? [] : cm.model.events.filter((e) => e.date <= asOf);
}

/** The events the question applies that are dated after `date`. */
function eventsAfter(cm: CompiledModel, query: Query, date: string) {
  return (query.events ?? eventsUpTo(cm, query.asOf)).filter((e) => e.date > date);
}

function citationsOfEvent(cm: CompiledModel, id: string | undefined): readonly Citation[] {
  return id === undefined ? [] : (cm.model.events.find((e) => e.id === id)?.citations ?? []);
}

/** The sources of the scenario's own calibration target (else of every target), each phrase once. */
function calibrationCitations(targets: readonly { scenario: string; citations: readonly Citation[] }[], scenarioId: string): Citation[] {
  const own = targets.filter((t) => t.scenario === scenarioId);
  const seen = new Set<string>();
  return (own.length ? own : targets)
    .flatMap((t) => t.citations)
    .filter((c) => {
      const key = `${c.source ?? ''}\u0000${c.quote ?? ''}\u0000${c.note ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
