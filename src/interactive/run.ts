import { emitKeypressEvents } from 'node:readline';
import { ACTIONS } from './actions.js';
import type { Action } from './action.js';
import { BACK } from './back.js';
import { completeFor, previewFor, runLine } from './commands.js';
import { commandPrompt } from './prompt.js';
import { errorName, Session } from './session.js';
import type { Prompts, SessionEnd, SessionOptions, SessionStreams } from './session.js';
import { promptTheme } from './theme.js';
import { wrap } from './screen.js';

export interface RunOptions extends SessionOptions {
  /** The menu; defaults to ACTIONS. */
  actions?: readonly Action[];
}

/**
 * Runs an interactive session until the user quits (resolves 'quit') or
 * presses Ctrl-C or closes the input (resolves 'interrupted'). Everything it
 * touches is passed in, so a test can drive a whole session.
 *
 * The prompt under the table is the menu and a command line in one: ↑ ↓ and
 * Enter pick from the menu; typing runs commands (`sadr<Tab>=t<Tab>`, `why V`,
 * `?` lists them).
 *
 * @example
 * const end = await runSession(await import('@inquirer/prompts'), { input: process.stdin, output: process.stdout },
 *   { model, start: new Map(), chalk, cwd: process.cwd() });
 */
export async function runSession(prompts: Prompts, streams: SessionStreams, opts: RunOptions): Promise<SessionEnd> {
  const session = new Session(prompts, streams, opts);
  const actions = opts.actions ?? ACTIONS;
  const prompt = prompts.command ?? commandPrompt;
  // Inquirer's readline does this on the first prompt; doing it first means Esc is heard from the start.
  if ('isTTY' in streams.input && streams.input.isTTY) emitKeypressEvents(streams.input);
  let last: string | undefined;
  try {
    for (;;) {
      session.draw();
      const pick = await session.ask(
        (ctx) => {
          // Worked out at each drawing: a resize draws the prompt again at the new size.
          const choices = actions.map((a) => {
            const disabled = a.disabled?.(session) ?? false;
            return { name: a.name, value: a.value, disabled, ...(a.description ? { description: a.description } : {}) };
          });
          const hasDescriptions = actions.some((a) => a.description);
          const pageSize = session.pageSize(session.drawnRows, choices.length, hasDescriptions ? 1 : 0);
          // On a short screen the end of the menu (Quit among it) scrolls out of sight: say how to reach it.
          const hidden = choices.length - pageSize;
          const quits = actions.some((a) => a.value === 'quit');
          const hint = hidden > 0 ? ` ${session.chalk.dim(`(↓ shows ${hidden} more${quits ? '; q ⏎ quits' : ''})`)}` : '';
          return prompt(
            {
              message: 'What next?',
              menuHint: hint.trim(),
              width: () => session.width,
              wrap: (text, width) => wrap(text, width, '  '),
              placeholder: 'type a command, ? for help',
              choices,
              default: last,
              pageSize,
              state: session.line,
              complete: (before) => completeFor(session, before),
              preview: (line) => previewFor(session, line),
              theme: promptTheme(session.chalk, [['ctrl+c', 'quit']]),
            },
            ctx,
          );
        },
        { escape: false },
      );
      if (pick === BACK || pick.kind === 'back') continue;
      // What was said, and the reason under the table, belong to the last step.
      session.message = undefined;
      session.focus = undefined;
      if (pick.kind === 'line') {
        if ((await runLine(session, pick.text)) === 'quit') return 'quit';
        continue;
      }
      last = pick.value;
      const action = actions.find((a) => a.value === pick.value)!;
      if ((await action.run(session)) === 'quit') return 'quit';
    }
  } catch (e) {
    if (errorName(e) === 'ExitPromptError') {
      streams.output.write('\n');
      return 'interrupted';
    }
    throw e;
  } finally {
    session.dispose();
  }
}
