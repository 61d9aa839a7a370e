import type { Command } from 'commander';
import type { Io } from '../io.js';
import { colourLevel, makeChalk } from '../io.js';
import { CliError, EXIT } from '../errors.js';
import { evaluateOrFail, getModel, getSettings, withModelOption, withSettingsOptions } from '../context.js';
import type { CommonOptions } from '../context.js';

export const NOT_A_TERMINAL =
  "the interactive session needs a terminal on stdin and stdout; in scripts and pipes use 'iraq-scenarios query --set ID=VALUE' instead";

export const SESSION_KEYS = `Keys:
  ↑ ↓ and Enter     choose from a list (a number or a first letter jumps to an entry)
  typing            filters the list of conditions
  Esc               back out of the current question to the menu
  Ctrl-C            end the session (exit status 130)`;

export function registerInteractive(program: Command, io: Io): void {
  const cmd = program
    .command('interactive')
    .description('explore by hand in the terminal: set conditions, watch the possibilities change, ask why, undo, save (the default on a terminal)')
    .addHelpText(
      'after',
      `
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
    );
  withSettingsOptions(withModelOption(cmd)).action(async (opts: CommonOptions) => {
    // Before anything else: a script must not wait on a prompt nobody sees.
    if (!io.stdin.isTTY || !io.stdout.isTTY) throw new CliError(EXIT.usage, NOT_A_TERMINAL);
    const { model } = await getModel(opts.model, io);
    const start = await getSettings(model, opts, io);
    evaluateOrFail(model, start);
    // Loaded only now, so one-shot commands never pay for the prompts.
    const [{ runSession }, prompts] = await Promise.all([import('../../interactive/session.js'), import('@inquirer/prompts')]);
    const chalk = makeChalk(colourLevel(io, io.stdout, opts.color));
    const end = await runSession(prompts, { input: io.stdin, output: io.stdout }, { model, start, modelArg: opts.model, chalk, cwd: io.cwd });
    if (end === 'interrupted') throw new CliError(EXIT.interrupted, '');
  });
}
