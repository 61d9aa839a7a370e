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
import { DEFAULT_MAX_CONDITIONS, watch } from '../../engine/analysis/index.js';
import { renderWatch } from '../../render/analysis.js';

interface WatchOptions extends CommonOptions {
  only?: string[];
  top?: string;
  maxConditions?: string;
  signposts?: string;
}

export function registerWatch(program: Command, io: Io): void {
  const cmd = program
    .command('watch')
    .description('what to watch next: unset conditions ranked by expected information, and each possibility\'s signposts')
    .addHelpText(
      'after',
      `
Examples:
  $ iraq-scenarios watch
  $ iraq-scenarios watch --set iran_regime_collapse=false --top 5
  $ iraq-scenarios watch --json | jq '.conditions[0]'

How it ranks: by expected information, the expected fall in uncertainty
over the scenarios' weights once the condition is known:
  information(c) = H(now) − Σ_v P(v) × H(after c=v)
where H is the Shannon entropy, in bits, of the scenario weights (ruled-out
scenarios weigh 0) and "after" is the full evaluation with c=v added. P(v):
each possibility still open spreads its current weight evenly over the values
of c it can hold with,
  P(v) = Σ_s w(s) × [s can hold with c=v] / (number of values s can hold with).
Information can be negative when a likely value would even the weights out.
Signposts of a possibility: the unset conditions whose answer would move its
weight most (largest |weight after − weight now| over their values), with
what each value would do.

Bound: as for whatif, at most --max-conditions unset conditions (default ${DEFAULT_MAX_CONDITIONS});
beyond it the command refuses with exit 64.`,
    )
    .option('--signposts <n>', 'signposts per possibility (default 3)');
  withOutlookOptions(withFormatOptions(withSettingsOptions(withModelOption(cmd))), DEFAULT_MAX_CONDITIONS).action(
    async (opts: WatchOptions) => {
      const format = getFormat(opts);
      const { model } = await getModel(opts.model, io);
      const settings = await getSettings(model, opts, io);
      const only = onlyOption(model, opts.only);
      const top = topOption(opts.top, format);
      const maxConditions = countOption('--max-conditions', opts.maxConditions, DEFAULT_MAX_CONDITIONS);
      const signposts = countOption('--signposts', opts.signposts, 3, true);
      evaluateOrFail(model, settings);
      const r = bounded('watch', { maxConditions: '--max-conditions' }, () =>
        watch(compiled(model), settings, { only, maxConditions, signposts }),
      );
      io.stdout.write(renderWatch(model, r, format, { ...renderOptions(io, opts), top }));
    },
  );
}
