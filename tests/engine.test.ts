import { describe, expect, it } from 'vitest';
import { evaluate, QueryError } from '../src/engine/evaluate.js';
import type { Evaluation } from '../src/engine/evaluate.js';
import { all, any, is, not } from '../src/engine/expr.js';
import { boolCond, clause, constraint, enumCond, model, scenario } from './builders.js';
import { fixture } from './helpers.js';
import type { Model, Value } from '../src/engine/types.js';

const ok = (ev: Evaluation) => {
  if (!ev.ok) throw new Error(`unexpected conflict: ${ev.conflict.text}`);
  return ev;
};
const status = (ev: Evaluation, id: string) => ok(ev).scenarios.find((s) => s.id === id)!.status;
const probability = (ev: Evaluation, id: string) => ok(ev).scenarios.find((s) => s.id === id)!.probability;
const settings = (o: Record<string, Value>) => new Map(Object.entries(o));

describe('engine on the harbour fixture (answers worked out by hand)', () => {
  const m = fixture('harbour');

  // The worlds: weather (calm, storm, hurricane; 1/3 each) and four yes/no conditions at 1/2,
  // under hurricane -> closed -> diverted and mediates -> no strike: (closed, diverted) takes
  // (F,F), (F,T) or (T,T) (only (T,T) in a hurricane), (mediates, strike) (F,F), (F,T) or (T,F).
  // Factors: A (no closure, no strike) x2, its odds factor; storm and B (diverted) x2, the
  // evidence. Counting each world as 1 before factors: calm 13, storm 21, hurricane 3, so
  // Z = 37; A holds in 8 + 12 = 20, B in 8 + 16 + 3 = 27, C (mediates) in 5 + 8 + 1 = 14.
  it('with nothing set, everything is open and the probabilities come from the worlds', () => {
    const ev = ok(evaluate(m, new Map()));
    expect(ev.scenarios.map((s) => s.status)).toEqual(['open', 'open', 'open']);
    expect(probability(ev, 'business_as_usual')).toBeCloseTo(20 / 37, 12);
    expect(probability(ev, 'diversion')).toBeCloseTo(27 / 37, 12);
    expect(probability(ev, 'negotiated')).toBeCloseTo(14 / 37, 12);
    expect(ev.derived).toEqual([]);
  });

  it('follows a chain of constraints: hurricane -> port closed -> ships diverted', () => {
    const ev = ok(evaluate(m, settings({ weather: 'hurricane' })));
    expect(ev.derived.map((d) => [d.condition, d.value])).toEqual([
      ['port_closed', true],
      ['ships_diverted', true],
    ]);
    const diverted = ev.derived.find((d) => d.condition === 'ships_diverted')!;
    expect(diverted.because.settings).toEqual([{ condition: 'weather', value: 'hurricane' }]);
    expect(diverted.because.constraints).toEqual(['hurricane_closes', 'closed_diverts']);
    expect(status(ev, 'business_as_usual')).toBe('ruled-out');
    // B needs ships diverted, which the hurricane forces: it holds in every world (and is triggered).
    expect(status(ev, 'diversion')).toBe('certain');
    expect(ok(ev).scenarios.find((s) => s.id === 'diversion')!.reasons.map((r) => r.kind)).toEqual(['certain', 'triggered']);
    expect(status(ev, 'negotiated')).toBe('open');
    expect(probability(ev, 'business_as_usual')).toBe(0);
    expect(probability(ev, 'diversion')).toBe(1);
    // Three hurricane worlds, one per (mediates, strike); C holds in one.
    expect(probability(ev, 'negotiated')).toBeCloseTo(1 / 3, 12);
  });

  it('explains a ruled-out scenario with the rule-out, the setting and the chain', () => {
    const ev = ok(evaluate(m, settings({ weather: 'hurricane' })));
    const a = ev.scenarios.find((s) => s.id === 'business_as_usual')!;
    const r = a.reasons[0]!;
    expect(r.kind).toBe('ruled-out');
    expect(r.because?.settings).toEqual([{ condition: 'weather', value: 'hurricane' }]);
    expect(r.because?.constraints).toEqual(['hurricane_closes']);
    expect(r.because?.clauses.map((c) => [c.role, c.text])).toEqual([['rules-out', 'port_closed']]);
    expect(r.citations.map((c) => c.quote)).toContain('A hurricane warning means the port is closed');
  });

  it('refuses contradictory settings, naming the smallest conflict', () => {
    const ev = evaluate(m, settings({ government_mediates: true, union_strike: true, weather: 'calm' }));
    expect(ev.ok).toBe(false);
    if (ev.ok) return;
    // weather=calm plays no part, so it is left out.
    expect(ev.conflict.settings).toEqual([
      { condition: 'government_mediates', value: true },
      { condition: 'union_strike', value: true },
    ]);
    expect(ev.conflict.constraints).toEqual(['mediation_ends_strike']);
  });

  it('applies soft evidence scaled by reliability: storm favours diversion x2', () => {
    const ev = ok(evaluate(m, settings({ weather: 'storm' })));
    // The storm worlds alone (see above): Z = 21, A 12, B 16, C 8.
    expect(probability(ev, 'business_as_usual')).toBeCloseTo(12 / 21, 12);
    expect(probability(ev, 'diversion')).toBeCloseTo(16 / 21, 12);
    expect(probability(ev, 'negotiated')).toBeCloseTo(8 / 21, 12);
    const d = ev.scenarios.find((s) => s.id === 'diversion')!;
    expect(d.evidence).toHaveLength(1);
    expect(d.evidence[0]!.factor).toBeCloseTo(2);
  });

  it('a named-value condition: setting one value excludes the others', () => {
    const ev = ok(evaluate(m, settings({ weather: 'calm' })));
    const w = ev.conditions.find((c) => c.id === 'weather')!;
    expect(w).toMatchObject({ origin: 'set', value: 'calm', possible: ['calm'] });
    const closed = ev.conditions.find((c) => c.id === 'port_closed')!;
    expect(closed.origin).toBe('unknown');
  });
});

describe('engine on built models', () => {
  const base = (extra: Partial<Model> = {}) =>
    model({
      conditions: [boolCond('a'), boolCond('b'), boolCond('c'), enumCond('state', ['x', 'y', 'z'])],
      ...extra,
    });

  it('derives through a long chain and across a named-value condition', () => {
    const m = base({
      constraints: [
        constraint('k1', 'implies', is('a'), is('state', 'y')),
        constraint('k2', 'implies', is('state', 'y'), is('b', false)),
        constraint('k3', 'implies', not(is('b')), is('c')),
      ],
    });
    const ev = ok(evaluate(m, settings({ a: true })));
    expect(ev.derived.map((d) => `${d.condition}=${String(d.value)}`)).toEqual(['b=false', 'c=true', 'state=y']);
    expect(ev.derived.find((d) => d.condition === 'c')!.because.constraints).toEqual(['k1', 'k2', 'k3']);
  });

  it('finds a conflict that needs a case split (no single constraint is enough)', () => {
    const m = base({
      constraints: [
        constraint('k1', 'implies', is('a'), any(is('b'), is('c'))),
        constraint('k2', 'implies', is('b'), is('state', 'x')),
        constraint('k3', 'implies', is('c'), is('state', 'x')),
        constraint('unrelated', 'implies', is('state', 'z'), is('b')),
      ],
    });
    const ev = evaluate(m, settings({ a: true, state: 'y' }));
    expect(ev.ok).toBe(false);
    if (ev.ok) return;
    expect(ev.conflict.settings.map((s) => s.condition).sort()).toEqual(['a', 'state']);
    expect(ev.conflict.constraints.sort()).toEqual(['k1', 'k2', 'k3']);
  });

  it('prefers the conflict with the fewest settings', () => {
    const m = base({ constraints: [constraint('k1', 'implies', is('a'), is('b')), constraint('never_c', 'always', not(is('c')))] });
    const ev = evaluate(m, settings({ a: true, b: false, c: true }));
    expect(ev.ok).toBe(false);
    if (!ev.ok) {
      expect(ev.conflict.settings).toEqual([{ condition: 'c', value: true }]);
      expect(ev.conflict.constraints).toEqual(['never_c']);
    }
  });

  it('every constraint kind holds in every world', () => {
    const m = base({
      constraints: [
        constraint('eo', 'exactly-one', is('a'), is('b'), is('c')),
        constraint('eq', 'equivalent', is('a'), is('state', 'z')),
      ],
    });
    expect(evaluate(m, settings({ a: true, b: true })).ok).toBe(false);
    const ev = ok(evaluate(m, settings({ b: false, c: false })));
    expect(ev.derived.map((d) => `${d.condition}=${String(d.value)}`)).toEqual(['a=true', 'state=z']);
    const m2 = base({ constraints: [constraint('ex', 'excludes', is('a'), is('b')), constraint('amo', 'at-most-one', is('b'), is('c'))] });
    expect(evaluate(m2, settings({ a: true, b: true })).ok).toBe(false);
    expect(evaluate(m2, settings({ b: true, c: true })).ok).toBe(false);
    expect(ok(evaluate(m2, settings({ a: true, c: true }))).derived.map((d) => d.condition)).toEqual(['b']);
  });

  it('triggered needs the trigger in every world; ruled-out needs the requirements impossible', () => {
    const m = base({
      constraints: [constraint('k', 'implies', is('a'), any(is('b'), is('c')))],
      scenarios: [
        scenario('s1', { triggers: [clause(any(is('b'), is('c')))], requires: [clause(not(is('c')))] }),
        scenario('s2', { triggers: [clause(is('b'))], requires: [clause(is('state', 'x'))] }),
        scenario('s3', { requires: [clause(all(is('a'), not(is('b')), not(is('c'))))] }),
      ],
    });
    const ev = ok(evaluate(m, settings({ a: true })));
    expect(status(ev, 's1')).toBe('triggered');
    expect(status(evaluate(model({ ...m, scenarios: [scenario('s0', { triggers: [clause(is('b'))] })] }), settings({ b: true })), 's0')).toBe('certain');
    expect(status(ev, 's2')).toBe('open');
    expect(status(ev, 's3')).toBe('ruled-out');
    expect(ev.scenarios.find((s) => s.id === 's3')!.reasons[0]!.because?.constraints).toEqual(['k']);
  });

  it('evidence on a scenario that holds in every world cannot move it; a ruled-out scenario has probability 0', () => {
    const m = base({
      scenarios: [
        scenario('s1', { evidence: [{ when: is('a'), effect: 'disfavours', strength: 'strong', citations: [{ source: 'test', quote: 'q', basis: 'stated' }] }] }),
        scenario('s2', { requires: [clause(is('b'))], evidence: [{ when: is('a'), effect: 'disfavours', strength: 'strong', citations: [{ source: 'test', quote: 'q', basis: 'stated' }] }] }),
        scenario('s3', { prior: 0.5, requires: [clause(is('c'))] }),
      ],
    });
    const ev = ok(evaluate(m, settings({ a: true })));
    expect(probability(ev, 's1')).toBe(1);
    // s2 holds where b: its worlds weigh 1/4 against 1: P = 0.25 / 1.25.
    expect(probability(ev, 's2')).toBeCloseTo(0.25 / 1.25, 12);
    // s3's odds factor halves the odds of c: 0.5 / 1.5.
    expect(probability(ev, 's3')).toBeCloseTo(0.5 / 1.5, 12);
    const none = model({ conditions: [boolCond('a')], scenarios: [scenario('s', { requires: [clause(is('a'))] })] });
    expect(ok(evaluate(none, settings({ a: false }))).scenarios[0]!.probability).toBe(0);
  });

  it('inferred evidence from a low-reliability source moves the probability less', () => {
    const m = model({
      sources: [{ id: 'blog', file: 'b.txt', title: 'b', reliability: 'low', partisan: true }],
      conditions: [boolCond('a'), boolCond('b')],
      scenarios: [
        scenario('s1', {
          requires: [clause(is('b'))],
          evidence: [{ when: is('a'), effect: 'favours', strength: 'strong', citations: [{ source: 'blog', quote: 'q', basis: 'inferred' }] }],
        }),
      ],
    });
    const ev = ok(evaluate(m, settings({ a: true })));
    const f = Math.pow(4, 0.4 * 0.6);
    expect(ev.scenarios[0]!.evidence[0]!.factor).toBeCloseTo(f);
    expect(probability(ev, 's1')).toBeCloseTo(f / (f + 1), 12);
  });

  it('refuses a question naming an unknown condition or value', () => {
    const m = base();
    expect(() => evaluate(m, settings({ nope: true }))).toThrow(QueryError);
    expect(() => evaluate(m, settings({ state: 'w' }))).toThrow(/state has no value w/);
    expect(() => evaluate(m, settings({ a: 'x' }))).toThrow(/a has no value x/);
  });
});
