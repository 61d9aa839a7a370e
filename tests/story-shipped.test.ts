import { spawnSync } from 'node:child_process';
import parseDot from 'dotparser';
import type { Stmt } from 'dotparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { stanceMatrix } from '../src/engine/actors.js';
import { eventsInOrder, settingsAsOf } from '../src/engine/timeline.js';
import { loadDir, runIn, runJsonIn, SHIPPED } from './helpers.js';
import type { RunResult } from './helpers.js';

// The shipped model's story: checks that hold whatever the model's exact
// weights, plus the facts of the seeds the issue names (the nomination on
// 2026-01-24, Hakim's boycott, the Kurdish parties' stance on a government
// Washington rejects).
const shipped = loadDir(SHIPPED);
const asPairs = (m: Map<string, unknown>) => [...m].map(([condition, value]) => ({ condition, value }));
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

  it('set the nomination on 2026-01-24 and Hakim\'s boycott by 2026-01-31', async () => {
    const jan24 = (await runJsonIn(['query', '--as-of', '2026-01-24'])).json;
    expect(jan24.settings).toContainEqual({ condition: 'framework_majority_backs_maliki', value: true });
    const jan31 = (await runJsonIn(['query', '--as-of', '2026-01-31'])).json;
    expect(jan31.settings).toEqual(asPairs(settingsAsOf(shipped, '2026-01-31')));
    expect(jan31.settings).toContainEqual({ condition: 'hakim_boycott', value: true });
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
  it('cover every actor and scenario, each stated stance with a source', async () => {
    const { json } = await runJsonIn(['actors']);
    expect(json.cells).toHaveLength(shipped.actors.length * shipped.scenarios.length);
    for (const c of json.cells) if (c.declared !== null) expect(c.sources.length, `${c.actor} on ${c.scenario}`).toBeGreaterThan(0);
    const engine = stanceMatrix(shipped, new Map())!;
    expect(json.scenarios.map((s: { balance: number }) => s.balance)).toEqual(engine.scenarios.map((s) => s.balance));
  });

  it('resolve the Kurdish parties against a government Washington rejects, through the constraints', async () => {
    const kurds = shipped.actors.filter((a) =>
      a.stances.some((s) => s.stance === 'conditional' && s.when?.op === 'is' && s.when.condition === 'us_accepts_government'),
    );
    expect(kurds.length).toBeGreaterThan(0);
    const { json } = await runJsonIn(['actors', '--set', 'maliki_government_formed=true']);
    for (const k of kurds) {
      const st = k.stances.find((s) => s.stance === 'conditional' && s.when?.op === 'is' && s.when.condition === 'us_accepts_government')!;
      const cell = json.cells.find((c: { actor: string; scenario: string }) => c.actor === k.id && c.scenario === st.scenario);
      expect(cell.conditional.resolved, k.id).toBe('otherwise');
      expect(cell.stance).toBe(st.otherwise);
    }
  });

  it("follow Maliki's stated terms for resigning (V) as the framework's backing changes", async () => {
    const cell = (json: { cells: { actor: string; scenario: string; stance: string }[] }) =>
      json.cells.find((c) => c.actor === 'maliki' && c.scenario === 'p5_calibrated_resignation')!.stance;
    expect(cell((await runJsonIn(['actors', '--as-of', '2026-02-06'])).json)).toBe('opposes');
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
    expect(dot.stdout).toContain('hakim_boycott\\n= true (set)');
  });

  it.skipIf(!hasDot)(`renders with Graphviz${hasDot ? '' : ' (skipped: Graphviz `dot` is not on PATH; apt-get install graphviz)'}`, () => {
    const svg = spawnSync('dot', ['-Tsvg'], { input: dot.stdout, encoding: 'utf8' });
    expect(svg.status, svg.stderr).toBe(0);
    expect(svg.stdout).toContain('<svg');
  });
});

describe('diff on the shipped model', () => {
  it('shows what changed between the nomination and the Muscat talks', async () => {
    const { json } = await runJsonIn(['diff', '--from-as-of', '2026-01-24', '--to-as-of', '2026-02-06']);
    expect(json.from.settings).toEqual(asPairs(settingsAsOf(shipped, '2026-01-24')));
    expect(json.to.settings).toEqual(asPairs(settingsAsOf(shipped, '2026-02-06')));
    expect(json.settings).toContainEqual({ condition: 'hakim_boycott', from: { origin: 'unknown', value: null }, to: { origin: 'set', value: true } });
    expect(json.scenarios).toHaveLength(shipped.scenarios.length);
  });
});
