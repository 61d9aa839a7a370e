// The example model of another crisis (examples/varna-dam), shipped in the
// package and used by the docs and the width tests: it is valid with no
// warning, its quotes stand in its own source texts, and it exercises the
// probability features (priors, soft constraints, calibration, events as
// observations, indicators, a contradiction with sides).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDir, ROOT, runIn, runJsonIn } from './helpers.js';

const DIR = join(ROOT, 'examples', 'varna-dam');
const M = ['--model', DIR];
const model = loadDir(DIR);

type Scn = { id: string; status: string; probability: number };
const byId = (list: Scn[]) => Object.fromEntries(list.map((s) => [s.id, s]));

describe('examples/varna-dam', () => {
  it('validates with no error and no warning, every quote checked against its own sources', async () => {
    const { json } = await runJsonIn(['validate', DIR]);
    expect(json).toMatchObject({ ok: true, errors: 0, warnings: 0, diagnostics: [], uncheckedSources: [] });
  });

  it('is small, and says in its description and in every source text that it is fictional', () => {
    expect(model.conditions.length).toBeGreaterThanOrEqual(8);
    expect(model.conditions.length).toBeLessThanOrEqual(12);
    expect(model.scenarios.length).toBeGreaterThanOrEqual(3);
    expect(model.scenarios.length).toBeLessThanOrEqual(5);
    expect(model.info.description).toMatch(/fictional/);
    for (const s of model.sources) expect(s.title).toMatch(/\(fictional\)$/);
  });

  it('uses every probability feature: priors (named values too), soft constraints, calibration, indicators, events as observations', () => {
    expect(model.conditions.some((c) => c.values && c.prior !== undefined)).toBe(true);
    expect(model.constraints.filter((k) => k.probability !== undefined).length).toBeGreaterThanOrEqual(3);
    expect(model.info.calibration?.targets.length).toBe(2);
    expect(model.conditions.filter((c) => c.indicator).map((c) => c.id)).toEqual(['drought_severity', 'talks_open', 'second_incident']);
    expect(model.info.time).toMatchObject({ start: '2026-03-01', horizon: '2027-02-28' });
    expect(model.scenarios.some((s) => s.evidence.length > 0)).toBe(true);
  });

  it('meets its calibration on its date, the events up to it applied', async () => {
    const { json } = await runJsonIn(['query', ...M, '--as-of', '2026-07-15']);
    const s = byId(json.scenarios);
    expect(s.treaty!.probability).toBeCloseTo(0.1, 6);
    expect(s.interim!.probability).toBeCloseTo(0.33, 6);
    // The five scenarios cover every world.
    expect(json.residual.probability).toBe(0);
  });

  it("an event rules a scenario out: the pause is open before the filling begins and ruled out after", async () => {
    const before = byId((await runJsonIn(['query', ...M, '--as-of', '2026-05-19'])).json.scenarios);
    const after = byId((await runJsonIn(['query', ...M, '--as-of', '2026-05-20'])).json.scenarios);
    expect(before.pause!.status).toBe('open');
    expect(after.pause!.status).toBe('ruled-out');
  });

  it('watch ranks its indicators first; --assume takes the other side of its contradiction', async () => {
    const { json } = await runJsonIn(['watch', ...M]);
    expect(json.conditions.slice(0, 3).every((c: { indicator: boolean }) => c.indicator)).toBe(true);
    const plain = (await runJsonIn(['query', ...M])).json;
    const assumed = (await runJsonIn(['query', ...M, '--assume', 'drought_reading=meridia'])).json;
    expect(byId(assumed.scenarios).escalation!.probability).toBeGreaterThan(byId(plain.scenarios).escalation!.probability);
  });

  it('its scenarios are named by numeral and short name in every command', async () => {
    for (const name of ['A', 'pause', 'interim']) {
      const r = await runIn(['explain', name, ...M]);
      expect(r.code, r.stderr).toBe(0);
    }
  });

  it('`--model examples/varna-dam` finds the shipped example where the working folder has none, and a folder of that name where it has one', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'iraq-example-'));
    try {
      const shipped = await runIn(['query', '--json', '--model', 'examples/varna-dam'], { cwd: elsewhere });
      expect(shipped.code, shipped.stderr).toBe(0);
      expect(JSON.parse(shipped.stdout).model.title).toBe(model.info.title);
      expect((await runIn(['validate', 'examples/varna-dam'], { cwd: elsewhere })).code).toBe(0);
      // A folder of the user's own by that name wins.
      cpSync(DIR, join(elsewhere, 'examples', 'varna-dam'), { recursive: true });
      const own = join(elsewhere, 'examples', 'varna-dam', 'model.yaml');
      writeFileSync(own, readFileSync(own, 'utf8').replace('title: The Varna dam dispute, 2026-27 (a fictional example)', 'title: My own copy'));
      const mine = await runIn(['query', '--json', '--model', 'examples/varna-dam'], { cwd: elsewhere });
      expect(JSON.parse(mine.stdout).model.title).toBe('My own copy');
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
