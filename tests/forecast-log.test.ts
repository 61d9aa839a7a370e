// The forecast log as a user keeps it: three forecasts recorded, what
// happened resolved, the scores checked against sums done by hand; a
// corrupt line reported with its number and skipped, never rewritten;
// appends that stay whole when several processes write at once.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, FIXTURES, runIn, runJsonIn, TODAY } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'iraq-forecast-log-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Three independent yes/no questions a, b, c, one scenario each (A, B, C): a
// scenario's probability is the probability set for its question, and
// "none" is the product of the three no's.
const MODEL = ['--model', join(FIXTURES, 'three-questions')];

const log = (name: string) => join(work, name);

/** Records the three forecasts of the hand-worked example in a log. */
async function recordThree(file: string): Promise<void> {
  for (const args of [
    ['--as-of', '2026-03-01', '--set', 'a=0.6', '--set', 'b=0.3', '--set', 'c=0.1', '--by', 'alice'],
    ['--as-of', '2026-03-02', '--set', 'a=0.2', '--set', 'b=0.7', '--set', 'c=0.2', '--by', 'bob'],
    ['--as-of', '2026-03-04', '--set', 'a=false', '--set', 'b=true', '--set', 'c=0.5', '--by', 'alice'],
  ]) {
    const r = await runIn(['record', ...MODEL, '--log', file, ...args]);
    expect(r.code, r.stderr).toBe(0);
  }
}

describe('record, resolve, score', () => {
  it('scores three forecasts against the resolution as worked by hand', async () => {
    const file = log('three.jsonl');
    await recordThree(file);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const first = JSON.parse(lines[0]!);
    expect(first).toMatchObject({
      kind: 'forecast',
      v: 1,
      date: '2026-03-01',
      by: 'alice',
      model: { name: 'three-questions', layers: [{ name: expect.stringContaining('three-questions') }] },
      question: { settings: {}, probabilities: { a: { true: 0.6, false: 0.4 } } },
      scenarios: [
        { id: 's_a', name: 'A', probability: 0.6 },
        { id: 's_b', name: 'B', probability: 0.3 },
        { id: 's_c', name: 'C', probability: 0.1 },
      ],
      none: 0.252,
    });
    expect(first.model.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.scenarios[0].range).toEqual({ low: 0.6, high: 0.6 });
    const res = await runIn(['resolve', 'B', '--date', '2026-03-10', ...MODEL, '--log', file]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Resolved as of 2026-03-10: B (s_b) held');
    expect(JSON.parse(readFileSync(file, 'utf8').trimEnd().split('\n')[3]!)).toMatchObject({ kind: 'resolution', v: 1, date: '2026-03-10', happened: ['s_b'] });

    const { json } = await runJsonIn(['score', '--log', file]);
    // Each forecast: A, B, C and "none" as yes/no questions; B happened.
    // f1 (alice, 1 March): A .6, B .3, C .1, none .4 × .7 × .9 = .252
    //   Brier = ((.6−0)² + (.3−1)² + (.1−0)² + (.252−0)²) / 4 = (.36 + .49 + .01 + .063504) / 4 = .230876
    //   log   = (ln .4 + ln .3 + ln .9 + ln .748) / 4 = −.628994
    // f2 (bob, 2 March): A .2, B .7, C .2, none .8 × .3 × .8 = .192
    //   Brier = (.04 + .09 + .04 + .036864) / 4 = .051716;  log = (ln .8 + ln .7 + ln .8 + ln .808) / 4 = −.254039
    // f3 (alice, 4 March): A 0, B 1, C .5, none 0 (the log score keeps p within [.001, .999])
    //   Brier = (0 + 0 + .25 + 0) / 4 = .0625;  log = (3 ln .999 + ln .5) / 4 = −.174037
    expect(json.outcome).toEqual({ date: '2026-03-10', happened: ['s_b'] });
    expect(json.scored.map((s: { by: string; date: string }) => [s.by, s.date])).toEqual([
      ['alice', '2026-03-01'],
      ['bob', '2026-03-02'],
      ['alice', '2026-03-04'],
    ]);
    const brier = json.scored.map((s: { brier: number }) => s.brier);
    const logs = json.scored.map((s: { log: number }) => s.log);
    [0.230876, 0.051716, 0.0625].forEach((b, i) => expect(brier[i]).toBeCloseTo(b, 6));
    [-0.628994, -0.254039, -0.174037].forEach((l, i) => expect(logs[i]).toBeCloseTo(l, 6));
    // Over time: the running mean of the Brier scores.
    [0.230876, (0.230876 + 0.051716) / 2, 0.115031].forEach((b, i) => expect(json.scored[i].running.brier).toBeCloseTo(b, 6));
    expect(json.overall.count).toBe(3);
    expect(json.overall.brier).toBeCloseTo((0.230876 + 0.051716 + 0.0625) / 3, 6);
    expect(json.overall.log).toBeCloseTo((-0.628994 - 0.254039 - 0.174037) / 3, 6);
    // Two authors: each one's means.
    expect(json.byAuthor).toHaveLength(2);
    expect(json.byAuthor[0]).toMatchObject({ by: 'alice', count: 2 });
    expect(json.byAuthor[0].brier).toBeCloseTo((0.230876 + 0.0625) / 2, 6);
    expect(json.byAuthor[1]).toMatchObject({ by: 'bob', count: 1, brier: 0.051716 });
    // Calibration: the twelve probabilities in bins of ten points, against how often each happened.
    expect(json.calibration.map((b: { low: number; count: number; meanForecast: number; observed: number }) => [b.low, b.count, b.meanForecast, b.observed])).toEqual([
      [0, 2, 0, 0], // A and none of f3
      [0.1, 2, 0.146, 0], // C of f1 (.1), none of f2 (.192)
      [0.2, 3, 0.217333, 0], // none of f1 (.252), A and C of f2 (.2)
      [0.3, 1, 0.3, 1], // B of f1: happened
      [0.5, 1, 0.5, 0],
      [0.6, 1, 0.6, 0],
      [0.7, 1, 0.7, 1], // B of f2
      [0.9, 1, 1, 1], // B of f3
    ]);
    // The table says the same in words.
    const t = await runIn(['score', '--log', file]);
    expect(t.stdout).toContain('Outcome as of 2026-03-10: B held');
    expect(t.stdout).toMatch(/│ 1 │ 2026-03-01 │ alice │ f-[0-9a-f]{8} │ 0\.2309 │ −0\.6290 │ 0\.2309 /);
    expect(t.stdout).toContain('Overall: Brier 0.1150, log −0.3524 over 3 forecasts');
    expect(t.stdout).toContain('By author');
    expect(t.stdout).toContain('Calibration');
  });

  it('reports a corrupt line with its number and skips it, leaving the file as it was', async () => {
    const file = log('corrupt.jsonl');
    await recordThree(file);
    // A line damaged by hand in the middle, then a resolution, then a line cut short (a crash mid-write).
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.splice(1, 0, '{"kind":"forecast","v":1,"id":"f-broken",');
    writeFileSync(file, lines.join(''.concat('\n')));
    expect((await runIn(['resolve', 'B', '--date', '2026-03-10', ...MODEL, '--log', file])).code).toBe(0);
    appendFileSync(file, '{"kind":"resol');
    const before = readFileSync(file);
    const r = await runIn(['score', '--log', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`iraq-scenarios: ${file}:2: skipped: not JSON:`);
    expect(r.stderr).toMatch(new RegExp(`${file}:6: skipped: not JSON: .*\\(the last line, cut short: a write that did not finish\\?\\) \\(the line is left in the file\\)`));
    expect(readFileSync(file)).toEqual(before);
    // The same three forecasts are scored.
    const { json } = await runJsonIn(['score', '--log', file]);
    expect(json.scored).toHaveLength(3);
    expect(json.overall.brier).toBeCloseTo(0.115031, 6);
    expect(json.skipped.map((s: { line: number }) => s.line)).toEqual([2, 6]);
    // The next record starts on a line of its own; the torn line stays as it was.
    expect((await runIn(['record', ...MODEL, '--log', file, '--set', 'a=0.5', '-q'])).code).toBe(0);
    const after = readFileSync(file, 'utf8').split('\n');
    expect(after[5]).toBe('{"kind":"resol');
    expect(JSON.parse(after[6]!)).toMatchObject({ kind: 'forecast' });
  });

  it('does not score a forecast made after the outcome, and uses the last resolution', async () => {
    const file = log('late.jsonl');
    await recordThree(file);
    await runIn(['resolve', 'A', '--date', '2026-03-03', ...MODEL, '--log', file]);
    await runIn(['resolve', 'B', '--date', '2026-03-03', ...MODEL, '--log', file]);
    const { json } = await runJsonIn(['score', '--log', file]);
    expect(json.resolutions).toBe(2);
    expect(json.outcome.happened).toEqual(['s_b']);
    expect(json.scored.map((s: { date: string }) => s.date)).toEqual(['2026-03-01', '2026-03-02']);
    expect(json.late.map((s: { date: string }) => s.date)).toEqual(['2026-03-04']);
    expect((await runIn(['score', '--log', file])).stdout).toContain('Outcome as of 2026-03-03: B held (the last of 2 resolutions)');
  });

  it("resolves 'none', refuses 'none' with a scenario, and names the nearest scenario for a typo", async () => {
    const file = log('none.jsonl');
    await recordThree(file);
    expect((await runIn(['resolve', 'none', '--date', '2026-03-10', ...MODEL, '--log', file])).code).toBe(0);
    const { json } = await runJsonIn(['score', '--log', file]);
    // f1 with nothing happening: (.36 + .09 + .01 + (.252 − 1)²) / 4
    expect(json.scored[0].brier).toBeCloseTo((0.36 + 0.09 + 0.01 + (0.252 - 1) ** 2) / 4, 6);
    const both = await runIn(['resolve', 'none', 'B', ...MODEL, '--log', file]);
    expect(both.code).toBe(64);
    expect(both.stderr).toContain("'none' says that no scenario held");
    const typo = await runIn(['resolve', 's_bb', ...MODEL, '--log', file]);
    expect(typo.code).toBe(64);
    expect(typo.stderr).toContain("unknown scenario 's_bb' (did you mean 's_b'?)");
  });

  it('a log with no resolution yet lists its forecasts; a missing log is exit 66 saying how to start one', async () => {
    const file = log('open.jsonl');
    await recordThree(file);
    const r = await runIn(['score', '--log', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("3 forecasts in");
    expect(r.stdout).toContain("no resolution yet.\n'resolve SCENARIO|none --date DATE' records what happened.");
    const missing = await runIn(['score', '--log', log('nothing-here.jsonl')]);
    expect(missing.code).toBe(66);
    expect(missing.stderr).toContain("no forecast log there yet; 'record' writes the first forecast");
  });

  it('refuses to append to a file that is not a forecast log, or to a folder, leaving it as it was', async () => {
    const yaml = join(FIXTURES, 'harbour', 'conditions.yaml');
    const before = readFileSync(yaml);
    const r = await runIn(['record', ...MODEL, '--log', yaml, '-q']);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain(`${yaml}: not a forecast log (none of its first lines is a recorded forecast or resolution); not appending to it`);
    expect(readFileSync(yaml)).toEqual(before);
    const dir = await runIn(['resolve', 'A', ...MODEL, '--log', work]);
    expect(dir.code).toBe(73);
    expect(dir.stderr).toContain(`${work}: not a file; --log names the forecast log`);
  });

  it('keeps the log in the XDG data folder by default ($IRAQ_SCENARIOS_LOG overrides it)', async () => {
    const data = join(work, 'xdg-data');
    const env = { XDG_DATA_HOME: data, IRAQ_SCENARIOS_LOG: undefined };
    expect((await runIn(['record', ...MODEL, '-q'], { env })).code).toBe(0);
    const path = join(data, 'iraq-scenarios', 'forecasts.jsonl');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ kind: 'forecast', date: TODAY });
    const other = log('env.jsonl');
    expect((await runIn(['record', ...MODEL, '-q'], { env: { ...env, IRAQ_SCENARIOS_LOG: other } })).code).toBe(0);
    expect(existsSync(other)).toBe(true);
    expect(readFileSync(path, 'utf8').trimEnd().split('\n')).toHaveLength(1);
  });

  it('timeline --log draws the recorded probabilities beside the model\'s events', async () => {
    const file = log('timeline.jsonl');
    const story = ['--model', join(FIXTURES, 'harbour-story')];
    await runIn(['record', ...story, '--log', file, '--as-of', '2026-03-02', '--by', 'alice', '-q']);
    const { json } = await runJsonIn(['timeline', ...story, '--log', file]);
    expect(json.records).toHaveLength(1);
    expect(json.records[0]).toMatchObject({ date: '2026-03-02', by: 'alice' });
    const t = await runIn(['timeline', ...story, '--log', file]);
    // After the events of its date (the storm forecast, the strike vote), before the hurricane warning.
    expect(t.stdout).toMatch(/#1\s+#2\s+r1\s+#3/);
    expect(t.stdout).toContain('r your recorded probability (the log)');
    expect(t.stdout).toMatch(/r1 2026-03-02 {2}f-[0-9a-f]{8} by alice/);
  });
});

describe('appends', () => {
  it('stay whole lines when several processes record at once', async () => {
    const file = log('concurrent.jsonl');
    const n = 6;
    const codes = await Promise.all(
      Array.from(
        { length: n },
        (_, i) =>
          new Promise<number | null>((done) => {
            const p = spawn(process.execPath, [BIN, 'record', ...MODEL, '--log', file, '--set', `a=0.${i + 1}`, '-q'], {
              env: { ...process.env, IRAQ_SCENARIOS_TODAY: TODAY, IRAQ_SCENARIOS_NO_CACHE: '1' },
              stdio: 'ignore',
            });
            p.on('close', done);
          }),
      ),
    );
    expect(codes).toEqual(Array(n).fill(0));
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(n);
    const as = lines.map((l) => (JSON.parse(l) as { scenarios: { probability: number }[] }).scenarios[0]!.probability).sort();
    expect(as).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
  });
});

describe('widths', () => {
  it.each([60, 80, 120])('record, resolve, score, compare and timeline --log fit %i columns', async (width) => {
    const file = log(`width-${width}.jsonl`);
    const story = ['--model', join(FIXTURES, 'harbour-story')];
    const env = { COLUMNS: String(width) };
    const lines: string[][] = [
      ['record', ...story, '--log', file, '--as-of', '2026-03-02', '--by', 'alice', '--note', 'a note long enough to need wrapping at sixty columns or so'],
      ['record', ...story, '--log', file, '--as-of', '2026-03-03', '--by', 'bob'],
      ['resolve', 'B', ...story, '--log', file, '--date', '2026-03-05', '--note', 'the port stayed closed and every ship went north'],
      ['score', '--log', file],
      ['timeline', ...story, '--log', file],
      ['compare', file, ...story],
    ];
    for (const args of lines) {
      const r = await runIn(args, { env });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      const over = r.stdout.split('\n').filter((l) => [...l].length > width);
      expect(over, `${args[0]} at ${width} columns`).toEqual([]);
    }
  });
});
