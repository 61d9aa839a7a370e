import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { loadDir, ROOT, runIn, SHIPPED } from './helpers.js';
import { join } from 'node:path';
import type { Model } from '../src/engine/types.js';
import { fitTable, recordsText } from '../src/render/kit/table.js';
import { plainChalk } from '../src/render/kit/options.js';
import { cut, libraryWidth, visibleWidth } from '../src/render/kit/width.js';
import { fitLines, shortenWords } from '../src/render/kit/wrap.js';

// Every human (table) output fits the width the command was given: the
// terminal's, or COLUMNS when piped. Run in-process through the built
// command (runIn): the same code as a process, without starting one. Measured as a terminal shows it: ANSI
// codes take no columns, a box-drawing character takes one.
const columns = (line: string) => [...stripVTControlCharacters(line)].length;

const KINDS = ['scenarios', 'conditions', 'actors', 'constraints', 'sources', 'contradictions', 'events'];
const STORY = ['--model', 'tests/fixtures/harbour-story'];

/** The shipped model: possibility I is ruled out once Iran's regime collapses. */
const SHIPPED_COMMANDS: string[][] = [
  ['query'],
  ['explain', 'I'],
  ['show', 'I'],
  ...KINDS.map((k) => ['list', k]),
  ['whatif'],
  ['watch'],
  ['revive', 'I', '--set', 'iran_regime_collapse=true'],
  ['explore'],
  ['timeline'],
  ['actors'],
  ['diff', '--to-set', 'iran_regime_collapse=true'],
  ['validate'],
];

/** harbour-story: business as usual (A) is ruled out once the port is closed. */
const STORY_COMMANDS: string[][] = [
  ['query', ...STORY],
  ['explain', 'A', ...STORY],
  ['show', 'A', ...STORY],
  ...KINDS.map((k) => ['list', k, ...STORY]),
  ['whatif', ...STORY],
  ['watch', ...STORY],
  ['revive', 'A', '--set', 'port_closed=true', ...STORY],
  ['explore', ...STORY],
  ['timeline', ...STORY],
  ['actors', ...STORY],
  ['diff', '--to-set', 'port_closed=true', ...STORY],
  ['validate', 'tests/fixtures/harbour-story'],
];

/** The shipped example of another crisis (examples/varna-dam): the pause is ruled out once the filling begins. */
const EXAMPLE_DIR = 'examples/varna-dam';
const EXAMPLE = ['--model', EXAMPLE_DIR];
const EXAMPLE_COMMANDS: string[][] = [
  ['query', ...EXAMPLE],
  ['query', '--set', 'treaty_signed=false', '--set', 'meridia_sanctions=true', ...EXAMPLE],
  ['explain', 'pause', ...EXAMPLE],
  ['show', 'B', ...EXAMPLE],
  ...KINDS.map((k) => ['list', k, ...EXAMPLE]),
  ['whatif', ...EXAMPLE],
  ['watch', ...EXAMPLE],
  ['revive', 'D', '--set', 'meridia_sanctions=false', ...EXAMPLE],
  ['explore', ...EXAMPLE],
  ['timeline', ...EXAMPLE],
  ['actors', '--sources', ...EXAMPLE],
  ['diff', '--to-set', 'second_incident=true', ...EXAMPLE],
  ['sensitivity', ...EXAMPLE],
  ['validate', EXAMPLE_DIR],
];

// The commands are deterministic: a command line run once at a width serves every check of it.
const runs = new Map<string, ReturnType<typeof runIn>>();

async function expectFits(args: string[], width: number, env: Record<string, string> = {}): Promise<string> {
  const key = JSON.stringify([args, width, env]);
  if (!runs.has(key)) runs.set(key, runIn(args, { env: { COLUMNS: String(width), ...env } }));
  const r = await runs.get(key)!;
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  expect(r.stdout.trim().length).toBeGreaterThan(0);
  const over = r.stdout.split('\n').filter((l) => columns(l) > width);
  expect(over, `${args.join(' ')} at ${width} columns`).toEqual([]);
  return r.stdout;
}

describe.each([60, 80, 120])('at %i columns every table fits', (width) => {
  it.each(SHIPPED_COMMANDS.map((a) => [a.join(' '), a]))('shipped model: %s', async (_, args) => {
    const out = await expectFits(args, width);
    if (args[0] === 'revive') expect(out).not.toMatch(/is not ruled out/);
  });
  it.each(STORY_COMMANDS.map((a) => [a.join(' '), a]))('harbour-story: %s', async (_, args) => {
    const out = await expectFits(args, width);
    if (args[0] === 'revive') expect(out).not.toMatch(/is not ruled out/);
  });
  it.each(EXAMPLE_COMMANDS.map((a) => [a.join(' '), a]))('varna-dam example: %s', async (_, args) => {
    const out = await expectFits(args, width);
    if (args[0] === 'revive') expect(out).not.toMatch(/is not ruled out/);
  });
});

/**
 * Every name a model gives (ids of conditions, scenarios, actors, groups,
 * units, constraints, sources, events, contradictions and their sides) and
 * every named value: a piece of one in the output means it was cut or split.
 */
function namesOf(model: Model): Set<string> {
  const known = new Set<string>();
  for (const c of model.conditions) {
    known.add(c.id);
    for (const v of c.values ?? []) known.add(String(v));
  }
  for (const s of model.scenarios) known.add(s.id);
  for (const a of model.actors) {
    known.add(a.id);
    if (a.group) known.add(a.group);
    if (a.unit) known.add(a.unit);
  }
  for (const u of model.units ?? []) known.add(u.id);
  for (const k of model.constraints) known.add(k.id);
  for (const s of model.sources) {
    known.add(s.id);
    known.add(s.id.replace(/\.[a-z]+$/, ''));
  }
  for (const e of model.events) known.add(e.id);
  for (const c of model.contradictions) {
    known.add(c.id);
    for (const side of c.sides ?? []) known.add(side.id);
  }
  return known;
}

/** What in a command's output shows an id, a value or a word cut: `…` glued to a word, or a piece of an id. */
function cutsIn(text: string, known: ReadonlySet<string>): string[] {
  const plainText = stripVTControlCharacters(text);
  const found = [...plainText.matchAll(/[\p{L}\p{N}_]+…/gu)].map((m) => `cut: ${m[0]}`);
  // Snake-case words are ids: each must be one the model names, whole.
  for (const m of plainText.matchAll(/[A-Za-z0-9]*_[A-Za-z0-9_]*/g)) if (!known.has(m[0])) found.push(`split: ${m[0]}`);
  return [...new Set(found)];
}

describe('at 80 columns no value, id or title is cut, in any command', () => {
  const models: [string, string[][], Model][] = [
    [
      'shipped model',
      [
        ...SHIPPED_COMMANDS,
        ['sensitivity'],
        ['query', '--set', 'us_accepts_government=false'],
        ['query', '--set', 'iran_regime_collapse=true', '--ranges'],
        ['actors', '--sources'],
        ['explain', 'II', '--set', 'iran_regime_collapse=true'],
      ],
      loadDir(SHIPPED),
    ],
    ['varna-dam example', EXAMPLE_COMMANDS, loadDir(join(ROOT, EXAMPLE_DIR))],
  ];
  for (const [name, commands, model] of models) {
    const known = namesOf(model);
    it.each(commands.map((a) => [a.join(' '), a]))(`${name}: %s`, async (_, args) => {
      const out = await expectFits(args, 80);
      expect(cutsIn(out, known)).toEqual([]);
      // Titles wrap whole: each of their words stands unbroken somewhere.
      if (['query', 'diff', 'timeline'].includes(args[0]!) || args[1] === 'scenarios')
        for (const s of model.scenarios) for (const w of s.title.split(/\s+/)) expect(out, `${s.id}: ${w}`).toContain(w);
    });
  }

  it("the reason that rules a scenario out shows the setting with its value (the issue's `us_accepts_government=…`)", async () => {
    const out = await expectFits(['query', '--set', 'us_accepts_government=false'], 80);
    expect(out).toMatch(/needs us_accepts_government ← +│\n.*│ us_accepts_government=false +│/);
    expect(out).not.toContain('…');
  });

  it('the sources\' likelihood words stand under a header: a column when there is room, a labelled line under the title when not', async () => {
    const wide = await expectFits(['query'], 120);
    expect(wide).toMatch(/│ Likelihood \(source\) +│/);
    expect(wide).toMatch(/│ I +│ An Iran-approved compromise +│ open +│ [\d.]+% +│ similar chance +│/);
    const narrow = await expectFits(['query'], 80);
    expect(narrow).toMatch(/│ +│ likelihood:/);
    expect(narrow).toMatch(/^Likelihood \(source\): the sources' own words/m);
    const md = await runIn(['query', '--format', 'markdown']);
    expect(md.stdout).toMatch(/\| Likelihood \|/);
  });

  it('diff names the deadlock and the baseline apart and keeps their change marks', async () => {
    const out = await expectFits(['diff', '--to-set', 'maliki_government_formed=true'], 80);
    expect(out).toMatch(/│ deadlock\* +│/);
    expect(out).toMatch(/│ base\* +│/);
  });

  it('below the width a table needs, each row becomes a block of lines, nothing cut', async () => {
    const out = await expectFits(['list', 'constraints'], 60);
    expect(out).not.toContain('┌');
    expect(out).toMatch(/^deal_needs_talks {2}if iran_us_deal then us_iran_talks$/m);
    expect(out).toMatch(/^ {2}description: Definition: a deal is the talks' conclusion$/m);
    expect(cutsIn(out, namesOf(loadDir(SHIPPED)))).toEqual([]);
  });

  it('--wide lays tables out at their natural width: nothing wrapped or shortened', async () => {
    const r = await runIn(['list', 'constraints', '--wide'], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('…');
    const model = loadDir(SHIPPED);
    const k = model.constraints.find((x) => (x.description ?? '').length > 150)!;
    expect(r.stdout).toContain(k.description!.replace(/\s+/g, ' ').trim());
    const q = await runIn(['query', '--wide'], { env: { COLUMNS: '80' } });
    for (const s of model.scenarios) expect(q.stdout).toContain(`│ ${s.title} `);
  });
});

describe('fitTable (pure)', () => {
  const opts = { chalk: plainChalk, width: 50 };
  const cols = [
    { head: 'id', kind: 'id' as const },
    { head: 'rule', kind: 'text' as const },
    { head: 'note', kind: 'prose' as const },
  ];
  const rows = [['a_long_identifier', 'if x_value then y_value', 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen']];

  it('wraps text whole and shortens prose alone, at a word, saying so', () => {
    const t = fitTable(opts, cols, rows, { proseLines: 2 })!;
    expect(t.shortened).toBe(true);
    for (const l of t.text.split('\n')) expect(visibleWidth(l)).toBeLessThanOrEqual(50);
    expect(t.text).toContain('a_long_identifier');
    expect(t.text).toContain('x_value');
    expect(t.text).toMatch(/\w …/);
  });

  it('gives up (null) when the longest words do not fit; the records then keep every word', () => {
    expect(fitTable({ ...opts, width: 24 }, cols, rows)).toBeNull();
    const r = recordsText(cols, rows, 24);
    expect(r).toContain('a_long_identifier');
    for (const l of r.split('\n')) expect(visibleWidth(l)).toBeLessThanOrEqual(24);
  });

  it('shortenWords drops whole words only', () => {
    expect(shortenWords('one two three four five six', 9, 2)).toEqual(['one two', 'three …']);
    expect(shortenWords('short', 9, 2)).toEqual(['short']);
  });
});

describe('narrow layouts stay readable', () => {
  it('the analysis tables name the baseline "base" and say so, rather than widen every column with its id', async () => {
    for (const args of [['whatif', '--top', '2'], ['watch', '--top', '2'], ['explore']]) {
      const out = await expectFits(args, 80);
      expect(out, args[0]).toMatch(/^base = p0_maliki_government: /m);
      expect(out, args[0]).not.toMatch(/│ p0_maliki_government/);
    }
  });

  it('whatif at 60 columns lists the conditions, ids whole, with the probabilities after each value', async () => {
    const out = await expectFits(['whatif', '--top', '3'], 60);
    expect(out).toMatch(/^1\. new_government_formed: /m);
    expect(out).toMatch(/^ {3}= true \(\d+\.\d%\)$/m);
    expect(out).toMatch(/^ {5}probabilities after: deadlock 0% {2}base 0%$/m);
    expect(out).not.toContain('…');
  });

  it('whatif at 80 columns puts the probabilities under the effect; at 120 in a column of their own', async () => {
    expect(await expectFits(['whatif'], 80)).toMatch(/│ Effect; probabilities after +│/);
    expect(await expectFits(['whatif'], 120)).toMatch(/│ Probabilities after +│/);
  });

  it("explore's pair matrix keeps its counts whole when they fit and shortens them when not", async () => {
    expect(await expectFits(['explore'], 120)).toMatch(/│ III +│ never +│ never +│ 4,718,592 +│ 9,437,184 +│ 51,904,512 +│ never +│ 12,976,128 +│/);
    const narrow = await expectFits(['explore'], 80);
    expect(narrow).toMatch(/│ III +│ never +│ never +│ 4\.7M +│ 9\.4M +│ 52M +│ never +│ 13M +│/);
    expect(narrow).toContain('k thousand, M million');
  });

  it('fits with colour on too (codes take no columns, and a colour broken over lines is closed and reopened)', async () => {
    for (const args of [['whatif', '--top', '3'], ['explain', 'I'], ['watch'], ['revive', 'I', '--set', 'iran_regime_collapse=true']]) {
      const out = await expectFits(args, 60, { FORCE_COLOR: '1' });
      expect(out, args[0]).toContain('\u001b[');
    }
  });

  it('validate wraps its diagnostics on a known width but keeps them one line each in a pipe', async () => {
    const wrapped = await expectFits(['validate'], 60);
    const piped = await runIn(['validate'], { env: { COLUMNS: undefined } });
    expect(piped.code).toBe(0);
    const first = piped.stdout.split('\n')[0]!;
    expect(first).toMatch(/^scenarios\/\S+\.yaml:\d+:\d+: warning: /);
    expect(columns(first)).toBeGreaterThan(60);
    // The same diagnostic, its continuation lines hanging two columns in.
    expect(wrapped.split('\n')[0]).toBe(first.slice(0, wrapped.split('\n')[0]!.length));
    expect(wrapped.split('\n')[1]).toMatch(/^ {2}\S/);
  });
});

describe('fitLines (pure)', () => {
  it('keeps lines that fit exactly, and table lines whatever their width', () => {
    const text = `short  line   with spaces\n┌${'─'.repeat(50)}┐\n`;
    expect(fitLines(text, 30)).toBe(text);
  });

  it('wraps a long line at spaces, continuations hanging under its indent; a bullet continues under its text', () => {
    expect(fitLines('    source a.txt: "one two three four five six"', 30)).toBe('    source a.txt: "one two\n      three four five six"');
    expect(fitLines('• open: not ruled out; not yet triggered by anything', 30)).toBe('• open: not ruled out; not yet\n  triggered by anything');
    expect(fitLines('Ranked by the expected number of worlds', 24, 0)).toBe('Ranked by the expected\nnumber of worlds');
  });

  it('splits a word longer than the line rather than let it pass the width', () => {
    const out = fitLines(`x ${'a'.repeat(50)}`, 30);
    for (const l of out.split('\n')) expect(visibleWidth(l)).toBeLessThanOrEqual(30);
    expect(out.replace(/\s/g, '')).toBe(`x${'a'.repeat(50)}`);
  });

  it('ignores colour codes when measuring, and closes and reopens a colour across a break', () => {
    const chalk = new Chalk({ level: 1 });
    const line = `${chalk.bold('Note:')} ${chalk.dim('one two three four five six seven eight')}`;
    const out = fitLines(line, 24);
    const lines = out.split('\n');
    expect(lines.map((l) => stripVTControlCharacters(l))).toEqual(['Note: one two three four', '  five six seven eight']);
    // Dim is closed at the end of the first line and opened again after the indent of the next.
    expect(lines[0]!.endsWith('\u001b[22m')).toBe(true);
    expect(lines[1]!.startsWith('  \u001b[2m')).toBe(true);
    expect(stripVTControlCharacters(out)).toBe(stripVTControlCharacters(fitLines(stripVTControlCharacters(line), 24)));
  });
});

describe('widths (pure)', () => {
  it('measures as a terminal shows: wide characters two columns, combining marks none, colour codes none', () => {
    expect(visibleWidth('世界')).toBe(4);
    expect(visibleWidth('مُحَمَّد')).toBe(4);
    expect(visibleWidth('😀')).toBe(2);
    expect(visibleWidth('e\u0301')).toBe(1);
    expect(visibleWidth('\u001b[31m世\u001b[39m ok')).toBe(5);
    expect(visibleWidth('┌──┬─┐ – … ← → · █ × Σ −')).toBe(24);
  });

  it('its shortcut for one-column text agrees with the library on every character it covers', () => {
    const ranges = [[0x20, 0x7e], [0xa0, 0x2ff], [0x2010, 0x2027], [0x2030, 0x205e], [0x2190, 0x22ff], [0x2500, 0x259f]] as const;
    for (const [a, b] of ranges)
      for (let c = a; c <= b; c++) {
        const ch = String.fromCodePoint(c);
        expect([c.toString(16), visibleWidth(ch)]).toEqual([c.toString(16), libraryWidth(ch)]);
      }
  });

  it('cuts to columns, not characters, with an ellipsis', () => {
    expect(cut('hello world', 8)).toBe('hello w…');
    expect(cut('世界世界世界', 7)).toBe('世界世…');
    expect(cut('مُحَمَّد بن سلمان', 6)).toBe('مُحَمَّد…');
    expect(cut('short', 10)).toBe('short');
  });
});
