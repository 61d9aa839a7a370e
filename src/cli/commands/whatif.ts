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
import { bounded, countOption, onlyOption, topOption, withOutlookOptions } from '../analysis.js';
import { DEFAULT_MAX_CONDITIONS, DERIVE_LIMIT, whatif } from '../../engine/analysis/index.js';
import { renderWhatif } from '../../render/analysis.js';

interface WhatIfOptions extends CommonOptions {
  only?: string[];
  top?: string;
  maxConditions?: string;
}

export function registerWhatif(program: Command, io: Io): void {
  const cmd = program
    .command('whatif')
    .description('what each unset condition would do: for each value, which scenarios it rules out or triggers, and the weights after')
    .addHelpText(
      'after',
      `
Examples:
  $ iraq-scenarios whatif
  $ iraq-scenarios whatif --set iran_regime_collapse=false --top 5
  $ iraq-scenarios whatif --only sadrist_intervention,us_accepts_government --json

Ranking: by how much a condition narrows the field, the expected number of
possibilities it eliminates: Σ over its values v of P(v) × (scenarios v rules
out). Ties go to the expected information (see 'watch --help'), then to the
most any single value eliminates. P(v): each possibility still open spreads
its current weight evenly over the values of the condition it can hold with.
Values the settings and constraints already exclude are listed as impossible,
with the reason. Each change names the requirement, rule-out, trigger and
constraints that make it.

Bound: at most --max-conditions unset conditions (default ${DEFAULT_MAX_CONDITIONS}) are analysed, one
full evaluation per value; beyond it the command refuses with exit 64 (set
some conditions, or pick some with --only). On models of more than ${DERIVE_LIMIT}
conditions the conditions each value would force are not listed.`,
    );
  withOutlookOptions(withFormatOptions(withSettingsOptions(withModelOption(cmd))), DEFAULT_MAX_CONDITIONS).action(
    async (opts: WhatIfOptions) => {
      const format = getFormat(opts);
      const { model } = await getModel(opts.model, io);
      const settings = await getSettings(model, opts, io);
      const only = onlyOption(model, opts.only);
      const top = topOption(opts.top, format);
      const maxConditions = countOption('--max-conditions', opts.maxConditions, DEFAULT_MAX_CONDITIONS);
      evaluateOrFail(model, settings);
      const r = bounded('whatif', { maxConditions: '--max-conditions' }, () => whatif(compiled(model), settings, { only, maxConditions }));
      io.stdout.write(renderWhatif(model, r, format, { ...renderOptions(io, opts), top }));
    },
  );
}
