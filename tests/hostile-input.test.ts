// Hostile text in a model (issue 15): titles, questions, names, descriptions
// and notes that carry terminal control sequences, C1 controls, bidi
// overrides and zero-width characters never reach the terminal raw in a
// human format (docs/guarantees.md, "Text from a file never drives the
// terminal"), and JSON keeps them exactly.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli/program.js';
import { FIXTURES, runIn, tempDirs } from './helpers.js';
import type { RunResult } from './helpers.js';

/** The planted text: an OSC title change, a screen clear, BEL, a C1 CSI, a right-to-left override and a zero-width space. */
const EVIL = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202eevil\u200bX';
/** What a terminal would act on (C0 controls but tab and newline, DEL, C1, bidi embeddings, overrides and isolates), and the zero-width space, which the filter drops. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f\u0080-\u009f\u202a-\u202e\u2066-\u2069\u200b]/;

/** A YAML double-quoted string with everything outside printable ASCII written as \uXXXX. */
function yq(s: string): string {
  const body = [...s]
    .map((c) => {
      const n = c.codePointAt(0)!;
      return n >= 0x20 && n < 0x7f && c !== '"' && c !== '\\' ? c : `\\u${n.toString(16).padStart(4, '0')}`;
    })
    .join('');
  return `"${body}"`;
}

const tempDir = tempDirs('iraq-scenarios-hostile-input-');

/** The planted texts, by where they are planted. */
const PLANTED = {
  scenarioTitle: `Ships ${EVIL}`,
  question: `Port ${EVIL}`,
  actorName: `Union ${EVIL}`,
  eventTitle: `Storm ${EVIL}`,
  description: `Desc ${EVIL}`,
  sourceTitle: `Bulletin ${EVIL}`,
  quote: `considered ${EVIL}`,
  note: `Note ${EVIL}`,
};

/** A copy of harbour-story (harbour with dated events) with the hostile text planted in every kind of free text it has. */
function hostileModel(): string {
  const dir = join(tempDir(), 'model');
  cpSync(join(FIXTURES, 'harbour-story'), dir, { recursive: true });
  const edit = (f: string, from: string, to: string) => {
    const p = join(dir, f);
    const t = readFileSync(p, 'utf8');
    if (!t.includes(from)) throw new Error(`${f} has no ${from}`);
    writeFileSync(p, t.replace(from, to));
  };
  edit('b_diversion.yaml', 'title: Ships diverted north', `title: ${yq(PLANTED.scenarioTitle)}`);
  edit('conditions.yaml', 'question: Is the port closed?', `question: ${yq(PLANTED.question)}`);
  edit('actors.yaml', "name: Dockworkers' union", `name: ${yq(PLANTED.actorName)}`);
  edit('events.yaml', 'title: A storm is forecast', `title: ${yq(PLANTED.eventTitle)}`);
  edit('constraints.yaml', 'description: A hurricane warning closes the port.', `description: ${yq(PLANTED.description)}`);
  edit('sources.yaml', 'title: Harbour authority bulletin', `title: ${yq(PLANTED.sourceTitle)}`);
  // A quote the source does not hold (so the warning quotes it) and a citation's note.
  edit('c_negotiated.yaml', 'quote: "considered unlikely"', `quote: ${yq(PLANTED.quote)}`);
  edit('constraints.yaml', 'quote: "incoming ships are diverted", basis: stated', `quote: "incoming ships are diverted", basis: stated, note: ${yq(PLANTED.note)}`);
  return dir;
}

function expectClean(r: RunResult, what: string) {
  const where = (s: string) => {
    const m = RAW.exec(s);
    return m ? `${what}: U+${m[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${m.index}: ${JSON.stringify(s.slice(Math.max(0, m.index - 40), m.index + 20))}` : '';
  };
  expect(where(r.stdout), `${what} stdout`).toBe('');
  expect(where(r.stderr), `${what} stderr`).toBe('');
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

let M = '';
let DIR = '';
let LOG = '';
beforeAll(() => {
  M = hostileModel();
  DIR = tempDir();
  LOG = join(DIR, 'forecasts.ndjson');
  writeFileSync(join(DIR, 'a.yaml'), 'weather: storm\n');
  writeFileSync(join(DIR, 'b.yaml'), 'weather: calm\n');
});

type Line = { cmd: string; args: () => string[]; formats: ('table' | 'markdown' | 'dot' | 'mermaid' | 'html' | null)[]; codes?: number[] };

/**
 * Every command that prints, with arguments for the hostile model. The
 * forecast-log commands get a temp log (record and resolve carry the hostile
 * text in --by and --note, which score then prints).
 */
const LINES: Line[] = [
  { cmd: 'query', args: () => ['query', '--model', M], formats: ['table', 'markdown'] },
  { cmd: 'query', args: () => ['query', '--model', M, '--as-of', '2026-01-01'], formats: ['table', 'markdown'] },
  { cmd: 'explain', args: () => ['explain', 'diversion', '--model', M], formats: ['table', 'markdown'] },
  { cmd: 'explain', args: () => ['explain', 'business_as_usual', '--model', M], formats: ['table', 'markdown'] },
  { cmd: 'show', args: () => ['show', 'diversion', '--model', M], formats: ['table', 'markdown'] },
  ...['scenarios', 'conditions', 'actors', 'constraints', 'sources', 'contradictions', 'events'].map(
    (what): Line => ({ cmd: 'list', args: () => ['list', what, '--model', M], formats: ['table', 'markdown'] }),
  ),
  { cmd: 'validate', args: () => ['validate', M], formats: [null], codes: [0, 65] },
  { cmd: 'timeline', args: () => ['timeline', '--model', M], formats: ['table', 'markdown'] },
  { cmd: 'actors', args: () => ['actors', '--model', M], formats: ['table', 'markdown'] },
  { cmd: 'graph', args: () => ['graph', '--model', M], formats: ['dot', 'mermaid'] },
  { cmd: 'report', args: () => ['report', '--model', M], formats: ['html'] },
  { cmd: 'diff', args: () => ['diff', '--model', M, '--as-of', '2026-01-01', '--to-set', 'port_closed=true'], formats: ['table', 'markdown'] },
  { cmd: 'diff', args: () => ['diff', '--model', M, '--from-as-of', '2026-01-01', '--to-as-of', '2026-03-02'], formats: ['table', 'markdown'] },
  { cmd: 'whatif', args: () => ['whatif', '--model', M, '--as-of', '2026-01-01'], formats: ['table', 'markdown'] },
  { cmd: 'watch', args: () => ['watch', '--model', M, '--as-of', '2026-01-01'], formats: ['table', 'markdown'] },
  { cmd: 'sensitivity', args: () => ['sensitivity', '--model', M, '--as-of', '2026-01-01'], formats: ['table', 'markdown'] },
  { cmd: 'revive', args: () => ['revive', 'business_as_usual', '--model', M], formats: ['table', 'markdown'] },
  { cmd: 'explore', args: () => ['explore', '--model', M, '--as-of', '2026-01-01'], formats: ['table', 'markdown'] },
  { cmd: 'record', args: () => ['record', '--model', M, '--log', LOG, '--by', `Ann ${EVIL}`, '--note', `Note ${EVIL}`], formats: ['table'] },
  { cmd: 'resolve', args: () => ['resolve', 'diversion', '--model', M, '--log', LOG, '--by', `Bob ${EVIL}`, '--note', `Why ${EVIL}`], formats: ['table'] },
  { cmd: 'score', args: () => ['score', '--log', LOG], formats: ['table', 'markdown'] },
  { cmd: 'compare', args: () => ['compare', join(DIR, 'a.yaml'), join(DIR, 'b.yaml'), '--model', M], formats: ['table', 'markdown'] },
];

/** Not run here, and why. */
const SKIPPED: Record<string, string> = {
  interactive: 'a full-screen session on a terminal; its views go through the same renderers (tests/interactive-tty.test.ts drives it)',
  completion: 'prints a shell script built from ids, which the schema limits to [a-z0-9_]; no free text',
};

describe('hostile text never reaches the terminal raw', () => {
  it('the list covers every command in COMMANDS', () => {
    const names = COMMANDS.map((c) => c.spec.name);
    for (const n of names) expect(LINES.some((l) => l.cmd === n) || n in SKIPPED, `command ${n} is neither run nor skipped with a reason`).toBe(true);
  });

  it('the planted texts are loaded as written (the test is not vacuous)', async () => {
    const r = await runIn(['list', 'scenarios', '--model', M, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { scenarios: { title: string }[] };
    expect(json.scenarios.map((s) => s.title)).toContain(PLANTED.scenarioTitle);
  });

  for (const line of LINES) {
    for (const format of line.formats) {
      it(`${line.cmd} ${format ?? ''}: ${line.args().slice(1).filter((a) => !a.includes('/')).join(' ')}`, async () => {
        const args = format ? [...line.args(), '--format', format] : line.args();
        const r = await runIn(args, { cwd: DIR });
        expect(line.codes ?? [0], `${args.join(' ')}\n${r.stderr}`).toContain(r.code);
        expect(r.stdout.length, r.stderr).toBeGreaterThan(0);
        expectClean(r, args.join(' '));
      });
    }
  }

  it('the planted text is shown as visible escapes', async () => {
    const r = await runIn(['list', 'events', '--model', M]);
    expect(r.stdout).toContain('\\x1b]0;pwned\\x07\\x1b[2J');
    expect(r.stdout).toContain('\\u202e');
  });

  it('an unknown key with an escape sequence in a conditions file: the message has no raw control', async () => {
    const f = join(DIR, 'bad-key.yaml');
    writeFileSync(f, `${yq(`weather${EVIL}`)}: storm\n`);
    const r = await runIn(['query', '--model', M, '--conditions', f]);
    expect([64, 65]).toContain(r.code);
    expect(r.stderr).toMatch(/weather/);
    expectClean(r, 'query --conditions bad-key.yaml');
  });

  const ERRORS: [string, () => string[], number][] = [
    ['an unknown scenario (explain)', () => ['explain', `s${EVIL}`, '--model', M], 64],
    ['an unknown scenario (show)', () => ['show', `s${EVIL}`, '--model', M], 64],
    ['an unknown scenario (revive)', () => ['revive', `s${EVIL}`, '--model', M], 64],
    ['an unknown command', () => [`q${EVIL}`], 64],
    ['an unknown option', () => ['query', `--se${EVIL}`], 64],
    ['a bad date', () => ['query', '--model', M, '--as-of', `2026${EVIL}`], 64],
    ['a model folder that does not exist', () => ['query', '--model', join(DIR, `gone${EVIL}`)], 66],
  ];
  for (const [what, args, code] of ERRORS) {
    it(`${what} with an escape sequence: exit ${code}, the message has no raw control`, async () => {
      const r = await runIn(args(), { cwd: DIR });
      expect(r.code, r.stderr).toBe(code);
      expect(r.stderr).toMatch(/\\x1b\]0;pwned\\x07/);
      expectClean(r, what);
    });
  }

  it('a model folder whose name has an escape sequence, with a broken file: the file:line:col message has no raw control', async () => {
    const m = join(tempDir(), `d${EVIL}`);
    cpSync(join(FIXTURES, 'harbour'), m, { recursive: true });
    writeFileSync(join(m, 'conditions.yaml'), `${readFileSync(join(m, 'conditions.yaml'), 'utf8')}bad: [\n`);
    for (const args of [['query', '--model', m], ['validate', m]]) {
      const r = await runIn(args);
      expect(r.code, r.stderr).toBe(65);
      expect(r.stdout + r.stderr).toMatch(/conditions\.yaml:\d+:\d+: error/);
      expectClean(r, args[0]!);
    }
  });

  it('the same error with --json: JSON on stderr that gives back the exact text', async () => {
    const r = await runIn(['explain', `s${EVIL}`, '--model', M, '--json']);
    expect(r.code).toBe(64);
    expect(RAW.test(r.stderr), 'raw control in the JSON text').toBe(false);
    // One JSON object a line: the quote warnings (the planted quote is not in the source), then the error.
    const objects = r.stderr.trimEnd().split('\n').map((l) => JSON.parse(l) as { error?: { exitCode: number; message: string }; warning?: { message: string } });
    const error = objects.find((o) => o.error)!.error!;
    expect(error.exitCode).toBe(64);
    expect(error.message).toContain(`s${EVIL}`);
    expect(objects.some((o) => o.warning?.message.includes(PLANTED.quote.slice(0, 30)))).toBe(true);
  });

  it('an unknown value with an escape sequence on the command line: the message has no raw control', async () => {
    const r = await runIn(['query', '--model', M, '--set', `weather=${EVIL}`]);
    expect(r.code).toBe(64);
    expectClean(r, 'query --set weather=EVIL');
  });
});

describe('JSON keeps the planted text exactly', () => {
  const find = (v: unknown, want: string): boolean =>
    typeof v === 'string' ? v === want : Array.isArray(v) ? v.some((x) => find(x, want)) : v !== null && typeof v === 'object' ? Object.values(v).some((x) => find(x, want)) : false;

  it('query --batch: each answer line is JSON with the controls escaped, giving back the exact title', async () => {
    const r = await runIn(['query', '--batch', '-', '--model', M], { input: '{}\n{"set":{"port_closed":true}}\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(RAW.test(r.stdout), 'raw control in the JSON lines').toBe(false);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(find(JSON.parse(l), PLANTED.scenarioTitle)).toBe(true);
  });

  it('the quote warnings on stderr with --json: JSON lines with the controls escaped', async () => {
    const r = await runIn(['query', '--model', M, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(RAW.test(r.stderr), 'raw control in the JSON warnings').toBe(false);
    const warnings = r.stderr.trimEnd().split('\n').map((l) => JSON.parse(l) as { warning?: { message: string } });
    expect(warnings.some((w) => w.warning?.message.includes(PLANTED.quote.slice(0, 30)))).toBe(true);
  });

  const CASES: [string[], string[]][] = [
    [['list', 'scenarios'], [PLANTED.scenarioTitle]],
    [['list', 'conditions'], [PLANTED.question]],
    [['list', 'actors'], [PLANTED.actorName]],
    [['list', 'events'], [PLANTED.eventTitle]],
    [['list', 'constraints'], [PLANTED.description]],
    [['list', 'sources'], [PLANTED.sourceTitle]],
    [['query'], [PLANTED.scenarioTitle]],
    [['show', 'diversion'], [PLANTED.scenarioTitle]],
    [['show', 'negotiated'], [PLANTED.quote]],
  ];
  for (const [args, wants] of CASES) {
    it(`${args.join(' ')} --json`, async () => {
      const r = await runIn([...args, '--model', M, '--json']);
      expect(r.code, r.stderr).toBe(0);
      // The characters a terminal acts on are escaped in the JSON text itself.
      expect(RAW.test(r.stdout), 'raw control in JSON text').toBe(false);
      const json: unknown = JSON.parse(r.stdout);
      for (const w of wants) expect(find(json, w), `${w} round-trips`).toBe(true);
    });
  }
});
