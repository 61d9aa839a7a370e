// The distribution's saved work (engine/prob/prepared.ts): the build saves
// the shipped model's circuit and calibration beside it (dist/), and a
// command uses them instead of compiling and calibrating again. Saved work
// is only a shortcut: used, the answers are the same to the bit; damaged or
// made for another model, it is ignored and the answers are still the same.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompiledModel } from '../src/engine/compile.js';
import { evaluate, probabilitiesOf } from '../src/engine/evaluate.js';
import type { Model } from '../src/engine/types.js';
import { ranges } from '../src/engine/sensitivity.js';
import { fixture, ROOT, runIn } from './helpers.js';

const shipped = (): Model => JSON.parse(readFileSync(join(ROOT, 'dist', 'model.json'), 'utf8')) as Model;
const savedText = readFileSync(join(ROOT, 'dist', 'model-prepared.json'), 'utf8');
const saved = (): Record<string, unknown> => JSON.parse(savedText) as Record<string, unknown>;
const QUERY = { asOf: '2026-12-01', settings: new Map([['sadrist_intervention', true]]) };

/** Everything a question's answer holds that the saved work could change. */
function answers(cm: CompiledModel) {
  const ev = evaluate(cm, QUERY);
  const p = probabilitiesOf(cm, { asOf: '2026-02-08' });
  return { ev, p: { scenarios: p.scenarios, residual: p.residual }, ranges: [...ranges(cm, { asOf: '2026-12-01' })] };
}

const fresh = answers(new CompiledModel(shipped()));

describe('saved circuit and calibration', () => {
  it('the build saves them for the shipped model, and a command uses them', () => {
    const cm = new CompiledModel(shipped(), saved());
    expect(cm.distribution.restored).toEqual({ circuit: true, calibration: true, beyond: false });
    // The same numbers to the bit, sensitivity ranges (later fits) included.
    expect(answers(cm)).toEqual(fresh);
  });

  it('prepare() gives what the build saved', () => {
    expect(new CompiledModel(shipped()).distribution.prepare()).toEqual(saved());
  });

  const damaged: [string, (s: Record<string, any>) => void, { circuit: boolean; calibration: boolean; beyond: boolean }][] = [
    ['another version', (s) => (s.version = 99), { circuit: false, calibration: false, beyond: false }],
    ['other clauses', (s) => (s.cnf = 'x'), { circuit: false, calibration: false, beyond: false }],
    ['a circuit node changed', (s) => (s.circuit.kids[3] = s.circuit.kids[3] === 2 ? 3 : 2), { circuit: false, calibration: false, beyond: false }],
    ['a circuit array cut short', (s) => s.circuit.type.pop(), { circuit: false, calibration: false, beyond: false }],
    ['no circuit', (s) => delete s.circuit, { circuit: false, calibration: false, beyond: false }],
    ['a calibration factor changed', (s) => (s.theta[2] *= 1.01), { circuit: true, calibration: false, beyond: false }],
    ['calibration factors of the wrong length', (s) => s.theta.push(1), { circuit: true, calibration: false, beyond: false }],
    ['calibration factors that are not numbers', (s) => (s.theta[0] = 'x'), { circuit: true, calibration: false, beyond: false }],
    ['a damaged Jacobian', (s) => (s.jacobian = { key: 'k', J: [[1, 2], [3]] }), { circuit: true, calibration: true, beyond: false }],
  ];
  it.each(damaged)('%s: ignored as far as it is damaged, and the answers are the same', (_, damage, restored) => {
    const s = saved();
    damage(s);
    const cm = new CompiledModel(shipped(), s);
    expect(cm.distribution.restored).toEqual(restored);
    const a = answers(cm);
    expect(a.ev).toEqual(fresh.ev);
    expect(a.p).toEqual(fresh.p);
    // Ranges refit the calibration from the last Jacobian; without the saved one the fit starts
    // elsewhere and may differ in the last bits, never more than the fit's tolerance.
    a.ranges.forEach(([id, r], i) => {
      expect(id).toBe(fresh.ranges[i]![0]);
      expect(r.low).toBeCloseTo(fresh.ranges[i]![1].low, 9);
      expect(r.high).toBeCloseTo(fresh.ranges[i]![1].high, 9);
    });
  });

  it.each([null, 'text', 42, [], {}])('not saved work at all (%j): ignored', (junk) => {
    const cm = new CompiledModel(shipped(), junk);
    expect(cm.distribution.restored).toEqual({ circuit: false, calibration: false, beyond: false });
    expect(answers(cm).ev).toEqual(fresh.ev);
  });

  it("another model's saved work is not taken for this one", () => {
    const harbour = fixture('harbour-story');
    const cm = new CompiledModel(harbour, saved());
    expect(cm.distribution.restored).toEqual({ circuit: false, calibration: false, beyond: false });
    expect(evaluate(cm, {})).toEqual(evaluate(new CompiledModel(harbour), {}));
  });

  it('a model past the compile budget saves that budget: a later run with no larger a budget goes straight to the same estimate', async () => {
    const { generate } = await import('../bench/generate.mjs');
    const { Distribution } = await import('../src/engine/prob/distribution.js');
    const { modelParams } = await import('../src/engine/prob/params.js');
    const { model: m, settings } = generate({ n: 30, m: 8, seed: 1 });
    const params = modelParams(m);
    const ask = (d: InstanceType<typeof Distribution>) => d.answer(params, null, d.inputsFor(params, [], undefined, { hard: settings }).inputs);
    const first = new Distribution(m, { maxNodes: 1, targetError: 0.02 });
    const a = ask(first);
    expect(a.method).toBe('estimate');
    const marker = JSON.parse(JSON.stringify(first.prepare())) as { beyond: { maxNodes: number } };
    expect(marker.beyond.maxNodes).toBe(1);
    const again = new Distribution(m, { maxNodes: 1, targetError: 0.02, prepared: marker });
    expect(again.restored).toEqual({ circuit: false, calibration: false, beyond: true });
    expect(ask(again)).toEqual(a);
    // Read back, it is not saved again; with a larger budget, or for other clauses, it is not taken.
    expect(again.prepare()).toBeNull();
    const larger = new Distribution(m, { maxNodes: 2, targetError: 0.02, prepared: marker });
    expect(larger.restored.beyond).toBe(false);
    const other = new Distribution(generate({ n: 30, m: 8, seed: 2 }).model, { maxNodes: 1, prepared: marker });
    expect(other.restored.beyond).toBe(false);
    const exact = new Distribution(m, { prepared: marker });
    expect(exact.restored.beyond).toBe(false);
    expect(ask(exact).method).toBe('exact');
  });

  it('a model without calibration targets saves and restores none', () => {
    const harbour = fixture('harbour-story');
    const s = new CompiledModel(harbour).distribution.prepare();
    expect(s).not.toBeNull();
    const cm = new CompiledModel(harbour, JSON.parse(JSON.stringify(s)));
    expect(cm.distribution.restored.circuit).toBe(true);
    expect(evaluate(cm, {})).toEqual(evaluate(new CompiledModel(harbour), {}));
  });

  it('the built command answers the same with and without them (the query the build saved them for)', async () => {
    // Run with the saved work (as built) and against a model folder of the same files, which has none
    // (in-process, through dist/ as a process loads it: the answers are the point, not the process).
    const a = await runIn(['query', '--json']);
    const b = await runIn(['query', '--json', '--model', 'scenarios']);
    expect(a.code).toBe(0);
    const strip = (t: string) => {
      const j = JSON.parse(t) as { model: Record<string, unknown> };
      delete j.model.dir;
      delete j.model.path;
      return j;
    };
    expect(strip(a.stdout)).toEqual(strip(b.stdout));
  });
});
