import { Chalk } from 'chalk';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Prompts } from '../src/interactive/session.js';
import type { RunOptions } from '../src/interactive/run.js';
import { choose, quit, screen, screenPrompts, setCondition, startSession } from './session-driver.js';
import { ACTIONS, viewAction, viewsMenu } from '../src/interactive/actions.js';
import type { Action } from '../src/interactive/actions.js';
import { exploreView, fitStep, fitted } from '../src/interactive/views.js';
import { screenRows, visibleWidth } from '../src/interactive/screen.js';
import { fixture, loadDir, SHIPPED } from './helpers.js';

// Whole sessions through the Views… menu, on the harbour-story fixture (dated
// events and actors, answers worked out by hand below) and the shipped model.
const STORY_DIR = 'tests/fixtures/harbour-story';
const story = fixture('harbour-story');
const harbour = fixture('harbour');
const plain = new Chalk({ level: 0 });
const SGR = /\x1b\[[0-9;]*m/;

let prompts: Prompts;

beforeAll(async () => {
  prompts = await screenPrompts();
});

/** Starts a session (harbour-story unless told). */
function start(opts: Partial<RunOptions> = {}) {
  return startSession(prompts, { model: story, start: {}, chalk: plain, cwd: process.cwd(), width: 80, height: 24, modelArg: STORY_DIR, ...opts });
}

/** Opens one view from the Views… menu. */
async function view(name: string): Promise<void> {
  await choose('Views…');
  expect(screen.getScreen()).toContain('Which view?');
  await choose(name);
}

/** Opens a view that only leaves a message, and waits for the menu under it. */
async function viewSays(name: string): Promise<void> {
  await view(name);
  while (!screen.getScreen().includes('What next?')) await screen.next();
}

/**
 * Every page of the pager (More until the end), each checked to fit the
 * terminal with the pager's prompt under it; then `end` is chosen (by
 * default back to where the view was opened from).
 */
async function readPages(s: { last: () => string }, end = 'Back to the table'): Promise<string[]> {
  const pages: string[] = [];
  for (;;) {
    pages.push(s.last());
    expectFits(s.last());
    if (!screen.getScreen().includes('More (page')) break;
    await choose('More (page');
  }
  await choose(end);
  return pages;
}

/** What the session drew fits the terminal with the prompt on screen under it: no line reaches the last column, nothing scrolls. */
function expectFits(drawn: string, width = 80, height = 24): void {
  for (const line of drawn.trimEnd().split('\n')) expect(visibleWidth(line), line).toBeLessThan(width);
  expect(screenRows(drawn, width) + screenRows(screen.getScreen(), width)).toBeLessThanOrEqual(height);
}

const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('the Views… menu', () => {
  it('lists every view in one submenu entry; Esc and "Back to the table" return to the menu', async () => {
    const s = start();
    const menu = screen.getScreen();
    expect(menu).toContain('3. Views… (whatif, watch, revive, explore, timeline, actors, diff)');
    expect(menu).toContain('Quit');
    await choose('Views…');
    const views = screen.getScreen();
    for (const v of [
      'What if…',
      'What to watch next',
      'Revive a ruled-out possibility',
      'Explore all worlds',
      'Step through the timeline',
      'Actors',
      'Diff against the start',
      'Back to the table',
    ])
      expect(views).toContain(v);
    screen.keypress('escape');
    await screen.next();
    expect(screen.getScreen()).toContain('What next?');
    await choose('Views…');
    await choose('Back to the table');
    expect(screen.getScreen()).toContain('What next?');
    // The table is still drawn above the submenu.
    expect(s.table()).toMatch(/A\s+open\s+54\.1%\s+Business as usual/);
    await quit(s);
  });

  it('says how to reach the end of the menu when it does not fit, and q still reaches Quit', async () => {
    const s = start({ height: 16 });
    // 8 rows of table and settings leave 16 - 8 - 4 = 4 entries of 10 on screen.
    expect(screen.getScreen()).toContain('What next? (↓ shows 6 more; q ⏎ quits)');
    expect(screen.getScreen()).not.toContain('Quit\n');
    await choose('Views…');
    expect(screen.getScreen()).toContain('Which view? (↓ shows 4 more)');
    screen.keypress('escape');
    await screen.next();
    await quit(s);
  });

  it('the menu of the shipped model at 80x24 shows the views entry and the hint', async () => {
    const shipped = loadDir(SHIPPED);
    const s = start({ model: shipped, modelArg: undefined });
    const menu = screen.getScreen();
    expect(menu).toContain('Views… (whatif, watch, revive, explore, timeline, actors, diff)');
    expect(menu).toMatch(/What next\? \(↓ shows \d+ more; q ⏎ quits\)/);
    await quit(s);
  });

  it('opens the last view chosen first next time', async () => {
    const s = start();
    await view('Diff against the start');
    await choose('Back to the table');
    await choose('Views…');
    expect(screen.getScreen()).toContain('❯ Diff against the start');
    screen.keypress('escape');
    await screen.next();
    await quit(s);
  });
});

describe('analysis views', () => {
  it('What if…: each value of each unset condition, what it rules out and why', async () => {
    const s = start();
    await view('What if…');
    const page = (await readPages(s)).join('\n');
    // By hand: union_strike=true rules out A (its rule-out) and C (C needs government_mediates, which
    // mediation_ends_strike forbids with a strike); ships_diverted=false rules out B (B needs it).
    expect(page).toMatch(/union_strike\s+│ rules out A: by union_strike/);
    // With a strike, the worlds left are 9 of the 37 units (docs/probabilities.md): B in 7.
    expect(page).toMatch(/= true\s+│ rules out C: needs\s+│ B 77\.8%/);
    expect(page).toMatch(/│ government_mediates, via\s+│ C 0%/);
    expect(page).toMatch(/ships_diverted\s+│ rules out B: needs ships_diverted/);
    expect(page).toContain('Settings: none (every condition unknown)');
    expect(s.table()).toContain('Set:     nothing');
    await quit(s);
  });

  it('What if… under the present settings: set and forced conditions are not asked about', async () => {
    const s = start();
    await setCondition('government_mediates', 'true');
    await view('What if…');
    const page = (await readPages(s)).join('\n');
    // government_mediates is set, union_strike forced false: neither is asked about.
    expect(page).not.toMatch(/│ \d+\s+│ government_mediates/);
    expect(page).toContain('Settings: government_mediates=true');
    expect(page).not.toMatch(/│\s+│ union_strike\s+│/);
    expect(page).toMatch(/│ 1\s+│ port_closed\s+│/);
    expect(page).toMatch(/│ 2\s+│ ships_diverted\s+│/);
    await quit(s);
  });

  it('What to watch next: conditions ranked by expected information, with signposts', async () => {
    const s = start();
    await view('What to watch next');
    const page = (await readPages(s)).join('\n');
    // Whether the government mediates decides C outright and moves A and B.
    expect(page).toMatch(/│ 1\s+│ government_mediates\s+│ 1\.012 bits/);
    expect(page).toMatch(/│ 2\s+│ ships_diverted\s+│ 0\.919 bits/);
    expect(page).toMatch(/Uncertainty now: \d\.\d{3} bits/);
    expect(page).toContain('Signposts');
    await quit(s);
  });

  it('Revive: says when nothing is ruled out; otherwise offers the ruled-out ones and shows the smallest changes', async () => {
    const s = start();
    await viewSays('Revive a ruled-out possibility');
    expect(s.said()).toBe('Nothing is ruled out under the present settings: there is nothing to revive.');
    await setCondition('weather', 'hurricane');
    await view('Revive a ruled-out possibility');
    const list = screen.getScreen();
    expect(list).toContain('Revive which ruled-out possibility?');
    // Only A is ruled out by the hurricane (it closes the port).
    expect(list).toMatch(/A\s+Business as usual/);
    expect(list).not.toContain('Ships diverted north');
    await choose('Business as usual');
    const page = (await readPages(s)).join('\n');
    expect(flat(page)).toContain('A Business as usual (business_as_usual) is ruled out by port_closed [set: weather=hurricane; via hurricane_closes].');
    // Back to all 37 units: 20/37; the storm worlds: 12/21.
    expect(page).toMatch(/drop weather=hurricane\s+│ open 54\.1%/);
    expect(page).toMatch(/weather: hurricane → storm\s+│ open 57\.1%/);
    // Esc on the list of scenarios backs out.
    await view('Revive a ruled-out possibility');
    screen.keypress('escape');
    await screen.next();
    expect(screen.getScreen()).toContain('What next?');
    await quit(s);
  });

  it('Explore all worlds: counts the worlds, where each scenario holds, and the gaps', async () => {
    const s = start();
    await view('Explore all worlds');
    const page = (await readPages(s)).join('\n');
    // By hand (see tests on harbour-story's explore): 21 worlds; A holds in 8, B in 15, C in 7.
    expect(page).toContain('21 world(s) are consistent with the constraints and settings');
    expect(page).toMatch(/│ B\s+│ Ships diverted north\s+│ 15\s+│ 71\.4%/);
    expect(page).toContain('union_strike=true, ships_diverted=false');
    await quit(s);
  });

  it('Explore all worlds: a refusal beyond its bound is a message with the command that goes further', async () => {
    const quitAction: Action = { name: 'Quit', value: 'quit', run: () => 'quit' };
    const actions = [viewsMenu([viewAction('Explore all worlds', 'explore', exploreView(3))]), quitAction];
    const s = start({ actions, start: { settings: new Map([['weather', 'storm']]) } });
    await viewSays('Explore all worlds');
    expect(s.said()).toBe(
      'Explore all worlds: refused: exploring the worlds needs more than 3 search steps; set more conditions to narrow the worlds. ' +
        'With a higher bound, as one command: iraq-scenarios explore --model tests/fixtures/harbour-story --set weather=storm --max-steps N',
    );
    // The command line is kept whole for copying.
    expect(s.table()).toContain('\n  iraq-scenarios explore --model tests/fixtures/harbour-story --set weather=storm --max-steps N\n');
    expect(s.table()).toContain('Set:     weather=storm');
    await quit(s);
  });
});

describe('story views', () => {
  it('Step through the timeline: event by event, with dates, what each sets and how the scenarios moved', async () => {
    const s = start();
    await view('Step through the timeline');
    expect(s.last()).toContain('Start: before any event (4 events follow)');
    expect(screen.getScreen()).toContain('The story before any event');
    await choose('Next event (1 of 4)');
    let step = s.last();
    expect(step).toContain('Event 1 of 4, 2026-03-01: A storm is forecast');
    expect(step).toContain('observes: weather=storm');
    expect(step).toContain('bulletin: "1 March: a storm is forecast" (stated)');
    // The storm worlds (tests/story.test.ts): A 12/21 after 20/37, B 16/21 after 27/37.
    expect(step).toMatch(/A\s+open\s+57\.1% \(\+3\.1 pts\)/);
    expect(step).toMatch(/B\s+open\s+76\.2% \(\+3\.2 pts\)/);
    // Next stays the default, so Enter walks on.
    screen.keypress('enter');
    await screen.next();
    step = s.last();
    expect(step).toContain('Event 2 of 4, 2026-03-02 (inferred): The union votes to strike');
    expect(step).toMatch(/A\s+ruled-out \(was open\)/);
    expect(step).toMatch(/C\s+ruled-out \(was open\)/);
    expect(step).toMatch(/B\s+open\s+80\.0% \(\+3\.8 pts\)/);
    await choose('Previous event');
    expect(s.last()).toContain('Event 1 of 4, 2026-03-01: A storm is forecast');
    await choose('Next event');
    await choose("Ask as of this event's day, 2026-03-02 (inferred)");
    // The events up to that day are facts in a model without a clock: the storm and the strike are established.
    expect(s.table()).toContain('Set:     nothing');
    expect(s.table()).toContain('As of 2026-03-02: weather=storm, union_strike=true');
    expect(s.table()).toMatch(/B\s+open\s+80\.0%/);
    expect(s.said()).toBe('Now asked as of 2026-03-02, the day of event 2; undo returns. A open → ruled-out; C open → ruled-out.');
    // Back in, the stepper starts where the session is; the last event's day can be asked about too.
    await view('Step through the timeline');
    expect(s.last()).toContain('Event 2 of 4');
    await choose('Next event (3 of 4)');
    expect(s.last()).toContain('Event 3 of 4, 2026-03-03 (undated): A hurricane warning is issued');
    await choose('Next event (4 of 4)');
    expect(s.last()).toContain('observes: government_mediates=true, union_strike=false');
    expect(screen.getScreen()).not.toContain('Next event');
    // At the end of the story Enter no longer walks on: it offers the way back.
    expect(screen.getScreen()).toContain('❯ Back to the table');
    await choose("Ask as of this event's day, 2026-03-04");
    expect(flat(s.table())).toContain('As of 2026-03-04: weather=hurricane, union_strike=false, government_mediates=true');
    expect(s.said()).toBe('Now asked as of 2026-03-04, the day of event 4; undo returns. B open → certain; C ruled-out → certain.');
    // Both are one step each that undo reverses.
    await choose('Undo');
    expect(s.table()).toContain('As of 2026-03-02: weather=storm, union_strike=true');
    await choose('Undo');
    expect(s.table()).toContain('Set:     nothing');
    expect(s.table()).not.toContain('As of');
    await quit(s);
  });

  it('Step through the timeline: the whole grid, Esc back to the menu, and resuming where it was left', async () => {
    const s = start();
    await view('Step through the timeline');
    await choose('Next event');
    await choose('Show the whole timeline as a grid');
    const grid = (await readPages(s)).join('\n');
    expect(grid).toMatch(/^A\s+O 54%\s+O 57%\s+X\*\s+X\s+X$/m);
    expect(grid).toMatch(/^C\s+O 38%\s+O 38%\s+X\*\s+X\s+C100%\*$/m);
    expect(grid).toContain('C certain');
    expect(grid).toContain('#3 2026-03-03? A hurricane warning is issued');
    // The grid returns to the stepper, Esc from there to the menu.
    expect(screen.getScreen()).toContain('Event 1 of 4');
    screen.keypress('escape');
    await screen.next();
    expect(screen.getScreen()).toContain('What next?');
    expect(s.table()).toContain('Set:     nothing');
    // Stepping resumes where it was left.
    await view('Step through the timeline');
    expect(s.last()).toContain('Event 1 of 4, 2026-03-01: A storm is forecast');
    screen.keypress('escape');
    await screen.next();
    await quit(s);
  });

  it('a model without events or actors says so', async () => {
    const s = start({ model: { ...harbour, events: [], actors: [] }, modelArg: 'tests/fixtures/harbour' });
    await viewSays('Step through the timeline');
    expect(s.said()).toBe("This model has no dated events (a model file with 'kind: events' adds them).");
    await viewSays('Actors');
    expect(s.said()).toBe("This model has no actors (a model file with 'kind: actors' adds them).");
    await quit(s);
  });

  it('Actors: the stance matrix under the present settings, then the sources of every stance', async () => {
    const s = start();
    await view('Actors');
    let page = (await readPages(s)).join('\n');
    // Nothing set: the union's conditional stance on C is still open.
    expect(page).toMatch(/Dockworkers' union\s+6\s+opp\s+\?\s+cond/);
    expect(page).toMatch(/Shipping lines\s+5\s+sup\s+opp\s+sup/);
    expect(page).toMatch(/│ A\s+│ open\s+│ port_authority,/);
    // Mediation resolves the union's stance on C to support (marked *), and C is triggered.
    await setCondition('government_mediates', 'true');
    await view('Actors');
    page = (await readPages(s, 'Show the sources of every stance')).join('\n');
    expect(page).toMatch(/Dockworkers' union\s+6\s+opp\s+\?\s+sup\*/);
    expect(flat(page)).toContain("Dockworkers' union on C: supports (if government_mediates: supports, otherwise unclear; it holds now)");
    page = (await readPages(s)).join('\n');
    expect(page).toContain("Dockworkers' union on C: supports");
    expect(page).toContain('bulletin: "If the government mediates" (stated)');
    expect(s.table()).toContain('Set:     government_mediates=true');
    await quit(s);
  });

  it('Diff against the start: the starting settings against the present ones', async () => {
    const s = start({ start: { settings: new Map([['weather', 'storm']]) } });
    await view('Diff against the start');
    expect(s.last()).toContain('The settings are the starting ones: nothing differs yet.');
    expect(s.last()).toContain('No differences.');
    await choose('Back to the table');
    await setCondition('weather', 'hurricane');
    await view('Diff against the start');
    const page = (await readPages(s)).join('\n');
    expect(page).toContain('From: harbour-story; weather=storm');
    expect(page).toContain('To:   harbour-story; weather=hurricane');
    // By hand: a hurricane closes the port (hurricane_closes), which rules A out and triggers B.
    // A hurricane closes the port (hurricane_closes), which rules A out and diverts the ships: B in every world.
    expect(page).toMatch(/│ A\*\s+│ Business as usual\s+│ open 57\.1%\s+│ ruled-out\s+│ −57\.1/);
    expect(page).toMatch(/│ B\*\s+│ Ships diverted north\s+│ open 76\.2%\s+│ certain 100\.0%\s+│ \+23\.8/);
    expect(page).toContain('weather: storm (set) → hurricane (set)');
    expect(page).toContain('port_closed: unknown → true (derived)');
    await quit(s);
  });
});

describe('views honour colour settings and the terminal size', () => {
  it('no colour codes when colour is off; colour when on', async () => {
    const off = start();
    await setCondition('weather', 'hurricane');
    for (const v of ['What if…', 'Diff against the start', 'Actors']) {
      await view(v);
      await readPages(off);
    }
    expect(off.frames.join('')).not.toMatch(SGR);
    expect(screen.getScreen({ raw: true })).not.toMatch(SGR);
    await quit(off);
    const on = start({ chalk: new Chalk({ level: 1 }) });
    await view('Step through the timeline');
    await choose('Next event');
    expect(on.last()).toMatch(SGR);
    screen.keypress('escape');
    await screen.next();
    await view('Diff against the start');
    expect(on.last()).toMatch(SGR);
    await choose('Back to the table');
    await quit(on);
  });

  it('on the shipped model at 80x24 every view fits: tables narrowed, each page within the screen', async () => {
    const shipped = loadDir(SHIPPED);
    const s = start({ model: shipped, modelArg: undefined });
    for (const v of ['What if…', 'What to watch next', 'Explore all worlds', 'Actors', 'Diff against the start']) {
      await view(v);
      await readPages(s);
    }
    await view('Step through the timeline');
    // The first events set nothing, but the story starts at its start.
    expect(s.last()).toContain('Start: before any event');
    for (;;) {
      expectFits(s.last());
      if (!screen.getScreen().includes('Next event')) break;
      await choose('Next event');
    }
    await choose('Show the whole timeline as a grid');
    await readPages(s);
    screen.keypress('escape');
    await screen.next();
    await quit(s);
  }, 60_000);
});

describe('fitting views (pure)', () => {
  it('renders a table again narrower when its columns add up to more than the width', () => {
    const widths: number[] = [];
    const render = (w: number) => {
      widths.push(w);
      // Like a renderer that forgets its borders: 5 columns wider than asked.
      return `title\n┌${'─'.repeat(w + 3)}┐\nprose that the pager wraps ${'x '.repeat(60)}\n`;
    };
    const r = fitted(render, 79);
    expect(r.fits).toBe(true);
    expect(widths).toEqual([79, 74]);
    expect(fitted(() => `┌${'─'.repeat(120)}┐`, 79).fits).toBe(false);
  });

  it('cuts a long timeline step in the middle, keeping the event and the scenarios', () => {
    const text = ['Event 1 of 2, 2026-01-01: something', '  sets: x=true', ...Array.from({ length: 10 }, (_, i) => `  source ${i}`), '  A open', '  B open'].join('\n');
    const fit = fitStep(text, 8, 2, plain, 79).trimEnd().split('\n');
    expect(fit).toHaveLength(8);
    expect(fit[0]).toBe('Event 1 of 2, 2026-01-01: something');
    expect(fit[5]).toContain('… 7 more line(s) of sources');
    expect(fit.slice(-2)).toEqual(['  A open', '  B open']);
  });

  it('the default menu has the views entry third, Quit last', () => {
    expect(ACTIONS.map((a) => a.value).slice(0, 3)).toEqual(['set', 'explain', 'views']);
    expect(ACTIONS[ACTIONS.length - 1]!.value).toBe('quit');
  });
});
