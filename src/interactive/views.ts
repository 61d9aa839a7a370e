import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChalkInstance } from 'chalk';
import type { CompiledModel } from '../engine/compile.js';
import { evaluate } from '../engine/evaluate.js';
import type { Evaluation } from '../engine/evaluate.js';
import type { Model } from '../engine/types.js';
import { AnalysisBoundError, DEFAULT_MAX_NODES, explore, revive, watch, whatif } from '../engine/analysis/index.js';
import { stanceMatrix } from '../engine/actors.js';
import { diffEvaluations } from '../engine/diff.js';
import { timeline } from '../engine/timeline.js';
import type { TimelineStep } from '../engine/timeline.js';
import { exploreTable } from '../render/explore.js';
import { reviveTable } from '../render/revive.js';
import { watchTable } from '../render/watch.js';
import { whatifTable } from '../render/whatif.js';
import { actorsMatrix } from '../render/actors.js';
import { diffSide, diffTable } from '../render/diff.js';
import { tableWidth } from '../render/kit/table.js';
import { cut } from '../render/kit/width.js';
import { dateText, timelineGrid, timelineStepText } from '../render/timeline.js';
import { resolveAsOf } from '../app/as-of.js';
import type { Action } from './action.js';
import { BACK } from './back.js';
import { oneShotCommand } from './commandline.js';
import { sameSettings } from './history.js';
import type { SettingsMap } from './history.js';
import { wrap } from './screen.js';
import type { Session } from './session.js';

/** What a view needs to draw itself: the model, the present evaluation and the session's style. */
export interface ViewContext {
  model: Model;
  /** Compiled once per session; the analyses reuse it rather than compile the model again. */
  compiled: CompiledModel;
  ev: Evaluation & { ok: true };
  settings: SettingsMap;
  /** The settings the session started from (what Reset returns to). */
  start: SettingsMap;
  chalk: ChalkInstance;
  /** Columns a view may use: one less than the terminal's, so no line reaches the last column and wraps. */
  width: number;
}

/** A view either has something to show a page at a time, or only a message for under the table. */
export type ViewResult = string | { say: string };

/** A heavy view to work out in a worker thread (view-worker.ts): everything it needs, as plain data. */
export interface ViewJob {
  view: string;
  /** For revive: the scenario to bring back. */
  scenario?: string | undefined;
  model: Model;
  settings: SettingsMap;
  start: SettingsMap;
  level: ChalkInstance['level'];
  width: number;
}

export type ViewReply = { ok: true; out: ViewResult } | { ok: false; bound?: string; message: string };

/** The heavy views by name, as the worker runs them. */
export function heavyView(view: string, scenario?: string): (v: ViewContext) => ViewResult {
  switch (view) {
    case 'whatif':
      return whatifView;
    case 'watch':
      return watchView;
    case 'explore':
      return exploreView();
    case 'revive':
      return (v) => fitted((width) => reviveTable(v.model, revive(v.compiled, v.settings, scenario!), { chalk: v.chalk, width }), v.width).text;
    default:
      throw new Error(`no heavy view '${view}'`);
  }
}

/** The worker's script beside this chunk in dist/ (absent when running from the sources, as the tests do). */
function workerScript(): URL | undefined {
  const url = new URL('./view-worker.cjs', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

/**
 * Works a heavy view out in a worker thread, so that Ctrl-C (SIGINT, the
 * terminal being out of raw mode between prompts) stops it at once: the
 * worker is terminated and the view answers 'interrupted'. Undefined when
 * there is no worker script (the caller then works it out in this thread).
 */
async function inWorker(s: Session, view: string, scenario?: string): Promise<ViewReply | 'interrupted' | undefined> {
  const script = workerScript();
  if (!script) return undefined;
  const { Worker } = await import('node:worker_threads');
  const job: ViewJob = { view, scenario, model: s.model, settings: s.settings, start: s.history.start, level: s.chalk.level, width: s.width - 1 };
  const worker = new Worker(script, { workerData: job });
  return new Promise((resolve) => {
    const done = (r: ViewReply | 'interrupted') => {
      process.off('SIGINT', onSigint);
      void worker.terminate();
      resolve(r);
    };
    const onSigint = () => done('interrupted');
    process.on('SIGINT', onSigint);
    worker.once('message', (r: ViewReply) => done(r));
    worker.once('error', (e: Error) => done({ ok: false, message: e.message }));
    worker.once('exit', (code) => done({ ok: false, message: `the view's worker stopped (exit ${code})` }));
  });
}

/** A heavy view's answer, from the worker or (without one) from this thread; undefined when it was interrupted or refused (said). */
async function heavy(s: Session, name: string, view: string, scenario: string | undefined, here: () => ViewResult): Promise<ViewResult | undefined> {
  const r = await inWorker(s, view, scenario);
  if (r === 'interrupted') {
    s.say(s.chalk.yellow(`${name}: interrupted (Ctrl-C); back to the menu.`));
    return undefined;
  }
  if (r === undefined) {
    try {
      return here();
    } catch (e) {
      if (e instanceof AnalysisBoundError) {
        sayRefused(s, name, e, view);
        return undefined;
      }
      throw e;
    }
  }
  if (r.ok) return r.out;
  if (r.bound !== undefined) {
    sayRefused(s, name, new AnalysisBoundError(r.message, r.bound), view);
    return undefined;
  }
  throw new Error(r.message);
}

/** The one-shot command a refused analysis can be run as, with a higher bound. */
const BOUND_FLAGS: Readonly<Record<string, { command: string; flag: string }>> = {
  maxNodes: { command: 'explore', flag: '--max-steps' },
  maxConditions: { command: 'whatif', flag: '--max-conditions' },
  maxWork: { command: 'whatif', flag: '--max-work' },
};

/** Views worked out in a worker thread, where Ctrl-C can stop them. */
const HEAVY = new Set(['whatif', 'watch', 'explore']);

function viewContext(s: Session): ViewContext {
  return {
    model: s.model,
    compiled: s.compiled,
    ev: s.ev,
    settings: s.settings,
    start: s.history.start,
    chalk: s.chalk,
    width: s.width - 1,
  };
}

/** Says under the table that an analysis refused (a documented bound), and the one-shot command that goes further. */
function sayRefused(s: Session, name: string, e: AnalysisBoundError, view?: string): void {
  const refusal = s.chalk.yellow(`${name}: refused: ${e.message}.`);
  const raise = BOUND_FLAGS[e.bound];
  if (!raise || (e.bound === 'maxWork' && view === 'revive')) return s.say(refusal);
  // Said raw so the command line stays whole for copying; the refusal is wrapped here instead.
  // The work budget is every analysis's: the one-shot command is the view's own.
  const oneShot = e.bound === 'maxWork' && view !== undefined && view !== 'revive' ? view : raise.command;
  const command = `${oneShotCommand(s.model, s.settings, s.modelArg, oneShot)} ${raise.flag} N`;
  s.say([...wrap(`${refusal} With a higher bound, as one command:`, s.width - 1, '  '), `  ${command}`].join('\n'), true);
}

/**
 * A read-only view shown a screenful at a time: `render` is a pure renderer
 * (the ones the other commands export), so adding a view is one line. An
 * analysis that hits its bound is refused with a message, not a crash;
 * `busy` is written first when the view may take a moment.
 */
export function viewAction(name: string, value: string, render: (v: ViewContext) => ViewResult, busy?: string): Action {
  return {
    name,
    value,
    run: async (s) => {
      if (busy) s.write(s.chalk.dim(`${busy}… (Ctrl-C stops)\n`));
      let out: ViewResult | undefined;
      // A heavy view runs where Ctrl-C can stop it (a worker thread); the others here.
      if (busy && HEAVY.has(value)) out = await heavy(s, name, value, undefined, () => render(viewContext(s)));
      else
        try {
          out = render(viewContext(s));
        } catch (e) {
          if (e instanceof AnalysisBoundError) return sayRefused(s, name, e);
          throw e;
        }
      if (out === undefined) return;
      if (typeof out === 'string') await s.page(out);
      else s.say(out.say);
    },
  };
}

/**
 * Renders a table view at `width`; when the renderer's columns add up to more
 * (their minimum widths, their borders), renders again that much narrower, so
 * the table's lines fit the terminal rather than being wrapped into a mess.
 * `fits` says whether it managed.
 */
export function fitted(render: (width: number) => string, width: number): { text: string; fits: boolean } {
  let w = width;
  let text = render(w);
  for (let i = 0; i < 3; i++) {
    const over = tableWidth(text) - width;
    if (over <= 0) return { text, fits: true };
    if (w - over < 40) break;
    w -= over;
    text = render(w);
  }
  return { text, fits: tableWidth(text) <= width };
}

/**
 * whatif under the session's settings, every unset condition (the pager
 * replaces --top); the renderer fits the width itself (fewer columns, or a
 * list when no table keeps the condition ids whole).
 */
export function whatifView(v: ViewContext): string {
  return whatifTable(v.model, whatif(v.compiled, v.settings), { chalk: v.chalk, width: v.width });
}

export function watchView(v: ViewContext): string {
  const r = watch(v.compiled, v.settings, { signposts: 3 });
  return fitted((width) => watchTable(v.model, r, { chalk: v.chalk, width }), v.width).text;
}

/** explore, refused beyond `maxNodes` search steps like the one-shot command. */
export function exploreView(maxNodes = DEFAULT_MAX_NODES): (v: ViewContext) => string {
  return (v) => {
    const r = explore(v.compiled, v.settings, { maxNodes });
    return fitted((width) => exploreTable(v.model, r, { chalk: v.chalk, width }), v.width).text;
  };
}

/** The session's starting settings against the present ones. */
export function diffView(v: ViewContext): string {
  const from = evaluate(v.compiled, v.start);
  // The session refuses to start from contradictory settings, so this cannot fail.
  if (!from.ok) throw new Error(`the starting settings contradict the model: ${from.conflict.text}`);
  const head = v.chalk.bold('From the settings the session started with to the present ones:');
  const note = sameSettings(v.start, v.settings) ? `\n${v.chalk.dim('The settings are the starting ones: nothing differs yet.')}` : '';
  const d = diffEvaluations(from, v.ev);
  const table = fitted((width) => diffTable(d, diffSide(v.model, from), diffSide(v.model, v.ev), { chalk: v.chalk, width }), v.width).text;
  return `${head}${note}\n${table}`;
}

/** Choose a ruled-out scenario, then what would bring it back. */
export function reviveAction(name: string, value: string): Action {
  return {
    name,
    value,
    run: async (s) => {
      const out = s.ev.scenarios.filter((r) => r.status === 'ruled-out');
      if (out.length === 0) {
        s.say('Nothing is ruled out under the present settings: there is nothing to revive.');
        return;
      }
      const usable = s.width - 4;
      const id = await s.ask((ctx) =>
        s.prompts.select(
          {
            message: 'Revive which ruled-out possibility?',
            choices: out.map((r) => ({
              name: `${(r.numeral ?? '–').padEnd(4)} ${cut(r.title, usable - 6)}`,
              value: r.id,
              short: r.title,
            })),
            pageSize: s.pageSize(s.drawnRows, out.length),
            theme: s.theme,
          },
          ctx,
        ),
      );
      if (id === BACK) return;
      s.write(s.chalk.dim('Looking for the smallest changes… (Ctrl-C stops)\n'));
      const shown = await heavy(s, name, 'revive', id, () => heavyView('revive', id)(viewContext(s)));
      if (typeof shown === 'string') await s.page(shown);
    },
  };
}

/** The stance matrix under the session's settings; the sources of every cell on request. */
export function actorsAction(name: string, value: string): Action {
  return {
    name,
    value,
    run: async (s) => {
      if (s.model.actors.length === 0) {
        s.say("This model has no actors (a model file with 'kind: actors' adds them).");
        return;
      }
      // The session's settings are consistent, so the matrix exists.
      const m = stanceMatrix(s.compiled, new Map(s.ev.settings.map((x) => [x.condition, x.value])))!;
      const matrix = (sources: boolean) => fitted((width) => actorsMatrix(s.model, m, s.ev, { chalk: s.chalk, width, sources }), s.width - 1).text;
      const pick = await s.page(matrix(false), [{ name: 'Show the sources of every stance', value: 'sources' }]);
      if (pick === 'sources') await s.page(matrix(true));
    },
  };
}

type StepPick = 'next' | 'prev' | 'adopt' | 'grid' | 'back';

/** The day before any of the model's events (its start, or the day before its first event). */
function startDate(model: Model): string {
  return resolveAsOf(model, 'start', { env: {} }).date;
}

/** Where each session left the timeline, so stepping resumes there. */
const lastStep = new WeakMap<Session, number>();

/**
 * Lines of one timeline step cut to `rows`: the event's head and the
 * scenarios' lines are kept, and the sources between them are shortened.
 */
export function fitStep(text: string, rows: number, keepTail: number, chalk: ChalkInstance, width: number): string {
  const lines = text.replace(/\n$/, '').split('\n').flatMap((l) => wrap(l, width, '    '));
  if (lines.length <= rows) return lines.join('\n') + '\n';
  const tail = lines.slice(lines.length - keepTail);
  const headRoom = Math.max(1, rows - keepTail - 1);
  const head = lines.slice(0, headRoom);
  const cutN = lines.length - keepTail - headRoom;
  return [...head, chalk.dim(`  … ${cutN} more line(s) of sources ('Show the whole timeline' lists the events)`), ...tail].join('\n') + '\n';
}

/**
 * Steps through the model's dated events one at a time: each step shows the
 * event, what it sets, its sources and how every scenario moved. The
 * question can be asked as of a step's day (the events up to it applied, the
 * user's own settings kept), one step that undo reverses.
 */
export function timelineAction(name: string, value: string): Action {
  return {
    name,
    value,
    run: async (s) => {
      if (s.model.events.length === 0) {
        s.say("This model has no dated events (a model file with 'kind: events' adds them).");
        return;
      }
      const steps: TimelineStep[] = timeline(s.compiled);
      // Back where the user left the story; else at the last step on or before the session's date.
      const on = s.settings.asOf;
      const upTo = on === undefined ? 0 : steps.filter((st) => st.event !== null && st.event.date <= on).length;
      let at = lastStep.get(s) ?? upTo;
      let last: StepPick = 'next';
      const width = s.width - 1;
      for (;;) {
        const step = steps[at]!;
        const e = step.event;
        const choices: { name: string; value: StepPick }[] = [];
        if (at + 1 < steps.length) choices.push({ name: `Next event (${at + 1} of ${steps.length - 1})`, value: 'next' });
        if (at > 0) choices.push({ name: 'Previous event', value: 'prev' });
        choices.push({ name: e ? `Ask as of this event's day, ${dateText(e)}` : 'Ask as of before any event', value: 'adopt' });
        choices.push({ name: 'Show the whole timeline as a grid', value: 'grid' });
        choices.push({ name: 'Back to the table', value: 'back' });
        // The prompt takes its message, its choices, a blank line and the keys line.
        const rows = Math.max(3, s.height - choices.length - 3);
        s.clear();
        s.write(fitStep(timelineStepText(s.model, steps, at, { chalk: s.chalk, width }), rows, s.model.scenarios.length, s.chalk, width));
        const pick = await s.ask((ctx) =>
          s.prompts.select(
            {
              message: at === 0 ? 'The story before any event' : `Event ${at} of ${steps.length - 1}`,
              choices,
              // Enter keeps walking the same way; at the end of the story it offers the way out.
              default: choices.some((c) => c.value === last) ? last : 'back',
              loop: false,
              theme: s.theme,
            },
            ctx,
          ),
        );
        lastStep.set(s, at);
        if (pick === BACK || pick === 'back') return;
        last = pick;
        if (pick === 'next') at++;
        else if (pick === 'prev') at--;
        else if (pick === 'grid') await s.page(timelineGrid(s.model, steps, { chalk: s.chalk, width }));
        else if (pick === 'adopt') {
          const date = e ? e.date : startDate(s.model);
          if (s.settings.asOf === date) {
            s.say(`The question is already asked as of ${date}; nothing changed.`);
            return;
          }
          s.replace({ ...s.settings, asOf: date }, `Now asked as of ${date}${e ? `, the day of event ${at}` : ', before any event'}; undo returns`);
          return;
        }
      }
    },
  };
}
