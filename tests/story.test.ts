import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parseDot from 'dotparser';
import type { Graph, Stmt } from 'dotparser';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../src/render/kit/json.js';
import { certainty, stanceMatrix } from '../src/engine/actors.js';
import { CompiledModel } from '../src/engine/compile.js';
import { diffEvaluations } from '../src/engine/diff.js';
import { evaluate } from '../src/engine/evaluate.js';
import type { Evaluation } from '../src/engine/evaluate.js';
import { is, not } from '../src/engine/expr.js';
import { eventsInOrder, isIsoDate, timeline } from '../src/engine/timeline.js';
import type { ModelEvent, Value } from '../src/engine/types.js';
import { makeChalk } from '../src/cli/io.js';
import { gridText } from '../src/render/kit/grid.js';
import { hang } from '../src/render/kit/wrap.js';
import { diffSide, diffTable } from '../src/render/diff.js';
import { timelineGrid, timelineStepText } from '../src/render/timeline.js';
import { boolCond, constraint, model } from './builders.js';
import { FIXTURES, fixture, runIn, runJsonIn } from './helpers.js';

// The harbour-story fixture: harbour plus four dated events (written out of
// date order) and three actors. A model without a clock: its events are facts
// from their dates. Answers below are worked out by hand: the harbour's worlds
// (see engine.test.ts) weigh 13 (calm), 21 (storm) and 3 (hurricane), Z = 37;
// A holds in 20 of that weight, B in 27, C in 14.
const STORY = join(FIXTURES, 'harbour-story');
const M = ['--model', STORY];
/** Before any event (commands are asked as of today by default, when every event has happened). */
const M0 = [...M, '--as-of', 'start'];
const story = fixture('harbour-story');
const ok = (ev: Evaluation) => {
  if (!ev.ok) throw new Error(ev.conflict.text);
  return ev;
};
const settings = (o: Record<string, Value>) => new Map(Object.entries(o));
const strip = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
const widest = (s: string) => Math.max(...strip(s).split('\n').map((l) => [...l].length));
const hasDot = spawnSync('dot', ['-V'], { encoding: 'utf8' }).status === 0;

describe('events and dates (engine)', () => {
  it('checks dates are real calendar dates', () => {
    expect(isIsoDate('2026-02-06')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-2-6')).toBe(false);
  });

  it('orders events by date, keeping file order on the same date', () => {
    expect(eventsInOrder(story).map((e) => e.id)).toEqual(['storm_forecast', 'strike_vote', 'hurricane_warning', 'mediation']);
    const ev = (id: string, date: string): ModelEvent => ({ id, date, dateBasis: 'stated', title: id, sets: {}, citations: [] });
    const m = model({ events: [ev('b', '2026-01-02'), ev('a2', '2026-01-01'), ev('a1', '2026-01-01')] });
    expect(eventsInOrder(m).map((e) => e.id)).toEqual(['a2', 'a1', 'b']);
  });

  it('applies the events dated on or before a date as facts (no clock), later ones overriding', () => {
    const hard = (asOf: string) => ok(evaluate(story, { asOf })).settings.map((x) => [x.condition, x.value, x.origin]);
    expect(hard('2026-02-28')).toEqual([]);
    expect(hard('2026-03-02')).toEqual([
      ['weather', 'storm', 'observed'],
      ['union_strike', true, 'observed'],
    ]);
    expect(new Map(ok(evaluate(story, { asOf: '2026-12-31' })).settings.map((x) => [x.condition, x.value]))).toEqual(
      settings({ weather: 'hurricane', union_strike: false, government_mediates: true }),
    );
  });

  it('evaluates after each event; overrides hold at every step', () => {
    const steps = timeline(story);
    expect(steps.map((s) => s.event?.id ?? 'start')).toEqual(['start', 'storm_forecast', 'strike_vote', 'hurricane_warning', 'mediation']);
    const table = steps.map((s) => ok(s.evaluation).scenarios.map((r) => `${r.status} ${r.probability.toFixed(3)}`));
    expect(table).toEqual([
      ['open 0.541', 'open 0.730', 'open 0.378'], // 20/37, 27/37, 14/37
      ['open 0.571', 'open 0.762', 'open 0.381'], // the storm worlds: 12/21, 16/21 (the storm favours B, x2), 8/21
      ['ruled-out 0.000', 'open 0.800', 'ruled-out 0.000'], // a strike rules out A and, via mediation_ends_strike, C; B 4/5
      ['ruled-out 0.000', 'certain 1.000', 'ruled-out 0.000'], // hurricane -> port closed -> ships diverted: B in every world
      ['ruled-out 0.000', 'certain 1.000', 'certain 1.000'], // mediation: C in every world
    ]);
    const held = timeline(story, { overrides: settings({ weather: 'calm' }), until: '2026-03-01' });
    expect(held).toHaveLength(2);
    expect(held[1]!.settings.get('weather')).toBe('calm');
  });

  it('keeps a contradictory step in the timeline instead of failing', () => {
    const steps = timeline(story, { overrides: settings({ government_mediates: true }) });
    expect(steps[2]!.evaluation.ok).toBe(false); // strike + mediation contradict
    expect(steps[4]!.evaluation.ok).toBe(true); // the mediation event calls the strike off
  });
});

describe('stances (engine)', () => {
  it('tells whether an expression holds always, never or maybe', () => {
    const cm = new CompiledModel(story);
    expect(certainty(cm, settings({ weather: 'hurricane' }), is('port_closed'))).toBe('always');
    expect(certainty(cm, settings({ union_strike: true }), is('government_mediates'))).toBe('never');
    expect(certainty(cm, new Map(), is('port_closed'))).toBe('maybe');
    expect(certainty(cm, settings({ union_strike: true, government_mediates: true }), is('port_closed'))).toBeNull();
  });

  it('resolves conditional stances and computes the balance (by hand)', () => {
    const m = stanceMatrix(story, new Map())!;
    const cell = (a: string, s: string) => m.cells.find((c) => c.actor === a && c.scenario === s)!;
    expect(cell('union', 'negotiated').stance).toBe('conditional');
    expect(cell('union', 'negotiated').conditional?.resolved).toBe('open');
    expect(cell('union', 'diversion')).toMatchObject({ stance: 'unclear', declared: null });
    const sup = (id: string) => m.scenarios.find((s) => s.scenario === id)!;
    expect(m.totalInfluence).toBe(15);
    expect(sup('business_as_usual')).toMatchObject({ support: 9, opposition: 6, balance: 3, supporters: ['port_authority', 'shipping_lines'], opponents: ['union'] });
    expect(sup('business_as_usual').index).toBeCloseTo(0.2);
    expect(sup('diversion')).toMatchObject({ balance: -5, conditional: ['port_authority'], unclear: ['union'] });

    const storm = stanceMatrix(story, settings({ weather: 'hurricane' }))!;
    expect(storm.cells.find((c) => c.actor === 'port_authority' && c.scenario === 'diversion')).toMatchObject({
      stance: 'supports',
      declared: 'conditional',
      conditional: { when: 'port_closed', resolved: 'then' },
    });
    expect(storm.scenarios.find((s) => s.scenario === 'diversion')!.balance).toBe(-1);

    const strike = stanceMatrix(story, settings({ union_strike: true }))!;
    expect(strike.cells.find((c) => c.actor === 'union' && c.scenario === 'negotiated')).toMatchObject({
      stance: 'unclear',
      conditional: { resolved: 'otherwise' },
    });
    const mediation = stanceMatrix(story, settings({ government_mediates: true }))!;
    expect(mediation.scenarios.find((s) => s.scenario === 'negotiated')!.balance).toBe(11);
    expect(stanceMatrix(story, settings({ union_strike: true, government_mediates: true }))).toBeNull();
  });
});

describe('diff (engine)', () => {
  it('reports status, probability, setting and derived changes', () => {
    const a = ok(evaluate(story, new Map()));
    const b = ok(evaluate(story, settings({ weather: 'hurricane' })));
    const d = diffEvaluations(a, b);
    expect(d.changed).toBe(true);
    expect(d.scenarios.filter((s) => s.statusChanged).map((s) => s.id)).toEqual(['business_as_usual', 'diversion']);
    // C: 14/37 before; in the three hurricane worlds, one: 1/3.
    expect(d.scenarios.find((s) => s.id === 'negotiated')!.probabilityDelta).toBeCloseTo(1 / 3 - 14 / 37, 12);
    expect(d.settings).toEqual([{ condition: 'weather', from: { origin: 'unknown', value: null }, to: { origin: 'set', value: 'hurricane' } }]);
    expect(d.derived.map((c) => c.condition)).toEqual(['port_closed', 'ships_diverted']);
    expect(diffEvaluations(a, a).changed).toBe(false);
  });

  it('matches scenarios by id across two models', () => {
    const m1 = model({ conditions: [boolCond('x')], constraints: [constraint('k', 'always', not(is('x')))] });
    const m2 = model({ conditions: [boolCond('x')] });
    const d = diffEvaluations(ok(evaluate(m1, new Map())), ok(evaluate(m2, new Map())));
    expect(d.derived).toEqual([{ condition: 'x', from: { origin: 'derived', value: false }, to: { origin: 'unknown', value: null } }]);
  });
});

describe('grid layout', () => {
  it('wraps columns into blocks that fit the width, repeating pinned columns', () => {
    const columns = Array.from({ length: 12 }, (_, i) => ({ head: [`c${i}`], cells: [{ text: 'xxxxx' }] }));
    const text = gridText({ rowLabels: ['row'], columns, width: 40, pinned: 1 });
    expect(widest(text)).toBeLessThanOrEqual(40);
    expect(text.split('\n\n').length).toBeGreaterThan(2);
    for (const block of text.trimEnd().split('\n\n')) expect(block).toMatch(/^ +c0 /);
  });

  it('hangs wrapped text under its first line', () => {
    expect(hang('  #1 ', 'one two three four five six seven eight nine ten eleven', 24)).toBe(
      '  #1 one two three four\n     five six seven eight\n     nine ten eleven',
    );
  });

  it('fits the timeline grid in 80 columns with colour codes ignored', () => {
    const text = timelineGrid(story, timeline(story), { chalk: makeChalk(1), width: 80 });
    expect(text).toContain('\u001b[');
    expect(widest(text)).toBeLessThanOrEqual(80);
  });
});

describe('render functions the interactive session uses', () => {
  const plain = { chalk: makeChalk(0), width: 80 };
  it('shows one step of the timeline with its event, sources and changes', () => {
    const steps = timeline(story);
    expect(timelineStepText(story, steps, 2, plain)).toBe(
      [
        'Event 2 of 4, 2026-03-02 (inferred): The union votes to strike',
        '  observes: union_strike=true',
        '  bulletin: "The union voted to strike" (stated)',
        '  A     ruled-out (was open)',
        '  B     open      80.0% (+3.8 pts)',
        '  C     ruled-out (was open)',
        '',
      ].join('\n'),
    );
    expect(timelineStepText(story, steps, 0, plain).split('\n')[0]).toBe('Start: before any event (4 events follow)');
    expect(timelineStepText(story, steps, 9, plain)).toBe('');
  });

  it('diffs a session start against its present', () => {
    const start = ok(evaluate(story, new Map()));
    const now = ok(evaluate(story, settings({ government_mediates: true })));
    const text = diffTable(diffEvaluations(start, now), diffSide(story, start), diffSide(story, now), plain);
    expect(text.split('\n').slice(0, 2)).toEqual(['From: harbour-story; no settings', 'To:   harbour-story; government_mediates=true']);
    expect(text).toContain('Derived conditions that differ:\n  union_strike: unknown → false (derived)');
  });
});

describe('--as-of on the fixture (CLI)', () => {
  it('starts from the events as of the date, and says which on stderr', async () => {
    const r = await runIn(['query', ...M, '--as-of', '2026-03-02']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/As of 2026-03-02: 2 observations from the model's events, established: weather=storm,\s+union_strike=true/);
    expect(r.stderr).toBe(
      "iraq-scenarios: as of 2026-03-02: the model's 2 events up to then applied, the last strike_vote (2026-03-02, inferred); 1 with inferred dates; 'timeline' lists them\n",
    );
  });

  it('before the first event, starts from nothing; by default, from every event up to today', async () => {
    const { json, result } = await runJsonIn(['query', ...M, '--as-of', '2026-02-28']);
    expect(json.settings).toEqual([]);
    expect(json.scenarios.map((s: { probability: number }) => s.probability)).toEqual([20 / 37, 27 / 37, 14 / 37].map((x) => Math.round(x * 1e6) / 1e6));
    expect(result.stderr).toBe(''); // JSON mode: stderr stays clean
    const start = (await runJsonIn(['query', ...M0])).json;
    expect(start.numbers.asOf).toBe('2026-02-28');
    const now = (await runJsonIn(['query', ...M])).json;
    expect(now.numbers.asOf).toBe('2026-12-01');
    expect(now.settings.map((x: { condition: string }) => x.condition).sort()).toEqual(['government_mediates', 'union_strike', 'weather']);
  });

  it('layers events, then --conditions, then --set', async () => {
    const { json } = await runJsonIn(['query', ...M, '--as-of', '2026-03-04', '--conditions', '-', '--set', 'government_mediates=false'], {
      input: 'weather: calm\n',
    });
    // Your settings first; then what the events established that you did not set.
    expect(json.settings).toEqual([
      { condition: 'weather', value: 'calm' },
      { condition: 'government_mediates', value: false },
      { condition: 'union_strike', value: false, origin: 'observed', date: '2026-03-04', event: 'mediation' },
    ]);
    // A setting of unknown drops what you said of the condition, not what the events established.
    const cleared = (await runJsonIn(['query', ...M, '--as-of', '2026-03-02', '--set', 'union_strike=unknown'])).json;
    expect(cleared.scenarios.map((s: { status: string }) => s.status)).toEqual(['ruled-out', 'open', 'ruled-out']);
  });

  it('works on explain too', async () => {
    const { json } = await runJsonIn(['explain', 'A', ...M, '--as-of', '2026-03-02']);
    // explain's documented shape: the question, the scenario, how its probability is made, the derived conditions.
    expect(Object.keys(json)).toEqual(['schemaVersion', 'settings', 'observations', 'probabilities', 'numbers', 'scenario', 'numbers', 'derived'].filter((k, i, a) => a.indexOf(k) === i));
    expect(json.scenario.status).toBe('ruled-out');
  });

  it.each([
    ['2026-02-30', '--as-of 2026-02-30: no such date; expected a real date as YYYY-MM-DD'],
    ['2026/03/02', '--as-of 2026/03/02: expected a date as YYYY-MM-DD (or today, latest, start), e.g. --as-of 2026-02-01'],
  ])('rejects %s as a usage error naming the flag', async (date, message) => {
    const r = await runIn(['query', ...M, '--as-of', date]);
    expect(r.code).toBe(64);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`iraq-scenarios: ${message}\n`);
  });
});

describe('timeline on the fixture (CLI)', () => {
  it('draws the grid with dates marked inferred (~) and undated (?)', async () => {
    const r = await runIn(['timeline', ...M], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '   start #1    #2     #3     #4',
      '         2026',
      '         03-01 03-02~ 03-03? 03-04',
      'A  O 54% O 57% X*     X      X',
      'B  O 73% O 76% O 80%  C100%* C100%',
      'C  O 38% O 38% X*     X      C100%*',
    ]);
    expect(r.stdout).toContain('#2 2026-03-02~ The union votes to strike');
    expect(r.stdout).toContain('#3 2026-03-03? A hurricane warning is issued');
    expect(r.stdout).toContain('~ date inferred');
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
  });

  it('colours cells by status when asked', async () => {
    const r = await runIn(['timeline', ...M], { env: { FORCE_COLOR: '1' } });
    expect(r.stdout).toContain('\u001b[43m'); // yellow background: open
    expect(r.stdout).toContain('\u001b[42m'); // green: triggered or certain
    expect(r.stdout).toContain('\u001b[41m'); // red: ruled out
  });

  it('gives JSON with each step, its event and date basis', async () => {
    const { json } = await runJsonIn(['timeline', ...M, '--until', '2026-03-02']);
    expect(json.schemaVersion).toBe(SCHEMA_VERSION);
    expect(json.until).toBe('2026-03-02');
    expect(json.steps.map((s: { event: { id: string; dateBasis: string } | null }) => s.event && [s.event.id, s.event.dateBasis])).toEqual([
      null,
      ['storm_forecast', 'stated'],
      ['strike_vote', 'inferred'],
    ]);
    expect(json.steps[2].scenarios.map((s: { status: string }) => s.status)).toEqual(['ruled-out', 'open', 'ruled-out']);
    expect(json.steps[2].derived).toEqual([{ condition: 'government_mediates', value: false }]);
    expect(json.steps[1].event.sources[0]).toEqual({ basis: 'stated', source: 'bulletin', quote: '1 March: a storm is forecast' });
  });

  it('holds --set fixed at every step, and --changes-only keeps the steps that move', async () => {
    const { json } = await runJsonIn(['timeline', ...M, '--set', 'weather=hurricane', '--changes-only']);
    expect(json.overrides).toEqual([{ condition: 'weather', value: 'hurricane' }]);
    expect(json.steps.map((s: { index: number }) => s.index)).toEqual([0, 2, 4]);
  });

  it('marks a contradictory step instead of failing', async () => {
    const r = await runIn(['timeline', ...M, '--set', 'government_mediates=true']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^A +O \d+% +O \d+% +! /m);
    expect(r.stdout).toContain('contradiction: ');
  });

  it('gives a Markdown table, one row per event', async () => {
    const r = await runIn(['timeline', ...M, '--format', 'markdown']);
    expect(r.stdout).toContain('| 2 | 2026-03-02 (inferred) | The union votes to strike | `union_strike=true` | ruled-out | open 80.0% | ruled-out |');
  });

  it('rejects a bad --until and disagreeing --until/--as-of', async () => {
    expect((await runIn(['timeline', ...M, '--until', '2026-04-31'])).stderr).toContain('--until 2026-04-31: no such date');
    const r = await runIn(['timeline', ...M, '--until', '2026-03-01', '--as-of', '2026-03-02']);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('--as-of 2026-03-02 and --until 2026-03-01 disagree');
  });
});

describe('actors on the fixture (CLI)', () => {
  it('draws the matrix, the conditional stances and the balance', async () => {
    const r = await runIn(['actors', ...M0, '--set', 'weather=hurricane'], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 4)).toEqual([
      "Actor              In  A   B    C",
      "Dockworkers' union  6  opp ?    cond",
      'Port authority      4  sup sup* neu',
      'Shipping lines      5  sup opp  sup',
    ]);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('Port authority on B: supports (if port_closed: supports, otherwise opposes; it holds now)');
    expect(r.stdout).toMatch(/│ B +│ certain +│ port_authority +│ shipping_lines +│ -1 \(4-5\) +│/);
    expect(r.stdout).toContain("balance = sum of supporters' influence - sum of opponents' influence");
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
  });

  it('lists every cell source with --sources', async () => {
    const r = await runIn(['actors', ...M0, '--sources']);
    expect(r.stdout).toContain('Port authority on B: conditional\n    bulletin: "backs diverting ships only once the port is closed" (stated)');
    expect(r.stdout).toContain("Dockworkers' union on B: no stance in the model (unclear)");
  });

  it('carries every cell with its sources in JSON', async () => {
    const { json } = await runJsonIn(['actors', ...M, '--as-of', '2026-03-04']);
    expect(json.cells).toHaveLength(9);
    const union = json.cells.find((c: { actor: string; scenario: string }) => c.actor === 'union' && c.scenario === 'negotiated');
    expect(union).toEqual({
      actor: 'union',
      scenario: 'negotiated',
      stance: 'supports',
      declared: 'conditional',
      conditional: { when: 'government_mediates', then: 'supports', otherwise: 'unclear', resolved: 'then' },
      sources: [{ basis: 'stated', source: 'bulletin', quote: 'If the government mediates' }],
    });
    const c = json.scenarios.find((s: { id: string }) => s.id === 'negotiated');
    expect(c).toMatchObject({ status: 'certain', supporters: ['union', 'shipping_lines'], support: 11, opposition: 0, balance: 11 });
    expect(json.balanceFormula).toContain('index = balance');
  });

  it('gives Markdown with footnoted sources', async () => {
    const r = await runIn(['actors', ...M0, '--format', 'markdown']);
    expect(r.stdout).toContain("| Dockworkers' union | 6 | opposes[^1] | unclear | conditional[^2] |");
    expect(r.stdout).toContain('| Shipping lines | 5 | supports[^6] | opposes[^7] | supports[^8] |');
    expect(r.stdout).toContain('[^7]: Shipping lines on B: bulletin: "dislike diversions" (stated)');
    expect(r.stdout).toContain('[^4]: Port authority on B: if port_closed: supports, otherwise opposes; still open.');
  });

  it('fails on contradictory settings with exit 2', async () => {
    const r = await runIn(['actors', ...M0, '--set', 'union_strike=true', '--set', 'government_mediates=true']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^iraq-scenarios: contradictory settings: /m);
  });
});

function nodeIds(g: Graph): string[] {
  const out: string[] = [];
  const walk = (stmts: Stmt[]) => {
    for (const s of stmts) {
      if (s.type === 'node_stmt') out.push(String(s.node_id.id));
      if (s.type === 'subgraph') walk(s.children);
    }
  };
  walk(g.children);
  return out;
}
function edges(g: Graph): [string, string][] {
  return g.children.flatMap((s) =>
    s.type === 'edge_stmt' ? [[String((s.edge_list[0] as { id: string }).id), String((s.edge_list[1] as { id: string }).id)] as [string, string]] : [],
  );
}
function attrs(g: Graph, id: string): Record<string, string> {
  const all: Stmt[] = g.children.flatMap((s) => (s.type === 'subgraph' ? s.children : [s]));
  const n = all.find((s) => s.type === 'node_stmt' && s.node_id.id === id);
  if (!n || n.type !== 'node_stmt') throw new Error(`no node ${id}`);
  return Object.fromEntries(n.attr_list.map((a) => [String(a.id), typeof a.eq === 'string' ? a.eq : a.eq.value]));
}

describe('graph on the fixture (CLI)', () => {
  it('writes DOT that parses, with every condition, constraint and scenario and their links', async () => {
    const r = await runIn(['graph', ...M, '--as-of', '2026-03-03']);
    expect(r.code).toBe(0);
    const [g] = parseDot(r.stdout);
    expect(g!.type).toBe('digraph');
    expect(nodeIds(g!).sort()).toEqual(
      [
        'condition:weather',
        'condition:union_strike',
        'condition:port_closed',
        'condition:ships_diverted',
        'condition:government_mediates',
        'constraint:hurricane_closes',
        'constraint:closed_diverts',
        'constraint:mediation_ends_strike',
        'scenario:business_as_usual',
        'scenario:diversion',
        'scenario:negotiated',
      ].sort(),
    );
    const e = edges(g!);
    expect(e).toHaveLength(16);
    expect(e).toContainEqual(['condition:weather', 'constraint:hurricane_closes']);
    expect(e).toContainEqual(['constraint:hurricane_closes', 'condition:port_closed']);
    expect(e).toContainEqual(['condition:ships_diverted', 'scenario:diversion']);
    // Coloured by status, set and derived conditions marked.
    expect(attrs(g!, 'scenario:diversion')).toMatchObject({ fillcolor: '#93c47d', label: 'B. Ships diverted north\\ncertain 100%' });
    expect(attrs(g!, 'scenario:business_as_usual').fillcolor).toBe('#f4cccc');
    expect(attrs(g!, 'condition:weather')).toMatchObject({ label: 'weather\\ncalm | storm | hurricane\\n= hurricane (observed)', style: 'rounded,filled,bold' });
    expect(attrs(g!, 'condition:port_closed')).toMatchObject({ label: 'port_closed\\n= true (derived)', style: 'rounded,filled,dashed' });
    expect(attrs(g!, 'condition:government_mediates').label).toBe('government_mediates\\n= false (derived)');
  });

  it('draws negations and named values on the edges themselves: a label, and a circle at the start of a negated one', async () => {
    const r = await runIn(['graph', ...M0]);
    const [g] = parseDot(r.stdout);
    const edge = (from: string, to: string, tooltip: RegExp) => {
      const s = g!.children.find(
        (x) =>
          x.type === 'edge_stmt' &&
          (x.edge_list[0] as { id: string }).id === from &&
          (x.edge_list[1] as { id: string }).id === to &&
          x.attr_list.some((a) => a.id === 'tooltip' && tooltip.test(typeof a.eq === 'string' ? a.eq : a.eq.value)),
      );
      if (!s || s.type !== 'edge_stmt') throw new Error(`no edge ${from} -> ${to}`);
      return Object.fromEntries(s.attr_list.map((a) => [String(a.id), typeof a.eq === 'string' ? a.eq : a.eq.value]));
    };
    // then: not union_strike (mediation_ends_strike), and the trigger's `not union_strike`.
    expect(edge('constraint:mediation_ends_strike', 'condition:union_strike', /^then/)).toMatchObject({ label: 'not', arrowhead: 'odotnormal' });
    expect(edge('condition:union_strike', 'scenario:business_as_usual', /^triggers/)).toMatchObject({ dir: 'both' });
    expect(edge('condition:union_strike', 'scenario:business_as_usual', /^triggers/)).toMatchObject({ label: 'not', arrowtail: 'odot' });
    // A plain yes/no test has neither.
    const plain = edge('condition:union_strike', 'scenario:business_as_usual', /^rules-out/);
    expect(plain.label).toBeUndefined();
    expect(plain.arrowtail).toBeUndefined();
    // Named values: weather=hurricane closes the port; weather=storm favours B; weather=calm triggers A.
    expect(edge('condition:weather', 'constraint:hurricane_closes', /^if/)).toMatchObject({ label: '= hurricane' });
    expect(edge('condition:weather', 'scenario:diversion', /^favours/)).toMatchObject({ label: '= storm' });
    expect(edge('condition:weather', 'scenario:business_as_usual', /^triggers/)).toMatchObject({ label: '= calm' });
    expect(edge('condition:weather', 'scenario:business_as_usual', /^triggers/).arrowtail).toBeUndefined();
  });

  it('draws them in Mermaid too: the words on the link, negated links red and dashed', async () => {
    const r = await runIn(['graph', ...M0, '--format', 'mermaid']);
    const lines = r.stdout.split('\n');
    const links = lines.filter((l) => /^ {2}[cks]_\w+ (-->|--x|==>|-\.->|-\.-)/.test(l)).map((l) => l.trim());
    expect(links).toContain('k_mediation_ends_strike -->|not| c_union_strike');
    expect(links).toContain('c_union_strike ==>|triggers not| s_business_as_usual');
    expect(links).toContain('c_weather -->|= hurricane| k_hurricane_closes');
    expect(links).toContain('c_weather -.->|favours = storm| s_diversion');
    expect(links).toContain('c_union_strike --x|rules out| s_business_as_usual');
    // linkStyle counts links from 0 in the order they are written: the negated ones.
    const styled = /^ {2}linkStyle ([\d,]+) stroke:#990000,stroke-dasharray:3 3$/m.exec(r.stdout);
    const negated = links.flatMap((l, i) => (/\|(?:\w+ )?not\|/.test(l) ? [i] : []));
    expect(styled![1]!.split(',').map(Number)).toEqual(negated);
    expect(r.stdout).toContain('c_weather("weather<br/>calm | storm | hurricane")');
    expect(r.stdout).toMatch(/^ {2}classDef certain /m);
  });

  it('writes Mermaid with the same nodes and status classes', async () => {
    const r = await runIn(['graph', ...M0, '--format', 'mermaid', '--set', 'weather=hurricane']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('flowchart LR');
    expect(r.stdout).toContain('  s_diversion["B. Ships diverted north<br/>certain 100%"]:::certain');
    expect(r.stdout).toContain('  c_port_closed("port_closed<br/>= true (derived)"):::derived');
    expect(r.stdout).toContain('  c_port_closed --x|rules out| s_business_as_usual');
  });

  it('rejects an unknown format', async () => {
    const r = await runIn(['graph', ...M, '--format', 'mermaidd']);
    expect(r.code).toBe(64);
    expect(r.stderr).toBe("iraq-scenarios: --format mermaidd: expected dot, mermaid or json (did you mean 'mermaid'?)\n");
  });

  it.skipIf(!hasDot)(`renders with Graphviz dot -Tsvg${hasDot ? '' : ' (skipped: Graphviz `dot` is not on PATH; apt-get install graphviz)'}`, async () => {
    const r = await runIn(['graph', ...M]);
    const svg = spawnSync('dot', ['-Tsvg'], { input: r.stdout, encoding: 'utf8' });
    expect(svg.status, svg.stderr).toBe(0);
    expect(svg.stderr).toBe('');
    expect(svg.stdout).toContain('<svg');
    expect(svg.stdout).toContain('Ships diverted north');
  });
});

describe('diff on the fixture (CLI)', () => {
  it('compares the shared settings against --to-set', async () => {
    const r = await runIn(['diff', ...M0, '--to-set', 'weather=hurricane'], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('From: harbour-story; as of 2026-02-28; no settings\nTo:   harbour-story; as of 2026-02-28; weather=hurricane\n');
    expect(r.stdout).toMatch(/│ A\* +│ Business as usual +│ open 54\.1% +│ ruled-out +│ −54\.1 +│/);
    expect(r.stdout).toMatch(/│ B\* +│ Ships diverted north +│ open 73\.0% +│ certain 100\.0% +│ \+27\.0 +│/);
    expect(r.stdout).toContain('Settings that differ:\n  weather: unknown → hurricane (set)\n');
    expect(r.stdout).toContain('Derived conditions that differ:\n  port_closed: unknown → true (derived)\n  ships_diverted: unknown → true (derived)\n');
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
  });

  it('compares two dates', async () => {
    const { json } = await runJsonIn(['diff', ...M, '--from-as-of', '2026-03-01', '--to-as-of', '2026-03-04']);
    expect(json.from).toEqual({
      model: { name: 'harbour-story', title: story.info.title },
      asOf: '2026-03-01',
      settings: [{ condition: 'weather', value: 'storm', origin: 'observed', date: '2026-03-01', event: 'storm_forecast' }],
    });
    expect(json.to.asOf).toBe('2026-03-04');
    expect(json.scenarios.map((s: { from: { status: string }; to: { status: string } }) => [s.from.status, s.to.status])).toEqual([
      ['open', 'ruled-out'],
      ['open', 'certain'],
      ['open', 'certain'],
    ]);
    // C: 8/21 in the storm worlds; certain once the government mediates.
    expect(json.scenarios[2].probabilityDelta).toBeCloseTo(1 - 8 / 21, 6);
  });

  it('compares two conditions files (one from stdin)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'story-'));
    try {
      const file = join(dir, 'after.yaml');
      writeFileSync(file, 'union_strike: true\n');
      const { json } = await runJsonIn(['diff', ...M0, '--from-conditions', '-', '--to-conditions', file], { input: 'weather: calm\n' });
      expect(json.from.settings).toEqual([{ condition: 'weather', value: 'calm' }]);
      expect(json.to.settings).toEqual([{ condition: 'union_strike', value: true }]);
      expect(json.derived).toEqual([{ condition: 'government_mediates', from: { origin: 'unknown', value: null }, to: { origin: 'derived', value: false } }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('compares two model folders', async () => {
    const r = await runIn(['diff', '--model', join(FIXTURES, 'harbour'), '--to-model', STORY, '--to-as-of', '2026-02-28']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('From: harbour; no settings\nTo:   harbour-story; as of 2026-02-28; no settings\n');
    expect(r.stdout).toContain('No differences.');
  });

  it('names the side and the flag in errors', async () => {
    const bad = await runIn(['diff', ...M, '--to-set', 'weathr=storm']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toBe("iraq-scenarios: --to-set weathr=storm: unknown condition 'weathr' (did you mean 'weather'?); 'list conditions' shows them all\n");
    const contra = await runIn(['diff', ...M0, '--to-set', 'union_strike=true', '--to-set', 'government_mediates=true']);
    expect(contra.code).toBe(2);
    expect(contra.stderr).toMatch(/^iraq-scenarios: the "to" side has contradictory settings: /);
    expect((await runIn(['diff', ...M, '--from-as-of', '2026-02-31'])).stderr).toContain('--from-as-of 2026-02-31: no such date');
  });

  it('says so on stderr when both sides have the same inputs', async () => {
    const r = await runIn(['diff', ...M]);
    expect(r.stdout).toContain('No differences.');
    expect(r.stderr).toContain('both sides have the same inputs');
  });
});
