import { describe, expect, it } from 'vitest';
import { fixture } from './helpers.js';
import { boolCond, clause, constraint, model, scenario } from './builders.js';
import { is, not } from '../src/engine/expr.js';
import { entropy, explore, revive, watch, whatif } from '../src/engine/analysis/index.js';
import { lintModel } from '../src/model/check.js';
import { renderAs } from '../src/render/kit/options.js';
import { SCHEMA_VERSION } from '../src/render/kit/json.js';
import { exploreRenderers } from '../src/render/explore.js';
import { reviveRenderers } from '../src/render/revive.js';
import { watchRenderers } from '../src/render/watch.js';
import { whatifRenderers } from '../src/render/whatif.js';

/*
 * The lighthouse fixture, worked out by hand.
 * Conditions: storm, keeper (yes/no, prior 1/2), light (lit/dark/broken, 1/3 each), fog (used by nothing).
 * Constraints: light=broken → storm; keeper → light≠off.
 * Worlds (storm, keeper, light), each twice for fog, all of equal prior weight:
 *   1 F F lit   2 F F dark   3 F T lit   4 T F lit   5 T F dark   6 T F broken   7 T T lit   8 T T broken
 * Scenarios: safe (I, odds factor 2) needs light=lit, triggered by keeper;
 *            wreck (II) needs storm and light=broken, triggered by light=broken;
 *            quiet (III) needs no storm.
 * Holds: safe 1,3,4,7 (weight 2 each); wreck 6,8; quiet 1,2,3. Gap: world 5.
 * Weights 2,1,2,2,1,1,2,1: Z = 12. P(safe) = 8/12, P(wreck) = 2/12, P(quiet) = 5/12.
 * Uncertainty now: H(2/3) + H(1/6) + H(5/12) bits (H the binary entropy).
 */
const lighthouse = fixture('lighthouse');
const H = (p: number) => entropy([p]);
const H0 = H(2 / 3) + H(1 / 6) + H(5 / 12);

describe('whatif on the lighthouse', () => {
  const r = whatif(lighthouse, new Map());
  const byCond = new Map(r.conditions.map((c) => [c.condition, c]));

  it('ranks light (4/3 expected eliminations) before storm (1) before keeper and fog (0)', () => {
    expect(r.conditions.map((c) => c.condition)).toEqual(['light', 'storm', 'keeper', 'fog']);
    // light: lit (2/3) rules out wreck; dark (1/6) safe and wreck; broken (1/6) safe and quiet.
    expect(byCond.get('light')!.expectedEliminated).toBeCloseTo(2 / 3 + 2 / 6 + 2 / 6, 12);
    expect(byCond.get('storm')!.expectedEliminated).toBeCloseTo(1, 12);
    expect(byCond.get('keeper')!.expectedEliminated).toBe(0);
  });

  it('P(light) is the weighted share of the worlds: lit 8/12, dark 2/12, broken 2/12', () => {
    const p = Object.fromEntries(byCond.get('light')!.outcomes.map((o) => [String(o.value), o.probability]));
    expect(p.lit).toBeCloseTo(8 / 12, 12);
    expect(p.dark).toBeCloseTo(2 / 12, 12);
    expect(p.broken).toBeCloseTo(2 / 12, 12);
    // After lit: safe 1, wreck 0, quiet 4/8 (1 bit); after dark: quiet 1/2 (1 bit); after broken: all settled.
    expect(byCond.get('light')!.expectedInformation).toBeCloseTo(H0 - (2 / 3) * 1 - (1 / 6) * 1, 12);
  });

  it('light=dark rules out safe and wreck, halves quiet and forces keeper=false', () => {
    const off = byCond.get('light')!.outcomes.find((o) => o.value === 'dark')!;
    const e = Object.fromEntries(off.effects.map((x) => [x.id, x]));
    expect(e.safe!.change).toBe('rules-out');
    expect(e.wreck!.change).toBe('rules-out');
    expect(e.quiet!.change).toBe('none');
    // Worlds 2 and 5, equal weight; quiet holds in 2.
    expect(e.quiet!.probabilityAfter).toBeCloseTo(0.5, 12);
    expect(off.entropyAfter).toBeCloseTo(1, 12);
    expect(off.derived.map((d) => [d.condition, d.value])).toEqual([['keeper', false]]);
    // The change names the requirement that does it.
    expect(e.safe!.because!.clauses.map((c) => c.text)).toEqual(['the light is on']);
  });

  it('light=broken makes wreck certain and forces storm through the constraint', () => {
    const broken = byCond.get('light')!.outcomes.find((o) => o.value === 'broken')!;
    const wreck = broken.effects.find((x) => x.id === 'wreck')!;
    expect(wreck.after).toBe('certain');
    expect(wreck.probabilityAfter).toBe(1);
    expect(broken.derived).toHaveLength(1);
    expect(broken.derived[0]!.because.constraints).toEqual(['broken_needs_storm']);
  });

  it('keeper=true triggers safe and raises it from 8/12 to 4/5 (worlds 3, 7, 8)', () => {
    const t = byCond.get('keeper')!.outcomes.find((o) => o.value === true)!;
    const safe = t.effects.find((x) => x.id === 'safe')!;
    expect(safe.change).toBe('triggers');
    expect(safe.probabilityAfter).toBeCloseTo(4 / 5, 12);
    expect(t.probability).toBeCloseTo(5 / 12, 12);
  });

  it('the probabilities after each value average back to the probability now', () => {
    for (const c of r.conditions)
      for (const s of ['safe', 'wreck', 'quiet']) {
        const now = r.scenarios.find((x) => x.id === s)!.probability;
        const avg = c.outcomes.reduce((t, o) => t + o.probability * (o.effects.find((e) => e.id === s)?.probabilityAfter ?? 0), 0);
        expect(avg, `${c.condition} ${s}`).toBeCloseTo(now, 12);
      }
  });

  it('reports values the settings exclude as impossible, with the constraint', () => {
    const r2 = whatif(lighthouse, new Map([['keeper', true]]));
    const light = r2.conditions.find((c) => c.condition === 'light')!;
    const off = light.outcomes.find((o) => o.value === 'dark')!;
    expect(off.possible).toBe(false);
    expect(off.probability).toBe(0);
    expect(off.impossible!.constraints).toEqual(['keeper_keeps_light']);
  });

  it('skips conditions that are set or forced, and refuses beyond its bound', () => {
    const r3 = whatif(lighthouse, new Map([['light', 'broken']]), { only: ['storm', 'keeper'] });
    expect(r3.conditions.map((c) => c.condition)).toEqual(['keeper']);
    expect(r3.skipped).toEqual([{ condition: 'storm', origin: 'derived', value: true }]);
    expect(() => whatif(lighthouse, new Map(), { maxConditions: 2 })).toThrow(/4 conditions are unset/);
  });
});

describe('watch on the lighthouse', () => {
  const w = watch(lighthouse, new Map());

  it('ranks by expected information about the scenarios: light, storm, keeper, then fog (0 bits)', () => {
    expect(w.ranking.map((c) => c.condition)).toEqual(['light', 'storm', 'keeper', 'fog']);
    expect(w.entropy).toBeCloseTo(H0, 12);
    // storm true (7/12): worlds 4..8, safe 4/7, wreck 2/7; false (5/12): worlds 1..3, safe 4/5, quiet 1.
    const storm = w.ranking.find((c) => c.condition === 'storm')!;
    expect(storm.values.map((v) => v.probability)).toEqual([expect.closeTo(7 / 12, 12), expect.closeTo(5 / 12, 12)]);
    expect(storm.expectedInformation).toBeCloseTo(H0 - (7 / 12) * (H(4 / 7) + H(2 / 7)) - (5 / 12) * H(4 / 5), 12);
    expect(w.ranking.find((c) => c.condition === 'fog')!.expectedInformation).toBeCloseTo(0, 12);
  });

  it('gives each possibility its signposts, most moving first', () => {
    const quiet = w.signposts.find((s) => s.id === 'quiet')!;
    // storm=false takes quiet from 5/12 to 1 (+7/12); light=broken rules it out (−5/12); keeper barely moves it.
    expect(quiet.signposts.map((p) => p.condition)).toEqual(['storm', 'light', 'keeper']);
    expect(quiet.signposts[0]!.shift).toBeCloseTo(7 / 12, 12);
    const safe = w.signposts.find((s) => s.id === 'safe')!;
    // light moves it most (to 0); keeper and storm both by 2/15, keeper first since it also triggers it.
    expect(safe.signposts.map((p) => p.condition)).toEqual(['light', 'keeper', 'storm']);
  });
});

describe('revive on the lighthouse', () => {
  it('quiet, ruled out by storm: drop storm, or set it false (which makes safe and quiet certain and rules out wreck)', () => {
    const r = revive(lighthouse, new Map<string, boolean | string>([['storm', true], ['keeper', true]]), 'quiet');
    expect(r.status).toBe('ruled-out');
    expect(r.smallest).toBe(1);
    expect(r.sets.map((s) => s.conditions)).toEqual([['storm']]);
    const [drop, flip] = r.sets[0]!.options;
    expect(drop!.changes).toEqual([{ condition: 'storm', from: true, to: null }]);
    expect(drop!.status).toBe('open');
    // keeper alone: worlds 3, 7, 8 weighing 2, 2, 1; quiet holds in 3.
    expect(drop!.probability).toBeCloseTo(2 / 5, 12);
    expect(drop!.others).toEqual([]);
    expect(flip!.changes).toEqual([{ condition: 'storm', from: true, to: false }]);
    expect(flip!.others.map((o) => [o.id, o.before, o.after])).toEqual([
      ['safe', 'triggered', 'certain'],
      ['wreck', 'open', 'ruled-out'],
    ]);
    expect(flip!.derived.map((d) => [d.condition, d.value])).toEqual([['light', 'lit']]);
    expect(flip!.status).toBe('certain');
    expect(flip!.probability).toBe(1);
  });

  it('safe, ruled out by light=dark: drop it or set it lit (broken would not do)', () => {
    const r = revive(lighthouse, new Map([['light', 'dark']]), 'safe');
    expect(r.sets[0]!.options.map((o) => o.changes[0]!.to)).toEqual([null, 'lit']);
    expect(r.sets[0]!.options[0]!.released).toEqual([{ condition: 'keeper', value: false }]);
  });

  it('says so when the scenario is not ruled out, and when only the model rules it out', () => {
    expect(revive(lighthouse, new Map(), 'safe')).toMatchObject({ status: 'open', sets: [], smallest: null });
    const m = model({
      conditions: [boolCond('a')],
      constraints: [constraint('never_a', 'always', not(is('a')))],
      scenarios: [scenario('s', { requires: [clause(is('a'))] })],
    });
    expect(revive(m, new Map([['a', false]]), 's')).toMatchObject({ status: 'ruled-out', byModel: true, sets: [] });
  });

  it('reports the size bound when no set that small works', () => {
    const m = model({
      conditions: [boolCond('a'), boolCond('b')],
      scenarios: [scenario('s', { requires: [clause(is('a')), clause(is('b'))] })],
    });
    const r = revive(m, new Map([['a', false], ['b', false]]), 's', { maxSize: 1 });
    expect(r.sets).toEqual([]);
    expect(r.bounded).toEqual(['size']);
    expect(revive(m, new Map([['a', false], ['b', false]]), 's').smallest).toBe(2);
  });
});

describe('explore on the lighthouse', () => {
  const r = explore(lighthouse, new Map());
  const worlds = Object.fromEntries(r.scenarios.map((s) => [s.id, s.worlds]));

  it('counts 16 worlds (8 times 2 for fog) and where each scenario holds', () => {
    expect(r.total).toBe(16n);
    expect(worlds).toEqual({ safe: 8n, wreck: 4n, quiet: 6n });
    expect(r.free).toEqual(['fog']);
  });

  it('knows which hold together and finds the one gap: storm with the light off', () => {
    const pair = (a: string, b: string) => r.pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a))!.worlds;
    expect(pair('safe', 'quiet')).toBe(4n);
    expect(pair('safe', 'wreck')).toBe(0n);
    expect(pair('wreck', 'quiet')).toBe(0n);
    expect(r.gaps.worlds).toBe(2n);
    expect(r.gaps.patterns).toEqual([[{ condition: 'storm', value: true }, { condition: 'light', value: 'dark' }]]);
  });

  it('honours the settings, and refuses beyond its step bound', () => {
    expect(explore(lighthouse, new Map([['storm', false]])).total).toBe(6n);
    expect(() => explore(lighthouse, new Map(), { maxNodes: 3 })).toThrow(/more than 3 search steps/);
  });

  it('counts huge free spaces exactly without visiting them', () => {
    const conditions = Array.from({ length: 200 }, (_, i) => boolCond(`c${i}`));
    const m = model({ conditions, scenarios: [scenario('s', { requires: [clause(is('c0'))] })] });
    const big = explore(m, new Map());
    expect(big.total).toBe(2n ** 200n);
    expect(big.scenarios[0]!.worlds).toBe(2n ** 199n);
    expect(big.nodes).toBeLessThan(10);
  });
});

describe('lintModel', () => {
  it('warns about the unused condition and the gap in the lighthouse, with positions', () => {
    const ds = lintModel(lighthouse);
    expect(ds.every((d) => d.severity === 'warning')).toBe(true);
    expect(ds.map((d) => d.message)).toEqual([
      "condition 'fog' is used by no scenario, constraint or stance: setting it changes nothing",
      "no scenario holds in 2 of 16 worlds, probability 8.3% with nothing set, e.g. where storm=true, light=dark ('explore' lists them)",
    ]);
    expect(ds[0]!.file).toMatch(/conditions\.yaml$/);
    expect(ds[0]!.line).toBe(10);
  });

  it('warns about triggers that rule their scenario out and scenarios that always hold together', () => {
    const m = model({
      conditions: [boolCond('a'), boolCond('b')],
      scenarios: [
        scenario('s', { requires: [clause(is('a'))], triggers: [clause(not(is('a')))] }),
        scenario('t', { requires: [clause(is('a'))] }),
        scenario('u', { requires: [clause(not(is('a')))] }),
      ],
    });
    const msgs = lintModel(m).map((d) => d.message);
    expect(msgs).toContain("trigger 'not a' of scenario 's' contradicts its requirements: whenever it holds the scenario is ruled out (needs a)");
    expect(msgs).toContain("scenarios 's' and 't' always hold together: no world tells them apart");
    expect(msgs).toContain("condition 'b' is used by no scenario, constraint or stance: setting it changes nothing");
    expect(msgs.some((x) => x.startsWith('no scenario holds'))).toBe(false);
  });
});

describe('renderers (shared with the interactive session)', () => {
  it('render every command in every format without colour setup', () => {
    const s = new Map<string, boolean | string>([['storm', true]]);
    const worlds = { table: /^10 world\(s\) are consistent with the constraints and settings \(storm=true\)\.$/m, markdown: /^10 world\(s\) are consistent with the constraints and settings\.$/m, json: /^ {2}"worlds": 10,$/m };
    for (const format of ['table', 'json', 'markdown'] as const) {
      expect(renderAs(whatifRenderers, format, { model: lighthouse, r: whatif(lighthouse, s), top: 0 })).toMatch(/light/);
      expect(renderAs(watchRenderers, format, { model: lighthouse, r: watch(lighthouse, s), top: 0 })).toMatch(/light/);
      expect(renderAs(reviveRenderers, format, { model: lighthouse, r: revive(lighthouse, s, 'quiet') })).toMatch(/storm/);
      expect(renderAs(exploreRenderers, format, { model: lighthouse, r: explore(lighthouse, s) })).toMatch(worlds[format]);
    }
    const json = JSON.parse(renderAs(exploreRenderers, 'json', { model: lighthouse, r: explore(lighthouse, s) }));
    expect(json).toMatchObject({ schemaVersion: SCHEMA_VERSION, command: 'explore', worlds: 10 });
  });
});

describe('lintModel on the numbers', () => {
  it('warns about a trigger that does not make its scenario likelier, and a timed model condition with no kind', () => {
    const m = model({
      info: { name: 't', title: 't', time: { start: '2026-01-01', horizon: '2026-12-31', endsWhen: [] } },
      conditions: [{ ...boolCond('a'), kind: 'outcome' }, boolCond('b')],
      scenarios: [scenario('s', { requires: [clause(is('a'))], triggers: [clause(is('b'))] }), scenario('t', { requires: [clause(is('b'))], triggers: [clause(is('b'))] })],
    });
    const msgs = lintModel(m).map((d) => d.message);
    expect(msgs).toContain(
      "trigger 'b' of scenario 's' does not make it likelier (50.0% without it, 50.0% with it): make the defining event a requirement, or tie it to the scenario with evidence or a constraint",
    );
    expect(msgs.some((x) => x.includes("scenario 't' does not make"))).toBe(false);
    expect(msgs).toContain("condition 'b' has no kind: read as a state (its value at the horizon); say `kind: outcome` if it happens or not before the horizon");
  });
});
