import { defineCommand, SCENARIO } from '../pipeline.js';
import type { Context } from '../pipeline.js';
import { countOption, MAX_WORK_OPTION, maxWorkOption } from '../options.js';

interface ReviveOptions {
  maxSize?: string;
  limit?: string;
  maxWork?: string;
}

export const revive = defineCommand({
  name: 'revive',
  arguments: [SCENARIO],
  description: 'what would bring a ruled-out scenario back: the smallest sets of changes to the settings, and what else each changes',
  help: `
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
the output says when a bound cut the search short. Evaluating the changes
found takes at most --max-work units of work (see whatif --help); beyond it
the command refuses with exit 64. A scenario that is not
ruled out is reported as such (exit 0).`,
  options: [
    ['--max-size <n>', 'touch at most N settings in one set (default 3)'],
    ['--limit <n>', 'list at most N sets (default 10)'],
    MAX_WORK_OPTION,
  ],
  bounds: { maxWork: '--max-work' },
  needs: 'analysis',
  parse: ({ opts }: Context<ReviveOptions>) => ({
    maxSize: countOption('--max-size', opts.maxSize, 3),
    maxSets: countOption('--limit', opts.limit, 10),
    maxWork: maxWorkOption(opts.maxWork),
  }),
  run: async ({ model, compiled, query, scenario }, limits) => {
    const { revive: analyse } = await import('../../engine/analysis/revive.js');
    return { model, r: analyse(compiled, query, scenario.id, limits) };
  },
  render: async () => (await import('../../render/revive.js')).reviveRenderers,
});
