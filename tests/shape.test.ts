// The shape check of a model read back from the cache (src/model/shape.ts):
// a model the loader made passes, and a problem is named by where it sits.
import { describe, expect, it } from 'vitest';
import { modelShapeProblem } from '../src/model/shape.js';
import { loadDir, SHIPPED } from './helpers.js';

/** The shipped model as plain, writable data (the cache holds JSON). */
const plain = () => JSON.parse(JSON.stringify(loadDir(SHIPPED))) as { scenarios: unknown[]; constraints: unknown[]; info: Record<string, unknown> };

describe('model shape', () => {
  it('passes a model the loader made', () => {
    expect(modelShapeProblem(plain())).toBeUndefined();
  });

  it('names the place of a wrong field, a wrong number and an expression naming nothing', () => {
    const m1 = plain();
    (m1.scenarios[1] as Record<string, unknown>).title = 5;
    expect(modelShapeProblem(m1)).toBe('model.scenarios[1].title: expected text');
    const m2 = plain();
    (m2.scenarios[0] as Record<string, unknown>).prior = 1e9;
    expect(modelShapeProblem(m2)).toBe('model.scenarios[0].prior: expected a number in [0.001, 1000]');
    const m3 = plain();
    const c = m3.constraints.find((k) => (k as { args: { op: string }[] }).args.some((a) => a.op === 'not')) as { args: { op: string; arg?: unknown }[] };
    const i = c.args.findIndex((a) => a.op === 'not');
    c.args[i]!.arg = { op: 'is', condition: 'zz', value: true };
    expect(modelShapeProblem(m3)).toBe(`model.constraints[${m3.constraints.indexOf(c)}].args[${i}].arg: no condition zz`);
    const m4 = plain();
    m4.info.time = { start: '2026-01-01', horizon: 7, endsWhen: [] };
    expect(modelShapeProblem(m4)).toBe('model.info.time.horizon: expected text');
    expect(modelShapeProblem([])).toBe('model: expected a mapping');
  });
});
