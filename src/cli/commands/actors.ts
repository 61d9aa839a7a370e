import type { Command } from 'commander';
import type { Io } from '../io.js';
import {
  compiled,
  evaluateOrFail,
  getFormat,
  getModel,
  getSettings,
  renderOptions,
  withFormatOptions,
  withModelOption,
  withSettingsOptions,
} from '../context.js';
import type { CommonOptions } from '../context.js';
import { CliError, EXIT } from '../errors.js';

interface ActorsOptions extends CommonOptions {
  sources?: boolean;
}

export function registerActors(program: Command, io: Io): void {
  const cmd = program
    .command('actors')
    .description('who backs and who blocks each scenario under the settings: the stance matrix, with sources and a support balance')
    .option('--sources', 'list the sources behind every cell under the tables')
    .addHelpText(
      'after',
      `
Stances: sup supports, opp opposes, neu neutral, cond conditional (its
condition still open), ? unclear. A conditional stance ("backs no government
Washington openly rejects") resolves when its condition holds, or fails, in
every world consistent with the settings; * marks one so resolved.
Balance = supporters' influence - opponents' influence (influence 0-10 per
actor, documented in the model); index = balance / all actors' influence.

Examples:
  $ iraq-scenarios actors
  $ iraq-scenarios actors --set framework_majority_backs_maliki=false --sources
  $ iraq-scenarios actors --as-of 2026-02-06 --json | jq '.scenarios[] | {numeral, balance}'`,
    );
  withFormatOptions(withSettingsOptions(withModelOption(cmd))).action(async (opts: ActorsOptions) => {
    const format = getFormat(opts);
    const { model } = await getModel(opts.model, io);
    const settings = await getSettings(model, opts, io);
    const ev = evaluateOrFail(model, settings);
    const { stanceMatrix } = await import('../../engine/actors.js');
    const { actorsJson, actorsMarkdown, actorsMatrix } = await import('../../render/actors.js');
    const { toJsonText } = await import('../../render/json.js');
    const m = stanceMatrix(compiled(model), settings);
    // evaluateOrFail has already reported a contradiction; null here would be a bug.
    if (!m) throw new CliError(EXIT.internal, 'the stance matrix found the settings contradictory after the evaluation did not');
    if (model.actors.length === 0 && format !== 'json')
      io.stderr.write("iraq-scenarios: this model has no actors (add a file with 'kind: actors')\n");
    if (format === 'json') io.stdout.write(toJsonText(actorsJson(model, m, ev)));
    else if (format === 'markdown') io.stdout.write(actorsMarkdown(model, m, ev));
    else io.stdout.write(actorsMatrix(model, m, ev, { ...renderOptions(io, opts), sources: opts.sources === true }));
  });
}
