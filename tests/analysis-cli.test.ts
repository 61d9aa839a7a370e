import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../src/render/kit/json.js';
import { join } from 'node:path';
import { FIXTURES, runIn, runJsonIn } from './helpers.js';

/** End to end: the built command as a real process, on the lighthouse fixture and the shipped model. */
const LH = ['--model', join(FIXTURES, 'lighthouse')];

describe('analysis commands on the lighthouse fixture', () => {
  it('whatif --json ranks light first and names what rules safe out', async () => {
    const { json, result } = await runJsonIn(['whatif', ...LH]);
    expect(result.stderr).toBe('');
    expect(json.schemaVersion).toBe(SCHEMA_VERSION);
    expect(json.conditions.map((c: any) => c.condition)).toEqual(['light', 'storm', 'keeper', 'fog']);
    expect(json.conditions[0].expectedEliminated).toBe(1.333333); // 2/3 + 2/6 + 2/6 (analysis.test.ts)
    const off = json.conditions[0].outcomes.find((o: any) => o.value === 'dark');
    const safe = off.scenarios.find((s: any) => s.id === 'safe');
    expect(safe).toMatchObject({ change: 'rules-out', after: 'ruled-out', because: { clauses: [{ role: 'requires', text: 'the light is on' }] } });
  });

  it('whatif table and Markdown, with --top and --set', async () => {
    const t = await runIn(['whatif', ...LH, '--top', '1', '-s', 'keeper=true']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/impossible: [\s\S]*keeper_keeps_light/);
    expect(t.stdout).toMatch(/more condition\(s\); --top 0 shows all/);
    const m = await runIn(['whatif', ...LH, '--format', 'markdown']);
    expect(m.stdout).toMatch(/^# What if: /);
    expect(m.stdout).toMatch(/\| 1 \| `light = lit` \| 66\.7% \|/);
  });

  it('watch --json ranks by information and lists signposts', async () => {
    const { json } = await runJsonIn(['watch', ...LH]);
    expect(json.entropy).toBe(2.548187); // H(2/3) + H(1/6) + H(5/12)
    expect(json.conditions.map((c: any) => c.condition)).toEqual(['light', 'storm', 'keeper', 'fog']);
    expect(json.signposts.find((s: any) => s.id === 'quiet').signposts[0].condition).toBe('storm');
  });

  it('watch explains its ranking in --help', async () => {
    const h = await runIn(['watch', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/H\(now\) − Σ_v P\(v\) × H\(after c=v\)/);
    expect(h.stdout).toMatch(/indicators/);
  });

  it('revive lists the smallest changes and what else they change', async () => {
    const { json } = await runJsonIn(['revive', 'III', ...LH, '-s', 'storm=true', '-s', 'keeper=true']);
    expect(json).toMatchObject({ schemaVersion: SCHEMA_VERSION, ruledOut: true, smallest: 1, bounded: [] });
    expect(json.sets[0].options.map((o: any) => o.changes[0].to)).toEqual([null, false]);
    expect(json.sets[0].options[1].others).toMatchObject([
      { id: 'safe', after: 'certain' },
      { id: 'wreck', after: 'ruled-out' },
    ]);
    const t = await runIn(['revive', 'quiet', ...LH, '-s', 'storm=true']);
    expect(t.stdout).toMatch(/drop storm=true/);
    expect(t.stdout).toMatch(/storm: true → false/);
  });

  it('revive on a scenario that is not ruled out says so and exits 0', async () => {
    const r = await runIn(['revive', 'I', ...LH]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/is not ruled out \(it is open\): nothing to revive/);
  });

  it('revive names the nearest scenario for a typo (exit 64)', async () => {
    const r = await runIn(['revive', 'quite', ...LH]);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/unknown scenario 'quite' \(did you mean 'quiet'\?\)/);
  });

  it('explore counts worlds, pairs and gaps', async () => {
    const { json } = await runJsonIn(['explore', ...LH]);
    expect(json).toMatchObject({ worlds: 16, gaps: { worlds: 2, patterns: [[{ condition: 'storm', value: true }, { condition: 'light', value: 'dark' }]] }, free: ['fog'] });
    expect(Object.fromEntries(json.scenarios.map((s: any) => [s.id, s.worlds]))).toEqual({ quiet: 6, safe: 8, wreck: 4 });
    const t = await runIn(['explore', ...LH, '-s', 'storm=false']);
    expect(t.stdout).toMatch(/^6 world\(s\) are consistent/);
    expect(t.stderr).toBe('');
  });

  it('bounds refuse clearly with exit 64 and name the flag; JSON errors go to stderr', async () => {
    const e = await runIn(['explore', ...LH, '--max-steps', '2']);
    expect(e.code).toBe(64);
    expect(e.stdout).toBe('');
    expect(e.stderr).toMatch(/explore: exploring the worlds needs more than 2 search steps.*--max-steps raises the bound/);
    const w = await runIn(['whatif', ...LH, '--max-conditions', '1', '--json']);
    expect(w.code).toBe(64);
    expect(JSON.parse(w.stderr).error.message).toMatch(/4 conditions are unset.*--max-conditions raises the bound/);
    expect((await runIn(['watch', ...LH, '--top', 'lots'])).stderr).toMatch(/--top lots: expected a whole number/);
    expect((await runIn(['whatif', ...LH, '--only', 'stromm'])).stderr).toMatch(/did you mean 'storm'/);
  });

  it('contradictory settings exit 2 before any analysis', async () => {
    const r = await runIn(['explore', ...LH, '-s', 'keeper=true', '-s', 'light=dark']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/contradictory settings/);
  });

  it('validate warns (exit 0) about the unused condition and the gap', async () => {
    const r = await runIn(['validate', join(FIXTURES, 'lighthouse'), '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.ok).toBe(true);
    expect(json.diagnostics.map((d: any) => `${d.severity}: ${d.message}`)).toEqual([
      "warning: condition 'fog' is used by no scenario, constraint or stance: setting it changes nothing",
      "warning: no scenario holds in 2 of 16 worlds, probability 8.3% with nothing set, e.g. where storm=true, light=dark ('explore' lists them)",
    ]);
  });
});

describe('analysis commands on the shipped model', () => {
  it('whatif: every unset condition, each value with probabilities summing to 1, ranked', async () => {
    const { json } = await runJsonIn(['whatif']);
    expect(json.conditions.length).toBeGreaterThan(5);
    for (const c of json.conditions) {
      const total = c.outcomes.reduce((t: number, o: any) => t + o.probability, 0);
      expect(total).toBeCloseTo(1, 5);
    }
    const scores = json.conditions.map((c: any) => c.expectedEliminated);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
  });

  it('whatif: a Maliki cabinet rules out I to V and the deadlock, each change naming its requirement or rule-out', async () => {
    const { json } = await runJsonIn(['whatif', '--only', 'maliki_government_formed']);
    const yes = json.conditions[0].outcomes.find((o: any) => o.value === true);
    const out = yes.scenarios.filter((s: any) => s.change === 'rules-out');
    expect(out.map((s: any) => s.numeral ?? s.id).sort()).toEqual(['I', 'II', 'III', 'IV', 'V', 'deadlock_caretaker_sudani']);
    for (const s of out) expect(s.because.clauses.length).toBeGreaterThan(0);
  });

  it('watch: ranked by information, signposts for every possibility still open', async () => {
    const { json } = await runJsonIn(['watch']);
    // Indicators (observable signposts) first, each group by information.
    const flags = json.conditions.map((c: any) => c.indicator);
    expect(flags).toEqual([...flags].sort((a: boolean, b: boolean) => Number(b) - Number(a)));
    expect(flags).toContain(true);
    for (const group of [true, false]) {
      const info = json.conditions.filter((c: any) => c.indicator === group).map((c: any) => c.expectedInformation);
      expect(info).toEqual([...info].sort((a: number, b: number) => b - a));
    }
    expect(json.signposts.length).toBe(7);
    for (const s of json.signposts) expect(s.signposts.length).toBeGreaterThan(0);
  });

  it('revive: I comes back once the Maliki cabinet is undone', async () => {
    const { json } = await runJsonIn(['revive', 'I', '--set', 'maliki_government_formed=true']);
    expect(json.ruledOut).toBe(true);
    expect(json.smallest).toBe(1);
    expect(json.sets[0].conditions).toEqual(['maliki_government_formed']);
  });

  it('explore: the counts add up, and it says where no possibility holds', async () => {
    const { json } = await runJsonIn(['explore']);
    const sum = json.combinations.reduce((t: number, c: any) => t + c.worlds, 0);
    expect(sum + json.gaps.worlds).toBe(json.worlds);
    expect(json.scenarios).toHaveLength(7);
    const t = await runIn(['explore', '--format', 'markdown']);
    expect(t.stdout).toMatch(/^# Worlds of /);
  });
});
