// The worked example of docs/probabilities.md, computed by hand there.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/engine/evaluate.js';
import { fixture } from './helpers.js';

describe('the worked example (docs/probabilities.md)', () => {
  const m = fixture('worked-example');
  it('P(B) = 0.273 / 0.840 with nothing set, and the residual is the rest', () => {
    const ev = evaluate(m, new Map());
    if (!ev.ok) throw new Error(ev.conflict.text);
    expect(ev.scenarios[0]!.probability).toBeCloseTo(0.273 / 0.84, 12);
    expect(ev.residual).toBeCloseTo(1 - 0.273 / 0.84, 12);
  });
  it('P(B | storm) = 0.033 / 0.096', () => {
    const ev = evaluate(m, new Map([['storm', true]]));
    if (!ev.ok) throw new Error(ev.conflict.text);
    expect(ev.scenarios[0]!.probability).toBeCloseTo(0.033 / 0.096, 12);
  });
});
