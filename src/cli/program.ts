import { Command, CommanderError } from 'commander';
import type { Io } from './io.js';
import { EXIT_HELP } from './errors.js';
import { registerQuery } from './commands/query.js';
import { registerList } from './commands/list.js';
import { registerExplain, registerShow } from './commands/explain.js';
import { registerInternal, registerValidate } from './commands/validate.js';
import { registerInteractive } from './commands/interactive.js';
import { registerTimeline } from './commands/timeline.js';
import { registerActors } from './commands/actors.js';
import { registerGraph } from './commands/graph.js';
import { registerDiff } from './commands/diff.js';
import { registerWhatif } from './commands/whatif.js';
import { registerWatch } from './commands/watch.js';
import { registerRevive } from './commands/revive.js';
import { registerExplore } from './commands/explore.js';

import { VERSION } from './version.js';

export { VERSION };

/**
 * Builds the command-line program without parsing anything. exitOverride and
 * configureOutput are set before the subcommands are added, so they inherit
 * them (commander copies settings only at .command() time).
 */
export function buildProgram(io: Io, extra: ((program: Command, io: Io) => void)[] = []): Command {
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
      outputError: (s, write) => write(s),
    })
    .addHelpText(
      'after',
      `
Examples:
  $ iraq-scenarios query --set iran_regime_collapse=true
  $ iraq-scenarios explain II --set iran_regime_collapse=true
  $ iraq-scenarios query --json | jq '.scenarios[] | {numeral, status, weight}'
  $ iraq-scenarios list conditions
  $ iraq-scenarios validate path/to/model

${EXIT_HELP}`,
    );
  registerQuery(program, io);
  registerExplain(program, io);
  registerShow(program, io);
  registerList(program, io);
  registerValidate(program, io);
  registerInteractive(program, io);
  registerTimeline(program, io);
  registerActors(program, io);
  registerGraph(program, io);
  registerDiff(program, io);
  registerWhatif(program, io);
  registerWatch(program, io);
  registerRevive(program, io);
  registerExplore(program, io);
  for (const f of extra) f(program, io);
  registerInternal(program, io);
  return program;
}

export { CommanderError };
