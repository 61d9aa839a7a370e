import { AppError, EXIT } from '../../app/errors.js';
import { colourLevel, makeChalk } from '../io.js';
import { defineCommand } from '../pipeline.js';

export const NOT_A_TERMINAL =
  "the interactive session needs a terminal on stdin and stdout; in scripts and pipes use 'iraq-scenarios query --set ID=VALUE' instead";

export const SESSION_KEYS = `Keys:
  ↑ ↓ and Enter     choose from a list (a number jumps to an entry)
  typing            at "What next?", a command line (below); in a list of
                    conditions, a filter
  Tab               complete a command, condition id, value or scenario name
  ↑ ↓ on a line     walk the history (the entries that begin as typed)
  Esc               back out of the current question (or the line) to the menu
  Ctrl-C            end the session (exit status 130)

Command line (? lists it all):
  ID=VALUE …        set conditions in one step; ids and values may be cut
                    short where only one begins so (ea=f ku=t si=t)
  set, unset, observe ID=VALUE[@DATE], asof DATE, assume C=SIDE
  why [SCENARIO]    the whole reason for a status, under the table
  explain, revive [SCENARIO]; whatif, watch, explore, timeline, actors, diff
  undo, redo, reset, save [FILE], load [FILE], command, quit`;

export const interactive = defineCommand({
  name: 'interactive',
  description: 'explore by hand in the terminal: set conditions, watch the possibilities change, ask why, undo, save (the default on a terminal)',
  help: `
Examples:
  $ iraq-scenarios
  $ iraq-scenarios interactive --set iran_regime_collapse=true
  $ iraq-scenarios interactive --model path/to/model --conditions saved.yaml

Actions: set a condition, explain a scenario, undo, redo, reset to the starting
settings, load or save a conditions file, show the one-shot command, quit.
Views (from "Views…"): what if, what to watch next, revive a ruled-out
possibility, explore all worlds, step through the timeline, actors, and a
diff against the starting settings.

${SESSION_KEYS}`,
  needs: 'evaluation',
  formats: [],
  // Before anything else: a script must not wait on a prompt nobody sees.
  check: (_opts, _args, io) => {
    if (!io.stdin.isTTY || !io.stdout.isTTY) throw new AppError(EXIT.usage, NOT_A_TERMINAL);
  },
  run: async ({ io, opts, model, compiled, query, ev, judgements }) => {
    // Loaded only now, so one-shot commands never pay for the prompts.
    const [{ runSession }, prompts] = await Promise.all([import('../../interactive/run.js'), import('@inquirer/prompts')]);
    const chalk = makeChalk(colourLevel(io, io.stdout, opts.color));
    // Everything the session draws comes from its model: a display-safe copy of it (the same object
    // when nothing needed it; ids and values are never changed, so settings and saves agree).
    const { displaySafe } = await import('../../render/kit/safe.js');
    const shown = displaySafe(model);
    const same = shown === model;
    const end = await runSession(
      prompts,
      { input: io.stdin, output: io.stdout },
      { model: shown, start: query, judgements, modelArg: opts.model?.length ? opts.model : undefined, chalk, cwd: io.cwd, env: io.env, compiled: same ? compiled : undefined, evaluation: same ? ev : undefined },
    );
    if (end === 'interrupted') throw new AppError(EXIT.interrupted, '');
  },
});
