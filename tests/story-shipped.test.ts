import { spawnSync } from 'node:child_process';
import parseDot from 'dotparser';
import type { Stmt } from 'dotparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { stanceMatrix } from '../src/engine/actors.js';
import { eventsInOrder } from '../src/engine/timeline.js';
import { loadDir, runIn, runJsonIn, SHIPPED } from './helpers.js';
import type { RunResult } from './helpers.js';

// The shipped model's story: checks that hold whatever the model's exact
// numbers, plus the facts of the seeds the issue names (the nomination on
// 2026-01-24, Hakim's boycott, the Kurdish parties' stance on a government
// Washington has openly rejected). The events are observations: a state seen
// on a date is evidence about the horizon, an outcome seen to happen is
// established (engine tests: shipped-model.test.ts).
const shipped = loadDir(SHIPPED);
type Obs = { condition: string; value: unknown; reading: string; event?: string };
const strip = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
const widest = (s: string) => Math.max(...strip(s).split('\n').map((l) => [...l].length));
const hasDot = spawnSync('dot', ['-V'], { encoding: 'utf8' }).status === 0;

describe('the shipped events', () => {
  it('are dated, sourced and consistent with the constraints at every step', async () => {
    expect(shipped.events.length).toBeGreaterThanOrEqual(5);
    for (const e of shipped.events) expect(e.citations.length, e.id).toBeGreaterThan(0);
    const { json } = await runJsonIn(['timeline']);
    expect(json.steps).toHaveLength(shipped.events.length + 1);
    const dates = json.steps.slice(1).map((s: { event: { date: string } }) => s.event.date);
    expect(dates).toEqual([...dates].sort());
    for (const s of json.steps) expect(s.ok, `step ${s.index}: ${s.conflict?.text}`).toBe(true);
    expect(json.steps.slice(1).map((s: { event: { id: string } }) => s.event.id)).toEqual(eventsInOrder(shipped).map((e) => e.id));
  });

  it('observe the nomination on 2026-01-24 and Hakim\'s boycott by 2026-01-31, as evidence about the horizon', async () => {
    const seen = async (date: string) => (await runJsonIn(['query', '--as-of', date])).json.observations as Obs[];
    const jan24 = await seen('2026-01-24');
    expect(jan24).toContainEqual(expect.objectContaining({ condition: 'framework_majority_backs_maliki', value: true, reading: 'state' }));
    expect(jan24.some((o) => o.condition === 'hakim_boycott')).toBe(false);
    const jan31 = await seen('2026-01-31');
    expect(jan31).toContainEqual(expect.objectContaining({ condition: 'hakim_boycott', value: true, reading: 'state' }));
    // A state seen is evidence, not a setting: only outcomes that happened are established.
    const settled = (await runJsonIn(['query', '--as-of', '2026-01-31'])).json.settings as { condition: string; origin?: string }[];
    for (const x of settled) expect(x.origin).toBe('observed');
    expect(settled.some((x) => x.condition === 'hakim_boycott')).toBe(false);
  });

  it('draw a timeline grid within 80 columns, inferred and undated dates marked', async () => {
    const r = await runIn(['timeline'], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
    for (const e of shipped.events) {
      const mark = e.dateBasis === 'inferred' ? '~' : e.dateBasis === 'undated' ? '?' : ' ';
      expect(r.stdout).toContain(`${e.date}${mark}`);
    }
    expect(r.stdout).toMatch(/^base /m);
  });
});

describe('actors on the shipped model', () => {
  it('cover every actor and scenario, each stated stance with a source; the balance counts each decision unit once', async () => {
    const { json } = await runJsonIn(['actors', '--as-of', 'start']);
    expect(json.cells).toHaveLength(shipped.actors.length * shipped.scenarios.length);
    for (const c of json.cells) if (c.declared !== null) expect(c.sources.length, `${c.actor} on ${c.scenario}`).toBeGreaterThan(0);
    const engine = stanceMatrix(shipped, new Map())!;
    expect(json.scenarios.map((s: { balance: number }) => s.balance)).toEqual(engine.scenarios.map((s) => s.balance));
    // The US administration is one unit: its four voices do not count four times.
    const units = shipped.units ?? [];
    const us = units.find((u) => shipped.actors.filter((a) => a.unit === u.id).some((a) => a.id === 'us_trump'))!;
    expect(shipped.actors.filter((a) => a.unit === us.id).length).toBeGreaterThanOrEqual(3);
    expect(engine.totalInfluence).toBe(
      units.reduce((t, u) => t + u.influence, 0) + shipped.actors.filter((a) => !a.unit).reduce((t, a) => t + a.influence, 0),
    );
  });

  it('resolve the Kurdish parties against Maliki once Washington has openly rejected him (Trump\'s post, 27 January)', async () => {
    const kurds = shipped.actors.filter((a) => ['kdp', 'puk'].includes(a.id));
    expect(kurds).toHaveLength(2);
    const on = (json: { cells: { actor: string; scenario: string; stance: string; conditional?: { resolved: string } }[] }, id: string) =>
      json.cells.find((c) => c.actor === id && c.scenario === 'p0_maliki_government')!;
    const before = (await runJsonIn(['actors', '--as-of', '2026-01-24'])).json;
    const after = (await runJsonIn(['actors', '--as-of', '2026-01-28'])).json;
    for (const k of kurds) {
      expect(on(before, k.id).conditional?.resolved, k.id).toBe('open');
      expect(on(after, k.id).conditional?.resolved, k.id).toBe('then');
      expect(on(after, k.id).stance, k.id).toBe('opposes');
    }
  });

  it("follow Maliki's stated terms for resigning (V) as the framework's backing is set", async () => {
    const cell = (json: { cells: { actor: string; scenario: string; stance: string }[] }) =>
      json.cells.find((c) => c.actor === 'maliki' && c.scenario === 'p5_calibrated_resignation')!.stance;
    // Seen backing him in February is evidence, not a certainty: the stance stays conditional.
    expect(cell((await runJsonIn(['actors', '--as-of', '2026-02-06'])).json)).toBe('conditional');
    expect(cell((await runJsonIn(['actors', '--as-of', '2026-02-06', '--set', 'framework_majority_backs_maliki=true'])).json)).toBe('opposes');
    expect(cell((await runJsonIn(['actors', '--as-of', '2026-02-06', '--set', 'framework_majority_backs_maliki=false'])).json)).toBe('supports');
  });

  it('draw a matrix that fits 80 columns', async () => {
    const r = await runIn(['actors'], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
  });
});

describe('graph of the shipped model', () => {
  let dot: RunResult;
  beforeAll(async () => {
    dot = await runIn(['graph', '--as-of', '2026-02-06']);
  });

  it('parses as DOT with every condition, constraint and scenario', () => {
    expect(dot.code).toBe(0);
    const [g] = parseDot(dot.stdout);
    const ids: string[] = [];
    const walk = (stmts: Stmt[]) => {
      for (const s of stmts) {
        if (s.type === 'node_stmt') ids.push(String(s.node_id.id));
        if (s.type === 'subgraph') walk(s.children);
      }
    };
    walk(g!.children);
    expect(ids.sort()).toEqual(
      [
        ...shipped.conditions.map((c) => `condition:${c.id}`),
        ...shipped.constraints.map((k) => `constraint:${k.id}`),
        ...shipped.scenarios.map((s) => `scenario:${s.id}`),
      ].sort(),
    );
    expect(dot.stdout).toContain('us_openly_rejected_maliki\\n= true (observed)');
  });

  it.skipIf(!hasDot)(`renders with Graphviz${hasDot ? '' : ' (skipped: Graphviz `dot` is not on PATH; apt-get install graphviz)'}`, () => {
    const svg = spawnSync('dot', ['-Tsvg'], { input: dot.stdout, encoding: 'utf8' });
    expect(svg.status, svg.stderr).toBe(0);
    expect(svg.stdout).toContain('<svg');
  });
});

describe('diff on the shipped model', () => {
  it('shows what changed between the nomination and the Muscat talks: the baseline down, the others up', async () => {
    const { json } = await runJsonIn(['diff', '--from-as-of', '2026-01-24', '--to-as-of', '2026-02-06']);
    expect(json.from.asOf).toBe('2026-01-24');
    expect(json.to.settings).toContainEqual(expect.objectContaining({ condition: 'us_openly_rejected_maliki', value: true, origin: 'observed' }));
    expect(json.scenarios).toHaveLength(shipped.scenarios.length);
    const delta = (id: string) => json.scenarios.find((s: { id: string }) => s.id === id).probabilityDelta;
    expect(delta('p0_maliki_government')).toBeLessThan(-0.1);
    for (const id of ['p1_compromise_iran_approved', 'p2_washington_aligned', 'p3_sadrist_intervention', 'p5_calibrated_resignation']) expect(delta(id), id).toBeGreaterThan(0);
  });
});
