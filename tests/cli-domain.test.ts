// Section 7 of the domain brief, all ten behaviours, as end-to-end tests on
// the built command's JSON (the engine's own tests of the shipped model are in
// shipped-model.test.ts); and the one-shot commands on the shipped model.
import { describe, expect, it } from 'vitest';
import { HAVE_SEEDS, runIn, runJsonIn, SEEDS } from './helpers.js';

interface Scenario {
  id: string;
  numeral: string | null;
  short?: string;
  title: string;
  status: string;
  probability: number;
  labels: string[];
  reasons: { kind: string; text: string }[];
  consequences: { likelihood: string; when: string }[];
}
interface Out {
  schemaVersion: number;
  scenarios: Scenario[];
  residual: { probability: number };
  settings: { condition: string; value: unknown; origin?: string }[];
  observations: { condition: string; reading: string; event?: string }[];
  numbers: { method: string; asOf?: string; calibration: { asOf: string; targets: { scenario: string; target: number }[] } | null };
  conditions: { id: string; probabilities: { value: unknown; probability: number }[] }[];
  derived: { condition: string; value: unknown; because: { settings: unknown[]; constraints: string[] } }[];
}

/** The column's date: its reading ("similar chance", "unlikely") is calibrated as of then. */
const COLUMN = '2026-02-08';
const query = async (args: string[]) => (await runJsonIn<Out>(['query', ...args])).json;
const at = (date: string, ...sets: string[]) => query(['--as-of', date, ...sets.flatMap((s) => ['--set', s])]);
const scen = (o: Out, name: string | null) => o.scenarios.find((s) => s.numeral === name || s.short === name)!;
const p = (o: Out, name: string) => scen(o, name).probability;
const cond = (o: Out, id: string) => o.conditions.find((c) => c.id === id)!.probabilities.find((x) => x.value === true)!.probability;

describe('the JSON contract', () => {
  it('has schemaVersion 2, probabilities and the residual, the date and how the numbers were made', async () => {
    const o = await query([]);
    expect(o.schemaVersion).toBe(2);
    expect(o.scenarios.map((s) => s.numeral ?? s.short)).toEqual(['deadlock', 'base', 'I', 'II', 'III', 'IV', 'V']);
    for (const s of o.scenarios) {
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['id', 'numeral', 'title', 'status', 'probability', 'reasons']));
      expect(Object.keys(s)).not.toContain('weight');
      expect(['open', 'triggered', 'certain', 'ruled-out']).toContain(s.status);
      expect(s.probability).toBeGreaterThanOrEqual(0);
      expect(s.probability).toBeLessThanOrEqual(1);
    }
    expect(o.residual.probability).toBeGreaterThan(0);
    expect(o.numbers).toMatchObject({ method: 'exact', asOf: '2026-12-01' });
    // Current by default: the model's events up to today are applied, as observations.
    expect(o.observations.some((x) => x.event !== undefined)).toBe(true);
  });

  it('the public conditions exist as yes/no conditions', async () => {
    const { json } = await runJsonIn<{ conditions: { id: string; values: unknown[] }[] }>(['list', 'conditions']);
    for (const id of ['iran_regime_collapse', 'sadrist_intervention', 'iran_approves_compromise', 'compromise_candidate_named', 'early_elections_called', 'maliki_resigns', 'maliki_government_formed', 'framework_majority_backs_maliki', 'us_iran_war', 'iran_us_deal'])
      expect(json.conditions.find((c) => c.id === id)?.values, id).toEqual([true, false]);
  });
});

describe('behaviour a domain expert expects (domain brief, section 7): statuses', () => {
  it('1. Iran\'s regime collapsing triggers II and rules out I ("deteriorates or falls apart")', async () => {
    const o = await at(COLUMN, 'iran_regime_collapse=true');
    expect(scen(o, 'II').status).toBe('triggered');
    expect(scen(o, 'I').status).toBe('ruled-out');
    expect(p(o, 'I')).toBe(0);
  });

  it('2. a deal, Iranian approval and a compromise candidate trigger I and rule out II', async () => {
    const o = await at(COLUMN, 'iran_us_deal=true', 'iran_approves_compromise=true', 'compromise_candidate_named=true');
    expect(scen(o, 'I').status).toBe('triggered');
    expect(scen(o, 'II').status).toBe('ruled-out');
  });

  it('3. Sadrist intervention triggers III ("Direct involvement by the Sadrist Movement")', async () => {
    expect(scen(await at(COLUMN, 'sadrist_intervention=true'), 'III').status).toBe('triggered');
  });

  it('4. a Maliki government rules out I-V and shows its consequences: US help withdrawn, sanctions, Kurdish backing unlikely', async () => {
    const free = await at(COLUMN);
    const o = await at(COLUMN, 'maliki_government_formed=true');
    for (const n of ['I', 'II', 'III', 'IV', 'V']) expect(scen(o, n).status, n).toBe('ruled-out');
    const base = scen(o, 'base');
    expect(['triggered', 'certain']).toContain(base.status);
    const shown = base.consequences.map((c) => c.when).join(' | ');
    for (const id of ['us_support_withdrawn', 'us_sanctions_imposed', 'kurds_back_government']) expect(shown).toContain(id);
    expect(cond(o, 'us_support_withdrawn')).toBeGreaterThan(0.5);
    expect(cond(o, 'us_sanctions_imposed')).toBeGreaterThan(cond(free, 'us_sanctions_imposed') + 0.1);
    expect(cond(o, 'kurds_back_government')).toBeLessThan(0.5);
  });

  it('5. maliki_resigns=false (no resignation before the horizon) rules out V', async () => {
    const o = await at(COLUMN, 'maliki_resigns=false');
    expect(scen(o, 'V').status).toBe('ruled-out');
    expect(scen(o, 'V').reasons[0]!.text).toMatch(/maliki_resigns=false/);
  });
});

describe('behaviour a domain expert expects (domain brief, section 7): numbers', () => {
  it('6. as of the column, I, II, III and V alike and IV lower, labelled "unlikely": the events before it are inside the calibration', async () => {
    const o = await at(COLUMN);
    const four = ['I', 'II', 'III', 'V'].map((n) => p(o, n));
    expect(Math.max(...four) - Math.min(...four)).toBeLessThan(0.005);
    for (const x of four) expect(p(o, 'IV')).toBeLessThan(x / 2);
    expect(scen(o, 'IV').labels).toContain('unlikely');
    for (const t of o.numbers.calibration!.targets) expect(o.scenarios.find((s) => s.id === t.scenario)!.probability).toBeCloseTo(t.target, 3);
  });

  it('7. a scenario whose defining event is set becomes the likeliest or near it', async () => {
    const iii = await at(COLUMN, 'sadrist_intervention=true');
    for (const n of ['I', 'II', 'V']) expect(p(iii, 'III'), n).toBeGreaterThan(p(iii, n));
    const iv = await at(COLUMN, 'early_elections_called=true', 'interim_government=true');
    for (const s of iv.scenarios) if (s.numeral !== 'IV') expect(p(iv, 'IV'), s.id).toBeGreaterThan(s.probability);
  });

  it('8. once iran_regime_collapse is set, its causes barely move II', async () => {
    const set = p(await at(COLUMN, 'iran_regime_collapse=true'), 'II');
    for (const cause of [['iran_mass_protests=true'], ['war_aims_regime_change=true'], ['iran_mass_protests=true', 'war_aims_regime_change=true']])
      expect(Math.abs(p(await at(COLUMN, 'iran_regime_collapse=true', ...cause), 'II') - set), cause.join()).toBeLessThan(0.02);
  });

  it('9. a "not yet" observed in February lowers a scenario a little; the same observed in late December, a lot', async () => {
    for (const [name, condition] of [
      ['III', 'sadrist_intervention'],
      ['V', 'maliki_resigns'],
    ] as const) {
      const seen = async (date: string) => p(await query(['--as-of', date, '--observe', `${condition}=false`]), name);
      const before = p(await query(['--as-of', '2026-02-20']), name);
      const feb = await seen('2026-02-20');
      const dec = await seen('2026-12-20');
      expect(feb, name).toBeLessThan(before);
      expect(before - feb, name).toBeLessThan(0.02);
      expect(before - dec, name).toBeGreaterThan(0.1);
    }
  });

  it('10. setting the unlikely but possible gives an answer, not a refusal', async () => {
    for (const sets of [
      ['iran_us_deal=true', 'iran_regime_state=deteriorating'],
      ['maliki_government_formed=true', 'kurds_back_government=true'],
      ['maliki_government_formed=true', 'us_accepts_government=true'],
      ['maliki_resigns=true', 'framework_majority_backs_maliki=true'],
    ]) {
      const r = await runIn(['query', '--json', '--as-of', COLUMN, ...sets.flatMap((s) => ['--set', s])]);
      expect(r.code, sets.join(' ')).toBe(0);
    }
  });

  it('your own probability is met exactly, and moves what depends on it', async () => {
    const o = await query(['--as-of', COLUMN, '--set', 'sadrist_intervention=70%']);
    expect(cond(o, 'sadrist_intervention')).toBeCloseTo(0.7, 6);
    expect(p(o, 'III')).toBeGreaterThan(p(await at(COLUMN), 'III'));
    const r = await runIn(['query', '--set', 'iran_regime_state=collapsed:0.5,stable:0.5,deteriorating:0']);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/every value needs some probability/);
  });
});

describe('refusals', () => {
  it('settings the hard constraints refuse are exit 2, naming the settings and the rule', async () => {
    const r = await runIn(['query', '--set', 'maliki_government_formed=true', '--set', 'maliki_resigns=true', '--set', 'us_iran_war=false']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/maliki_government_formed=true and maliki_resigns=true cannot hold together under constraint [a-z_]+/);
    expect(r.stderr).not.toMatch(/us_iran_war/);
    const j = await runIn(['query', '--json', '--set', 'maliki_government_formed=true', '--set', 'maliki_resigns=true']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stderr).error.conflict.constraints.length).toBeGreaterThan(0);
  });
});

describe('one-shot commands on the shipped model', () => {
  it('query table output names every possibility; markdown is a table', async () => {
    const t = await runIn(['query', '--set', 'iran_regime_collapse=yes']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/triggered/);
    expect(t.stdout).toMatch(/No scenario holds: \d+\.\d%/);
    expect(t.stdout).not.toMatch(/\x1b\[/);
    const md = await runIn(['query', '--format', 'markdown']);
    expect(md.stdout).toMatch(/^\| # \| Scenario \| Status \| Prob\. \|/m);
  });

  it('reads a conditions file from stdin, and --set wins over it', async () => {
    const r = await runIn(['query', '--conditions', '-', '--json', '--set', 'sadrist_intervention=unknown'], {
      input: 'sadrist_intervention: true\niran_regime_state: collapsed\n',
    });
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout) as Out;
    expect(scen(o, 'III').status).toBe('open');
    expect(scen(o, 'II').status).toBe('triggered');
  });

  it('explain names the sources and quotes behind a verdict, and how the probability is made', async () => {
    const r = await runIn(['explain', 'I', '--set', 'iran_regime_collapse=true']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ruled-out/);
    expect(r.stdout).toMatch(/001_d8e81ed2aefa18cf\.txt: "/);
    expect(r.stdout).toMatch(/How the probability is made/);
    const j = (await runJsonIn<{ scenario: { status: string }; numbers: { base: number; contributions: { kind: string; delta: number }[] } }>(['explain', 'V', '--as-of', '2026-03-01', '--observe', 'maliki_resigns=false'])).json;
    expect(j.numbers.contributions.some((c) => c.kind === 'observation' && c.delta < 0)).toBe(true);
  });

  it('show and list work by numeral, short name and id', async () => {
    expect((await runIn(['show', 'iv'])).stdout).toMatch(/unlikely/);
    expect((await runJsonIn<{ scenario: { id: string } }>(['show', 'V'])).json.scenario.id).toBe('p5_calibrated_resignation');
    expect((await runJsonIn<{ scenario: { id: string } }>(['show', 'base'])).json.scenario.id).toBe('p0_maliki_government');
    for (const what of ['scenarios', 'conditions', 'actors', 'constraints', 'sources', 'contradictions', 'events']) {
      const r = await runIn(['list', what, '--json']);
      expect(r.code, what).toBe(0);
      expect(JSON.parse(r.stdout)[what].length, what).toBeGreaterThan(0);
    }
  });

  it('validate passes on the shipped model, its quotes checked where the source texts are at hand', async () => {
    const r = await runIn(['validate', ...(HAVE_SEEDS ? ['--sources', SEEDS] : [])]);
    expect(r.stdout).toMatch(/^valid/m);
    expect(r.code).toBe(0);
    if (HAVE_SEEDS) expect(r.stderr).not.toMatch(/not checked/);
    else expect(r.stderr).toBe('note: source texts not found, quotes not checked (set sources_dir in the model file, or --sources DIR)\n');
  });

  it('--help lists the exit codes; --version prints the version', async () => {
    const h = await runIn(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/Exit codes:/);
    expect(h.stdout).toMatch(/64 +usage error/);
    expect((await runIn(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
