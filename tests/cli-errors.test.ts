// Bad input: a clear one-line message (file:line:col or the flag, what was
// expected, the nearest valid name), a documented exit code, no stack trace,
// nothing on stdout.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../src/render/kit/json.js';
import { FIXTURES, runIn } from './helpers.js';
import type { RunResult } from './helpers.js';

function modelWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iraq-scenarios-bad-'));
  cpSync(join(FIXTURES, 'harbour'), dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function expectClean(r: RunResult, code: number, pattern: RegExp) {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/Error:|TypeError|ReferenceError/);
}

const harbour = join(FIXTURES, 'harbour');
const original = (name: string) => readFileSync(join(harbour, name), 'utf8');

describe('bad command lines', () => {
  it('an unknown condition in --set names the flag and the nearest condition (exit 64)', async () => {
    expectClean(await runIn(['query', '--set', 'iran_regime_colapse=true']), 64, /--set iran_regime_colapse=true: unknown condition 'iran_regime_colapse' \(did you mean 'iran_regime_collapse'\?\)/);
  });

  it('an unknown value names what was expected and the nearest value', async () => {
    expectClean(await runIn(['query', '--set', 'iran_regime_state=colapsed']), 64, /takes one of stable, survives_few_losses, deteriorating, collapsed, or unknown, not 'colapsed' \(did you mean 'collapsed'\?\)/);
    expectClean(await runIn(['query', '--set', 'sadrist_intervention=maybe']), 64, /takes true, false or unknown, not 'maybe'/);
    expectClean(await runIn(['query', '--set', 'sadrist_intervention']), 64, /expected ID=VALUE/);
  });

  it('unknown commands, options, formats and scenarios are usage errors', async () => {
    expectClean(await runIn(['qeury']), 64, /unknown command 'qeury'[\s\S]*query/);
    expectClean(await runIn(['query', '--frmat', 'json']), 64, /unknown option '--frmat'/);
    expectClean(await runIn(['query', '--format', 'yaml']), 64, /--format yaml: expected table, json or markdown/);
    expect(await runIn(['explain', 'VI'])).toEqual({ code: 64, stdout: '', stderr: "iraq-scenarios: unknown scenario 'VI' (did you mean 'I'?); name one by id, numeral or short name (deadlock, base, I, II, III, IV, V)\n" });
    expectClean(await runIn(['list', 'condtions']), 64, /did you mean 'conditions'/);
  });

  it('in JSON mode, errors are JSON on stderr', async () => {
    const r = await runIn(['query', '--json', '--set', 'nope=true']);
    expect(r.code).toBe(64);
    expect(r.stdout).toBe('');
    const e = JSON.parse(r.stderr);
    expect(e).toMatchObject({ schemaVersion: SCHEMA_VERSION, error: { exitCode: 64 } });
    expect(e.error.message).toMatch(/unknown condition 'nope'/);
  });

  it('a missing model folder or conditions file is exit 66', async () => {
    expectClean(await runIn(['query', '--model', 'no/such/dir']), 66, /no\/such\/dir: cannot read the model folder/);
    expectClean(await runIn(['query', '--conditions', 'no-such.yaml']), 66, /--conditions no-such.yaml: cannot read the file \(ENOENT: no such file/);
  });

  it('an empty model folder name is a usage error, not the working folder read as a model', async () => {
    for (const args of [['query', '--model', ''], ['validate', ''], ['list', '--model', 'examples/varna-dam', '--model', '']])
      expectClean(await runIn(args), 64, /a model folder's name is empty; give the folder \(or \. for this one\)/);
  });
});

describe('bad conditions files', () => {
  it('an unknown condition in a conditions file is reported at file:line:col with the nearest name (exit 65)', async () => {
    const dir = modelWith({});
    const f = join(dir, 'settings.yml.txt');
    writeFileSync(f, 'weather: storm\nport_closd: true\n');
    expectClean(await runIn(['query', '--model', harbour, '--conditions', f]), 65, /settings\.yml\.txt:2:1: error: unknown condition 'port_closd' \(did you mean 'port_closed'\?\)/);
    writeFileSync(f, 'weather: sunny\n');
    expectClean(await runIn(['query', '--model', harbour, '--conditions', f]), 65, /:1:10: error: 'weather' takes one of calm, storm, hurricane, or unknown, not 'sunny'/);
    writeFileSync(f, '[1, 2]\n');
    expectClean(await runIn(['query', '--model', harbour, '--conditions', f]), 65, /expected a mapping of condition ids to values/);
  });

  it('JSON conditions files work too', async () => {
    const r = await runIn(['query', '--model', harbour, '--conditions', '-', '--json'], { input: '{"weather": "hurricane"}' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).derived.map((d: { condition: string }) => d.condition)).toEqual(['port_closed', 'ships_diverted']);
  });
});

describe('bad model files', () => {
  const validate = (dir: string) => runIn(['validate', dir]);

  it('malformed YAML gives file:line:col (exit 65)', async () => {
    const dir = modelWith({ 'conditions.yaml': 'kind: conditions\nconditions:\n  - id: a\n    question: [unclosed\n' });
    const r = await runIn(['query', '--model', dir]);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/conditions\.yaml:\d+:\d+: error: /);
    expect(r.stdout).toBe('');
  });

  it('schema violations name the key, what was expected and the nearest valid key', async () => {
    const dir = modelWith({ 'b_diversion.yaml': original('b_diversion.yaml').replace('prior: 1', 'priority: 1').replace('strength: moderate', 'strength: moderat') });
    const r = await validate(dir);
    expect(r.code).toBe(65);
    expect(r.stdout).toMatch(/b_diversion\.yaml:5:1: error: unknown key 'priority'.*\(did you mean 'prior'\?\)/);
    expect(r.stdout).toMatch(/b_diversion\.yaml:\d+:\d+: error: 'strength': expected one of weak, moderate, strong, found the string "moderat" \(did you mean 'moderate'\?\)/);
  });

  it('missing keys and wrong kinds', async () => {
    const dir = modelWith({ 'extra.yaml': 'kind: scenarios\nid: x\n' });
    expect((await validate(dir)).stdout).toMatch(/extra\.yaml:1:7: error: unknown kind 'scenarios'.*\(did you mean 'scenario'\?\)/);
    const dir2 = modelWith({ 'extra.yaml': 'kind: scenario\nid: x\n' });
    expect((await validate(dir2)).stdout).toMatch(/extra\.yaml:1:1: error: missing required key 'title'/);
  });

  it('unknown references name the nearest valid name', async () => {
    const dir = modelWith({ 'b_diversion.yaml': original('b_diversion.yaml').replace('when: ships_diverted', 'when: ships_divertd').replace('weather=storm', 'weather=stormy') });
    const r = await validate(dir);
    expect(r.stdout).toMatch(/b_diversion\.yaml:7:11: error: unknown condition 'ships_divertd' \(did you mean 'ships_diverted'\?\)/);
    expect(r.stdout).toMatch(/'weather' takes one of calm, storm, hurricane, not 'stormy' \(did you mean 'storm'\?\)/);
    const dir2 = modelWith({ 'actors.yaml': original('actors.yaml').replace('scenario: negotiated', 'scenario: negotiate') });
    expect((await validate(dir2)).stdout).toMatch(/actors\.yaml:\d+:\d+: error: unknown scenario 'negotiate' \(did you mean 'negotiated'\?\)/);
  });

  it('duplicate ids are reported with both places', async () => {
    const dir = modelWith({ 'c_negotiated.yaml': original('c_negotiated.yaml').replace('id: negotiated', 'id: diversion').replace('numeral: C', 'numeral: B') });
    const r = await validate(dir);
    expect(r.code).toBe(65);
    expect(r.stdout).toMatch(/c_negotiated\.yaml:2:5: error: duplicate scenario id 'diversion' \(first defined at .*b_diversion\.yaml:2:5\)/);
    expect(r.stdout).toMatch(/duplicate name 'B' \(also scenario '[a-z_]+'\): numerals and short names name one scenario each/);
  });

  it('__proto__ keys are refused and pollute nothing', async () => {
    const dir = modelWith({ 'model.yaml': 'kind: model\nname: harbour\ntitle: t\n__proto__:\n  polluted: true\n' });
    expectClean(await runIn(['query', '--model', dir]), 65, /model\.yaml:4:1: error: key '__proto__' is not allowed/);
  });

  it('an alias bomb is refused quickly', async () => {
    const bomb = ['kind: model', 'name: harbour', 'title: t', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [i, l] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
      const p = i === 0 ? 'a' : ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'][i - 1];
      bomb.push(`${l}: &${l} [*${p},*${p},*${p},*${p},*${p},*${p},*${p},*${p},*${p}]`);
    }
    const dir = modelWith({ 'model.yaml': bomb.join('\n') + '\n' });
    const t0 = Date.now();
    expectClean(await runIn(['query', '--model', dir]), 65, /model\.yaml:1:1: error: too many alias expansions/);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('a file over the size cap is refused before parsing', async () => {
    const dir = modelWith({ 'big.yaml': 'kind: conditions\nconditions: []\n# ' + 'x'.repeat(1_100_000) + '\n' });
    expectClean(await runIn(['query', '--model', dir]), 65, /big\.yaml:1:1: error: file is \d+ bytes; the limit is 1048576 bytes/);
  });

  it('a model whose constraints contradict each other is refused, naming them', async () => {
    const dir = modelWith({
      'more.yaml': 'kind: constraints\nconstraints:\n  - id: always_hurricane\n    kind: always\n    that: weather=hurricane\n  - id: never_closed\n    kind: always\n    that: not port_closed\n',
    });
    const r = await validate(dir);
    expect(r.code).toBe(65);
    // The core is exact: the two new constraints and the one that closes the port in a hurricane.
    expect(r.stdout).toMatch(/constraints\.yaml:3:9: error: no world satisfies these constraints together: hurricane_closes, always_hurricane, never_closed\n/);
    expectClean(await runIn(['query', '--model', dir]), 65, /no world satisfies these constraints together/);
  });

  it('a scenario that can never hold is reported', async () => {
    const dir = modelWith({ 'c_negotiated.yaml': original('c_negotiated.yaml').replace('requires:\n  - when: government_mediates', 'requires:\n  - when: { all: [port_closed, not ships_diverted] }') });
    expect((await validate(dir)).stdout).toMatch(/c_negotiated\.yaml:\d+:\d+: error: scenario 'negotiated' can never hold/);
  });

  it('a quote missing from its cited source is reported where the text is at hand', async () => {
    const dir = modelWith({ 'b_diversion.yaml': original('b_diversion.yaml').replace('diverted to the northern terminal', 'diverted to the southern terminal') });
    expect((await validate(dir)).stdout).toMatch(/b_diversion\.yaml:\d+:\d+: error: quote not found verbatim in bulletin: "diverted to the southern terminal"/);
  });
});
