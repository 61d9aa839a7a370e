import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Chalk } from 'chalk';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Prompts, SessionOptions } from '../src/interactive/session.js';
import { completeLine, parseLine, readScenario, readSetting } from '../src/interactive/command.js';
import { KeyFeed } from '../src/interactive/keys.js';
import { choose, quit, screen, screenPrompts, startSession } from './session-driver.js';
import { fixture, loadDir, SHIPPED } from './helpers.js';

// The session's command line, driven on @inquirer/testing's virtual screen:
// lines typed at "What next?", Tab, the history, and what each command does.
const harbour = fixture('harbour');
const shipped = loadDir(SHIPPED);
const plain = new Chalk({ level: 0 });

let prompts: Prompts;
let dir: string;

beforeAll(async () => {
  prompts = await screenPrompts();
  dir = mkdtempSync(join(tmpdir(), 'iraq-cmdline-'));
});

function start(opts: Partial<SessionOptions> = {}) {
  return startSession(prompts, { model: harbour, start: {}, chalk: plain, cwd: dir, width: 80, height: 24, modelArg: 'tests/fixtures/harbour', ...opts });
}

/** Types a line at the prompt and runs it. */
async function run(line: string): Promise<void> {
  screen.type(line);
  screen.keypress('enter');
  await screen.next();
}

describe('the command line (pure)', () => {
  it('reads ID=VALUE words, abbreviations where only one id or value begins so', () => {
    expect(readSetting(shipped, 'ea=f')).toEqual({ change: { condition: 'early_elections_called', kind: 'value', value: false } });
    expect(readSetting(shipped, 'iran_regime_state=coll')).toEqual({ change: { condition: 'iran_regime_state', kind: 'value', value: 'collapsed' } });
    expect(readSetting(shipped, 'sadrist_intervention=0.7')).toMatchObject({ change: { kind: 'probability' } });
    expect(readSetting(shipped, 'ku=?')).toEqual({ change: { condition: 'kurds_back_government', kind: 'unknown' } });
    expect(readSetting(shipped, 'ma=t')).toEqual({ error: expect.stringContaining("'ma' could be maliki_resigns, maliki_forced_out or maliki_government_formed") });
    expect(readSetting(shipped, 'nosuch=t')).toEqual({ error: expect.stringContaining("unknown condition 'nosuch'") });
  });

  it('names scenarios by numeral, short name or id, any case', () => {
    expect(readScenario(shipped, 'base')).toMatchObject({ scenario: { id: 'p0_maliki_government' } });
    expect(readScenario(shipped, 'dead')).toMatchObject({ scenario: { id: 'deadlock_caretaker_sudani' } });
    expect(readScenario(shipped, 'iv')).toMatchObject({ scenario: { numeral: 'IV' } });
    expect(readScenario(shipped, 'p3')).toMatchObject({ scenario: { numeral: 'III' } });
    expect(readScenario(shipped, 'x')).toMatchObject({ error: expect.stringContaining('unknown scenario') });
  });

  it('parses a line: ID=VALUE words are set, a command word its command, else a clear error', () => {
    expect(parseLine(shipped, 'ea=f ku=t')).toMatchObject({ command: { name: 'set' }, words: ['ea=f', 'ku=t'] });
    expect(parseLine(shipped, ':why V')).toMatchObject({ command: { name: 'why' }, words: ['V'] });
    expect(parseLine(shipped, '?')).toMatchObject({ command: { name: 'help' } });
    expect(parseLine(shipped, 'sadrist_intervention')).toMatchObject({ command: { name: 'set' }, words: ['sadrist_intervention'] });
    expect(parseLine(shipped, 'expla I')).toMatchObject({ command: { name: 'explain' } });
    expect(parseLine(shipped, 'expl')).toEqual({ error: "'expl' could be explain or explore" });
    expect(parseLine(shipped, 'ex')).toEqual({ error: "'ex' could be explain, explore or exit" });
    expect(parseLine(shipped, 'frobnicate')).toMatchObject({ error: expect.stringContaining('not a command') });
  });

  it('completes commands, condition ids (then =), values (then a space) and scenario names', () => {
    expect(completeLine(shipped, 'set sadrist_i')).toEqual({ text: 'set sadrist_intervention=', candidates: [] });
    expect(completeLine(shipped, 'sadrist_intervention=t')).toEqual({ text: 'sadrist_intervention=true ', candidates: [] });
    expect(completeLine(shipped, 'ea')).toEqual({ text: 'early_elections_called=', candidates: [] });
    expect(completeLine(shipped, 'iran_regime_state=')).toEqual({ text: 'iran_regime_state=', candidates: ['stable', 'survives_few_losses', 'deteriorating', 'collapsed', 'unknown'] });
    const sadr = completeLine(shipped, 'set sadr');
    expect(sadr.text).toBe('set sadrist');
    expect(sadr.candidates).toEqual(['sadrist_intervention', 'sadrists_run']);
    expect(completeLine(shipped, 'wa')).toEqual({ text: 'wa', candidates: ['watch', 'war_aims_regime_change'] });
    expect(completeLine(shipped, 'explain ba').text).toBe('explain base ');
    expect(completeLine(shipped, 'why i').candidates).toEqual(['I', 'II', 'III', 'IV']);
    expect(completeLine(shipped, 'asof la').text).toBe('asof latest ');
    expect(completeLine(shipped, 'observe maliki_resigns=').candidates).toEqual(['true', 'false']);
    expect(completeLine(shipped, 'undo x')).toEqual({ text: 'undo x', candidates: [] });
  });
});

describe('the command line in a session', () => {
  it('sets several conditions in one step from one line; undo takes the step back whole', async () => {
    const s = start();
    await run('weather=hur government_mediates=f');
    expect(s.table()).toContain('Set:     weather=hurricane, government_mediates=false');
    expect(s.said()).toBe('Set weather=hurricane, government_mediates=false. A open → ruled-out; B open → certain; C open → ruled-out.');
    // The scenario the step ruled out first: its whole reason under the table.
    expect(s.table()).toContain('↳ A ruled-out: by port_closed ← weather=hurricane');
    await run('undo');
    expect(s.table()).toContain('Set:     nothing');
    await quit(s);
  });

  it('Tab completes on the line; ↑ ↓ walk the history, filtered by what is typed', async () => {
    const s = start();
    screen.type('wea');
    screen.keypress('tab');
    expect(screen.getScreen()).toContain('What next? weather=');
    screen.keypress('tab');
    expect(screen.getScreen()).toMatch(/calm\s+storm\s+hurricane\s+unknown/);
    screen.type('s');
    screen.keypress('tab');
    expect(screen.getScreen()).toContain('What next? weather=storm');
    expect(screen.getScreen()).toContain('⏎ sets weather=storm');
    screen.keypress('enter');
    await screen.next();
    expect(s.table()).toContain('Set:     weather=storm');
    await run('why C');
    expect(s.said()).toMatch(/^Why C is open: /);
    // The line keeps the keys after a command: ↑ brings back the last line, then the one before.
    screen.keypress('up');
    expect(screen.getScreen()).toContain('What next? why C');
    screen.keypress('up');
    expect(screen.getScreen()).toContain('What next? weather=storm');
    screen.keypress('down');
    expect(screen.getScreen()).toContain('What next? why C');
    // Esc clears the line and gives the keys back to the menu.
    screen.keypress('escape');
    expect(screen.getScreen()).toContain('❯ 1. Set a condition');
    // What is typed picks the history entries that begin so.
    screen.type('we');
    screen.keypress('up');
    expect(screen.getScreen()).toContain('What next? weather=storm');
    screen.keypress('escape');
    await quit(s);
  });

  it('a line that cannot be read changes nothing and says why', async () => {
    const s = start();
    await run('weather=tornado');
    expect(s.said()).toBe("weather=tornado: 'weather' takes one of calm, storm, hurricane, or unknown, not 'tornado'. Nothing changed.");
    await run('frobnicate');
    expect(s.said()).toBe("frobnicate: 'frobnicate' is not a command or a condition; ? lists the commands. Nothing changed.");
    // A contradiction is refused as from the menu.
    await run('government_mediates=t union_strike=t');
    expect(s.said()).toContain('Refused government_mediates=true, union_strike=true:');
    expect(s.table()).toContain('Set:     nothing');
    await quit(s);
  });

  it('why, explain, observe, asof, save, load, command and ? do what the menu does', async () => {
    const s = start();
    await run('weather=hurricane');
    await run('why');
    expect(s.said()).toBe('Why A is ruled out: by port_closed [set: weather=hurricane; via hurricane_closes]. (explain A gives the sources and the numbers.)');
    await run('explain B');
    expect(s.last()).toContain('Possibility B: Ships diverted north');
    await choose('Back to the table');
    await run('observe union_strike=t@2026-01-01');
    expect(s.said()).toMatch(/^Observed union_strike=true@2026-01-01\./);
    await run('save cl.yaml');
    expect(readFileSync(join(dir, 'cl.yaml'), 'utf8')).toContain('weather: hurricane');
    await run('unset weather');
    expect(s.table()).not.toContain('Set:     weather=hurricane');
    await run('load cl.yaml');
    expect(s.table()).toContain('Set:     weather=hurricane');
    await run('asof 2026-01-01');
    expect(s.said()).toMatch(/^Now asked as of 2026-01-01; undo returns\./);
    await run('undo');
    await run('command');
    expect(s.said()).toContain('iraq-scenarios query --model tests/fixtures/harbour');
    await run('?');
    expect(s.last()).toContain('why [SCENARIO]');
    await choose('Back to the table');
    // quit (or q) ends the session: nothing is drawn after it.
    screen.type('quit');
    screen.keypress('enter');
    await expect(s.done).resolves.toBe('quit');
  });

  it('a resize draws the table again at once, at the new width, with the line kept', async () => {
    const s = start();
    screen.type('weather=st');
    const before = s.frames.length;
    s.resize(120, 40);
    await screen.next();
    expect(s.frames.length).toBeGreaterThan(before);
    // The table is drawn at 120 columns: the reasons have their whole width.
    expect(s.table()).toContain('Deciding reason');
    expect(screen.getScreen()).toContain('What next? weather=st');
    screen.keypress('enter');
    await screen.next();
    expect(s.table()).toContain('Set:     weather=storm');
    await quit(s);
  });
});

describe('keys typed ahead (KeyFeed)', () => {
  /** A fake terminal: keys are written as bytes, raw mode is recorded. */
  function fakeTty() {
    const tty = new PassThrough() as PassThrough & { isTTY: boolean; isRaw: boolean; setRawMode: (m: boolean) => void };
    tty.isTTY = true;
    tty.isRaw = false;
    tty.setRawMode = (m) => {
      tty.isRaw = m;
    };
    return tty;
  }

  it('queues keys while no prompt listens and gives them to the next, one prompt at a time', async () => {
    const tty = fakeTty();
    const feed = new KeyFeed(tty);
    expect(tty.isRaw).toBe(true);
    const got: string[][] = [[], []];
    let which = 0;
    feed.input.on('keypress', (s: string, key: { name?: string }) => {
      got[which]!.push(key?.name ?? s);
      // Enter ends the first "prompt": the feed must stop until the next one listens.
      if (key?.name === 'return' && which === 0) feed.close();
    });
    // A burst typed before any prompt is ready.
    tty.write('ab\rcd');
    await new Promise((r) => setTimeout(r, 20));
    expect(feed.pending).toBe(5);
    feed.listen();
    await new Promise((r) => setTimeout(r, 20));
    expect(got[0]).toEqual(['a', 'b', 'return']);
    expect(feed.pending).toBe(2);
    which = 1;
    feed.listen();
    await new Promise((r) => setTimeout(r, 20));
    expect(got[1]).toEqual(['c', 'd']);
    feed.dispose();
    expect(tty.isRaw).toBe(false);
  });
});
