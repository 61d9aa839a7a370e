// Judgements with provenance: a conditions file's entry may carry a note, an
// author, a date and sources (the model's, or web pages marked unverified);
// explain shows them beside the model's reasons; a bad entry is named with
// its position and the nearest key; the session saves them back.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJudgedConditions, settingsToYaml } from '../src/app/conditions-file.js';
import { applyChanges } from '../src/app/settings.js';
import type { Prompts } from '../src/interactive/session.js';
import { choose, quit, screen, screenPrompts, setCondition, startSession } from './session-driver.js';
import { fixture, FIXTURES, runIn, runJsonIn } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'iraq-judgements-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const HARBOUR = ['--model', join(FIXTURES, 'harbour')];
const harbour = fixture('harbour');

const JUDGED = [
  'government_mediates:',
  '  probability: 0.3',
  '  note: The minister has offered to mediate before, and backed out.',
  '  by: alice',
  '  date: "2026-03-02"',
  '  sources:',
  '    - source: bulletin',
  '      quote: "Mediation by the government is considered unlikely"',
  '      basis: stated',
  '    - url: https://example.org/harbour/2026-03-02',
  '      quote: "the ministry is ready to step in"',
  'weather: storm',
  '',
].join('\n');

function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

describe('a conditions file with judgements', () => {
  it('sets what it says: a probability with its note, author, date and sources', async () => {
    const f = file('alice.yaml', JUDGED);
    const { json } = await runJsonIn(['query', ...HARBOUR, '--conditions', f]);
    expect(json.settings).toEqual([{ condition: 'weather', value: 'storm' }]);
    expect(json.probabilities).toEqual([{ condition: 'government_mediates', probabilities: [{ value: true, probability: 0.3 }, { value: false, probability: 0.7 }] }]);
  });

  it('explain shows them beside the model\'s reasons, and under the move they make', async () => {
    const f = file('alice.yaml', JUDGED);
    const r = await runIn(['explain', 'C', ...HARBOUR, '--conditions', f], { env: { COLUMNS: '200' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Your judgements (from the conditions file, beside the model's reasons)\n• government_mediates = 0.3 (by alice, 2026-03-02): The minister has offered to mediate before, and backed out.\n");
    expect(r.stdout).toContain('    source bulletin: "Mediation by the government is considered unlikely" (stated)\n');
    expect(r.stdout).toContain('    source https://example.org/harbour/2026-03-02: "the ministry is ready to step in" (unverified)\n');
    expect(r.stdout).toMatch(/pts {2}your probability for government_mediates .*\n {11}yours by alice, 2026-03-02: The minister has offered to mediate before, and backed out\.\n/);
    const { json } = await runJsonIn(['explain', 'C', ...HARBOUR, '--conditions', f]);
    expect(json.judgements).toEqual([
      {
        condition: 'government_mediates',
        said: '0.3',
        note: 'The minister has offered to mediate before, and backed out.',
        by: 'alice',
        date: '2026-03-02',
        sources: [
          { source: 'bulletin', quote: 'Mediation by the government is considered unlikely', basis: 'stated' },
          { url: 'https://example.org/harbour/2026-03-02', quote: 'the ministry is ready to step in', unverified: true },
        ],
        at: { file: f, line: 1, col: 1 },
      },
    ]);
    // A --set of the same condition replaces the judgement: it is no longer shown.
    const set = await runJsonIn(['explain', 'C', ...HARBOUR, '--conditions', f, '--set', 'government_mediates=true']);
    expect(set.json.judgements).toBeUndefined();
  });

  it('record keeps the judgements, and takes the author from them', async () => {
    const f = file('alice.yaml', JUDGED);
    const log = join(work, 'judged.jsonl');
    const { json } = await runJsonIn(['record', ...HARBOUR, '--conditions', f, '--log', log]);
    expect(json.record.by).toBe('alice');
    expect(json.record.judgements[0]).toMatchObject({ condition: 'government_mediates', note: expect.stringContaining('backed out') });
    expect(JSON.parse(readFileSync(log, 'utf8')).judgements[0].sources[1]).toEqual({ url: 'https://example.org/harbour/2026-03-02', quote: 'the ministry is ready to step in', unverified: true });
  });

  it('a bad entry is named with its position and the nearest key or source (exit 65)', async () => {
    const f = file(
      'bad.yaml',
      [
        'government_mediates:',
        '  probability: 0.3',
        '  notes: a typo',
        'union_strike:',
        '  value: true',
        '  probability: 0.4',
        'port_closed:',
        '  value: false',
        '  date: 2 March',
        'weather:',
        '  probability: { calm: 0.5, storm: 0.5 }',
        '  sources:',
        '    - source: bulletn',
        '      quote: "x"',
        '    - url: not-a-url',
        '',
      ].join('\n'),
    );
    const r = await runIn(['query', ...HARBOUR, '--conditions', f]);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain(`${f}:3:3: error: unknown key 'notes'; an entry takes value, probability, note, by, date, sources (did you mean 'note'?)`);
    expect(r.stderr).toContain(`${f}:5:3: error: 'union_strike': give \`value\` or \`probability\`, not both`);
    expect(r.stderr).toContain(`${f}:9:9: error: 'port_closed': expected a date as YYYY-MM-DD, found "2 March"`);
    expect(r.stderr).toContain(`${f}:13:15: error: unknown source 'bulletn' (did you mean 'bulletin'?)`);
    expect(r.stderr).toContain(`${f}:15:12: error: expected a web address (http:// or https://), found "not-a-url"`);
  });

  it('a mapping of named values to probabilities is a probability per value', async () => {
    const f = file('weather.yaml', 'weather:\n  probability: { calm: 0.2, storm: 0.5 }\n  by: bob\n');
    const { json } = await runJsonIn(['query', ...HARBOUR, '--conditions', f]);
    expect(json.probabilities[0]).toEqual({
      condition: 'weather',
      probabilities: [
        { value: 'calm', probability: 0.2 },
        { value: 'storm', probability: 0.5 },
        { value: 'hurricane', probability: 0.3 },
      ],
    });
  });
});

describe('saving judgements', () => {
  it('writes a judgement back in its form where the setting is unchanged, and plainly where it changed', () => {
    const { changes, judgements } = parseJudgedConditions(harbour, 'alice.yaml', JUDGED);
    const text = settingsToYaml(harbour, applyChanges({}, changes), judgements);
    const again = parseJudgedConditions(harbour, 'again.yaml', text);
    // In the model's order of conditions.
    const sorted = <T extends { condition: string }>(xs: T[]) => [...xs].sort((a, b) => a.condition.localeCompare(b.condition));
    expect(sorted(again.changes)).toEqual(sorted(changes));
    expect(again.judgements.map((j) => ({ ...j, loc: undefined }))).toEqual(judgements.map((j) => ({ ...j, loc: undefined })));
    // Changed: the old provenance no longer speaks for it.
    const changed = settingsToYaml(harbour, applyChanges({}, [...changes, { condition: 'government_mediates', kind: 'value', value: true }]), judgements);
    expect(changed).toContain('\ngovernment_mediates: true\n');
    expect(changed).not.toContain('alice');
  });

  describe('in the session', () => {
    let prompts: Prompts;
    beforeAll(async () => {
      prompts = await screenPrompts();
    });

    it('a loaded file\'s judgements are saved with their note, author, date and sources', async () => {
      file('loaded.yaml', JUDGED);
      const s = startSession(prompts, { model: harbour, start: {}, chalk: new Chalk({ level: 0 }), cwd: work, width: 80, height: 24 });
      await choose('Load settings from a file');
      screen.type('loaded.yaml');
      screen.keypress('enter');
      await screen.next();
      expect(s.table()).toContain('Loaded 2 settings from loaded.yaml.');
      await setCondition('union_strike', 'false');
      await choose('Save settings to a file');
      screen.type('saved-judged.yaml');
      screen.keypress('enter');
      await screen.next();
      const saved = readFileSync(join(work, 'saved-judged.yaml'), 'utf8');
      expect(saved).toContain(
        [
          'government_mediates:',
          '  probability: 0.3',
          '  note: The minister has offered to mediate before, and backed out.',
          '  by: alice',
          '  date: 2026-03-02',
          '  sources:',
          '    - source: bulletin',
          '      quote: Mediation by the government is considered unlikely',
          '      basis: stated',
          '    - url: https://example.org/harbour/2026-03-02',
          '      quote: the ministry is ready to step in',
        ].join('\n'),
      );
      expect(saved).toContain('\nweather: storm\n');
      expect(saved).toContain('\nunion_strike: false\n');
      // And it reads back.
      expect((await runIn(['query', ...HARBOUR, '--conditions', join(work, 'saved-judged.yaml')])).code).toBe(0);
      await quit(s);
    });
  });
});
