import { DEFAULT_MAX_CONDITIONS, watch as analyse } from '../../engine/analysis/index.js';
import { watchRenderers } from '../../render/watch.js';
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
  options: [['--signposts <n>', 'signposts per possibility (default 3)'], SHARED, ...outlookOptions(DEFAULT_MAX_CONDITIONS)],
  needs: 'analysis',
  bounds: { maxConditions: '--max-conditions' },
  parse: (ctx: Context<WatchOptions>) => ({ ...readOutlook(ctx), signposts: countOption('--signposts', ctx.opts.signposts, 3, true) }),
  run: ({ model, compiled, query }, { only, top, maxConditions, signposts }) => ({
    model,
    r: analyse(compiled, query, { only, maxConditions, signposts }),
    top,
  }),
  render: () => watchRenderers,
});
