import {
  createPrompt,
  isBackspaceKey,
  isDownKey,
  isEnterKey,
  isTabKey,
  isUpKey,
  makeTheme,
  useEffect,
  useKeypress,
  usePagination,
  usePrefix,
  useState,
} from '@inquirer/core';
import type { Theme } from '@inquirer/core';
import type { Completion } from './command.js';

/*
 * The session's main prompt: the menu and a command line in one. The
 * highlighted menu entry is picked with ↑ ↓ and Enter as in a list; typing
 * a letter starts a command line (Tab completes, ↑ ↓ walk the history, Enter
 * runs it, Esc or Backspace on an empty line goes back to the menu).
 */

export interface MenuChoice {
  name: string;
  value: string;
  disabled?: false | string;
  description?: string;
}

/**
 * What the prompt keeps between one drawing of it and the next (a resize
 * draws it again; the next prompt starts where the last one was): the line,
 * whether keys go to it or to the menu, and the history.
 */
export interface LineState {
  line: string;
  focus: 'menu' | 'line';
  history: string[];
}

export function newLineState(): LineState {
  return { line: '', focus: 'menu', history: [] };
}

export type CommandAnswer = { kind: 'menu'; value: string } | { kind: 'line'; text: string } | { kind: 'back' };

export interface CommandPromptConfig {
  message: string;
  choices: readonly MenuChoice[];
  /** The menu entry highlighted first. */
  default?: string | undefined;
  pageSize: number;
  state: LineState;
  /** Completes the text before the cursor. */
  complete: (before: string) => Completion;
  /** What Enter would do with the line, shown under it (or why it would not). */
  preview?: (line: string) => string | undefined;
  /** Shown dim where the line would be when it is empty. */
  placeholder?: string;
  /** Shown after the message while the menu has the keys (how to reach what the page hides). */
  menuHint?: string;
  /** Columns to lay the lines under the prompt out in. */
  width?: () => number;
  /** Word-wraps a line of text to a width. */
  wrap?: (text: string, width: number) => string[];
  theme?: unknown;
}

/** The styles beyond inquirer's own that the prompt draws with (the session's theme gives them). */
interface MenuTheme {
  style: {
    disabled: (text: string) => string;
    description: (text: string) => string;
    keysHelpTip: (keys: [string, string][]) => string | undefined;
  };
}

const menuTheme: MenuTheme = {
  style: {
    disabled: (t) => t,
    description: (t) => t,
    keysHelpTip: (keys) => keys.map(([k, a]) => `${k} ${a}`).join(' • '),
  },
};

/** The readline the prompt edits its line with (what inquirer's type leaves out of it). */
type LineEditor = { line: string; cursor: number; clearLine: (dir: 0) => void; write: (data: string | null, key?: { name: string }) => void };

const HIDE = '\x1b[?25l';
const SHOW = '\x1b[?25h';

/** Candidates packed into lines of the width, with a count of what does not fit. */
function packCandidates(items: readonly string[], width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const next = cur ? `${cur}  ${item}` : item;
    if (next.length <= width) {
      cur = next;
      continue;
    }
    if (lines.length + 1 >= maxLines) {
      lines.push(`${cur}  … +${items.length - i} more`);
      return lines;
    }
    lines.push(cur);
    cur = item;
  }
  if (cur) lines.push(cur);
  return lines;
}

export const commandPrompt = createPrompt<CommandAnswer, CommandPromptConfig>((config, done) => {
  const theme = makeTheme<MenuTheme>(menuTheme, config.theme as Theme<MenuTheme> | undefined);
  const { state } = config;
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [focus, setFocus] = useState<'menu' | 'line'>(state.focus);
  const [line, setLine] = useState(state.line);
  const [candidates, setCandidates] = useState<string[]>([]);
  const [note, setNote] = useState<string | undefined>(undefined);
  // Where in the history ↑ has gone (history.length: the line being typed), and what was typed before.
  const [at, setAt] = useState(state.history.length);
  const [typed, setTyped] = useState(state.line);
  const items = config.choices;
  const first = Math.max(0, items.findIndex((c) => c.value === config.default));
  const [active, setActive] = useState(first);
  const prefix = usePrefix({ status, theme });

  const keep = (l: string, f: 'menu' | 'line') => {
    state.line = l;
    state.focus = f;
    setLine(l);
    setFocus(f);
  };

  // A line kept from before (a redraw after a resize) is given back to readline, which edits it.
  useEffect((rl) => {
    if (state.line) rl.write(state.line);
  }, []);

  useKeypress((key, readline) => {
    const rl = readline as unknown as LineEditor;
    if (status !== 'idle') return;
    setNote(undefined);
    if (isEnterKey(key)) {
      if (focus === 'line' && line.trim() !== '') {
        const text = line.trim();
        if (state.history[state.history.length - 1] !== text) state.history.push(text);
        state.line = '';
        setStatus('done');
        done({ kind: 'line', text });
        return;
      }
      const choice = items[active];
      if (!choice) return;
      if (choice.disabled) {
        // readline has cleared its line on Enter; nothing was typed in the menu.
        setNote(`${choice.name} ${choice.disabled}`);
        return;
      }
      state.line = '';
      setStatus('done');
      done({ kind: 'menu', value: choice.value });
      return;
    }
    if (key.name === 'escape') {
      if (focus === 'menu') {
        // Nothing to back out of on the menu: the screen is drawn again, as Esc does elsewhere.
        setStatus('done');
        done({ kind: 'back' });
        return;
      }
      rl.clearLine(0);
      setCandidates([]);
      keep('', 'menu');
      return;
    }
    if (isTabKey(key)) {
      // readline put the tab in its line: completion works on what was there before it.
      const withTab = rl.line;
      const pos = rl.cursor;
      const before = withTab.slice(0, pos).replace(/\t$/, '');
      const rest = withTab.slice(pos);
      const c = config.complete(before);
      rl.clearLine(0);
      rl.write(c.text + rest);
      // Back to where the completion ended, before the rest of the line.
      for (let i = 0; i < rest.length; i++) rl.write(null, { name: 'left' });
      setCandidates(c.candidates);
      if (!c.candidates.length && c.text === before) setNote('no completion');
      keep(rl.line, 'line');
      setAt(state.history.length);
      return;
    }
    if (focus === 'menu' && (isUpKey(key) || isDownKey(key))) {
      rl.clearLine(0);
      const step = isUpKey(key) ? -1 : 1;
      const next = active + step;
      if (next >= 0 && next < items.length) setActive(next);
      return;
    }
    if (focus === 'line' && (isUpKey(key) || isDownKey(key))) {
      // The history entries that begin with what was typed, newest last.
      const matches = (i: number) => state.history[i]!.startsWith(typed);
      let i = at;
      const step = isUpKey(key) ? -1 : 1;
      do i += step;
      while (i >= 0 && i < state.history.length && !matches(i));
      if (i < 0) return;
      const text = i >= state.history.length ? typed : state.history[i]!;
      setAt(Math.min(i, state.history.length));
      rl.clearLine(0);
      rl.write(text);
      setCandidates([]);
      keep(text, 'line');
      return;
    }
    if (focus === 'menu' && /^[0-9]$/.test(key.name ?? '') && rl.line.length <= 1) {
      // A number picks the entry it numbers, as in the other lists.
      rl.clearLine(0);
      const n = Number(key.name) - 1;
      if (n >= 0 && n < items.length) setActive(n);
      return;
    }
    if (isBackspaceKey(key) && focus === 'line' && line === '') {
      keep('', 'menu');
      setCandidates([]);
      return;
    }
    const text = rl.line;
    if (text !== line || (focus === 'menu' && text !== '')) {
      setTyped(text);
      setAt(state.history.length);
      setCandidates([]);
      keep(text, text === '' && focus === 'menu' ? 'menu' : 'line');
    }
  });

  const message = theme.style.message(config.message, status);
  if (status === 'done') return `${prefix} ${message}`;
  const keys = (list: [string, string][]) => theme.style.keysHelpTip(list) ?? '';
  const width = Math.max(20, (config.width?.() ?? 80) - 1);
  const wrapped = (text: string) => (config.wrap ? config.wrap(text, width) : [text]);
  if (focus === 'line') {
    const below: string[] = [];
    if (candidates.length) below.push(...packCandidates(candidates, width, 3).map((l) => theme.style.help(l)));
    else if (note) below.push(...wrapped(note).map((l) => theme.style.error(l)));
    else {
      const p = line.trim() ? config.preview?.(line) : undefined;
      if (p) below.push(...wrapped(p).slice(0, 3).map((l) => theme.style.help(l)));
    }
    below.push(keys([['⏎', 'run'], ['tab', 'complete'], ['↑↓', 'history'], ['esc', 'menu'], ['?', 'help']]));
    return [`${prefix} ${message} ${line}${SHOW}`, below.join('\n')];
  }
  const page = usePagination({
    items,
    active,
    pageSize: config.pageSize,
    loop: false,
    renderItem({ item, isActive, index }) {
      const n = `${index + 1}. `;
      if (item.disabled) return theme.style.disabled(`${isActive ? '❯' : '-'} ${n}${item.name} ${item.disabled}`);
      const text = `${isActive ? '❯' : ' '} ${n}${item.name}`;
      return isActive ? theme.style.highlight(text) : text;
    },
  });
  const description = items[active]?.description;
  const placeholder = config.placeholder ? theme.style.help(config.placeholder) : '';
  const lines = [
    `${prefix} ${message}${config.menuHint ? ` ${config.menuHint}` : ''}${placeholder ? ` ${placeholder}` : ''}`,
    page,
    ' ',
    description ? theme.style.description(description) : '',
    note ? theme.style.error(note) : '',
    keys([['↑↓', 'menu'], ['⏎', 'select'], ['a-z', 'command line'], ['?', 'help']]),
  ]
    .filter(Boolean)
    .join('\n')
    .trimEnd();
  return `${lines}${HIDE}`;
});
