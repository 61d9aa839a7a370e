// Several analysts: compare three conditions files on a model whose
// scenario probabilities are the analysts' own numbers, and check the
// disagreements and the pooled probabilities against sums done by hand.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { linearPool, logPool } from '../src/engine/score.js';
import { FIXTURES, runIn, runJsonIn } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'iraq-compare-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Three independent questions a, b, c, one scenario each: P(A) = P(a), and
// "none" = P(no a) P(no b) P(no c).
const MODEL = ['--model', join(FIXTURES, 'three-questions')];

function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

const alice = file('alice.yaml', 'a: 0.2\nb: 0.1\nc: 0.3\n');
const bob = file('bob.yaml', 'a: 0.5\nb:\n  probability: 0.2\n  by: bob\nc: 0.3\n');
const carol = file('carol.yaml', 'a: 0.8\nb: 0.4\nc: 30%\n');

type Row = { id: string; probabilities: number[]; pooled: { linear: number; log: number } };

describe('compare on three conditions files', () => {
  it('lists where they differ, condition by condition, and where they agree', async () => {
    const { json } = await runJsonIn(['compare', alice, bob, carol, ...MODEL]);
    expect(json.participants.map((p: { label: string; kind: string }) => [p.label, p.kind])).toEqual([
      ['alice', 'conditions'],
      ['bob', 'conditions'],
      ['carol', 'conditions'],
    ]);
    expect(json.participants[1].by).toBe('bob');
    expect(json.conditions).toEqual([
      { id: 'a', said: ['0.2', '0.5', '0.8'], disagree: true },
      { id: 'b', said: ['0.1', '0.2', '0.4'], disagree: true },
      { id: 'c', said: ['0.3', '0.3', '0.3'], disagree: false },
    ]);
    const t = await runIn(['compare', alice, bob, carol, ...MODEL]);
    expect(t.stdout).toContain('Conditions: 3 spoken of, 2 with different readings, 1 alike');
    expect(t.stdout).toMatch(/│ a\s+│ 0\.2\s+│ 0\.5\s+│ 0\.8\s+│/);
    expect(t.stdout).not.toMatch(/│ c\s+│ 0\.3/);
  });

  it('pools the probabilities, linear and logarithmic, as worked by hand', async () => {
    const { json } = await runJsonIn(['compare', alice, bob, carol, ...MODEL]);
    const row = (id: string) => json.scenarios.find((s: Row) => s.id === id) as Row;
    expect(row('s_a').probabilities).toEqual([0.2, 0.5, 0.8]);
    // A: linear (.2 + .5 + .8) / 3 = .5; logarithmic (.2 × .5 × .8)^⅓ / ((.2 × .5 × .8)^⅓ + (.8 × .5 × .2)^⅓) = .5
    expect(row('s_a').pooled).toEqual({ linear: 0.5, log: 0.5 });
    // B: linear (.1 + .2 + .4) / 3 = .233333; logarithmic .008^⅓ / (.008^⅓ + (.9 × .8 × .6)^⅓) = .2 / (.2 + .755953) = .209215
    expect(row('s_b').pooled.linear).toBeCloseTo(0.233333, 6);
    expect(row('s_b').pooled.log).toBeCloseTo(0.209215, 6);
    // C: all say .3.
    expect(row('s_c').pooled).toEqual({ linear: 0.3, log: 0.3 });
    // None: .8 × .9 × .7 = .504, .5 × .8 × .7 = .28, .2 × .6 × .7 = .084; linear .289333, logarithmic .248638.
    expect(row('none').probabilities).toEqual([0.504, 0.28, 0.084]);
    expect(row('none').pooled.linear).toBeCloseTo(0.289333, 6);
    expect(row('none').pooled.log).toBeCloseTo(0.248638, 6);
    const t = await runIn(['compare', alice, bob, carol, ...MODEL]);
    expect(t.stdout).toMatch(/│ B\s+│ 10\.0%\s+│ 20\.0%\s+│ 40\.0%\s+│ 23\.3%\s+│ 20\.9%\s+│/);
  });

  it('with weights: 2, 1, 1', async () => {
    const { json } = await runJsonIn(['compare', alice, bob, carol, ...MODEL, '--weights', '2,1,1']);
    expect(json.weights).toEqual([0.5, 0.25, 0.25]);
    const a = json.scenarios.find((s: Row) => s.id === 's_a') as Row;
    // Linear: (2 × .2 + .5 + .8) / 4 = .425. Logarithmic: the odds are (.2/.8)^½ (.5/.5)^¼ (.8/.2)^¼ = ½ √2, so p = .707107 / 1.707107 = .414214.
    expect(a.pooled.linear).toBeCloseTo(0.425, 6);
    expect(a.pooled.log).toBeCloseTo(0.414214, 6);
    const bad = await runIn(['compare', alice, bob, carol, ...MODEL, '--weights', '2,1']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('--weights 2,1: expected 3 numbers of 0 or more, not all 0, one per column in order (alice, bob, carol)');
  });

  it('one file is not a comparison (exit 64)', async () => {
    const r = await runIn(['compare', alice, ...MODEL]);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('give two files or more');
  });
});

describe('compare on a forecast log', () => {
  it("takes each author's latest forecast, as recorded", async () => {
    const log = join(work, 'team.jsonl');
    for (const [by, a, date] of [
      ['alice', '0.2', '2026-03-01'],
      ['bob', '0.5', '2026-03-01'],
      ['alice', '0.4', '2026-03-05'],
    ] as const)
      expect((await runIn(['record', ...MODEL, '--log', log, '--by', by, '--as-of', date, '--set', `a=${a}`, '-q'])).code).toBe(0);
    const { json } = await runJsonIn(['compare', log, carol, ...MODEL]);
    expect(json.participants.map((p: { label: string; date: string }) => [p.label, p.date])).toEqual([
      ['team:alice', '2026-03-05'],
      ['team:bob', '2026-03-01'],
      ['carol', '2026-12-01'],
    ]);
    const a = json.scenarios.find((s: Row) => s.id === 's_a') as Row;
    expect(a.probabilities).toEqual([0.4, 0.5, 0.8]);
    expect(a.pooled.linear).toBeCloseTo(linearPool([0.4, 0.5, 0.8]), 6);
    expect(a.pooled.log).toBeCloseTo(logPool([0.4, 0.5, 0.8])!, 6);
  });
});

describe('the pools', () => {
  it('agree with their formulas, and the logarithmic one is 0 or 1 when someone is certain', () => {
    expect(linearPool([0.2, 0.5, 0.8])).toBeCloseTo(0.5, 12);
    expect(logPool([0.9, 0.9])).toBeCloseTo(0.9, 12);
    expect(logPool([0.1, 0.2, 0.4])).toBeCloseTo(0.2 / (0.2 + Math.cbrt(0.9 * 0.8 * 0.6)), 12);
    expect(logPool([0, 0.5])).toBe(0);
    expect(logPool([1, 0.5])).toBe(1);
    expect(logPool([0, 1])).toBeNull();
    // Many small probabilities do not underflow.
    expect(logPool(Array(2000).fill(1e-5))).toBeCloseTo(1e-5, 12);
  });
});
