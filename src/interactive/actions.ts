import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatValue } from '../engine/expr.js';
import type { Value } from '../engine/types.js';
import { AppError, EXIT } from '../app/errors.js';
import { writeFileAtomicSync } from '../app/atomic.js';
import { applyChanges, changesOf } from '../app/settings.js';
import { readConditionsPath, settingsToYaml } from '../app/conditions-file.js';
import { explainText } from '../render/explain.js';
import { cut } from '../render/kit/width.js';
import { safeText } from '../render/kit/safe.js';
import { BACK } from './back.js';
import { oneShotCommand, shellQuote } from './commandline.js';
import { sameSettings } from './history.js';
import type { Session } from './session.js';
import type { Action } from './action.js';
import { actorsAction, diffView, exploreView, reviveAction, timelineAction, viewAction, watchView, whatifView } from './views.js';

export { viewAction } from './views.js';
export type { ViewContext, ViewResult } from './views.js';
export type { Action } from './action.js';


function valueName(v: Value | null): string {
  return v === null ? 'unknown' : formatValue(v);
}

function errorCode(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ?? err.message ?? String(e);
}

/** The searchable list of conditions: id, value now (set, derived or unknown) and question. */
function conditionChoices(s: Session, term: string | undefined) {
  const words = (term ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const states = new Map(s.ev.conditions.map((c) => [c.id, c]));
  const idW = Math.min(28, Math.max(...s.model.conditions.map((c) => c.id.length)));
  const rows = s.model.conditions.map((c) => {
    const st = states.get(c.id)!;
    const now = st.origin === 'unknown' ? 'unknown' : `${valueName(st.value)}${st.origin === 'derived' ? ' (derived)' : ''}`;
    // cut() flattens runs of spaces, so only the free text is cut, after the padded columns.
    const name = `${cut(c.id, idW).padEnd(idW)}  ${cut(now, 18).padEnd(18)}  ${cut(c.question, Math.max(8, s.width - 4 - idW - 22))}`;
    const state = st.origin === 'set' ? `set to ${valueName(st.value)}` : st.origin === 'derived' ? `derived as ${valueName(st.value)}` : 'unknown';
    // The shown line is searchable too, so Tab (which copies it into the search) still finds it.
    const hay = `${name} ${c.id} ${c.question} ${(c.values ?? []).join(' ')}`.toLowerCase();
    return {
      hay,
      choice: {
        name,
        value: c.id,
        short: c.id,
        description: cut(`Now ${state}; possible: ${st.possible.map(valueName).join(', ')}.${c.description ? ` ${c.description}` : ''}`, s.width - 1),
      },
    };
  });
  return rows.filter((r) => words.every((w) => r.hay.includes(w))).map((r) => r.choice);
}

/** Sets a condition: which one (unless named), then its value from a list. */
export async function setCondition(s: Session, named?: string): Promise<void> {
  const id = named ?? await s.ask((ctx) =>
    s.prompts.search(
      {
        message: 'Set which condition? (type to filter)',
        source: (term) => conditionChoices(s, term),
        pageSize: s.pageSize(s.drawnRows, s.model.conditions.length, 1),
        theme: s.theme,
      },
      ctx,
    ),
  );
  if (id === BACK) return;
  const c = s.model.conditions.find((x) => x.id === id)!;
  const st = s.ev.conditions.find((x) => x.id === id)!;
  const values: (Value | null)[] = c.values === null ? [true, false, null] : [...c.values, null];
  const choices = values.map((v) => {
    let note = '';
    if (st.origin === 'set' && v === st.value) note = ' (set now)';
    else if (st.origin === 'derived' && v === st.value) note = ' (derived now)';
    else if (v === null && st.origin !== 'set') note = ' (now)';
    else if (st.origin !== 'set' && v !== null && !st.possible.includes(v)) note = ' (contradicts the settings)';
    return { name: `${valueName(v)}${note}`, value: v };
  });
  const v = await s.ask((ctx) =>
    s.prompts.select(
      {
        message: cut(`${id}: ${c.question}`, s.width - 4),
        choices,
        default: st.origin === 'set' ? st.value : null,
        pageSize: s.pageSize(s.drawnRows, choices.length),
        theme: s.theme,
      },
      ctx,
    ),
  );
  if (v === BACK) return;
  s.change(v === null ? { condition: id, kind: 'unknown' } : { condition: id, kind: 'value', value: v });
}

/** Explains a scenario a page at a time: which one (unless named), then its reasons, numbers and sources. */
export async function explain(s: Session, named?: string): Promise<void> {
  const usable = s.width - 4;
  const id = named ?? await s.ask((ctx) =>
    s.prompts.select(
      {
        message: 'Explain which scenario?',
        choices: s.ev.scenarios.map((r) => ({
          name: `${(r.numeral ?? '–').padEnd(4)} ${r.status.padEnd(9)}  ${cut(r.title, usable - 16)}`,
          value: r.id,
          short: r.title,
        })),
        pageSize: s.pageSize(s.drawnRows, s.ev.scenarios.length),
        theme: s.theme,
      },
      ctx,
    ),
  );
  if (id === BACK) return;
  const r = s.ev.scenarios.find((x) => x.id === id)!;
  s.focus = r.id;
  await s.page(explainText(s.model, s.ev, r, s.chalk));
}

async function askFile(s: Session, message: string): Promise<string | undefined> {
  const file = await s.ask((ctx) =>
    s.prompts.input(
      {
        message,
        default: s.lastFile ?? 'conditions.yaml',
        validate: (v) => v.trim() !== '' || 'a file name, please (Esc to go back)',
        theme: s.theme,
      },
      ctx,
    ),
  );
  return file === BACK ? undefined : file.trim();
}

/** Loads settings from a conditions file (asking which, unless named), replacing the present ones. */
export async function load(s: Session, named?: string): Promise<void> {
  const file = named ?? (await askFile(s, 'Load settings from which file?'));
  if (file === undefined) return;
  // What was typed and what the file says are shown as text, never as terminal control (safe.ts).
  const shown = safeText(file);
  let changes;
  let judgements;
  try {
    // A regular file within the size cap, read once: a FIFO or a device is refused, not waited on.
    ({ changes, judgements } = readConditionsPath(s.model, resolve(s.cwd, file), file));
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const lines = safeText(e.message).split('\n');
    const more = lines.length > 3 ? `\n… and ${lines.length - 3} more problem(s)` : '';
    if (e.exitCode === EXIT.noInput) s.say(s.chalk.red(`Not loaded: ${lines[0]}.`) + ' The settings are unchanged.');
    else s.say(s.chalk.red(`Not loaded: ${lines.slice(0, 3).join('\n')}${more}`) + '\nThe settings are unchanged.');
    return;
  }
  s.lastFile = file;
  s.judgements = judgements;
  const next = applyChanges({ asOf: s.settings.asOf }, changes);
  const n = changesOf(s.model, next).length;
  s.replace(next, `Loaded ${n} setting${n === 1 ? '' : 's'} from ${shown}`);
}

/**
 * Why a save target must be left alone, or undefined when it may be written:
 * it must be a regular file (or not exist yet), and one the user can write.
 * A device, FIFO or folder is never replaced by a file, and a read-only file
 * is not overwritten, whatever the answer to "Overwrite?" would be.
 */
export function saveRefusal(abs: string, shown: string): string | undefined {
  let st;
  try {
    st = statSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? undefined : `Not saved: cannot reach ${shown} (${code ?? 'error'}).`;
  }
  if (st.isDirectory()) return `Not saved: ${shown} is a folder. Name a file;`;
  if (!st.isFile()) return `Not saved: ${shown} is not a regular file (a device, FIFO or socket), and is left alone. Name a file;`;
  let writable = (st.mode & 0o222) !== 0;
  try {
    accessSync(abs, constants.W_OK);
  } catch {
    writable = false;
  }
  if (!writable) return `Not saved: ${shown} is read-only, and is left as it was. Name another file;`;
  return undefined;
}

/** Saves the settings as a conditions file (asking which, unless named); asks before overwriting. */
export async function save(s: Session, named?: string): Promise<void> {
  const file = named ?? (await askFile(s, 'Save the settings to which file?'));
  if (file === undefined) return;
  const abs = resolve(s.cwd, file);
  const shown = safeText(file);
  const refused = () => {
    const why = saveRefusal(abs, shown);
    if (why) s.say(s.chalk.red(why) + ' the settings are unchanged.');
    return why !== undefined;
  };
  if (refused()) return;
  if (existsSync(abs)) {
    const ok = await s.ask((ctx) => s.prompts.confirm({ message: `${shown} exists. Overwrite it?`, default: false, theme: s.theme }, ctx));
    if (ok === BACK || !ok) {
      s.say(`Not saved; ${shown} is untouched.`);
      return;
    }
    // Asked again after the question: it may have changed while the prompt was up.
    if (refused()) return;
  }
  try {
    // Settings a loaded file gave with a note, author, date or sources are written back in that form;
    // no settings is a valid file too (`{}`): replaying it sets nothing.
    writeFileAtomicSync(abs, settingsToYaml(s.model, s.settings, s.judgements));
  } catch (e) {
    s.say(s.chalk.red(`Not saved: cannot write ${shown} (${errorCode(e)}).`) + ' The settings are unchanged; try another name.');
    return;
  }
  s.lastFile = file;
  const n = changesOf(s.model, s.settings).length;
  const model = (s.modelArg === undefined ? [] : [s.modelArg].flat()).map((m) => `--model ${safeText(shellQuote(m))} `).join('');
  s.say(`Saved ${n} setting${n === 1 ? '' : 's'} to ${shown}. Replay with:
  iraq-scenarios query ${model}--conditions ${safeText(shellQuote(file))}`, true);
}

/**
 * Views from the other commands (analysis, timeline, actors, diff), opened
 * from the "Views…" entry of the menu. A read-only view is one
 * `viewAction(name, value, render)` entry, shown a page at a time:
 *   viewAction('Timeline of events', 'timeline', (v) => timelineGrid(v.model, timeline(v.compiled), v)),
 */
export const VIEW_ACTIONS: Action[] = [
  viewAction('What if… (what each unset condition would do)', 'whatif', whatifView, 'Working out what each unset condition would do'),
  viewAction('What to watch next', 'watch', watchView, 'Ranking the unset conditions'),
  reviveAction('Revive a ruled-out possibility', 'revive'),
  viewAction('Explore all worlds', 'explore', exploreView(), 'Counting the worlds'),
  timelineAction('Step through the timeline', 'timeline'),
  actorsAction('Actors: who backs and who blocks each possibility', 'actors'),
  viewAction('Diff against the start', 'diff', diffView),
  // -- more views go here --
];

/**
 * The "Views…" entry: a submenu of `views`, so the main menu stays short
 * enough for Quit to show on a 24-row terminal. Each view returns to the table.
 */
export function viewsMenu(views: readonly Action[], name = `Views… (${views.map((v) => v.value).join(', ')})`): Action {
  return {
    name: cut(name, 72),
    value: 'views',
    run: async (s) => {
      const choices = [...views.map((v) => ({ name: v.name, value: v.value })), { name: 'Back to the table', value: 'back' }];
      const pageSize = s.pageSize(s.drawnRows, choices.length);
      const hidden = choices.length - pageSize;
      const pick = await s.ask((ctx) =>
        s.prompts.select(
          {
            message: `Which view?${hidden > 0 ? ` ${s.chalk.dim(`(↓ shows ${hidden} more)`)}` : ''}`,
            choices,
            default: s.lastView,
            loop: false,
            pageSize,
            theme: s.theme,
          },
          ctx,
        ),
      );
      if (pick === BACK || pick === 'back') return;
      s.lastView = pick;
      return views.find((v) => v.value === pick)!.run(s);
    },
  };
}

/** The session's menu, in the order shown. */
export const ACTIONS: readonly Action[] = [
  { name: 'Set a condition', value: 'set', run: (s) => setCondition(s) },
  { name: 'Explain a scenario', value: 'explain', run: (s) => explain(s) },
  viewsMenu(VIEW_ACTIONS),
  {
    name: 'Undo',
    value: 'undo',
    disabled: (s) => (s.history.past.length ? false : '(nothing to undo)'),
    run: (s) => s.undo(),
  },
  {
    name: 'Redo',
    value: 'redo',
    disabled: (s) => (s.history.future.length ? false : '(nothing to redo)'),
    run: (s) => s.redo(),
  },
  {
    name: 'Reset to the starting settings',
    value: 'reset',
    disabled: (s) => (sameSettings(s.settings, s.history.start) ? '(already there)' : false),
    run: (s) => s.reset(),
  },
  { name: 'Load settings from a file', value: 'load', run: (s) => load(s) },
  { name: 'Save settings to a file', value: 'save', run: (s) => save(s) },
  {
    name: 'Show the one-shot command',
    value: 'command',
    run: (s) => s.say(`The same settings as one command:\n  ${oneShotCommand(s.model, s.settings, s.modelArg)}`, true),
  },
  { name: 'Quit', value: 'quit', run: () => 'quit' as const },
];
