// An analyst's own layer on a model, as a user would run it: an overlay
// folder adds a dated event with its own source text, and the probabilities
// and the timeline move; overrides are listed by validate, never silent; a
// reference to something the layers below do not have names the file, the
// position and the nearest id; the cache key covers the whole stack.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative as relativePath } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, HAVE_SEEDS, ROOT, runIn, runJsonIn } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'iraq-overlay-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A path as the tool shows it: relative to the working folder when inside it, else absolute. */
const relative = (from: string, to: string) => {
  const rel = relativePath(from, to);
  return rel && !rel.startsWith('..') ? rel : to;
};

const STORY = join(FIXTURES, 'harbour-story');
const OVERLAY = join(FIXTURES, 'harbour-overlay');

/** A folder of files under the test's temporary folder. */
function folder(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

const byId = (json: { scenarios: { id: string; status: string; probability: number }[] }) => new Map(json.scenarios.map((s) => [s.id, s]));

describe('an overlay folder with one dated event and its own source', () => {
  it('moves the probabilities as of its date, and not before', async () => {
    const base = (await runJsonIn(['query', '--model', STORY, '--as-of', '2026-03-02'])).json;
    const over = (await runJsonIn(['query', '--model', OVERLAY, '--as-of', '2026-03-02'])).json;
    expect(byId(base).get('diversion')).toMatchObject({ status: 'open', probability: 0.8 });
    // The port closed for dredging: the ships are diverted (a hard rule of the base), B is certain.
    expect(byId(over).get('diversion')).toMatchObject({ status: 'certain', probability: 1 });
    expect(over.observations.map((o: { event?: string }) => o.event)).toContain('port_closes_for_dredging');
    // The day before, the overlay changes nothing.
    const before = (await runJsonIn(['query', '--model', OVERLAY, '--as-of', '2026-03-01'])).json;
    const baseBefore = (await runJsonIn(['query', '--model', STORY, '--as-of', '2026-03-01'])).json;
    expect(before.scenarios).toEqual(baseBefore.scenarios);
  });

  it('adds a step to the timeline, in date order, after which B is certain', async () => {
    const base = (await runJsonIn(['timeline', '--model', STORY])).json;
    const over = (await runJsonIn(['timeline', '--model', OVERLAY])).json;
    const events = (j: { steps: { event: { id: string } | null }[] }) => j.steps.map((s) => s.event?.id ?? 'start');
    expect(events(base)).toEqual(['start', 'storm_forecast', 'strike_vote', 'hurricane_warning', 'mediation']);
    expect(events(over)).toEqual(['start', 'storm_forecast', 'strike_vote', 'port_closes_for_dredging', 'hurricane_warning', 'mediation']);
    const step = over.steps.find((s: { event: { id: string } | null }) => s.event?.id === 'port_closes_for_dredging');
    expect(step.scenarios.find((s: { id: string }) => s.id === 'diversion')).toMatchObject({ status: 'certain' });
    expect(step.event.sources).toEqual([{ basis: 'stated', source: 'port_notice', quote: 'the port is closed to all traffic from today' }]);
  });

  it('is the same stacked by --model twice as by extends:', async () => {
    const plain = folder('plain-overlay', {});
    cpSync(OVERLAY, plain, { recursive: true });
    rmSync(join(plain, 'model.yaml'));
    writeFileSync(join(plain, 'model.yaml'), 'kind: model\nname: notes\ntitle: Notes\nsources_dir: sources\n');
    const stacked = (await runJsonIn(['query', '--model', STORY, '--model', plain, '--as-of', '2026-03-02'])).json;
    const extended = (await runJsonIn(['query', '--model', OVERLAY, '--as-of', '2026-03-02'])).json;
    expect(stacked.scenarios).toEqual(extended.scenarios);
  });

  it('validate checks its quote against its own source text and names the layers', async () => {
    const r = await runIn(['validate', OVERLAY]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`layers, bottom first: ${relative(ROOT, STORY)}, ${relative(ROOT, OVERLAY)}`);
    const bad = folder('bad-quote', {});
    cpSync(OVERLAY, bad, { recursive: true });
    writeFileSync(join(bad, 'model.yaml'), `kind: model\nextends: ${STORY}\nname: bad\ntitle: Bad\nsources_dir: sources\n`);
    writeFileSync(join(bad, 'events.yaml'), readEvents().replace('closed to all traffic from today', 'closed to all ships from today'));
    const v = await runIn(['validate', bad]);
    expect(v.code).toBe(65);
    expect(v.stdout).toMatch(/bad-quote\/events\.yaml:8:9: error: quote not found verbatim in port_notice: "the port is closed to all ships from today"/);
  });

  it('says on stderr which layers a command stacked', async () => {
    const r = await runIn(['query', '--model', OVERLAY, '--as-of', '2026-03-02']);
    expect(r.stderr).toContain(`iraq-scenarios: layers: ${relative(ROOT, STORY)} + ${relative(ROOT, OVERLAY)}\n`);
    expect((await runIn(['query', '--model', OVERLAY, '--quiet'])).stderr).toBe('');
  });
});

function readEvents(): string {
  return [
    'kind: events',
    'events:',
    '  - id: port_closes_for_dredging',
    '    date: "2026-03-02"',
    '    title: The port authority closes the port for dredging',
    '    sets: { port_closed: true }',
    '    sources:',
    '      - { source: port_notice, quote: "the port is closed to all traffic from today", basis: stated }',
    '',
  ].join('\n');
}

describe('an overlay on the shipped model', () => {
  // Only events.yaml and sources.yaml: no model file, no scenarios, so it stands on the shipped model.
  const notes = folder('december-notes', {
    'sources.yaml': [
      'kind: sources',
      'sources:',
      '  - id: december-wire',
      '    file: wire-2026-11-20.txt',
      '    title: "Wire: Maliki withdraws his candidacy"',
      '    date: "2026-11-20"',
      '    reliability: medium',
      '',
    ].join('\n'),
    'sources/wire-2026-11-20.txt': 'BAGHDAD, Nov 20 - Nouri al-Maliki said on Thursday he was withdrawing his candidacy for prime minister.\n',
    'events.yaml': [
      'kind: events',
      'events:',
      '  - id: maliki_withdraws',
      '    date: "2026-11-20"',
      '    title: Maliki withdraws his candidacy',
      '    observes: { maliki_resigns: true }',
      '    sources:',
      '      - source: december-wire',
      '        quote: "he was withdrawing his candidacy for prime minister"',
      '        basis: reported',
      '',
    ].join('\n'),
  });

  it('works with only events.yaml and sources.yaml: V is triggered, the baseline ruled out', async () => {
    const shipped = byId((await runJsonIn(['query'])).json);
    const r = await runIn(['query', '--model', notes]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`iraq-scenarios: layers: shipped + ${relative(ROOT, notes)}\n`);
    expect(r.stderr).toContain('the last maliki_withdraws (2026-11-20)');
    const over = byId((await runJsonIn(['query', '--model', notes])).json);
    expect(shipped.get('p5_calibrated_resignation')!.status).toBe('open');
    expect(over.get('p5_calibrated_resignation')!.status).toBe('triggered');
    expect(over.get('p5_calibrated_resignation')!.probability).toBeGreaterThan(shipped.get('p5_calibrated_resignation')!.probability);
    expect(over.get('p0_maliki_government')).toMatchObject({ status: 'ruled-out', probability: 0 });
    // Before its date, the shipped model's answer.
    const early = (await runJsonIn(['query', '--model', notes, '--as-of', '2026-11-19'])).json;
    expect(early.scenarios).toEqual((await runJsonIn(['query', '--as-of', '2026-11-19'])).json.scenarios);
  });

  it("'shipped' names the shipped model as a layer, and a typo of it is caught", async () => {
    const a = (await runJsonIn(['query', '--model', 'shipped', '--model', notes])).json;
    const b = (await runJsonIn(['query', '--model', notes])).json;
    expect(a.scenarios).toEqual(b.scenarios);
    const r = await runIn(['query', '--model', 'shiped']);
    expect(r.code).toBe(66);
    expect(r.stderr).toContain("cannot read the model folder (ENOENT) (did you mean 'shipped', the model shipped with the tool?)");
  });

  it("diff --to-model compares the shipped model with the overlay's stack", async () => {
    const { json } = await runJsonIn(['diff', '--to-model', notes]);
    const v = json.scenarios.find((s: { id: string }) => s.id === 'p5_calibrated_resignation');
    expect(v.from.status).toBe('open');
    expect(v.to.status).toBe('triggered');
  });

  it.skipIf(!HAVE_SEEDS)('validate checks the quotes of every layer against its own texts', async () => {
    const r = await runIn(['validate', notes]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain(`layers, bottom first: shipped, ${relative(ROOT, notes)}`);
    expect(r.stderr).not.toContain('december-wire');
  });
});

describe('overrides', () => {
  const overrides = (body: string) =>
    folder(`ov-${Math.random().toString(36).slice(2, 8)}`, {
      'model.yaml': `kind: model\nextends: ${STORY}\nname: judged\ntitle: Judged\n`,
      'overrides.yaml': body,
    });

  it('are listed by validate with where they are and where the item is defined, and change the numbers', async () => {
    const dir = overrides(
      [
        'kind: overrides',
        'priors:',
        '  - condition: government_mediates',
        '    prior: 0.2',
        '    note: Mediation is rarer than a coin toss.',
        'strengths:',
        '  - scenario: diversion',
        '    evidence: 0',
        '    strength: strong',
        'grades:',
        '  - source: bulletin',
        '    reliability: medium',
        '',
      ].join('\n'),
    );
    const r = await runIn(['validate', dir]);
    expect(r.code, r.stdout).toBe(0);
    const rel = relative(ROOT, join(dir, 'overrides.yaml'));
    expect(r.stdout).toContain(
      `${rel}:3:5: override: the prior of government_mediates: the model's default -> 0.2 (defined at ${relative(ROOT, join(STORY, 'conditions.yaml'))}:14:9); Mediation is rarer than a coin toss.`,
    );
    expect(r.stdout).toContain(`${rel}:7:5: override: the strength of diversion#evidence[0]: moderate -> strong`);
    expect(r.stdout).toContain(`${rel}:11:5: override: the grade of bulletin: high -> medium`);
    expect(r.stdout).toMatch(/valid: .* \(1 warning\(s\), 3 override\(s\)\)/);
    const { json } = await runJsonIn(['validate', dir]);
    expect(json.overrides.map((o: { kind: string; target: string; from: string; to: string }) => [o.kind, o.target, o.from, o.to])).toEqual([
      ['prior', 'government_mediates', "the model's default", '0.2'],
      ['strength', 'diversion#evidence[0]', 'moderate', 'strong'],
      ['grade', 'bulletin', 'high', 'medium'],
    ]);
    const base = byId((await runJsonIn(['query', '--model', STORY, '--as-of', 'start'])).json);
    const over = byId((await runJsonIn(['query', '--model', dir, '--as-of', 'start'])).json);
    expect(over.get('negotiated')!.probability).toBeLessThan(base.get('negotiated')!.probability);
    // And the other commands say so on stderr.
    expect((await runIn(['query', '--model', dir])).stderr).toContain("3 overrides ('validate' with the same --model lists them)");
  });

  it('redefining an id from below is refused, pointing at the overrides file', async () => {
    const dir = folder('redefine', {
      'model.yaml': `kind: model\nextends: ${STORY}\nname: r\ntitle: R\n`,
      'conditions.yaml': 'kind: conditions\nconditions:\n  - id: port_closed\n    question: Closed?\n    prior: 0.9\n',
    });
    const r = await runIn(['validate', dir]);
    expect(r.code).toBe(65);
    expect(r.stdout).toMatch(
      /redefine\/conditions\.yaml:3:9: error: condition 'port_closed' is already defined in a layer below \(.*harbour-story\/conditions\.yaml:\d+:\d+\); an overlay adds new ids, and changes a prior, strength, grade, target or soft constraint by id in a `kind: overrides` file/,
    );
  });
});

describe('a broken reference in an overlay', () => {
  it('names the file, the position and the nearest id (query on stderr, validate on stdout, exit 65)', async () => {
    const dir = folder('broken', {
      'model.yaml': `kind: model\nextends: ${STORY}\nname: broken\ntitle: Broken\n`,
      'events.yaml': ['kind: events', 'events:', '  - id: closure', '    date: "2026-03-02"', '    title: Closed', '    sets: { port_closd: true }', ''].join('\n'),
      'overrides.yaml': 'kind: overrides\npriors:\n  - condition: goverment_mediates\n    prior: 0.2\n',
    });
    const rel = relative(ROOT, dir);
    const q = await runIn(['query', '--model', dir]);
    expect(q.code).toBe(65);
    expect(q.stdout).toBe('');
    expect(q.stderr).toContain(`${rel}/events.yaml:6:13: error: unknown condition 'port_closd' (did you mean 'port_closed'?)`);
    expect(q.stderr).toContain(
      `${rel}/overrides.yaml:3:16: error: unknown condition 'goverment_mediates' (did you mean 'government_mediates'?): an override changes a condition of a layer below`,
    );
    expect(q.stderr).toContain(`${rel}: the overlay has 2 problem(s); 'validate ${rel}' lists them`);
    const v = await runIn(['validate', dir]);
    expect(v.code).toBe(65);
    expect(v.stdout).toContain(`${rel}/events.yaml:6:13: error: unknown condition 'port_closd' (did you mean 'port_closed'?)`);
  });

  it('a missing base, and layers that extend each other in a circle, are errors naming them', async () => {
    const a = folder('circle-a', { 'model.yaml': 'kind: model\nextends: ../circle-b\nname: a\ntitle: A\n' });
    folder('circle-b', { 'model.yaml': 'kind: model\nextends: ../circle-a\nname: b\ntitle: B\n' });
    const r = await runIn(['query', '--model', a]);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/the layers extend each other in a circle \(.*circle-a -> .*circle-b -> .*circle-a\)/);
    const m = folder('missing-base', { 'model.yaml': 'kind: model\nextends: ../no-such-folder\nname: m\ntitle: M\n' });
    const r2 = await runIn(['query', '--model', m]);
    expect(r2.code).toBe(66);
    expect(r2.stderr).toMatch(/missing-base\/model\.yaml:2:1: extends '\.\.\/no-such-folder': .*cannot read the model folder \(ENOENT\)/);
  });
});

describe('the model cache', () => {
  it('is keyed by every layer of the stack: a change in the overlay or in the base is a new model', async () => {
    const cache = join(work, 'cache');
    const env = { IRAQ_SCENARIOS_NO_CACHE: undefined, IRAQ_SCENARIOS_CACHE_DIR: cache };
    const base = folder('cached-base', {});
    cpSync(STORY, base, { recursive: true });
    const over = folder('cached-overlay', {});
    cpSync(OVERLAY, over, { recursive: true });
    writeFileSync(join(over, 'model.yaml'), 'kind: model\nextends: ../cached-base\nname: o\ntitle: O\nsources_dir: sources\n');
    const ask = async () => byId((await runJsonIn(['query', '--model', over, '--as-of', '2026-03-02'], { env })).json).get('diversion')!;
    expect(await ask()).toMatchObject({ status: 'certain' });
    expect(readdirSync(cache).length).toBeGreaterThan(0);
    // The overlay's event moves a day later: no longer in force on the 2nd.
    writeFileSync(join(over, 'events.yaml'), readEvents().replace('2026-03-02', '2026-03-03'));
    expect(await ask()).toMatchObject({ status: 'open' });
    // The base's hard rule that a closed port diverts ships is dropped: B is no longer certain when the port closes.
    writeFileSync(join(over, 'events.yaml'), readEvents());
    writeFileSync(join(base, 'constraints.yaml'), 'kind: constraints\nconstraints: []\n');
    expect((await ask()).status).not.toBe('certain');
  });
});
