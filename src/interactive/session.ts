import type { confirm, input, search, select } from '@inquirer/prompts';
import type { ChalkInstance } from 'chalk';
import { CompiledModel } from '../engine/compile.js';
import { evaluate } from '../engine/evaluate.js';
import type { Evaluation } from '../engine/evaluate.js';
import type { Judgement, Model } from '../engine/types.js';
import { applyChanges, changeText } from '../app/settings.js';
import type { SettingChange } from '../app/settings.js';
import { BACK } from './back.js';
import type { Back } from './back.js';
import { KeyFeed } from './keys.js';
import type { TtyInput } from './keys.js';
import type { commandPrompt } from './prompt.js';
import { newLineState } from './prompt.js';
import type { LineState } from './prompt.js';
import { push, redo, sameSettings, startHistory, undo } from './history.js';
import type { History, SettingsMap } from './history.js';
import { renderScreen, screenRows, wrap } from './screen.js';
import { promptTheme } from './theme.js';

/** The prompt functions a session uses, with @inquirer/prompts' signatures (tests pass their own). */
export interface Prompts {
  select: typeof select;
  search: typeof search;
  input: typeof input;
  confirm: typeof confirm;
  /** The main prompt (menu and command line); the session's own unless a test passes one drawn on its screen. */
  command?: typeof commandPrompt;
}

export interface SessionStreams {
  /** Where keys come from; Esc is read from it too. */
  input: NodeJS.ReadableStream;
  /** Where the screen and the prompts are drawn. */
  output: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
}

export interface SessionOptions {
  model: Model;
  /** The question the session starts from (and `reset` returns to). */
  start: SettingsMap;
  /** What the starting conditions file said with provenance (note, by, date, sources): saving keeps it. */
  judgements?: readonly Judgement[] | undefined;
  /** --model as the user typed it (each layer, bottom first), for the one-shot command line; absent for the shipped model. */
  modelArg?: string | readonly string[] | undefined;
  chalk: ChalkInstance;
  /** Where relative file names are resolved. */
  cwd: string;
  /** The model already compiled, and the evaluation of `start`, when the caller has them (else made here). */
  compiled?: CompiledModel | undefined;
  evaluation?: (Evaluation & { ok: true }) | undefined;
  /** The environment (IRAQ_SCENARIOS_TODAY is read for `asof today`). */
  env?: NodeJS.ProcessEnv | undefined;
  /** Terminal size when the output does not say (default 80x24). */
  width?: number;
  height?: number;
}

export type SessionEnd = 'quit' | 'interrupted';


/** A message under the settings; `raw` lines are not word-wrapped (a command line to copy). */
export interface Message {
  text: string;
  raw?: boolean;
}

type PromptContext = { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; signal: AbortSignal; clearPromptOnDone: boolean };

export const errorName = (e: unknown) => (e instanceof Error ? e.name : '');

/** Why a prompt was aborted to be drawn again: the terminal changed size (or came back from Ctrl-Z). */
const RESIZED = Symbol('resized');

export interface AskOptions {
  /** Whether Esc backs out (BACK); false for a prompt that handles Esc itself. */
  escape?: boolean;
}

/**
 * A running session: the settings with their history, the evaluation of the
 * present settings, and what actions may ask of the user. Actions (see
 * actions.ts) receive it and change it only through `change`, `replace`,
 * `undo`, `redo` and `reset`, which refuse contradictions.
 */
export class Session {
  readonly model: Model;
  readonly chalk: ChalkInstance;
  readonly cwd: string;
  readonly modelArg: string | readonly string[] | undefined;
  readonly theme: ReturnType<typeof promptTheme>;
  history: History;
  ev: Evaluation & { ok: true };
  message: Message | undefined;
  /** The last file loaded or saved, offered as the default name next time. */
  lastFile: string | undefined;
  /** The judgements with provenance of the file last loaded (or the starting one): a save writes them back where the setting is unchanged. */
  judgements: readonly Judgement[];
  /** Rows the screen took when last drawn, so prompts below it can size their lists. */
  drawnRows = 0;
  /** The view last opened from the Views menu, offered first next time. */
  lastView: string | undefined;
  /** The scenario whose whole reason is shown under the table: the one last changed, or last asked about. */
  focus: string | undefined;
  /** The command line: what is typed, whether keys go to it or the menu, and its history. */
  readonly line: LineState = newLineState();
  private readonly cm: CompiledModel;
  /** Keys read from the terminal for the whole session, so none typed ahead is lost (absent off a terminal). */
  private readonly feed: KeyFeed | undefined;
  /** What is on the screen above the prompt, to draw again after a resize: the table (drawn afresh) or text. */
  private canvas: string | (() => void) = '';
  /** The prompt being asked, aborted to draw it again when the terminal changes size. */
  private asking: AbortController | undefined;

  constructor(
    readonly prompts: Prompts,
    private readonly streams: SessionStreams,
    private readonly opts: SessionOptions,
  ) {
    this.model = opts.model;
    this.chalk = opts.chalk;
    this.cwd = opts.cwd;
    this.modelArg = opts.modelArg;
    this.judgements = opts.judgements ?? [];
    this.theme = promptTheme(opts.chalk);
    this.cm = opts.compiled ?? new CompiledModel(opts.model);
    const ev = opts.evaluation ?? evaluate(this.cm, opts.start);
    if (!ev.ok) throw new Error(`the starting settings contradict the model: ${ev.conflict.text}`);
    this.ev = ev;
    this.history = startHistory(opts.start);
    const tty = streams.input as TtyInput;
    if (tty.isTTY && typeof tty.setRawMode === 'function') {
      this.feed = new KeyFeed(tty);
      this.feed.onResume = () => this.resized();
    }
    const out = streams.output as NodeJS.WritableStream & { on?: (e: string, f: () => void) => unknown };
    out.on?.('resize', this.onResize);
  }

  private readonly onResize = () => this.resized();

  /** The terminal changed size: the prompt being asked is drawn again, with what is above it, at once. */
  resized(): void {
    if (this.asking) this.asking.abort(RESIZED);
    else this.redraw();
  }

  /** Ends the session's hold on the terminal. */
  dispose(): void {
    this.feed?.dispose();
    const out = this.streams.output as NodeJS.WritableStream & { removeListener?: (e: string, f: () => void) => unknown };
    out.removeListener?.('resize', this.onResize);
  }

  get settings(): SettingsMap {
    return this.history.present;
  }

  /** The model compiled once for the session, so the analyses do not compile it again. */
  get compiled(): CompiledModel {
    return this.cm;
  }

  get env(): NodeJS.ProcessEnv {
    return this.opts.env ?? {};
  }

  get width(): number {
    return this.streams.output.columns ?? this.opts.width ?? 80;
  }

  get height(): number {
    return this.streams.output.rows ?? this.opts.height ?? 24;
  }

  say(text: string, raw = false): void {
    this.message = { text, raw };
  }

  /** Applies one change; a contradiction is refused with the conflict named, and nothing changes. */
  change(ch: SettingChange): boolean {
    const shown = changeText(ch);
    const next = applyChanges(this.settings, [ch]);
    if (sameSettings(next, this.settings)) {
      this.say(`${shown}: already so; nothing changed.`);
      return false;
    }
    return this.moveTo(next, `Set ${shown}`, `Refused ${shown}`);
  }

  /** Applies several changes as one step (one line of the command line); refused like `change`. */
  changeAll(chs: readonly SettingChange[]): boolean {
    if (chs.length === 1) return this.change(chs[0]!);
    const shown = chs.map(changeText).join(', ');
    const next = applyChanges(this.settings, chs);
    if (sameSettings(next, this.settings)) {
      this.say(`${shown}: already so; nothing changed.`);
      return false;
    }
    return this.moveTo(next, `Set ${shown}`, `Refused ${shown}`);
  }

  /** Replaces every setting at once (loading a file); refused like `change`. */
  replace(next: SettingsMap, done: string): boolean {
    return this.moveTo(next, done, 'Refused');
  }

  /** Moves to new settings if they are consistent; says what changed, or why not. */
  private moveTo(next: SettingsMap, done: string, refused: string): boolean {
    const ev = evaluate(this.cm, next);
    if (!ev.ok) {
      this.say(this.chalk.red(`${refused}: ${ev.conflict.text}.`) + ' The settings are unchanged.');
      return false;
    }
    const before = this.ev;
    this.history = push(this.history, next);
    this.ev = ev;
    this.focusOnChange(before, ev);
    this.say(`${done}.${statusChanges(before, ev)}`);
    return true;
  }

  /** Focuses the first scenario whose status changed (a ruled-out one first), if any did. */
  private focusOnChange(before: Evaluation & { ok: true }, after: Evaluation & { ok: true }): void {
    const was = new Map(before.scenarios.map((s) => [s.id, s.status]));
    const changed = after.scenarios.filter((s) => was.get(s.id) !== s.status);
    const pick = changed.find((s) => s.status === 'ruled-out') ?? changed[0];
    if (pick) this.focus = pick.id;
  }

  undo(): void {
    const h = undo(this.history);
    if (h) this.travel(h, 'Undone');
    else this.say('Nothing to undo.');
  }

  redo(): void {
    const h = redo(this.history);
    if (h) this.travel(h, 'Redone');
    else this.say('Nothing to redo.');
  }

  /** Back to the starting settings, as one step that undo reverses. */
  reset(): void {
    if (sameSettings(this.settings, this.history.start)) {
      this.say('Already at the starting settings.');
      return;
    }
    this.replace(this.history.start, 'Back to the starting settings (undo returns)');
  }

  private travel(h: History, done: string): void {
    // Every state in the history was consistent when it was entered.
    const ev = evaluate(this.cm, h.present) as Evaluation & { ok: true };
    const before = this.ev;
    this.history = h;
    this.ev = ev;
    this.focusOnChange(before, ev);
    this.say(`${done}.${statusChanges(before, ev)}`);
  }

  /** The screen text for the present state. */
  screen(): string {
    return renderScreen(this.model, { ev: this.ev, message: undefined, focus: this.focus }, { chalk: this.chalk, width: this.width }) + this.messageText();
  }

  private messageText(): string {
    if (!this.message) return '';
    const usable = this.width - 1;
    const lines = this.message.raw ? this.message.text.split('\n') : wrap(this.message.text, usable, '  ');
    return lines.join('\n') + '\n';
  }

  /** Clears the terminal (when it is one) and draws the screen; returns the rows it took. */
  draw(): number {
    const text = this.screen();
    this.clear();
    this.streams.output.write(text);
    this.canvas = () => this.draw();
    this.drawnRows = screenRows(text, this.width);
    return this.drawnRows;
  }

  clear(): void {
    this.canvas = '';
    if (this.streams.output.isTTY) this.streams.output.write('\x1b[2J\x1b[H');
  }

  write(text: string): void {
    if (typeof this.canvas === 'string') this.canvas += text;
    this.streams.output.write(text);
  }

  /** Draws again what is above the prompt (the table at the new width, or the text last written). */
  private redraw(): void {
    const canvas = this.canvas;
    if (typeof canvas === 'function') return canvas();
    this.clear();
    this.write(canvas);
  }

  /** Lines left for a prompt's list under `used` rows of screen (its message, blank and help lines apart). */
  pageSize(used: number, items: number, extra = 0): number {
    return Math.max(3, Math.min(items, this.height - used - 4 - extra));
  }

  /**
   * Runs a prompt that Esc backs out of: Esc aborts it through its signal and
   * BACK comes back instead of an answer. Ctrl-C (ExitPromptError) propagates.
   */
  async ask<T>(run: (ctx: PromptContext) => Promise<T>, opts: AskOptions = {}): Promise<T | Back> {
    const input = this.feed?.input ?? this.streams.input;
    for (;;) {
      const ac = new AbortController();
      const onKey = (_s: unknown, key?: { name?: string; ctrl?: boolean; meta?: boolean }) => {
        if (key?.name === 'escape') ac.abort();
      };
      if (opts.escape !== false) input.on('keypress', onKey);
      this.asking = ac;
      try {
        const answer = run({ input, output: this.streams.output, signal: ac.signal, clearPromptOnDone: true });
        // The prompt listens from here: keys typed ahead go to it.
        this.feed?.listen();
        return await answer;
      } catch (e) {
        if (errorName(e) !== 'AbortPromptError') throw e;
        if (ac.signal.reason !== RESIZED) return BACK;
        // Resized: what was above the prompt, then the prompt, at the new size.
        this.redraw();
      } finally {
        this.feed?.close();
        this.asking = undefined;
        input.removeListener('keypress', onKey);
      }
    }
  }

  /**
   * Shows a long text a screenful at a time (explanations, other views), then
   * returns to the table. Lines are word-wrapped so a page never scrolls.
   * `extra` entries are offered on every page; choosing one ends the pager
   * and returns its value (undefined for "Back to the table" or Esc).
   */
  async page<T extends string>(text: string, extra: readonly { name: string; value: T }[] = []): Promise<T | undefined> {
    let at = 0;
    // Laid out at the width of the moment: a resize lays the page out again.
    const layout = () => {
      const lines = text.replace(/\n$/, '').split('\n').flatMap((l) => wrap(l, this.width - 1, '    '));
      const rows = Math.max(3, this.height - 6 - extra.length);
      const pages = Math.max(1, Math.ceil(lines.length / rows));
      at = Math.min(at, pages - 1);
      return { lines, rows, pages };
    };
    const show = () => {
      const { lines, rows } = layout();
      this.clear();
      this.write(lines.slice(at * rows, (at + 1) * rows).join('\n') + '\n');
      this.canvas = show;
    };
    for (;;) {
      show();
      const pick = await this.ask((ctx) => {
        const { pages } = layout();
        const choices: { name: string; value: T | 'next' | 'prev' | 'back' }[] = [];
        if (at + 1 < pages) choices.push({ name: `More (page ${at + 2} of ${pages})`, value: 'next' });
        if (at > 0) choices.push({ name: 'Previous page', value: 'prev' });
        choices.push(...extra);
        choices.push({ name: 'Back to the table', value: 'back' });
        return this.prompts.select({ message: pages > 1 ? `Page ${at + 1} of ${pages}` : 'Done reading?', choices, theme: this.theme }, ctx);
      });
      if (pick === BACK || pick === 'back') return undefined;
      if (pick === 'next' || pick === 'prev') at += pick === 'next' ? 1 : -1;
      else return pick;
    }
  }
}

/** "A: open → ruled-out; B: open → triggered" between two evaluations, or "". */
function statusChanges(before: Evaluation & { ok: true }, after: Evaluation & { ok: true }): string {
  const was = new Map(before.scenarios.map((s) => [s.id, s.status]));
  const changed = after.scenarios
    .filter((s) => was.get(s.id) !== s.status)
    .map((s) => `${s.numeral ?? s.id} ${was.get(s.id)} → ${s.status}`);
  return changed.length ? ` ${changed.join('; ')}.` : '';
}
