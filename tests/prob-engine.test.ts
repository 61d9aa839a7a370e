// Hand-worked tests of the probabilistic engine: each expected number is
// derived in a comment from the definitions in docs/probabilities.md.
import { describe, expect, it } from 'vitest';
import { CompiledModel } from '../src/engine/compile.js';
import { evaluate } from '../src/engine/evaluate.js';
import type { Evaluation, Query } from '../src/engine/evaluate.js';
import { is, not } from '../src/engine/expr.js';
import { explainNumbers } from '../src/engine/numbers.js';
import { sensitivity } from '../src/engine/sensitivity.js';
import type { Condition, Constraint, Model, ModelEvent } from '../src/engine/types.js';
import { boolCond, clause, model, scenario } from './builders.js';

type Ok = Evaluation & { ok: true };
const ok = (m: Model | CompiledModel, q: Query | Map<string, boolean | string> = {}): Ok => {
  const ev = evaluate(m, q);
  if (!ev.ok) throw new Error(ev.conflict.text);
  return ev;
};
const p = (ev: Ok, id: string) => ev.scenarios.find((s) => s.id === id)!.probability;
const cond = (id: string, extra: Partial<Condition> = {}): Condition => ({ ...boolCond(id), ...extra });
const soft = (id: string, a: string, b: string, probability: number): Constraint => ({
  id,
  kind: 'implies',
  args: [is(a), is(b)],
  probability,
  citations: [],
});
const event = (id: string, date: string, sets: Record<string, boolean | string>): ModelEvent => ({
  id,
  date,
  dateBasis: 'stated',
  title: id,
  sets,
  citations: [],
});
const TIME = { start: '2026-01-01', horizon: '2026-12-31', endsWhen: [] as string[] };
const YEAR = 364; // days from start to horizon

describe('time: "not yet" on an outcome', () => {
  // S requires the outcome X (prior 0.4, uniform hazard). Not seen by day d:
  // P(X) = 0.4·(1 − d/364) / (0.4·(1 − d/364) + 0.6).
  const m = model({
    info: { name: 't', title: 't', time: TIME },
    conditions: [cond('x', { kind: 'outcome', prior: 0.4 })],
    scenarios: [scenario('s', { requires: [clause(is('x'))] })],
  });
  const at = (date: string, days: number) => {
    const left = 1 - days / YEAR;
    return { got: p(ok(m, { observations: [{ condition: 'x', value: false, date }] }), 's'), want: (0.4 * left) / (0.4 * left + 0.6) };
  };
  it('lowers a little early in the horizon and a lot near its end', () => {
    const early = at('2026-02-03', 33);
    const late = at('2026-12-20', 353);
    expect(early.got).toBeCloseTo(early.want, 12);
    expect(late.got).toBeCloseTo(late.want, 12);
    expect(0.4 - early.got).toBeLessThan(0.05);
    expect(0.4 - late.got).toBeGreaterThan(0.35);
  });
  it('is a hard "no" at the horizon: the scenario is ruled out', () => {
    const ev = ok(m, { observations: [{ condition: 'x', value: false, date: '2026-12-31' }] });
    expect(ev.scenarios[0]!.status).toBe('ruled-out');
    expect(ev.scenarios[0]!.probability).toBe(0);
  });
  it('an outcome seen to happen is established, whatever came before', () => {
    const ev = ok(m, {
      observations: [
        { condition: 'x', value: false, date: '2026-02-01' },
        { condition: 'x', value: true, date: '2026-03-01' },
      ],
    });
    expect(ev.scenarios[0]!.status).toBe('certain');
    expect(ev.settings).toEqual([{ condition: 'x', value: true, origin: 'observed', date: '2026-03-01' }]);
  });
  it('the early hazard makes "not yet" weigh more early on than the uniform one', () => {
    const e = model({ ...m, conditions: [cond('x', { kind: 'outcome', prior: 0.4, hazard: 'early' })] });
    const q = { observations: [{ condition: 'x', value: false, date: '2026-07-01' }] };
    const x = 181 / YEAR;
    expect(p(ok(e, q), 's')).toBeCloseTo((0.4 * (1 - x) ** 2) / (0.4 * (1 - x) ** 2 + 0.6), 12);
    expect(p(ok(e, q), 's')).toBeLessThan(p(ok(m, q), 's'));
  });
});

describe('time: a state observation persists with its half-life', () => {
  // Y (prior 0.3, half-life 91 days) seen true on day d: it persists to the horizon with
  // ρ = 2^(−(364 − d)/91), else is redrawn from its prior: P(Y) = ρ + (1 − ρ)·0.3.
  const m = model({
    info: { name: 't', title: 't', time: TIME },
    conditions: [cond('y', { kind: 'state', prior: 0.3, halfLife: 91 })],
    scenarios: [scenario('s', { requires: [clause(is('y'))] })],
  });
  it.each([
    ['2026-02-01', 31],
    ['2026-10-01', 273],
  ])('seen on %s', (date, day) => {
    const rho = 2 ** (-(YEAR - day) / 91);
    expect(p(ok(m, { observations: [{ condition: 'y', value: true, date }] }), 's')).toBeCloseTo(rho + (1 - rho) * 0.3, 12);
  });
  it('the later observation decides', () => {
    const q = { observations: [{ condition: 'y', value: false, date: '2026-10-01' }, { condition: 'y', value: true, date: '2026-02-01' }] };
    const rho = 2 ** (-(YEAR - 273) / 91);
    expect(p(ok(m, q), 's')).toBeCloseTo((1 - rho) * 0.3, 12);
  });
});

describe('the horizon ends early when an ending outcome happens', () => {
  const m = model({
    info: { name: 't', title: 't', time: { ...TIME, endsWhen: ['done'] } },
    conditions: [cond('done', { kind: 'outcome' }), cond('x', { kind: 'outcome', prior: 0.5 })],
    scenarios: [scenario('s', { requires: [clause(is('x'))] })],
  });
  it('a "not yet" seen on or after that day is final', () => {
    const ev = ok(m, {
      observations: [
        { condition: 'done', value: true, date: '2026-06-01' },
        { condition: 'x', value: false, date: '2026-06-01' },
      ],
    });
    expect(ev.numbers.horizon).toBe('2026-06-01');
    expect(ev.scenarios[0]!.status).toBe('ruled-out');
  });
});

describe('timeless models read events as facts', () => {
  const m = model({
    conditions: [cond('x')],
    scenarios: [scenario('s', { requires: [clause(is('x'))] })],
    events: [event('e1', '2026-01-05', { x: true })],
  });
  it('as of the event the value is set', () => {
    const ev = ok(m, { asOf: '2026-01-05' });
    expect(ev.scenarios[0]!.status).toBe('certain');
    expect(ok(m, { asOf: '2026-01-04' }).scenarios[0]!.probability).toBeCloseTo(0.5, 12);
  });
});

describe('soft constraints', () => {
  // storm → closed with probability 0.8 (priors 0.5): worlds (s, c) weigh 1, 1, 0.2, 1 for
  // (F,F), (F,T), (T,F), (T,T): P(closed | storm) = 1 / 1.2.
  const m = model({
    conditions: [cond('storm'), cond('closed')],
    constraints: [soft('storm_closes', 'storm', 'closed', 0.8)],
    scenarios: [scenario('open_port', { requires: [clause(not(is('closed')))] })],
  });
  it('the unlikely case is answered, not refused', () => {
    const ev = ok(m, new Map([['storm', true]]));
    expect(p(ev, 'open_port')).toBeCloseTo(0.2 / 1.2, 12);
    expect(ev.scenarios[0]!.status).toBe('open');
  });
  it('never rules anything out, even with both sides set against it', () => {
    const ev = ok(m, new Map([['storm', true], ['closed', false]]));
    expect(ev.scenarios[0]!.status).toBe('certain');
  });
  it('a hard constraint would refuse the same settings', () => {
    const hard = model({ ...m, constraints: [{ ...m.constraints[0]!, probability: undefined }] });
    expect(evaluate(hard, new Map([['storm', true], ['closed', false]])).ok).toBe(false);
  });
});

describe('screening: a cause on the condition adds nothing once the condition is set', () => {
  // protests → collapse (soft); II requires collapse. With collapse set, protests and the
  // war's aims cannot move II.
  const m = model({
    conditions: [cond('protests'), cond('war_aims'), cond('collapse'), cond('us_accepts')],
    constraints: [soft('protests_shake', 'protests', 'collapse', 0.6), soft('war_topples', 'war_aims', 'collapse', 0.7)],
    scenarios: [scenario('ii', { requires: [clause(is('collapse')), clause(is('us_accepts'))] })],
  });
  it('moves II before the collapse is set, not after', () => {
    const before = p(ok(m), 'ii');
    expect(p(ok(m, new Map([['protests', true]])), 'ii')).toBeGreaterThan(before);
    const set = p(ok(m, new Map([['collapse', true]])), 'ii');
    expect(p(ok(m, new Map([['collapse', true], ['protests', true]])), 'ii')).toBeCloseTo(set, 12);
    expect(p(ok(m, new Map([['collapse', true], ['protests', true], ['war_aims', true]])), 'ii')).toBeCloseTo(set, 12);
  });
});

describe("the user's own probabilities (Jeffrey)", () => {
  const m = model({
    conditions: [cond('a', { prior: 0.2 }), cond('b')],
    constraints: [soft('ab', 'a', 'b', 0.9)],
    scenarios: [scenario('s', { requires: [clause(is('b'))] })],
  });
  it('meets the probability exactly and leaves P(s | a) and P(s | not a) as they were', () => {
    const q: Query = { probabilities: new Map([['a', new Map<boolean | string, number>([[true, 0.7], [false, 0.3]])]]) };
    const ev = ok(m, q);
    const pa = ev.conditions.find((c) => c.id === 'a')!.probabilities.find((x) => x.value === true)!.probability;
    expect(pa).toBeCloseTo(0.7, 10);
    const given = (v: boolean) => p(ok(m, new Map([['a', v]])), 's');
    expect(p(ev, 's')).toBeCloseTo(0.7 * given(true) + 0.3 * given(false), 10);
  });
  it('probability 1 is a hard setting', () => {
    const ev = ok(m, { probabilities: new Map([['a', new Map<boolean | string, number>([[true, 1], [false, 0]])]]) });
    expect(ev.settings).toEqual([{ condition: 'a', value: true }]);
  });
  it('a probability for a value the constraints exclude is a conflict, not a number', () => {
    const hard = model({ ...m, constraints: [{ id: 'never_a', kind: 'always', args: [not(is('a'))], citations: [] }] });
    const ev = evaluate(hard, { probabilities: new Map([['a', new Map<boolean | string, number>([[true, 0.5], [false, 0.5]])]]) });
    expect(ev.ok).toBe(false);
    if (!ev.ok) expect(ev.conflict.kind).toBe('probability');
  });
});

describe('calibration', () => {
  // Two scenarios on one condition; the source says P(a) = 0.3 on 2026-02-10, after it
  // had seen an event that bears on a (the boycott).
  const base = {
    info: {
      name: 't',
      title: 't',
      time: TIME,
      calibration: { asOf: '2026-02-10', targets: [{ scenario: 'a', probability: 0.3, citations: [] }, { scenario: 'b', probability: 0.1, citations: [] }] },
    },
    conditions: [cond('x', { kind: 'state', prior: 0.5 }), cond('y', { kind: 'outcome', prior: 0.3 }), cond('boycott', { kind: 'state' })],
    constraints: [soft('boycott_blocks', 'boycott', 'x', 0.6)],
    scenarios: [scenario('a', { requires: [clause(is('x'))] }), scenario('b', { requires: [clause(is('y'))] })],
  };
  const withEvent = model({ ...base, events: [event('boycott', '2026-01-31', { boycott: true })] });
  const without = model(base);
  it('meets every target on its date, with the events up to it applied', () => {
    for (const m of [withEvent, without]) {
      const ev = ok(m, { asOf: '2026-02-10' });
      expect(p(ev, 'a')).toBeCloseTo(0.3, 9);
      expect(p(ev, 'b')).toBeCloseTo(0.1, 9);
      expect(ev.numbers.calibration?.targets.map((t) => t.scenario)).toEqual(['a', 'b']);
    }
  });
  it('counts an event the source had seen once: inside the calibration, not on top of it', () => {
    // Same targets with or without the event in the model: the answer on the date is the same.
    expect(p(ok(withEvent, { asOf: '2026-02-10' }), 'a')).toBeCloseTo(p(ok(without, { asOf: '2026-02-10' }), 'a'), 9);
  });
  it('moves with what comes after the date', () => {
    const later = { asOf: '2026-11-15', observations: [{ condition: 'y', value: false, date: '2026-11-01' }] };
    expect(p(ok(withEvent, later), 'b')).toBeLessThan(0.1);
  });
});

describe('statuses and the numbers agree', () => {
  const m = model({
    conditions: [cond('a'), cond('b')],
    constraints: [{ id: 'ab', kind: 'implies', args: [is('a'), is('b')], citations: [] }],
    scenarios: [scenario('needs_b', { requires: [clause(is('b'))] }), scenario('no_b', { rulesOut: [clause(is('b'))] })],
  });
  it('certain is probability 1, ruled out is 0, the residual and overlaps add up', () => {
    const ev = ok(m, new Map([['a', true]]));
    expect(ev.scenarios.map((s) => [s.status, s.probability])).toEqual([
      ['certain', 1],
      ['ruled-out', 0],
    ]);
    expect(ev.residual).toBe(0);
    const none = evaluate(m, {}, { overlaps: true });
    if (!none.ok) throw new Error();
    // Worlds (a, b): (F,F), (F,T), (T,T), equal weight: P(b) = 2/3, the two never overlap.
    expect(p(none, 'needs_b')).toBeCloseTo(2 / 3, 12);
    expect(none.overlaps).toEqual([{ a: 'needs_b', b: 'no_b', probability: 0 }]);
    expect(none.residual).toBeCloseTo(0, 12);
  });
});

describe('explanations and sensitivity of the numbers', () => {
  const m = model({
    conditions: [cond('a'), cond('b', { prior: 0.3 })],
    scenarios: [
      scenario('s', {
        requires: [clause(is('b'))],
        evidence: [{ when: is('a'), effect: 'favours', strength: 'strong', citations: [{ source: 'test', quote: 'q', basis: 'stated' }] }],
      }),
    ],
  });
  const cm = new CompiledModel(m);
  it('names the evidence and the setting that moved it, largest first', () => {
    const x = explainNumbers(cm, { settings: new Map([['a', true]]) }, 's');
    // With a set, s holds where b: weight 0.3·4 against 0.7: P = 1.2 / 1.9.
    expect(x.probability).toBeCloseTo(1.2 / 1.9, 12);
    expect(x.base).toBeCloseTo(0.3, 12);
    expect(x.contributions.map((c) => c.kind).sort()).toEqual(['evidence', 'setting']);
    const ev = x.contributions.find((c) => c.kind === 'evidence')!;
    expect(ev.without).toBeCloseTo(0.3, 12);
    // Without the setting, a is free: P = (0.5·0.3·4 + 0.5·0.3) / (that + 0.7) = 0.75 / 1.45.
    expect(x.contributions.find((c) => c.kind === 'setting')!.without).toBeCloseTo(0.75 / 1.45, 12);
  });
  it('gives each probability a range that contains it, with the drivers that make it', () => {
    const s = sensitivity(cm, {});
    const r = s.scenarios[0]!;
    expect(r.low).toBeLessThanOrEqual(r.probability);
    expect(r.high).toBeGreaterThanOrEqual(r.probability);
    expect(r.drivers[0]!.input).toBe('prior:b');
    // b's prior odds × 2: 0.3 → 0.4615...; P(s) = 0.5·q·(4 + 1) / (0.5·q·5 + (1 − q)).
    const q = 0.6 / 1.3;
    expect(r.high).toBeCloseTo((2.5 * q) / (2.5 * q + 1 - q), 12);
  });
});

describe('estimates on models past the exact budget', () => {
  it('are labelled, and within their stated error of the exact answer', async () => {
    const { generate } = await import('../bench/generate.mjs');
    const { Distribution } = await import('../src/engine/prob/distribution.js');
    const { modelParams } = await import('../src/engine/prob/params.js');
    for (const seed of [1, 2]) {
      const { model: m, settings } = generate({ n: 30, m: 8, seed });
      const params = modelParams(m);
      const exact = new Distribution(m);
      const rough = new Distribution(m, { maxNodes: 1, targetError: 0.02 });
      const a = exact.answer(params, null, exact.inputsFor(params, [], undefined, { hard: settings }).inputs);
      const b = rough.answer(params, null, rough.inputsFor(params, [], undefined, { hard: settings }).inputs);
      expect(a.method).toBe('exact');
      expect(b.method).toBe('estimate');
      expect(b.error).toBeGreaterThan(0);
      expect(b.error).toBeLessThan(0.1);
      // A 95% interval: allow the odd miss across scenarios, never a wide one.
      const misses = a.scenarios.filter((p, i) => Math.abs(p - b.scenarios[i]!) > b.error);
      expect(misses.length).toBeLessThanOrEqual(1);
      a.scenarios.forEach((p, i) => expect(Math.abs(p - b.scenarios[i]!)).toBeLessThan(2 * b.error + 1e-9));
    }
  });
});
