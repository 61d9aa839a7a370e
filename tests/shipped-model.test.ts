// The shipped model read as an analyst would (issue 11): the ten behaviours of
// section 7 of the domain brief, the timeline's directions, the reading of
// time, the switches and the actors, all in-process on the engine's own
// results (no CLI output format is relied on).
import { describe, expect, it } from 'vitest';
import { stanceMatrix } from '../src/engine/actors.js';
import { CompiledModel } from '../src/engine/compile.js';
import { evaluate } from '../src/engine/evaluate.js';
import type { Evaluation, Query } from '../src/engine/evaluate.js';
import { explainNumbers } from '../src/engine/numbers.js';
import { timeline } from '../src/engine/timeline.js';
import type { Value } from '../src/engine/types.js';
import { checkLogic } from '../src/model/check.js';
import { loadDir, SHIPPED } from './helpers.js';

const model = loadDir(SHIPPED);
const cm = new CompiledModel(model);
/** The column's date (model.yaml calibration.as_of is 7 February; nothing observable happens on the 8th). */
const COLUMN = '2026-02-08';

type Ok = Extract<Evaluation, { ok: true }>;
function ask(query: Query): Ok {
  const ev = evaluate(cm, query, { explain: false });
  if (!ev.ok) throw new Error(`unexpected conflict: ${ev.conflict.text}`);
  return ev;
}
const set = (o: Record<string, Value>) => new Map(Object.entries(o));
const byNumeral = (ev: Ok, n: string) => {
  const s = ev.scenarios.find((x) => x.numeral === n);
  if (!s) throw new Error(`no scenario ${n}`);
  return s;
};
const byId = (ev: Ok, id: string) => {
  const s = ev.scenarios.find((x) => x.id === id);
  if (!s) throw new Error(`no scenario ${id}`);
  return s;
};
const p = (ev: Ok, n: string) => byNumeral(ev, n).probability;
const pBase = (ev: Ok) => byId(ev, 'p0_maliki_government').probability;
const pCond = (ev: Ok, id: string, value: Value = true) =>
  ev.conditions.find((c) => c.id === id)!.probabilities.find((x) => x.value === value)!.probability;
const FORMING = ['p0_maliki_government', 'p1_compromise_iran_approved', 'p2_washington_aligned', 'p3_sadrist_intervention', 'p5_calibrated_resignation'];

describe('the shipped model is consistent and reads every condition at the horizon', () => {
  it('has no logical problem, a clock, and a kind for every condition', () => {
    expect(checkLogic(model, cm)).toEqual([]);
    expect(model.info.time).toMatchObject({ start: '2026-01-24', horizon: '2026-12-31' });
    expect(model.info.time!.endsWhen).toEqual(expect.arrayContaining(['maliki_government_formed', 'new_government_formed']));
    for (const c of model.conditions) expect(c.kind, c.id).toMatch(/^(outcome|state)$/);
  });

  it('has the baseline, I..V and the deadlock under a caretaker Sudani (no numeral), and reports the residual', () => {
    expect(model.scenarios.map((s) => s.numeral).filter((n) => n !== null).sort()).toEqual(['I', 'II', 'III', 'IV', 'V']);
    const deadlock = model.scenarios.find((s) => s.id === 'deadlock_caretaker_sudani')!;
    expect(deadlock.numeral).toBeNull();
    expect(deadlock.citations.length + deadlock.labels.length).toBeGreaterThan(0);
    const ev = ask({ asOf: COLUMN });
    expect(ev.residual).toBeGreaterThan(0);
    expect(ev.residual).toBeLessThan(0.2);
    // The deadlock is the largest case the column does not list.
    expect(byId(ev, 'deadlock_caretaker_sudani').probability).toBeGreaterThan(Math.max(pBase(ev), p(ev, 'IV')));
  });

  it('every scenario that forms a cabinet needs a president elected first; IV and the deadlock do not', () => {
    const ev = ask({ asOf: COLUMN, settings: set({ president_elected: false }) });
    for (const id of FORMING) expect(byId(ev, id).status, id).toBe('ruled-out');
    expect(byNumeral(ev, 'IV').status).not.toBe('ruled-out');
    expect(byId(ev, 'deadlock_caretaker_sudani').status).not.toBe('ruled-out');
  });

  it('maliki_resigns=false (no resignation before the horizon) rules out V; a dated "not yet" only lowers it', () => {
    expect(byNumeral(ask({ asOf: COLUMN, settings: set({ maliki_resigns: false }) }), 'V').status).toBe('ruled-out');
    const notYet = ask({ asOf: '2026-03-01', observations: [{ condition: 'maliki_resigns', value: false, date: '2026-03-01' }] });
    expect(byNumeral(notYet, 'V').status).toBe('open');
    expect(p(notYet, 'V')).toBeGreaterThan(0.1);
  });

  it('caretaker_pm=true, the present state, leaves the baseline open', () => {
    const ev = ask({ asOf: COLUMN, settings: set({ caretaker_pm: true }) });
    expect(byId(ev, 'p0_maliki_government').status).toBe('open');
    expect(pBase(ev)).toBeGreaterThan(0.05);
  });

  it('the true early-February facts, as dated "not yet"s, leave every path open and none alone', () => {
    const facts: Record<string, Value> = {
      maliki_government_formed: false,
      new_government_formed: false,
      compromise_candidate_named: false,
      early_elections_called: false,
      sadrist_intervention: false,
      president_elected: false,
      maliki_resigns: false,
    };
    const ev = ask({
      asOf: COLUMN,
      observations: [
        ...Object.entries(facts).map(([condition, value]) => ({ condition, value, date: COLUMN })),
        { condition: 'caretaker_pm', value: true, date: COLUMN },
        { condition: 'iran_regime_collapse', value: false, date: COLUMN },
      ],
    });
    for (const s of ev.scenarios) expect(s.status, s.id).toBe('open');
    for (const s of ev.scenarios) expect(s.probability, s.id).toBeLessThan(0.5);
    expect(p(ev, 'V')).toBeLessThan(0.3);
  });
});

describe('section 7 of the domain brief: statuses', () => {
  it('1. iran_regime_collapse triggers II and rules out I ("deteriorates or falls apart")', () => {
    const ev = ask({ asOf: COLUMN, settings: set({ iran_regime_collapse: true }) });
    expect(byNumeral(ev, 'II').status).toBe('triggered');
    expect(byNumeral(ev, 'I').status).toBe('ruled-out');
  });

  it('2. a deal, Iranian approval and a named compromise candidate trigger I and rule out II', () => {
    const ev = ask({ asOf: COLUMN, settings: set({ iran_us_deal: true, iran_approves_compromise: true, compromise_candidate_named: true }) });
    expect(byNumeral(ev, 'I').status).toBe('triggered');
    expect(byNumeral(ev, 'II').status).toBe('ruled-out');
  });

  it('3. sadrist_intervention triggers III ("Direct involvement by the Sadrist Movement")', () => {
    expect(byNumeral(ask({ asOf: COLUMN, settings: set({ sadrist_intervention: true }) }), 'III').status).toBe('triggered');
  });

  it('4. a Maliki cabinet rules out I..V and shows its consequences: US help withdrawn, sanctions, Kurdish backing unlikely', () => {
    const free = ask({ asOf: COLUMN });
    const ev = ask({ asOf: COLUMN, settings: set({ maliki_government_formed: true }) });
    for (const n of ['I', 'II', 'III', 'IV', 'V']) expect(byNumeral(ev, n).status, n).toBe('ruled-out');
    expect(byId(ev, 'p0_maliki_government').status).toBe('triggered');
    const shown = byId(ev, 'p0_maliki_government').consequences.map((c) => c.expr).join(' | ');
    for (const id of ['us_support_withdrawn', 'us_sanctions_imposed', 'kurds_back_government']) expect(shown).toContain(id);
    expect(pCond(ev, 'us_support_withdrawn')).toBeGreaterThan(0.5);
    expect(pCond(ev, 'us_sanctions_imposed')).toBeGreaterThan(pCond(free, 'us_sanctions_imposed') + 0.1);
    expect(pCond(ev, 'kurds_back_government')).toBeLessThan(0.5);
  });

  it('5. maliki_resigns=false rules out V ("Maliki\'s calibrated resignation")', () => {
    expect(byNumeral(ask({ settings: set({ maliki_resigns: false }) }), 'V').status).toBe('ruled-out');
  });
});

describe('section 7 of the domain brief: numbers', () => {
  it('6. as of the column, I, II, III and V are alike and IV lower, labelled "unlikely" (the events before it inside the calibration)', () => {
    const ev = ask({ asOf: COLUMN });
    const four = ['I', 'II', 'III', 'V'].map((n) => p(ev, n));
    expect(Math.max(...four) - Math.min(...four)).toBeLessThan(0.005);
    for (const x of four) expect(p(ev, 'IV')).toBeLessThan(x / 2);
    expect(byNumeral(ev, 'IV').labels).toContain('unlikely');
    for (const n of ['I', 'II', 'III', 'V']) expect(byNumeral(ev, n).labels).toContain('similar chance');
    // The calibration factors are fitted with the events up to the column applied:
    // the targets are met as of that date, not pushed further by those events.
    const cal = ev.numbers.calibration!;
    expect(cal.asOf).toBe(model.info.calibration!.asOf);
    for (const t of cal.targets) expect(byId(ev, t.scenario).probability).toBeCloseTo(t.target, 3);
  });

  it('7a. after sadrist_intervention, III is above each of I, II and V', () => {
    const ev = ask({ asOf: COLUMN, settings: set({ sadrist_intervention: true }) });
    for (const n of ['I', 'II', 'V']) expect(p(ev, 'III'), n).toBeGreaterThan(p(ev, n));
    expect(p(ev, 'III')).toBeGreaterThan(p(ask({ asOf: COLUMN }), 'III'));
  });

  it('7b. after early elections called with an interim government, IV is above each of the others', () => {
    const ev = ask({ asOf: COLUMN, settings: set({ early_elections_called: true, interim_government: true }) });
    for (const s of ev.scenarios) if (s.numeral !== 'IV') expect(p(ev, 'IV'), s.id).toBeGreaterThan(s.probability);
  });

  it('8. once iran_regime_collapse is set, its causes (protests, a war for regime change) barely move II', () => {
    const collapse = { iran_regime_collapse: true };
    const base = p(ask({ asOf: COLUMN, settings: set(collapse) }), 'II');
    const causes: Record<string, Value>[] = [{ iran_mass_protests: true }, { war_aims_regime_change: true }, { iran_mass_protests: true, war_aims_regime_change: true }];
    for (const cause of causes) {
      const moved = p(ask({ asOf: COLUMN, settings: set({ ...collapse, ...cause }) }), 'II');
      expect(Math.abs(moved - base), JSON.stringify(cause)).toBeLessThan(0.02);
    }
    // Before the collapse is set, the same causes do move II: they act through it.
    const free = p(ask({ asOf: COLUMN }), 'II');
    expect(p(ask({ asOf: COLUMN, settings: set({ war_aims_regime_change: true }) }), 'II')).toBeGreaterThan(free + 0.03);
  });

  it('9. a "not yet" in February lowers a scenario a little; the same "not yet" in late December, a lot', () => {
    for (const [n, condition] of [
      ['III', 'sadrist_intervention'],
      ['V', 'maliki_resigns'],
    ] as const) {
      const at = (date: string) => p(ask({ asOf: date, observations: [{ condition, value: false, date }] }), n);
      const before = p(ask({ asOf: '2026-02-20' }), n);
      const feb = at('2026-02-20');
      const dec = at('2026-12-20');
      expect(feb, n).toBeLessThan(before);
      expect(before - feb, n).toBeLessThan(0.02);
      expect(before - dec, n).toBeGreaterThan(0.1);
      expect(dec, n).toBeLessThan(0.03);
    }
  });

  it('10. the unlikely but possible is answered, not refused', () => {
    const cases: Record<string, Value>[] = [
      { iran_us_deal: true, iran_regime_state: 'deteriorating' },
      { iran_us_deal: true, iran_regime_collapse: true },
      { maliki_government_formed: true, kurds_back_government: true },
      { maliki_government_formed: true, us_accepts_government: true },
      { maliki_government_formed: true, us_support_withdrawn: false },
      { maliki_resigns: true, framework_majority_backs_maliki: true },
      { early_elections_called: true, framework_consensus: false },
      { us_iran_war: true, iran_us_deal: true },
    ];
    for (const c of cases) {
      const ev = evaluate(cm, { asOf: COLUMN, settings: set(c) }, { explain: false });
      expect(ev.ok, JSON.stringify(c)).toBe(true);
      if (ev.ok) expect(ev.scenarios.some((s) => s.probability > 0) || ev.residual > 0).toBe(true);
    }
  });
});

describe('the timeline moves with the signals the previous model left out, in the seeds\' directions', () => {
  const steps = timeline(cm, { until: COLUMN });
  const at = (id: string) => {
    const i = steps.findIndex((s) => s.event?.id === id);
    expect(i, id).toBeGreaterThan(0);
    const before = steps[i - 1]!.evaluation;
    const after = steps[i]!.evaluation;
    if (!before.ok || !after.ok) throw new Error(`conflict at ${id}`);
    return { before, after };
  };

  it('every step is consistent', () => {
    for (const s of steps) expect(s.evaluation.ok, s.event?.id ?? 'start').toBe(true);
  });

  it('Iran\'s backing (the leaked Khamenei letter, before Washington\'s stance) raises the baseline and lowers V', () => {
    const { before, after } = at('khamenei_letter_leaked');
    expect(model.events.find((e) => e.id === 'khamenei_letter_leaked')!.date < '2026-01-25').toBe(true);
    expect(pBase(after)).toBeGreaterThan(pBase(before) + 0.005);
    expect(p(after, 'V')).toBeLessThan(p(before, 'V'));
  });

  it('Washington\'s open rejection (Trump\'s post) lowers the baseline and raises V and the others', () => {
    const { before, after } = at('trump_truth_social_post');
    expect(pBase(after)).toBeLessThan(pBase(before) - 0.05);
    for (const n of ['I', 'II', 'III', 'V']) expect(p(after, n), n).toBeGreaterThan(p(before, n));
  });

  it('the sanctions threat lowers the baseline and raises V', () => {
    const { before, after } = at('us_sanctions_threat');
    expect(pBase(after)).toBeLessThan(pBase(before) - 0.003);
    expect(p(after, 'V')).toBeGreaterThan(p(before, 'V'));
  });

  it('the baseline stands lower at the column\'s date than on the day of the nomination', () => {
    const nomination = steps.filter((s) => s.event?.date === '2026-01-24').at(-1)!.evaluation as Ok;
    const column = steps.at(-1)!.evaluation as Ok;
    expect(pBase(column)).toBeLessThan(pBase(nomination) - 0.08);
  });

  it('the talks opening in Muscat make a deal likelier', () => {
    const { before, after } = at('muscat_talks_open');
    expect(pCond(after, 'iran_us_deal')).toBeGreaterThan(pCond(before, 'iran_us_deal'));
  });
});

describe('hard only where logic, the constitution or a definition forces it', () => {
  it('threats, red lines and "unlikely" are soft constraints with a cited probability', () => {
    for (const id of [
      'us_veto_thwarts',
      'sanctions_threat_deters',
      'resigns_only_without_majority',
      'kurds_shun_rejected_pm',
      'help_withdrawn_if_defied',
      'deal_keeps_regime',
      'war_or_deal',
    ]) {
      const k = model.constraints.find((x) => x.id === id);
      expect(k, id).toBeDefined();
      expect(k!.probability, id).toBeGreaterThan(0);
      expect(k!.citations.length, id).toBeGreaterThan(0);
    }
  });

  it('each scenario\'s calibration target cites the column once, and no scenario repeats those words as evidence', () => {
    const cal = model.info.calibration!;
    expect(cal.targets.map((t) => t.scenario).sort()).toEqual([
      'p1_compromise_iran_approved',
      'p2_washington_aligned',
      'p3_sadrist_intervention',
      'p4_early_elections',
      'p5_calibrated_resignation',
    ]);
    for (const t of cal.targets) {
      expect(t.citations.length).toBeGreaterThan(0);
      expect(t.range![0]).toBeLessThan(t.probability);
      expect(t.range![1]).toBeGreaterThan(t.probability);
    }
    const calQuotes = cal.targets.flatMap((t) => t.citations.map((c) => c.quote));
    for (const s of model.scenarios) for (const e of s.evidence) for (const c of e.citations) expect(calQuotes).not.toContain(c.quote);
  });

  it('explains a number factor by factor, with the calibration shown', () => {
    const x = explainNumbers(cm, { asOf: COLUMN }, 'p5_calibrated_resignation');
    expect(x.probability).toBeCloseTo(0.16, 3);
    expect(x.contributions.length).toBeGreaterThan(0);
  });
});

describe('contradictions are switches', () => {
  it('every recorded contradiction names its sides and a default that is one of them', () => {
    for (const c of model.contradictions) {
      expect(c.sides.length, c.id).toBeGreaterThanOrEqual(2);
      expect(c.sides.map((s) => s.id), c.id).toContain(c.defaultSide);
    }
    const ids = model.contradictions.map((c) => c.id);
    for (const id of ['sudani_status', 'baseline_forecast', 'militia_strength', 'us_letter', 'iran_posture', 'sistani_position', 'pmf_syria', 'possibility_count', 'p4_likelihood', 'elected_on_february_3', 'fayyad_title'])
      expect(ids).toContain(id);
  });

  it('no side leaves the model inconsistent, and the calibration still fits under each', () => {
    for (const c of model.contradictions)
      for (const s of c.sides) {
        const ev = evaluate(cm, { asOf: COLUMN, assume: new Map([[c.id, s.id]]) }, { explain: false });
        expect(ev.ok, `${c.id}=${s.id}`).toBe(true);
        if (ev.ok) expect(ev.scenarios.some((x) => x.status !== 'ruled-out'), `${c.id}=${s.id}`).toBe(true);
      }
  });

  it('the sides change what they say: Sudani gone rules out the deadlock under him; the wire raises the baseline', () => {
    const free = ask({ asOf: COLUMN });
    const gone = ask({ asOf: COLUMN, assume: new Map([['sudani_status', 'stepped_down']]) });
    expect(byId(gone, 'deadlock_caretaker_sudani').status).toBe('ruled-out');
    const wire = ask({ asOf: COLUMN, assume: new Map([['baseline_forecast', 'wire']]) });
    expect(pBase(wire)).toBeGreaterThan(pBase(free) + 0.1);
    const similar = ask({ asOf: COLUMN, assume: new Map([['p4_likelihood', 'similar_chance']]) });
    expect(p(similar, 'IV')).toBeCloseTo(p(similar, 'I'), 2);
  });
});

describe('actors: one decision unit counted once, stances only where sourced', () => {
  it('the US administration, Iran\'s leadership and the armed factions are units with their voices', () => {
    const unitOf = new Map(model.actors.map((a) => [a.id, a.unit]));
    for (const a of ['us_trump', 'us_rubio', 'us_harris', 'us_barrack']) expect(unitOf.get(a), a).toBe('us_administration');
    for (const a of ['iran_khamenei', 'iran_quds_force']) expect(unitOf.get(a), a).toBe('iran_leadership');
    for (const a of ['pmf', 'fayyad']) expect(unitOf.get(a), a).toBe('iran_aligned_factions');
    const m = stanceMatrix(cm, new Map())!;
    const base = m.scenarios.find((s) => s.scenario === 'p0_maliki_government')!;
    expect(base.opponents.filter((x) => x.startsWith('us_'))).toEqual(['us_administration']);
  });

  it('no US voice supports the Sadrist intervention, and every declared stance cites a source', () => {
    const m = stanceMatrix(cm, new Map())!;
    const iii = m.scenarios.find((s) => s.scenario === 'p3_sadrist_intervention')!;
    expect(iii.supporters).not.toContain('us_administration');
    for (const c of m.cells) if (c.declared !== null) expect(c.citations.length, `${c.actor} on ${c.scenario}`).toBeGreaterThan(0);
    for (const a of model.actors)
      for (const st of a.stances)
        if (st.stance === 'supports' && a.stances.some((o) => o.stance === 'opposes' && o.scenario === 'p0_maliki_government'))
          expect(st.citations.every((c) => c.quote.length > 0), `${a.id} on ${st.scenario}`).toBe(true);
  });

  it('the Kurdish parties\' stance on the baseline resolves from Washington\'s open rejection (Trump\'s post, 27 January)', () => {
    const hardAsOf = (date: string) => new Map(ask({ asOf: date }).settings.map((x) => [x.condition, x.value] as const));
    const cellOf = (settings: Map<string, Value>, k: string) =>
      stanceMatrix(cm, settings)!.cells.find((c) => c.actor === k && c.scenario === 'p0_maliki_government')!;
    for (const k of ['kdp', 'puk']) {
      expect(cellOf(hardAsOf('2026-01-26'), k).stance, `${k} before the post`).toBe('conditional');
      const after = cellOf(hardAsOf(COLUMN), k);
      expect(after.conditional?.when).toContain('us_openly_rejected_maliki');
      expect(after.stance, k).toBe('opposes');
    }
  });

  it('the Sunni blocs, the Speaker and the Federal Supreme Court are background gatekeepers without stances', () => {
    for (const id of ['sunni_blocs', 'speaker', 'federal_supreme_court']) {
      const a = model.actors.find((x) => x.id === id)!;
      expect(a, id).toBeDefined();
      expect(a.stances).toEqual([]);
      expect(a.citations.every((c) => c.basis === 'background')).toBe(true);
    }
  });
});
