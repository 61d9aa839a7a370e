import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Prompts, SessionOptions } from '../src/interactive/session.js';
import { choose, quit, screen, screenPrompts, setCondition, startSession } from './session-driver.js';
import { compactScenarioTable, packList, renderScreen, screenRows, visibleWidth } from '../src/interactive/screen.js';
import { oneShotCommand, shellQuote } from '../src/interactive/commandline.js';
import { push, redo, startHistory, undo } from '../src/interactive/history.js';
import { evaluate } from '../src/engine/evaluate.js';
import type { Evaluation } from '../src/engine/evaluate.js';
import { is } from '../src/engine/expr.js';
import { boolCond, clause, constraint, model as buildModel, scenario } from './builders.js';
import { BIN, fixture, runCli, runIn } from './helpers.js';

const HARBOUR_DIR = 'tests/fixtures/harbour';
const harbour = fixture('harbour');
const plain = new Chalk({ level: 0 });
const SGR = /\x1b\[[0-9;]*m/;

let prompts: Prompts;
let dir: string;

beforeAll(async () => {
  prompts = await screenPrompts();
  dir = mkdtempSync(join(tmpdir(), 'iraq-interactive-'));
});

/** Starts a session on the harbour fixture. */
function start(opts: Partial<SessionOptions> = {}) {
  return startSession(prompts, { model: harbour, start: {}, chalk: plain, cwd: dir, width: 80, height: 24, modelArg: HARBOUR_DIR, ...opts });
}

describe('interactive session (driven through @inquirer/testing)', () => {
  it('opens on the table, the settings and the menu', async () => {
    const s = start();
    // 20 of the 37 units of weight (docs/probabilities.md works the harbour through).
    expect(s.table()).toContain('A  open        54.1%  Business as usual');
    expect(s.table()).toContain('Set:     nothing (every condition unknown)');
    expect(s.table()).toContain('Derived: none');
    const menu = screen.getScreen();
    for (const a of ['Set a condition', 'Explain a scenario', 'Undo', 'Redo', 'Reset', 'Load', 'Save', 'one-shot command', 'Quit'])
      expect(menu).toContain(a);
    expect(menu).toContain('Undo (nothing to undo)');
    await quit(s);
  });

  it('sets a condition from the searchable list and redraws with what it forces', async () => {
    const s = start();
    await choose('Set a condition');
    // Every condition is listed with its value now and its question.
    expect(screen.getScreen()).toMatch(/weather\s+unknown\s+What is the weather at the harbour\?/);
    screen.type('weather');
    await screen.next();
    expect(screen.getScreen()).not.toContain('union_strike');
    await choose('weather');
    expect(screen.getScreen()).toContain('weather: What is the weather at the harbour?');
    expect(screen.getScreen()).toMatch(/calm[\s\S]*storm[\s\S]*hurricane[\s\S]*unknown \(now\)/);
    await choose('hurricane');
    const t = s.table();
    expect(t).toMatch(/A\s+ruled-out\s+0%\s+Business as usual/);
    // Forced in every world left: certain, not just triggered.
    expect(t).toMatch(/B\s+certain\s+100\.0%\s+Ships diverted north/);
    expect(t).toContain('Set:     weather=hurricane');
    expect(t).toContain('Derived: port_closed=true, ships_diverted=true');
    expect(s.said()).toBe('Set weather=hurricane. A open → ruled-out; B open → certain.');
    // The search list now shows the derived value.
    await choose('Set a condition');
    expect(screen.getScreen()).toMatch(/port_closed\s+true \(derived\)/);
    screen.keypress('escape');
    await screen.next();
    await quit(s);
  });

  it('Tab completes the highlighted condition in the search, which still finds it', async () => {
    const s = start();
    await choose('Set a condition');
    screen.type('strike');
    await screen.next();
    screen.keypress('tab');
    await screen.next();
    expect(screen.getScreen()).toMatch(/\? Set which condition\? \(type to filter\) union_strike\s+unknown\s+Are the dockworkers on strike\?/);
    expect(screen.getScreen()).toMatch(/❯ union_strike/);
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toContain('union_strike: Are the dockworkers on strike?');
    await choose('true');
    expect(s.table()).toContain('Set:     union_strike=true');
    await quit(s);
  });

  it('refuses a contradicting choice, names the conflict and keeps the last consistent state', async () => {
    const s = start();
    await setCondition('government_mediates', 'true');
    expect(s.table()).toMatch(/C\s+certain/);
    await choose('Set a condition');
    screen.type('union');
    await screen.next();
    await choose('union_strike');
    // Already forced false by the mediation, and the list says so.
    expect(screen.getScreen()).toContain('true (contradicts the settings)');
    await choose('true');
    const t = s.table();
    expect(s.said()).toBe(
      'Refused union_strike=true: government_mediates=true and union_strike=true cannot hold together under constraint mediation_ends_strike. The settings are unchanged.',
    );
    expect(t).toContain('Set:     government_mediates=true\n');
    expect(t).toContain('Derived: union_strike=false');
    expect(t).toMatch(/C\s+certain/);
    // The refusal is not a step: one undo goes back to the very start.
    await choose('Undo');
    expect(s.table()).toContain('Set:     nothing');
    await quit(s);
  });

  it('undoes, redoes and resets', async () => {
    const s = start({ start: { settings: new Map([['weather', 'storm']]) } });
    expect(s.table()).toContain('Set:     weather=storm');
    expect(s.table()).toMatch(/B\s+open\s+76\.2%/);
    await setCondition('government_mediates', 'true');
    await setCondition('port_closed', 'true');
    expect(s.table()).toContain('Set:     weather=storm, government_mediates=true, port_closed=true');
    await choose('Undo');
    expect(s.table()).toContain('Set:     weather=storm, government_mediates=true\n');
    expect(s.said()).toBe('Undone. A ruled-out → open; B certain → open.');
    await choose('Undo');
    expect(s.table()).toContain('Set:     weather=storm\n');
    expect(screen.getScreen()).toContain('Undo (nothing to undo)');
    await choose('Redo');
    expect(s.table()).toContain('Set:     weather=storm, government_mediates=true\n');
    await choose('Redo');
    expect(s.table()).toContain('port_closed=true');
    expect(screen.getScreen()).toContain('Redo (nothing to redo)');
    // Reset goes back to the starting settings (from --set), not to nothing; undo reverses it.
    await choose('Reset');
    expect(s.table()).toContain('Set:     weather=storm\n');
    expect(screen.getScreen()).toContain('Reset to the starting settings (already there)');
    await choose('Undo');
    expect(s.table()).toContain('Set:     weather=storm, government_mediates=true, port_closed=true');
    await quit(s);
  });

  it('explains a scenario with its reasons, sources and quotes, then returns to the table', async () => {
    const s = start();
    await setCondition('weather', 'hurricane');
    await choose('Explain a scenario');
    expect(screen.getScreen()).toMatch(/A\s+ruled-out\s+Business as usual/);
    await choose('Ships diverted north');
    const page = s.last();
    expect(page).toContain('Possibility B: Ships diverted north  (diversion)');
    expect(page).toContain('triggered');
    expect(page).toContain('bulletin: "A hurricane warning means the port is closed" (stated)');
    expect(screen.getScreen()).toContain('Back to the table');
    await choose('Back to the table');
    expect(s.last().startsWith(harbour.info.title)).toBe(true);
    await quit(s);
  });

  it('pages a long explanation a screenful at a time', async () => {
    const s = start({ height: 12 });
    await choose('Explain a scenario');
    await choose('Ships diverted north');
    expect(screen.getScreen()).toMatch(/Page 1 of \d/);
    expect(screenRows(s.last(), 80)).toBeLessThanOrEqual(12 - 6);
    await choose('More');
    expect(screen.getScreen()).toMatch(/Page 2 of \d/);
    screen.keypress('escape');
    await screen.next();
    expect(screen.getScreen()).toContain('What next?');
    await quit(s);
  });

  it('saves the settings as a conditions file, asks before overwriting, and loads it back', async () => {
    const s = start();
    const file = join(dir, 'saved.yaml');
    await setCondition('weather', 'storm');
    await setCondition('government_mediates', 'true');
    await choose('Save settings to a file');
    expect(screen.getScreen()).toContain('Save the settings to which file? (conditions.yaml)');
    screen.type('saved.yaml');
    screen.keypress('enter');
    await screen.next();
    expect(s.table()).toContain('Saved 2 settings to saved.yaml. Replay with:\n  iraq-scenarios query --model tests/fixtures/harbour --conditions saved.yaml');
    expect(readFileSync(file, 'utf8')).toContain('\nweather: storm\ngovernment_mediates: true\n');
    // query --conditions accepts the file and gives the same answer.
    const q = await runIn(['query', '--model', HARBOUR_DIR, '--conditions', file, '--json']);
    expect(q.code).toBe(0);
    expect(JSON.parse(q.stdout).settings).toEqual([
      { condition: 'weather', value: 'storm' },
      { condition: 'government_mediates', value: true },
    ]);

    // Saving again over it asks first; No leaves the file as it was.
    await setCondition('weather', 'calm');
    await choose('Save settings to a file');
    expect(screen.getScreen()).toContain('(saved.yaml)');
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toContain('saved.yaml exists. Overwrite it?');
    screen.keypress('enter'); // the default is No
    await screen.next();
    expect(s.table()).toContain('Not saved; saved.yaml is untouched.');
    expect(readFileSync(file, 'utf8')).toContain('weather: storm');

    // Load brings the saved settings back (replacing the present ones).
    await choose('Load settings from a file');
    screen.keypress('enter');
    await screen.next();
    expect(s.table()).toContain('Loaded 2 settings from saved.yaml.');
    expect(s.table()).toContain('Set:     weather=storm, government_mediates=true\n');
    // ... as a step that undo reverses.
    await choose('Undo');
    expect(s.table()).toContain('Set:     weather=calm, government_mediates=true\n');

    // Yes overwrites.
    await choose('Save settings to a file');
    screen.keypress('enter');
    await screen.next();
    screen.type('y');
    screen.keypress('enter');
    await screen.next();
    expect(readFileSync(file, 'utf8')).toContain('weather: calm');
    await quit(s);
  });

  it('a failed save loses nothing and says why', async () => {
    const s = start();
    await setCondition('weather', 'storm');
    await choose('Save settings to a file');
    screen.type('no-such-folder/x.yaml');
    screen.keypress('enter');
    await screen.next();
    expect(s.said()).toBe('Not saved: cannot write no-such-folder/x.yaml (ENOENT). The settings are unchanged; try another name.');
    expect(s.table()).toContain('Set:     weather=storm');
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
    // A folder is not overwritten either.
    mkdirSync(join(dir, 'a-folder'), { recursive: true });
    await choose('Save settings to a file');
    screen.type('a-folder');
    screen.keypress('enter');
    await screen.next();
    expect(s.said()).toBe('Not saved: a-folder is a folder. Name a file; the settings are unchanged.');
    await quit(s);
  });

  it('loading a bad or missing file says why and keeps the settings', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'weather: tornado\nunion_strik: true\n');
    writeFileSync(join(dir, 'clash.yaml'), 'government_mediates: true\nunion_strike: true\n');
    const s = start();
    await setCondition('weather', 'calm');
    await choose('Load settings from a file');
    screen.type('bad.yaml');
    screen.keypress('enter');
    await screen.next();
    expect(s.said()).toBe(
      "Not loaded: bad.yaml:1:10: error: 'weather' takes one of calm, storm, hurricane, or unknown, not 'tornado' " +
        "bad.yaml:2:1: error: unknown condition 'union_strik' (did you mean 'union_strike'?) The settings are unchanged.",
    );
    expect(s.table()).toContain('Set:     weather=calm');
    await choose('Load settings from a file');
    screen.type('missing.yaml');
    screen.keypress('enter');
    await screen.next();
    expect(s.said()).toBe('Not loaded: missing.yaml: cannot read the file (ENOENT: no such file, or a symbolic link to nothing). The settings are unchanged.');
    await choose('Load settings from a file');
    screen.type('clash.yaml');
    screen.keypress('enter');
    await screen.next();
    expect(s.said()).toBe(
      'Refused: government_mediates=true and union_strike=true cannot hold together under constraint mediation_ends_strike. The settings are unchanged.',
    );
    expect(s.table()).toContain('Set:     weather=calm');
    await quit(s);
  });

  it('shows the equivalent one-shot command, which gives the same answer', async () => {
    const s = start();
    await setCondition('weather', 'hurricane');
    await setCondition('government_mediates', 'true');
    await choose('one-shot command');
    const line = 'iraq-scenarios query --model tests/fixtures/harbour --set weather=hurricane --set government_mediates=true';
    expect(s.table()).toContain(`The same settings as one command:\n  ${line}\n`);
    const r = await runIn(line.split(' ').slice(1).concat('--json'));
    expect(r.code).toBe(0);
    const statuses = JSON.parse(r.stdout).scenarios.map((x: { status: string }) => x.status);
    expect(statuses).toEqual(['ruled-out', 'certain', 'certain']);
    await quit(s);
  });

  it('Esc backs out of the current prompt to the menu without changing anything', async () => {
    const s = start();
    await setCondition('weather', 'storm');
    await choose('Set a condition');
    screen.type('port');
    await screen.next();
    await choose('port_closed');
    expect(screen.getScreen()).toContain('port_closed: Is the port closed?');
    screen.keypress('escape');
    await screen.next();
    expect(screen.getScreen()).toContain('What next?');
    expect(s.table()).toContain('Set:     weather=storm\n');
    await choose('Save settings');
    screen.keypress('escape');
    await screen.next();
    expect(screen.getScreen()).toContain('What next?');
    expect(existsSync(join(dir, 'conditions.yaml'))).toBe(false);
    // Esc on the menu itself just redraws it.
    screen.keypress('escape');
    await screen.next();
    expect(screen.getScreen()).toContain('What next?');
    await quit(s);
  });

  it('Ctrl-C ends the session from the menu', async () => {
    const s = start();
    screen.keypress({ name: 'c', ctrl: true });
    await expect(s.done).resolves.toBe('interrupted');
  });

  it('Ctrl-C ends the session from inside a question too', async () => {
    const s = start();
    await choose('Set a condition');
    screen.type('weather');
    await screen.next();
    await choose('weather');
    screen.keypress({ name: 'c', ctrl: true });
    await expect(s.done).resolves.toBe('interrupted');
  });

  it('draws nothing in colour when colour is off, and colours when it is on', async () => {
    const off = start();
    await setCondition('weather', 'hurricane');
    expect(off.frames.join('')).not.toMatch(SGR);
    expect(screen.getScreen({ raw: true })).not.toMatch(SGR);
    await quit(off);
    const on = start({ chalk: new Chalk({ level: 1 }) });
    expect(on.frames.join('')).toMatch(SGR);
    expect(screen.getScreen({ raw: true })).toMatch(SGR);
    await quit(on);
  });
});

describe('session screen (pure)', () => {
  const ok = (ev: Evaluation) => {
    if (!ev.ok) throw new Error(ev.conflict.text);
    return ev;
  };

  it('fits 80x24 with long titles, many settings and many derived conditions', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `a_rather_long_condition_name_${i}`);
    const m = buildModel({
      conditions: ids.map(boolCond),
      constraints: ids.slice(15).map((id, i) => constraint(`k${i}`, 'implies', is(ids[i]!), is(id))),
      scenarios: ['I', 'II', 'III', 'IV', 'V', null].map((n, i) =>
        scenario(`s${i}`, {
          numeral: n,
          title: `A very long scenario title number ${i} that goes on and on well past any column width`,
          requires: [clause(is(ids[i]!))],
        }),
      ),
    });
    const ev = ok(evaluate(m, new Map(ids.slice(0, 15).map((id) => [id, true]))));
    const text = renderScreen(m, { ev, message: 'x '.repeat(30) }, { chalk: plain, width: 80 });
    const lines = text.trimEnd().split('\n');
    for (const l of lines) expect(visibleWidth(l)).toBeLessThan(80);
    // Title + header + 6 scenarios + blank + 2 set + 2 derived + message: room left for the menu.
    expect(lines.length).toBeLessThanOrEqual(14);
    // Titles are prose, cut to their column; the reasons keep the room for their ids.
    expect(text).toMatch(/A very long sc\S*…/);
    expect(text).toMatch(/… \+\d+ more\n/);
    expect(text).not.toMatch(SGR);
  });

  it('cuts cleanly in narrow terminals and colours status when asked', () => {
    const ev = ok(evaluate(harbour, new Map([['weather', 'hurricane']])));
    const narrow = compactScenarioTable(ev.scenarios, { chalk: plain, width: 60 });
    for (const l of narrow) expect(l.length).toBeLessThan(60);
    const coloured = compactScenarioTable(ev.scenarios, { chalk: new Chalk({ level: 1 }), width: 80 });
    expect(coloured.join('\n')).toMatch(SGR);
    // Colour codes do not shift the columns.
    const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
    expect(coloured.map(strip)).toEqual(compactScenarioTable(ev.scenarios, { chalk: plain, width: 80 }));
  });

  it('packs a list into lines and counts what does not fit', () => {
    const items = Array.from({ length: 20 }, (_, i) => `cond_${i}=true`);
    const lines = packList('Set: ', items, 40, 2, plain);
    expect(lines).toHaveLength(2);
    expect(lines[0]!.startsWith('Set: cond_0=true, cond_1=true')).toBe(true);
    expect(lines[1]).toMatch(/^ {5}cond_\d+=true, .*… \+\d+ more$/);
    const shown = lines.join(' ').match(/cond_\d+=true/g)!.length;
    expect(lines[1]).toContain(`+${20 - shown} more`);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
    expect(packList('Set: ', ['a=true'], 40, 2, plain)).toEqual(['Set: a=true']);
  });
});

describe('one-shot command line and history (pure)', () => {
  it('quotes only what a shell needs quoted', () => {
    expect(shellQuote('weather=storm')).toBe('weather=storm');
    expect(shellQuote('my models/harbour')).toBe("'my models/harbour'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('$(rm -rf x)')).toBe("'$(rm -rf x)'");
  });

  it('lists settings in the model order, with --model only for a model folder', () => {
    const s = { settings: new Map<string, string | boolean>([['government_mediates', true], ['weather', 'storm']]) };
    expect(oneShotCommand(harbour, s)).toBe('iraq-scenarios query --set weather=storm --set government_mediates=true');
    expect(oneShotCommand(harbour, s, 'my model')).toBe(
      "iraq-scenarios query --model 'my model' --set weather=storm --set government_mediates=true",
    );
    expect(oneShotCommand(harbour, {})).toBe('iraq-scenarios query');
    // The date, your own probabilities and observations come along.
    const q = {
      asOf: '2026-03-01',
      settings: new Map([['weather', 'storm']]),
      probabilities: new Map([['government_mediates', new Map<string | boolean, number>([[true, 0.7], [false, 0.3]])]]),
      observations: [{ condition: 'union_strike', value: true, date: '2026-02-20' }],
    };
    expect(oneShotCommand(harbour, q)).toBe(
      'iraq-scenarios query --as-of 2026-03-01 --set weather=storm --set government_mediates=0.7 --observe union_strike=true@2026-02-20',
    );
  });

  it('undo and redo walk the history; a new step clears redo; an identical state is no step', () => {
    const a = { settings: new Map([['x', true]]) };
    const b = { settings: new Map([['x', false]]) };
    let h = push(startHistory({}), a);
    h = push(h, b);
    expect(push(h, { settings: new Map(b.settings) })).toBe(h);
    // A probability or a date is a different question.
    expect(push(h, { ...b, asOf: '2026-01-01' })).not.toBe(h);
    expect(push(h, { ...b, probabilities: new Map([['y', new Map([[true, 0.5], [false, 0.5]])]]) })).not.toBe(h);
    const u = undo(h)!;
    expect(u.present).toBe(a);
    expect(redo(u)!.present).toBe(b);
    const branched = push(u, { settings: new Map([['y', true]]) });
    expect(branched.future).toEqual([]);
    expect(undo(startHistory({}))).toBeNull();
    expect(redo(h)).toBeNull();
  });
});

describe('interactive without a terminal (built command)', () => {
  it('fails at once with one line naming query --set, nothing on stdout, exit 64', async () => {
    for (const args of [['interactive'], [], ['interactive', '--model', HARBOUR_DIR, '--set', 'weather=storm']]) {
      // In-process (streams that are not terminals), and the default command as a real process too.
      for (const r of [await runIn(args), ...(args.length === 0 ? [runCli(args)] : [])]) {
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(64);
        expect(r.stdout).toBe('');
        expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(r.stderr).toContain('query --set');
      }
    }
    expect(BIN).toMatch(/iraq-scenarios\.js$/);
  });
});
