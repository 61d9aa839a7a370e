import { allScenarioNames, commonPrefix, matchName, valueWords } from '../app/names.js';
import { readValue } from '../app/settings.js';
import type { SettingChange } from '../app/settings.js';
import type { Condition, Model, Scenario } from '../engine/types.js';

/*
 * The session's command line: what can be typed, how it is read (pure, from
 * the model alone) and how it is completed. Running a command is in
 * commands.ts, through the session.
 */

/** What a command's words are. */
export type ArgKind = 'none' | 'settings' | 'conditions' | 'observations' | 'scenario' | 'file' | 'date' | 'assume';

export interface SessionCommand {
  name: string;
  aliases?: readonly string[];
  usage: string;
  help: string;
  arg: ArgKind;
}

/** Every command of the command line, in the order `?` lists them. */
export const SESSION_COMMANDS: readonly SessionCommand[] = [
  { name: 'set', usage: 'set ID=VALUE …', arg: 'settings', help: 'set conditions: true, false, unknown, a named value or your probability (0.7, a:0.6,b:0.4); ID=VALUE alone does the same; set ID asks for the value' },
  { name: 'unset', usage: 'unset ID …', arg: 'conditions', help: 'back to unknown' },
  { name: 'observe', usage: 'observe ID=VALUE[@DATE] …', arg: 'observations', help: 'what was seen (on DATE, the question’s date by default): evidence about the horizon' },
  { name: 'why', usage: 'why [SCENARIO]', arg: 'scenario', help: 'why a scenario has its status, in full, under the table' },
  { name: 'explain', usage: 'explain [SCENARIO]', arg: 'scenario', help: 'the whole explanation: reasons, numbers, sources and quotes' },
  { name: 'undo', usage: 'undo', arg: 'none', help: 'undo the last change' },
  { name: 'redo', usage: 'redo', arg: 'none', help: 'redo what undo undid' },
  { name: 'reset', usage: 'reset', arg: 'none', help: 'back to the starting settings (undo returns)' },
  { name: 'asof', usage: 'asof DATE|today|latest|start', arg: 'date', help: "ask as of another day (the model's events up to it apply)" },
  { name: 'assume', usage: 'assume CONTRADICTION=SIDE', arg: 'assume', help: 'take one side of a contradiction between sources' },
  { name: 'whatif', usage: 'whatif', arg: 'none', help: 'what each unset condition would do' },
  { name: 'watch', usage: 'watch', arg: 'none', help: 'what to watch next' },
  { name: 'revive', usage: 'revive [SCENARIO]', arg: 'scenario', help: 'what would bring a ruled-out scenario back' },
  { name: 'explore', usage: 'explore', arg: 'none', help: 'count the worlds and the gaps' },
  { name: 'timeline', usage: 'timeline', arg: 'none', help: "step through the model's events" },
  { name: 'actors', usage: 'actors', arg: 'none', help: 'who backs and who blocks each scenario' },
  { name: 'diff', usage: 'diff', arg: 'none', help: 'the starting settings against the present ones' },
  { name: 'save', usage: 'save [FILE]', arg: 'file', help: 'save the settings as a conditions file' },
  { name: 'load', usage: 'load [FILE]', arg: 'file', help: 'load settings from a conditions file' },
  { name: 'command', usage: 'command', arg: 'none', help: 'the one-shot command for these settings' },
  { name: 'help', aliases: ['?'], usage: '? or help', arg: 'none', help: 'this list' },
  { name: 'quit', aliases: ['q', 'exit'], usage: 'quit', arg: 'none', help: 'end the session' },
];

const COMMAND_NAMES = SESSION_COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]);

/** A command by its name or alias. */
export function findCommand(word: string): SessionCommand | undefined {
  const w = word.toLowerCase();
  return SESSION_COMMANDS.find((c) => c.name === w || c.aliases?.includes(w));
}

/** A line split into its command and its words; a line of ID=VALUE words (or one condition id) is `set`. */
export type ParsedLine = { command: SessionCommand; words: string[] } | { error: string };

export function parseLine(model: Model, text: string): ParsedLine {
  const words = text.trim().replace(/^:/, '').trim().split(/\s+/).filter(Boolean);
  const first = words[0];
  if (first === undefined) return { error: 'type a command, or ? for the list' };
  const set = findCommand('set')!;
  if (first.includes('=')) return { command: set, words };
  const cmd = findCommand(first);
  if (cmd) return { command: cmd, words: words.slice(1) };
  // A condition's id (or the start of one) alone: set it, asking for the value.
  if ('name' in matchName(model.conditions.map((c) => c.id), first) && words.length === 1) return { command: set, words };
  const m = matchName(COMMAND_NAMES, first);
  if ('name' in m) return { command: findCommand(m.name)!, words: words.slice(1) };
  if ('ambiguous' in m) return { error: `'${first}' could be ${orWords(m.ambiguous)}` };
  return { error: `'${first}' is not a command or a condition; ? lists the commands` };
}

function orWords(items: readonly string[]): string {
  const shown = items.slice(0, 6);
  const more = items.length > shown.length ? ` (and ${items.length - shown.length} more)` : '';
  return shown.length < 2 ? shown.join('') : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}${more}`;
}

/** A condition named by its id or the start of it. */
export function readCondition(model: Model, word: string): { condition: Condition } | { error: string } {
  const ids = model.conditions.map((c) => c.id);
  const m = matchName(ids, word);
  if ('name' in m) return { condition: model.conditions.find((c) => c.id === m.name)! };
  if ('ambiguous' in m) return { error: `'${word}' could be ${orWords(m.ambiguous)}: type more of it (Tab completes)` };
  return { error: `unknown condition '${word}'; Tab lists them` };
}

/** A value as typed for a condition: what --set takes, or the start of one of its words (t, f, u, coll…). */
export function readSettingValue(c: Condition, text: string): { change: SettingChange } | { error: string } {
  const direct = readValue(c, text);
  if ('change' in direct) return direct;
  const m = matchName(valueWords(c), text);
  if ('name' in m) return readValue(c, m.name);
  if ('ambiguous' in m) return { error: `'${c.id}': '${text}' could be ${orWords(m.ambiguous)}` };
  return direct;
}

/** `ID=VALUE` (abbreviations allowed) as a change. */
export function readSetting(model: Model, word: string): { change: SettingChange } | { error: string } {
  const eq = word.indexOf('=');
  if (eq <= 0) return { error: `'${word}': expected ID=VALUE` };
  const c = readCondition(model, word.slice(0, eq));
  if ('error' in c) return c;
  return readSettingValue(c.condition, word.slice(eq + 1));
}

/** `ID=VALUE[@DATE]` as typed to observe: the condition, the value as --observe reads it, and the date if given. */
export function readObservation(model: Model, word: string): { text: string } | { error: string } {
  const eq = word.indexOf('=');
  if (eq <= 0) return { error: `'${word}': expected ID=VALUE or ID=VALUE@YYYY-MM-DD` };
  const c = readCondition(model, word.slice(0, eq));
  if ('error' in c) return c;
  const rest = word.slice(eq + 1);
  const at = rest.lastIndexOf('@');
  const value = at < 0 ? rest : rest.slice(0, at);
  const m = matchName(valueWords(c.condition, false), value);
  const v = 'name' in m ? m.name : value;
  return { text: `${c.condition.id}=${v}${at < 0 ? '' : rest.slice(at)}` };
}

/** A scenario by numeral, short name or id, or the start of one. */
export function readScenario(model: Model, word: string): { scenario: Scenario } | { error: string } {
  const m = matchName(allScenarioNames(model), word);
  const byName = (n: string) => model.scenarios.find((s) => s.id === n || s.numeral === n || s.short === n)!;
  if ('name' in m) return { scenario: byName(m.name) };
  if ('ambiguous' in m) {
    // `dead` begins both the short name and the id of one scenario: that one.
    const one = [...new Set(m.ambiguous.map(byName))];
    if (one.length === 1) return { scenario: one[0]! };
    return { error: `'${word}' could be ${orWords(m.ambiguous)}` };
  }
  return { error: `unknown scenario '${word}'; name one by numeral, short name or id (${model.scenarios.map((s) => s.numeral ?? s.short ?? s.id).join(', ')})` };
}

/** What Tab does to the text before the cursor: the new text, and the candidates when several remain. */
export interface Completion {
  text: string;
  candidates: string[];
}

/** Candidates for the word being typed, and what a unique one is followed by. */
interface Words {
  words: string[];
  /** What the word gets after it once complete (default a space). */
  after?: (word: string) => string;
  /** The part of the word already settled (`id=` before a value), kept as typed. */
  head?: string;
}

/** Where completion candidates come from beyond the model (file names). */
export interface CompletionSources {
  files?: (typed: string) => string[];
  dates?: readonly string[];
}

function conditionOrValue(model: Model, word: string, unknown: boolean): Words {
  const eq = word.indexOf('=');
  const ids = model.conditions.map((c) => c.id);
  if (eq < 0) return { words: ids, after: () => '=' };
  const c = readCondition(model, word.slice(0, eq));
  if ('error' in c) return { words: [] };
  return { words: valueWords(c.condition, unknown), head: `${c.condition.id}=` };
}

function candidatesFor(model: Model, before: string, sources: CompletionSources): Words {
  const words = before.replace(/^\s*:/, '').split(/\s+/);
  const current = words[words.length - 1] ?? '';
  const previous = words.slice(0, -1).filter(Boolean);
  if (previous.length === 0) {
    if (current.includes('=')) return conditionOrValue(model, current, true);
    return { words: [...SESSION_COMMANDS.map((c) => c.name), ...model.conditions.map((c) => c.id)], after: (w) => (findCommand(w) ? ' ' : '=') };
  }
  const cmd = findCommand(previous[0]!) ?? (previous[0]!.includes('=') ? findCommand('set') : undefined);
  switch (cmd?.arg) {
    case 'settings':
      return conditionOrValue(model, current, true);
    case 'observations':
      return conditionOrValue(model, current, false);
    case 'conditions':
      return { words: model.conditions.map((c) => c.id) };
    case 'scenario':
      return previous.length === 1 ? { words: allScenarioNames(model) } : { words: [] };
    case 'date':
      return previous.length === 1 ? { words: ['today', 'latest', 'start', ...(sources.dates ?? [])] } : { words: [] };
    case 'assume': {
      const eq = current.indexOf('=');
      const ids = model.contradictions.filter((x) => x.sides.length);
      if (eq < 0) return { words: ids.map((x) => x.id), after: () => '=' };
      const c = ids.find((x) => x.id === current.slice(0, eq));
      return { words: c ? c.sides.map((s) => s.id) : [], head: current.slice(0, eq + 1) };
    }
    case 'file':
      return previous.length === 1 ? { words: sources.files?.(current) ?? [], after: (w) => (w.endsWith('/') ? '' : ' ') } : { words: [] };
    default:
      return { words: [] };
  }
}

/**
 * Completes the word before the cursor: a unique candidate whole (a
 * condition id followed by `=`, a value or a command by a space), several to
 * the prefix they share, listed in `candidates`.
 *
 * @example
 * completeLine(model, 'set sadrist_i').text; // => 'set sadrist_intervention='
 * completeLine(model, 'sadrist_intervention=t').text; // => 'sadrist_intervention=true '
 */
export function completeLine(model: Model, before: string, sources: CompletionSources = {}): Completion {
  const cut = before.search(/\S*$/);
  const lead = before.slice(0, cut);
  const current = before.slice(cut);
  const { words, after = () => ' ', head = '' } = candidatesFor(model, before, sources);
  const typed = current.slice(head.length);
  const lower = typed.toLowerCase();
  const hits = [...new Set(words.filter((w) => w.toLowerCase().startsWith(lower)))];
  if (hits.length === 0) return { text: before, candidates: [] };
  if (hits.length === 1) return { text: `${lead}${head}${hits[0]}${after(hits[0]!)}`, candidates: [] };
  // Case as the candidates have it once they agree on more than was typed.
  const shared = commonPrefix(hits);
  const grown = shared.length > typed.length ? shared : typed;
  return { text: `${lead}${head}${grown}`, candidates: hits };
}
