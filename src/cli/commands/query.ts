import type { Command } from 'commander';
import type { Io } from '../io.js';
import {
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
import { queryJson, toJsonText } from '../../render/json.js';
import { queryMarkdown, queryTable } from '../../render/query.js';

export function registerQuery(program: Command, io: Io): void {
  const cmd = program
    .command('query')
    .description('which scenarios still hold under the settings: status, weight and the deciding reasons')
    .addHelpText(
      'after',
      `
Examples:
  $ iraq-scenarios query
  $ iraq-scenarios query --set iran_regime_collapse=true
  $ iraq-scenarios query -s sadrist_intervention=yes -s iran_regime_state=collapsed --json
  $ echo 'maliki_government_formed: true' | iraq-scenarios query --conditions - --format markdown`,
    );
  withFormatOptions(withSettingsOptions(withModelOption(cmd))).action(async (opts: CommonOptions) => {
    const format = getFormat(opts);
    const { model } = await getModel(opts.model, io);
    const settings = await getSettings(model, opts, io);
    const ev = evaluateOrFail(model, settings);
    if (format === 'json') io.stdout.write(toJsonText(queryJson(model, ev)));
    else if (format === 'markdown') io.stdout.write(queryMarkdown(model, ev));
    else io.stdout.write(queryTable(model, ev, renderOptions(io, opts)));
  });
}
