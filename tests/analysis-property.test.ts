import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boolCond, clause, constraint, enumCond, model, scenario } from './builders.js';
import { all, any, is, not, valuesOf } from '../src/engine/expr.js';
import { scenarioHolds, truth, worldsOf } from './oracle.js';
import type { ConstraintKind, Expr, Model, Value } from '../src/engine/types.js';
import { CompiledModel } from '../src/engine/compile.js';
import { explore, revive, whatif } from '../src/engine/analysis/index.js';

/*
 * whatif, revive and explore against brute force: every world of a random
 * small model enumerated. Fixed seed; FUZZ_RUNS=N for a longer run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = 20260304;

/** A small deterministic generator, so one integer describes one model. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return {
    int(n: number): number {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return (s >>> 0) % n;
    },
    pick<T>(xs: readonly T[]): T {
      return xs[this.int(xs.length)]!;
    },
  };
}

function randomModel(seed: number): { m: Model; settings: Map<string, Value> } {
  const r = rng(seed);
  const nConds = 2 + r.int(4);
  const conditions = Array.from({ length: nConds }, (_, i) => (r.int(3) === 0 ? enumCond(`e${i}`, ['x', 'y', 'z']) : boolCond(`b${i}`)));
  const literal = (): Expr => {
    const c = r.pick(conditions);
    const e = is(c.id, r.pick(valuesOf(c)));
    return r.int(3) === 0 ? not(e) : e;
  };
  const expr = (depth = 0): Expr => {
    if (depth >= 2 || r.int(3) > 0) return literal();
    const args = Array.from({ length: 1 + r.int(2) }, () => expr(depth + 1));
    return r.int(2) ? all(...args) : any(...args);
  };
  const kinds: ConstraintKind[] = ['implies', 'excludes', 'at-most-one', 'exactly-one', 'equivalent', 'always'];
  const constraints = Array.from({ length: r.int(4) }, (_, i) => {
    const kind = r.pick(kinds);
    const n = kind === 'implies' || kind === 'equivalent' ? 2 : kind === 'always' ? 1 : 2 + r.int(2);
    return constraint(`k${i}`, kind, ...Array.from({ length: n }, () => expr()));
  });
  const scenarios = Array.from({ length: 2 + r.int(2) }, (_, i) =>
    scenario(`s${i}`, {
      prior: 1 + r.int(3),
      requires: Array.from({ length: r.int(3) }, () => clause(expr())),
      rulesOut: Array.from({ length: r.int(2) }, () => clause(expr())),
      triggers: Array.from({ length: r.int(2) }, () => clause(expr())),
    }),
  );
  const settings = new Map<string, Value>();
  for (const c of conditions) if (r.int(3) === 0) settings.set(c.id, r.pick(valuesOf(c)));
  return { m: model({ conditions, constraints, scenarios }), settings };
}

type World = ReadonlyMap<string, Value>;
const allWorlds = (m: Model): World[] => worldsOf(m);
const evalExpr = truth;
const matches = (w: World, settings: ReadonlyMap<string, Value>) => [...settings].every(([c, v]) => w.get(c) === v);
const holds = (m: Model, i: number, w: World) => scenarioHolds(m.scenarios[i]!, w);

function status(m: Model, i: number, worlds: readonly World[]): 'ruled-out' | 'triggered' | 'open' | 'certain' {
  if (!worlds.some((w) => holds(m, i, w))) return 'ruled-out';
  if (worlds.every((w) => holds(m, i, w))) return 'certain';
  const t = m.scenarios[i]!.triggers;
  if (t.length && worlds.every((w) => evalExpr(any(...t.map((c) => c.when)), w))) return 'triggered';
  return 'open';
}

/** A world's weight: priors 1/2 (named values uniform, a constant), the scenario odds factors where they hold. */
function weight(m: Model, w: World): number {
  return m.scenarios.reduce((t, s) => (scenarioHolds(s, w) ? t * s.prior : t), 1);
}

/** Random consistent models (inconsistent settings are skipped: the commands refuse them first). */
const models = fc
  .integer({ min: 1, max: 2 ** 31 - 1 })
  .map(randomModel)
  .filter(({ m, settings }) => allWorlds(m).some((w) => matches(w, settings)));

describe('analyses agree with brute force on random small models', () => {
  it('whatif: statuses, impossible values, probabilities and expected eliminations', () => {
    fc.assert(
      fc.property(models, ({ m, settings }) => {
        const worlds = allWorlds(m).filter((w) => matches(w, settings));
        const before = m.scenarios.map((_, i) => status(m, i, worlds));
        const r = whatif(new CompiledModel(m), settings);
        const unset = m.conditions.filter((c) => !settings.has(c.id) && new Set(worlds.map((w) => w.get(c.id))).size > 1);
        expect(r.conditions.map((c) => c.condition).sort()).toEqual(unset.map((c) => c.id).sort());
        const z = worlds.reduce((t, w) => t + weight(m, w), 0);
        for (const c of r.conditions) {
          const cond = m.conditions.find((x) => x.id === c.condition)!;
          let expected = 0;
          for (const o of c.outcomes) {
            const wv = worlds.filter((w) => w.get(cond.id) === o.value);
            expect(o.possible).toBe(wv.length > 0);
            if (!o.possible) continue;
            o.effects.forEach((e) => {
              const i = m.scenarios.findIndex((s) => s.id === e.id);
              expect(e.after, `${c.condition}=${String(o.value)} ${e.id}`).toBe(status(m, i, wv));
              expect(e.before).toBe(before[i]);
            });
            // P(v): the weighted share of the worlds with that value; and each scenario's probability after it.
            const zv = wv.reduce((t, w) => t + weight(m, w), 0);
            const p = zv / z;
            expect(o.probability).toBeCloseTo(p, 9);
            o.effects.forEach((e) => {
              const i = m.scenarios.findIndex((s) => s.id === e.id);
              expect(e.probabilityAfter).toBeCloseTo(wv.reduce((t, w) => t + (holds(m, i, w) ? weight(m, w) : 0), 0) / zv, 9);
            });
            expected += p * m.scenarios.filter((_, i) => before[i] !== 'ruled-out' && status(m, i, wv) === 'ruled-out').length;
          }
          expect(c.expectedEliminated).toBeCloseTo(expected, 9);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('revive: the smallest sets are minimal and of the smallest size, and every option works', () => {
    fc.assert(
      fc.property(models, ({ m, settings }) => {
        const all0 = allWorlds(m);
        const worlds = all0.filter((w) => matches(w, settings));
        const keys = [...settings.keys()];
        const worksDropping = (i: number, drop: readonly string[]) =>
          all0.some((w) => matches(w, new Map([...settings].filter(([c]) => !drop.includes(c)))) && holds(m, i, w));
        const subsets = (xs: string[]): string[][] => xs.reduce<string[][]>((acc, x) => [...acc, ...acc.map((s) => [...s, x])], [[]]);
        m.scenarios.forEach((s, i) => {
          const r = revive(new CompiledModel(m), settings, s.id, { maxSize: 10, maxSets: 100 });
          expect(r.status).toBe(status(m, i, worlds));
          if (r.status !== 'ruled-out') return expect(r.sets).toEqual([]);
          const working = subsets(keys).filter((d) => worksDropping(i, d));
          if (working.length === 0) return expect(r.byModel).toBe(true);
          expect(r.smallest).toBe(Math.min(...working.map((d) => d.length)));
          const minimal = working.filter((d) => !working.some((o) => o.length < d.length && o.every((x) => d.includes(x))));
          expect(r.sets.map((x) => [...x.conditions].sort().join()).sort()).toEqual(minimal.map((d) => [...d].sort().join()).sort());
          for (const set of r.sets) {
            expect(set.options[0]!.changes.every((c) => c.to === null)).toBe(true);
            for (const o of set.options) {
              const next = new Map(settings);
              for (const c of o.changes) {
                if (c.to === null) next.delete(c.condition);
                else next.set(c.condition, c.to);
              }
              const after = all0.filter((w) => matches(w, next));
              expect(status(m, i, after)).toBe(o.status);
              for (const x of o.others) expect(status(m, m.scenarios.findIndex((y) => y.id === x.id), after)).toBe(x.after);
            }
          }
        });
      }),
      { numRuns: RUNS, seed: SEED + 1 },
    );
  });

  it('explore: world counts, pairs and gaps', () => {
    fc.assert(
      fc.property(models, ({ m, settings }) => {
        const worlds = allWorlds(m).filter((w) => matches(w, settings));
        const r = explore(m, settings);
        expect(r.total).toBe(BigInt(worlds.length));
        m.scenarios.forEach((s, i) => expect(r.scenarios[i]!.worlds).toBe(BigInt(worlds.filter((w) => holds(m, i, w)).length)));
        for (const p of r.pairs) {
          const [a, b] = [m.scenarios.findIndex((s) => s.id === p.a), m.scenarios.findIndex((s) => s.id === p.b)];
          expect(p.worlds).toBe(BigInt(worlds.filter((w) => holds(m, a, w) && holds(m, b, w)).length));
        }
        const gaps = worlds.filter((w) => m.scenarios.every((_, i) => !holds(m, i, w)));
        expect(r.gaps.worlds).toBe(BigInt(gaps.length));
        // Every world a pattern describes is a gap, and every gap example's worlds are gaps.
        for (const p of r.gaps.patterns) expect(worlds.filter((w) => matches(w, new Map(p.map((x) => [x.condition, x.value])))).every((w) => gaps.includes(w))).toBe(true);
        const combos = r.combinations.reduce((t, c) => t + c.worlds, 0n);
        expect(combos + r.gaps.worlds).toBe(r.total);
      }),
      { numRuns: RUNS, seed: SEED + 2 },
    );
  });
});
