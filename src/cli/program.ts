import { Command, CommanderError } from 'commander';
import type { Io } from '../app/io.js';
import { register } from './pipeline.js';
import type { AnyCommand } from './pipeline.js';
import { query } from './commands/query.js';
import { list } from './commands/list.js';
import { explain, show } from './commands/explain.js';
import { registerInternal, validate } from './commands/validate.js';
import { interactive } from './commands/interactive.js';
import { timeline } from './commands/timeline.js';
import { actors } from './commands/actors.js';
import { graph } from './commands/graph.js';
import { report } from './commands/report.js';
import { diff } from './commands/diff.js';
import { whatif } from './commands/whatif.js';
import { watch } from './commands/watch.js';
import { sensitivity } from './commands/sensitivity.js';
import { revive } from './commands/revive.js';
import { explore } from './commands/explore.js';
import { record } from './commands/record.js';
import { resolve } from './commands/resolve.js';
import { score } from './commands/score.js';
import { compare } from './commands/compare.js';
import { completion, registerComplete } from './commands/completion.js';

import { EXIT_HELP } from './exit-help.js';
import { registerHelp } from './help.js';
import { VERSION } from '../app/version.js';

export { VERSION };

/** Every command, in the order --help lists them. A new command is one file in commands/ and one entry here. */
export const COMMANDS: readonly AnyCommand[] = [query, explain, show, list, validate, interactive, timeline, actors, graph, report, diff, whatif, watch, sensitivity, revive, explore, record, resolve, score, compare, completion];

export { EXIT_HELP };

/**
 * Builds the command-line program without parsing anything. exitOverride and
 * configureOutput are set before the subcommands are added, so they inherit
 * them (commander copies settings only at .command() time).
 *
 * With `only` naming a command, that command alone is added: a command line
 * that starts with a command's name is parsed by that command alone, and
 * the others' options and help texts are not built for nothing. Anything
 * else (no name, a flag, `help`, an unknown or internal name) gets them all.
 */
export function buildProgram(io: Io, extra: ((program: Command, io: Io) => void)[] = [], only?: string, json = false): Command {
  const program = new Command('iraq-scenarios');
  program
    .description(
      "Explore the possibilities for Iraq's 2026 government formation: set conditions, see which possibilities still hold, which are ruled out or triggered, how likely each is, and why.",
    )
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Under --json an error is one JSON object on stderr (main.ts writes it), not commander's text as well.
      outputError: (s, write) => (json ? undefined : write(s)),
    })
    .addHelpText(
      'after',
      `
Examples:
  $ iraq-scenarios query --set iran_regime_collapse=true
  $ iraq-scenarios explain II --set iran_regime_collapse=true
  $ iraq-scenarios query --json | jq '.scenarios[] | {numeral, status, probability}'
  $ iraq-scenarios list conditions
  $ iraq-scenarios validate path/to/model
  $ iraq-scenarios help model-format

${EXIT_HELP}`,
    );
  const one = only === undefined ? undefined : COMMANDS.find((c) => c.spec.name === only);
  for (const c of one ? [one] : COMMANDS) register(program, io, c);
  for (const f of extra) f(program, io);
  if (!one) {
    registerHelp(program, io);
    registerInternal(program, io);
    registerComplete(program, io, COMMANDS);
  }
  return program;
}

export { CommanderError };
