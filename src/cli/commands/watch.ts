import { DEFAULT_MAX_CONDITIONS } from '../../engine/analysis/common.js';
import { defineCommand, SHARED } from '../pipeline.js';
import type { Context } from '../pipeline.js';
import { countOption, outlookOptions } from '../options.js';
import type { OutlookOptions } from '../options.js';
import { readOutlook } from './whatif.js';

interface WatchOptions extends OutlookOptions {
  signposts?: string;
}

export const watch = defineCommand({
  name: 'watch',
  description: "what to watch next: unset conditions ranked by expected information, and each possibility's signposts",
  help: `
Examples:
  $ iraq-scenarios watch
  $ iraq-scenarios watch --set iran_regime_collapse=false --top 5
  $ iraq-scenarios watch --json | jq '.conditions[0]'

How it ranks: by the expected information a condition gives about whether each
scenario holds, from the model's own distribution, exactly:
  information(c) = H(now) − Σ_v P(v) × H(after c=v)
where H is the sum over scenarios of the binary entropy (bits) of its
probability, P(v) is c's probability of being v, and "after" is the full
evaluation with c=v set. It is the sum of the mutual informations between c
and each scenario, never negative. Conditions the model marks as indicators
(observable before the outcome is settled) come first, then the others.
Signposts of a possibility: the unset conditions whose answer would move its
probability most (largest |P after − P now| over their values), with what
each value would do.

Bound: as for whatif, at most --max-conditions unset conditions (default ${DEFAULT_MAX_CONDITIONS})
and --max-work units of work; beyond either the command refuses with exit 64.`,
  options: [['--signposts <n>', 'signposts per possibility (default 3)'], SHARED, ...outlookOptions(DEFAULT_MAX_CONDITIONS)],
  needs: 'analysis',
  bounds: { maxConditions: '--max-conditions', maxWork: '--max-work' },
  parse: (ctx: Context<WatchOptions>) => ({ ...readOutlook(ctx), signposts: countOption('--signposts', ctx.opts.signposts, 3, true) }),
  run: async ({ model, compiled, query }, { only, top, maxConditions, maxWork, signposts }) => {
    const { watch: analyse } = await import('../../engine/analysis/watch.js');
    return { model, r: analyse(compiled, query, { only, maxConditions, maxWork, signposts }), top };
  },
  render: async () => (await import('../../render/watch.js')).watchRenderers,
});
