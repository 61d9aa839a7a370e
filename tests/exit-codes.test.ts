// Exit codes are what a process ends with: each documented one, from the
// built command as a real process (the messages and the codes of every case
// are checked in-process elsewhere, as is the as-of note below; 73 is in
// atomic.test.ts, 130 in interactive-tty.test.ts).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, runIn } from './helpers.js';

describe('exit codes of the process', () => {
  it.each([
    [0, ['query', '--quiet', '--set', 'iran_regime_collapse=true']],
    [2, ['query', '--set', 'maliki_government_formed=true', '--set', 'maliki_resigns=true']],
    [64, ['query', '--set', 'no_such_condition=true']],
    [65, ['query', '--model', FIXTURES]],
    [66, ['query', '--model', join(FIXTURES, 'no-such-model')]],
  ] as const)('%i: %j', (code, args) => {
    const r = runCli([...args]);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    if (code === 0) expect(r.stderr).toBe('');
    else expect(r.stdout).toBe('');
  });

  // What the note says is output, not an exit status: in-process, through the built command.
  it("says on stderr which day the question is asked and which events that applies, unless --quiet or JSON", async () => {
    const r = await runIn(['query', '--as-of', '2026-02-08'], { env: { IRAQ_SCENARIOS_TODAY: '2026-12-01' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^iraq-scenarios: as of 2026-02-08: the model's \d+ events up to then applied, the last [a-z_]+ \(2026-02-0\d\).*'timeline' lists them\n$/);
    expect((await runIn(['query'], { env: { IRAQ_SCENARIOS_TODAY: '2026-12-01' } })).stderr).toMatch(/^iraq-scenarios: as of 2026-12-01 \(today; --as-of picks another day\)/);
    expect((await runIn(['query', '--quiet'])).stderr).toBe('');
    expect((await runIn(['query', '--json'])).stderr).toBe('');
  });

  it('in JSON mode the error is one JSON line on stderr, with the exit code in it', () => {
    const r = runCli(['query', '--json', '--model', join(FIXTURES, 'no-such-model')]);
    expect(r.code).toBe(66);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { exitCode: 66 } });
  });
});
