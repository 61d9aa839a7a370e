import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../app/errors.js';
import { changeText, parseAssumeFlags, parseObserveFlags } from '../app/settings.js';
import type { SettingChange } from '../app/settings.js';
import { eventsInOrder } from '../engine/timeline.js';
import { explain, load, save, setCondition, VIEW_ACTIONS } from './actions.js';
import { completeLine, parseLine, readCondition, readObservation, readScenario, readSetting, SESSION_COMMANDS } from './command.js';
import type { Completion } from './command.js';
import { oneShotCommand } from './commandline.js';
import { scenarioName } from './screen.js';
import type { Session } from './session.js';
import { resolveAsOf } from '../app/as-of.js';

/*
 * Runs what is typed on the session's command line, through the session
 * (which refuses contradictions and keeps the history), the same way the
 * menu's entries do; a line that cannot be read is said under the table and
 * changes nothing.
 */

/** File names in the folder being typed, for `save` and `load`. */
function fileNames(cwd: string, typed: string): string[] {
  const folder = typed.includes('/') ? typed.slice(0, typed.lastIndexOf('/') + 1) : '';
  try {
    return readdirSync(resolve(cwd, folder || '.'))
      .filter((n) => !n.startsWith('.'))
      .map((n) => {
        const path = join(folder, n);
        let dir = false;
        try {
          dir = statSync(resolve(cwd, path)).isDirectory();
        } catch {
          // A broken link is listed as a file.
        }
        return dir ? `${folder}${n}/` : `${folder}${n}`;
      });
  } catch {
    return [];
  }
}

/** Tab on the session's command line. */
export function completeFor(s: Session, before: string): Completion {
  return completeLine(s.model, before, { files: (typed) => fileNames(s.cwd, typed), dates: [...new Set(eventsInOrder(s.model).map((e) => e.date))] });
}

/** What Enter would do, shown under the line as it is typed (or why it cannot). */
export function previewFor(s: Session, line: string): string | undefined {
  const p = parseLine(s.model, line);
  if ('error' in p) return undefined;
  const { command, words } = p;
  if (command.name === 'set' && words.length && words.every((w) => w.includes('='))) {
    const read = words.map((w) => readSetting(s.model, w));
    const bad = read.find((r) => 'error' in r);
    if (bad && 'error' in bad) return `⏎ ${bad.error}`;
    return `⏎ sets ${read.map((r) => ('change' in r ? changeText(r.change) : '')).join(', ')}`;
  }
  if ((command.arg === 'scenario' && words[0]) || command.arg === 'none') {
    const sc = words[0] ? readScenario(s.model, words[0]) : undefined;
    if (sc && 'error' in sc) return `⏎ ${sc.error}`;
    return `⏎ ${command.name}${sc && 'scenario' in sc ? ` ${scenarioName(sc.scenario)}: ${sc.scenario.title}` : `: ${command.help}`}`;
  }
  return `${command.usage}: ${command.help}`;
}

/** The help page: every command, and the keys. */
export function helpText(): string {
  const w = Math.max(...SESSION_COMMANDS.map((c) => c.usage.length));
  return [
    'Commands (type them at "What next?"; Tab completes commands, condition ids, values and scenario names;',
    'a condition id or value may be cut short where only one begins so: ea=f is early_elections_called=false):',
    '',
    ...SESSION_COMMANDS.map((c) => `  ${c.usage.padEnd(w)}  ${c.help}`),
    '',
    'Keys: ↑ ↓ walk the menu, or the history on the command line (what is typed picks the entries that begin so);',
    'Enter picks the menu entry or runs the line; Esc (or Backspace on an empty line) goes back to the menu;',
    'a number picks the menu entry it numbers; Ctrl-C ends the session.',
    'Examples:  sadrist_intervention=true iran_regime_state=collapsed   why V   observe maliki_resigns=false   asof 2026-02-06',
  ].join('\n');
}

function sayError(s: Session, text: string): void {
  s.say(s.chalk.red(text) + ' Nothing changed.');
}

/** Runs one line of the command line; 'quit' ends the session. */
export async function runLine(s: Session, text: string): Promise<'quit' | void> {
  const p = parseLine(s.model, text);
  if ('error' in p) return sayError(s, `${text}: ${p.error}.`);
  const { command, words } = p;
  switch (command.name) {
    case 'set':
    case 'unset': {
      if (command.name === 'set' && words.length === 1 && !words[0]!.includes('=')) {
        const c = readCondition(s.model, words[0]!);
        if ('error' in c) return sayError(s, `set ${words[0]}: ${c.error}.`);
        return setCondition(s, c.condition.id);
      }
      if (words.length === 0) return command.name === 'set' ? setCondition(s) : sayError(s, 'unset: which condition? (unset ID …)');
      const changes: SettingChange[] = [];
      for (const w of words) {
        if (command.name === 'unset') {
          const c = readCondition(s.model, w.replace(/=.*$/, ''));
          if ('error' in c) return sayError(s, `unset ${w}: ${c.error}.`);
          changes.push({ condition: c.condition.id, kind: 'unknown' });
          continue;
        }
        const r = readSetting(s.model, w);
        if ('error' in r) return sayError(s, `${w}: ${r.error}.`);
        changes.push(r.change);
      }
      s.changeAll(changes);
      return;
    }
    case 'observe': {
      if (!words.length) return sayError(s, 'observe: what was seen? (observe ID=VALUE[@DATE] …)');
      const texts: string[] = [];
      for (const w of words) {
        const r = readObservation(s.model, w);
        if ('error' in r) return sayError(s, `observe ${w}: ${r.error}.`);
        texts.push(r.text);
      }
      const date = s.settings.asOf ?? resolveAsOf(s.model, undefined, { env: s.env }).date;
      let seen;
      try {
        seen = parseObserveFlags(s.model, texts, date, 'observe');
      } catch (e) {
        if (e instanceof AppError) return sayError(s, `${e.message}.`);
        throw e;
      }
      const kept = (s.settings.observations ?? []).filter((o) => !seen.some((n) => n.condition === o.condition && n.date === o.date));
      s.replace({ ...s.settings, observations: [...kept, ...seen] }, `Observed ${texts.join(', ')}`);
      return;
    }
    case 'why':
    case 'explain':
    case 'revive': {
      let id: string | undefined;
      if (words[0] !== undefined) {
        const r = readScenario(s.model, words[0]);
        if ('error' in r) return sayError(s, `${command.name} ${words[0]}: ${r.error}.`);
        id = r.scenario.id;
      }
      if (command.name === 'explain') return explain(s, id);
      if (command.name === 'revive') return VIEW_ACTIONS.find((a) => a.value === 'revive')!.run(s);
      return why(s, id);
    }
    case 'undo':
      return s.undo();
    case 'redo':
      return s.redo();
    case 'reset':
      return s.reset();
    case 'asof': {
      const when = words[0];
      if (!when) return sayError(s, `asof: which day? (asof YYYY-MM-DD, today, latest or start; now ${s.settings.asOf ?? 'today'})`);
      let date: string;
      try {
        date = resolveAsOf(s.model, when, { env: s.env }, 'asof').date;
      } catch (e) {
        if (e instanceof AppError) return sayError(s, `${e.message}.`);
        throw e;
      }
      if (s.settings.asOf === date) return s.say(`The question is already asked as of ${date}; nothing changed.`);
      s.replace({ ...s.settings, asOf: date }, `Now asked as of ${date}; undo returns`);
      return;
    }
    case 'assume': {
      try {
        const taken = parseAssumeFlags(s.model, words, 'assume');
        if (!taken.size) return sayError(s, 'assume: which side? (assume CONTRADICTION=SIDE)');
        s.replace({ ...s.settings, assume: new Map([...(s.settings.assume ?? []), ...taken]) }, `Assumed ${words.join(', ')}`);
      } catch (e) {
        if (e instanceof AppError) return sayError(s, `${e.message}.`);
        throw e;
      }
      return;
    }
    case 'save':
      return save(s, words[0]);
    case 'load':
      return load(s, words[0]);
    case 'command':
      return s.say(`The same settings as one command:\n  ${oneShotCommand(s.model, s.settings, s.modelArg)}`, true);
    case 'help':
      await s.page(helpText());
      return;
    case 'quit':
      return 'quit';
    default: {
      const view = VIEW_ACTIONS.find((a) => a.value === command.name);
      if (view) return view.run(s);
      return sayError(s, `${command.name}: not available here.`);
    }
  }
}

/**
 * `why`: a scenario's status and every reason for it, in full, under the
 * table; without a name, the scenario last changed (or the first ruled out).
 */
function why(s: Session, id: string | undefined): void {
  const target = id ?? s.focus ?? s.ev.scenarios.find((r) => r.status === 'ruled-out')?.id;
  if (target === undefined) {
    s.say('Nothing is ruled out and nothing has changed yet: name a scenario (why V), or explain one for its sources.');
    return;
  }
  const r = s.ev.scenarios.find((x) => x.id === target)!;
  s.focus = r.id;
  const reasons = r.reasons.map((x) => x.text.replace(/^(ruled out|open|triggered|certain):?\s+/, ''));
  s.say(`Why ${scenarioName(r)} is ${r.status.replace('-', ' ')}: ${reasons.join('; ') || 'nothing decides it yet'}. (explain ${scenarioName(r)} gives the sources and the numbers.)`);
}

