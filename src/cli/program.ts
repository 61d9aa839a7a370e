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

import { VERSION } from './version.js';

export { VERSION };

/** Every command, in the order --help lists them. A new command is one file in commands/ and one entry here. */
export const COMMANDS: readonly AnyCommand[] = [query, explain, show, list, validate, interactive, timeline, actors, graph, diff, whatif, watch, sensitivity, revive, explore, record, resolve, score, compare];

export const EXIT_HELP = `Exit codes:
  0    success
  1    internal error (a bug: please report it)
  2    the settings contradict the model's constraints (or ask a probability they exclude)
  64   usage error: unknown command, flag, condition or value
  65   data error: invalid model or conditions file; validate found problems
  66   an input file or folder cannot be opened
  73   an output file cannot be written
  130  interrupted (Ctrl-C)`;

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
  for (const c of COMMANDS) register(program, io, c);
  for (const f of extra) f(program, io);
  registerInternal(program, io);
  return program;
}

export { CommanderError };
