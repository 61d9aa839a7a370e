import type { Command } from 'commander';
import type { Io } from '../io.js';
import {
  compiled,
  evaluateOrFail,
  findScenario,
  getFormat,
  getModel,
  getSettings,
  renderOptions,
  withFormatOptions,
  withModelOption,
  withSettingsOptions,
} from '../context.js';
import type { CommonOptions } from '../context.js';
import { countOption } from '../analysis.js';
import { revive } from '../../engine/analysis/index.js';
import { renderRevive } from '../../render/analysis.js';

interface ReviveCliOptions extends CommonOptions {
  maxSize?: string;
  limit?: string;
}

export function registerRevive(program: Command, io: Io): void {
  const cmd = program
    .command('revive')
    .argument('<scenario>', 'a scenario id or numeral (I..V)')
    .description('what would bring a ruled-out scenario back: the smallest sets of changes to the settings, and what else each changes')
    .addHelpText(
      'after',
      `
Examples:
  $ iraq-scenarios revive I --set maliki_government_formed=true
  $ iraq-scenarios revive p3_sadrist_intervention -c my-settings.yaml --json

A change drops a setting (back to unknown) or gives it another value. Sets
are listed smallest first, and each is minimal: touching fewer of its settings
does not bring the scenario back. For every way of changing a set that works,
the scenario's new status and weight, the other scenarios whose status
changes, and the conditions newly forced (or no longer forced).

Bounds: sets of at most --max-size settings (default 3), at most --limit sets
(default 10), at most 200,000 subsets tried and 8 value combinations per set;
the output says when a bound cut the search short. A scenario that is not
ruled out is reported as such (exit 0).`,
    )
    .option('--max-size <n>', 'touch at most N settings in one set (default 3)')
    .option('--limit <n>', 'list at most N sets (default 10)');
  withFormatOptions(withSettingsOptions(withModelOption(cmd))).action(async (name: string, opts: ReviveCliOptions) => {
    const format = getFormat(opts);
    const { model } = await getModel(opts.model, io);
    const scenario = findScenario(model, name);
    const settings = await getSettings(model, opts, io);
    const maxSize = countOption('--max-size', opts.maxSize, 3);
    const maxSets = countOption('--limit', opts.limit, 10);
    evaluateOrFail(model, settings);
    const r = revive(compiled(model), settings, scenario.id, { maxSize, maxSets });
    io.stdout.write(renderRevive(model, r, format, renderOptions(io, opts)));
  });
}
