import { emitKeypressEvents } from 'node:readline';
import { ACTIONS } from './actions.js';
import type { Action } from './action.js';
import { BACK } from './back.js';
import { errorName, Session } from './session.js';
import type { Prompts, SessionEnd, SessionOptions, SessionStreams } from './session.js';
import { promptTheme } from './theme.js';

export interface RunOptions extends SessionOptions {
  /** The menu; defaults to ACTIONS. */
  actions?: readonly Action[];
}

/**
 * Runs an interactive session until the user quits (resolves 'quit') or
 * presses Ctrl-C or closes the input (resolves 'interrupted'). Everything it
 * touches is passed in, so a test can drive a whole session.
 *
 * @example
 * const end = await runSession(await import('@inquirer/prompts'), { input: process.stdin, output: process.stdout },
 *   { model, start: new Map(), chalk, cwd: process.cwd() });
 */
export async function runSession(prompts: Prompts, streams: SessionStreams, opts: RunOptions): Promise<SessionEnd> {
  const session = new Session(prompts, streams, opts);
  const actions = opts.actions ?? ACTIONS;
  // Inquirer's readline does this on the first prompt; doing it first means Esc is heard from the start.
  if ('isTTY' in streams.input && streams.input.isTTY) emitKeypressEvents(streams.input);
  let last: string | undefined;
  try {
    for (;;) {
      const used = session.draw();
      const choices = actions.map((a) => {
        const disabled = a.disabled?.(session) ?? false;
        return { name: a.name, value: a.value, disabled, ...(a.description ? { description: a.description } : {}) };
      });
      const hasDescriptions = actions.some((a) => a.description);
      const pageSize = session.pageSize(used, choices.length, hasDescriptions ? 1 : 0);
      // On a short screen the end of the menu (Quit among it) scrolls out of sight: say how to reach it.
      const hidden = choices.length - pageSize;
      const quitEntry = actions.find((a) => a.value === 'quit');
      const hint = hidden > 0 ? ` ${session.chalk.dim(`(↓ shows ${hidden} more${quitEntry ? '; q jumps to Quit' : ''})`)}` : '';
      const pick = await session.ask((ctx) =>
        prompts.select(
          {
            message: `What next?${hint}`,
            choices,
            default: last,
            loop: false,
            pageSize,
            theme: { ...promptTheme(session.chalk, [['ctrl+c', 'quit']]), indexMode: 'number' as const },
          },
          ctx,
        ),
      );
      if (pick === BACK) continue;
      last = pick;
      const action = actions.find((a) => a.value === pick)!;
      session.message = undefined;
      if ((await action.run(session)) === 'quit') return 'quit';
    }
  } catch (e) {
    if (errorName(e) === 'ExitPromptError') {
      streams.output.write('\n');
      return 'interrupted';
    }
    throw e;
  }
}
