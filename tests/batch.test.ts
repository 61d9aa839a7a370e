import { describe, expect, it } from 'vitest';
import { runCli, runIn } from './helpers.js';

// --batch: NDJSON questions in, one JSON answer a line out, in order; a bad
// line is an error object with its number and the rest go on.

const parse = (stdout: string) => stdout.trimEnd().split('\n').map((l) => JSON.parse(l));

describe('query --batch', () => {
  it('1,000 lines in, 1,000 out, in order; the one bad line is reported by its number and the rest answered', () => {
    const questions = [
      { set: { sadrist_intervention: true } },
      { set: { iran_regime_state: 'collapsed' }, asOf: '2026-02-08' },
      { set: ['us_accepts_government=false'] },
      { set: { sadrist_intervention: 0.7 } },
      { observe: { maliki_resigns: 'false' } },
      {},
    ];
    const lines = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ id: `q${i + 1}`, ...questions[i % questions.length] }));
    lines[499] = '{"id": "q500", "set": {"sadrist_intervention": "maybe"}}';
    // Through a real process: the exit status and both streams are part of the contract.
    const r = runCli(['query', '--batch', '-'], { input: lines.join('\n') + '\n' });
    const out = parse(r.stdout);
    expect(out).toHaveLength(1000);
    expect(out.map((o) => o.line)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(out.map((o) => o.id)).toEqual(Array.from({ length: 1000 }, (_, i) => `q${i + 1}`));
    const bad = out.filter((o) => o.error);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toEqual({
      schemaVersion: 2,
      line: 500,
      id: 'q500',
      error: { exitCode: 64, message: expect.stringContaining(`"set" sadrist_intervention=maybe: 'sadrist_intervention' takes true, false`) },
    });
    expect(out[0].scenarios.find((s: any) => s.numeral === 'III').status).toBe('triggered');
    expect(out[2].scenarios.find((s: any) => s.numeral === 'V').status).toBe('ruled-out');
    // The batch failed as a whole (exit 65), said once, as JSON, on stderr.
    expect(r.code).toBe(65);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stderr).error).toMatchObject({ exitCode: 65, message: expect.stringContaining('1 of 1000 line(s) failed') });
  }, 120_000);

  it("a line's answer is the one-shot command's JSON, with the line's number (and id) in front", async () => {
    const one = await runIn(['query', '--json', '--set', 'us_accepts_government=false', '--as-of', '2026-02-08']);
    const batch = await runIn(['query', '--batch'], { input: '{"set": {"us_accepts_government": false}, "asOf": "2026-02-08"}\n' });
    expect(batch.code).toBe(0);
    expect(batch.stderr).toBe('');
    const [line] = parse(batch.stdout);
    expect(Object.keys(line).slice(0, 2)).toEqual(['line', 'schemaVersion']);
    const { line: n, ...rest } = line;
    expect(n).toBe(1);
    expect(rest).toEqual(JSON.parse(one.stdout));
  });

  it("the command line's flags hold for every line; a line's own settings win; blank lines are skipped but counted", async () => {
    const r = await runIn(['query', '--batch', '--set', 'sadrist_intervention=true', '--as-of', '2026-02-08'], {
      input: '{}\n\n{"set": {"sadrist_intervention": false}}\n{"asOf": "start"}\n',
    });
    expect(r.code).toBe(0);
    const out = parse(r.stdout);
    expect(out.map((o) => o.line)).toEqual([1, 3, 4]);
    const mine = (o: any) => o.settings.filter((x: any) => x.origin === undefined);
    expect(mine(out[0])).toEqual([{ condition: 'sadrist_intervention', value: true }]);
    expect(mine(out[1])).toEqual([{ condition: 'sadrist_intervention', value: false }]);
    expect(out[0].numbers.asOf).toBe('2026-02-08');
    expect(out[2].numbers.asOf).not.toBe('2026-02-08');
  });

  it('names what is wrong with a line: unknown keys, bad dates, not JSON, a contradiction', async () => {
    const r = await runIn(['query', '--batch'], {
      input: ['{"sett": {}}', '{"asOf": "2026-13-01"}', '[1]', 'nope', '{"set": {"maliki_government_formed": true, "new_government_formed": true}}'].join('\n'),
    });
    expect(r.code).toBe(65);
    const errs = parse(r.stdout).map((o) => [o.line, o.error.exitCode, o.error.message]);
    expect(errs[0]).toEqual([1, 64, expect.stringContaining(`unknown key "sett" (did you mean 'set'?)`)]);
    expect(errs[1]).toEqual([2, 64, expect.stringContaining('"asOf" 2026-13-01: no such date')]);
    expect(errs[2]).toEqual([3, 64, expect.stringContaining('expected a JSON object')]);
    expect(errs[3]).toEqual([4, 64, expect.stringContaining('not JSON')]);
    expect(errs[4]).toEqual([5, 2, expect.stringContaining('contradictory settings')]);
  });

  it('explain and whatif answer a batch too; a line may name its scenario', async () => {
    const ex = await runIn(['explain', 'V', '--batch'], { input: '{"set": {"us_accepts_government": false}}\n{"scenario": "base"}\n{"scenario": "VI"}\n' });
    const out = parse(ex.stdout);
    expect(out[0].scenario.numeral).toBe('V');
    expect(out[0].scenario.status).toBe('ruled-out');
    expect(out[1].scenario.id).toBe('p0_maliki_government');
    expect(out[2].error.message).toContain("unknown scenario 'VI'");
    const w = await runIn(['whatif', '--batch', '--only', 'sadrist_intervention'], { input: '{}\n{"set": {"iran_regime_collapse": true}}\n' });
    expect(w.code).toBe(0);
    expect(parse(w.stdout)).toHaveLength(2);
  });

  it('refuses what does not go with it: another format, a missing file, a terminal on stdin', async () => {
    const md = await runIn(['query', '--batch', '--format', 'markdown']);
    expect(md.code).toBe(64);
    expect(md.stderr).toContain('--batch writes JSON');
    const missing = await runIn(['query', '--batch', 'no-such-file.ndjson']);
    expect(missing.code).toBe(66);
    expect(JSON.parse(missing.stderr).error.message).toContain('--batch no-such-file.ndjson: cannot read the file (ENOENT)');
    // An empty name is a usage error; a folder opens but cannot be read: refused before any line, as a file (found by the fuzz tests).
    const empty = await runIn(['query', '--batch', '']);
    expect(empty.code).toBe(64);
    expect(JSON.parse(empty.stderr).error.message).toBe('--batch: expected a file name, or - (or nothing) for standard input');
    const folder = await runIn(['query', '--batch', 'tests']);
    expect(folder.code).toBe(66);
    expect(JSON.parse(folder.stderr).error.message).toBe('--batch tests: a folder, not a file of questions');
    // Commands without a question to answer have no --batch.
    const list = await runIn(['list', '--batch']);
    expect(list.code).toBe(64);
  });
});
