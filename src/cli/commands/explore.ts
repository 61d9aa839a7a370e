import { DEFAULT_MAX_NODES } from '../../engine/analysis/common.js';
import { defineCommand } from '../pipeline.js';
import type { Context } from '../pipeline.js';
import { countOption } from '../options.js';
import { countText } from '../../render/kit/text.js';

interface ExploreOptions {
  maxSteps?: string;
  gaps?: string;
}

export const explore = defineCommand({
  name: 'explore',
  description: 'count the worlds consistent with the settings: where each scenario holds, which hold together, and the gaps where none does',
  // Thousands separators by hand: toLocaleString loads ICU data, ~15 ms of
  // every start-up, since help texts are built when the program is.
  help: `
Examples:
  $ iraq-scenarios explore
  $ iraq-scenarios explore --set iran_regime_collapse=true --json | jq .gaps

A world gives every condition of the model a value and satisfies every
constraint and setting. A scenario holds in a world when its requirements are
met there and none of its rule-outs is. Counts are exact: a model counter
branches only on conditions an undecided rule still depends on, and counts
the completions of a decided branch at once. Gaps are shown as partial
assignments (the conditions not named may take any value) with their counts.

Bound: at most --max-steps search steps (default ${String(DEFAULT_MAX_NODES).replace(/\B(?=(\d{3})+$)/g, ',')}); beyond it the
command refuses with exit 64 (set more conditions, or raise the bound). On a
terminal a progress line is drawn on stderr when the count takes over a
second. Counts beyond 2^53 are given in JSON as decimal strings.`,
  options: [
    ['--max-steps <n>', `refuse beyond N search steps (default ${DEFAULT_MAX_NODES})`],
    ['--gaps <n>', 'gap groups to show, largest first (default 10)'],
  ],
  // explore counts worlds without evaluating: the one evaluation checks the settings are consistent.
  needs: 'evaluation',
  bounds: { maxNodes: '--max-steps' },
  parse: ({ opts }: Context<ExploreOptions>) => ({
    maxNodes: countOption('--max-steps', opts.maxSteps, DEFAULT_MAX_NODES),
    gapExamples: countOption('--gaps', opts.gaps, 10, true),
  }),
  run: async ({ io, model, compiled, query, opts }, { maxNodes, gapExamples }) => {
    const started = Date.now();
    let drawn = false;
    // Progress only on a terminal, and only once the count has taken a while.
    const onProgress = io.stderr.isTTY && !opts.quiet
      ? (nodes: number, max: number) => {
          if (Date.now() - started < 1000) return;
          drawn = true;
          io.stderr.write(`\rexploring: ${countText(BigInt(nodes))} of at most ${countText(BigInt(max))} steps…`);
        }
      : undefined;
    const { explore: analyse } = await import('../../engine/analysis/explore.js');
    try {
      return { model, r: analyse(compiled, query, { maxNodes, gapExamples, onProgress }) };
    } finally {
      if (drawn) io.stderr.write('\r\x1b[K');
    }
  },
  render: async () => (await import('../../render/explore.js')).exploreRenderers,
});
