import type { Model } from '../../engine/types.js';
import { DEFAULT_MAX_CONDITIONS, DEFAULT_MAX_WORK, DERIVE_LIMIT } from '../../engine/analysis/common.js';
import type { Format } from '../../render/kit/options.js';
import { defineCommand, SHARED } from '../pipeline.js';
import { countOption, maxWorkOption, onlyOption, outlookOptions, topOption } from '../options.js';
import type { OutlookOptions } from '../options.js';
// Thousands by hand (countText): toLocaleString loads ICU data, ~15 ms of every start, as help texts are built with the program.
import { countText } from '../../render/kit/text.js';

/** --only, --top and --max-conditions as numbers and ids, checked before the analysis runs. */
export function readOutlook({ model, opts, format }: { model: Model; opts: OutlookOptions; format: Format }) {
  return {
    only: onlyOption(model, opts.only),
    top: topOption(opts.top, format),
    maxConditions: countOption('--max-conditions', opts.maxConditions, DEFAULT_MAX_CONDITIONS),
    maxWork: maxWorkOption(opts.maxWork),
  };
}

export const whatif = defineCommand({
  name: 'whatif',
  description: 'what each unset condition would do: for each value, which scenarios it rules out or triggers, and the probabilities after',
  help: `
Examples:
  $ iraq-scenarios whatif
  $ iraq-scenarios whatif --set iran_regime_collapse=false --top 5
  $ iraq-scenarios whatif --only sadrist_intervention,us_accepts_government --json

Ranking: by how much a condition narrows the field, the expected number of
possibilities it eliminates: Σ over its values v of P(v) × (scenarios v rules
out). Ties go to the expected information (see 'watch --help'), then to the
most any single value eliminates. P(v): the value's probability in the
model's distribution, given everything set, observed and your own
probabilities (see docs/probabilities.md).
Values the settings and constraints already exclude are listed as impossible,
with the reason. Each change names the requirement, rule-out, trigger and
constraints that make it.

Bound: at most --max-conditions unset conditions (default ${DEFAULT_MAX_CONDITIONS}) are analysed, one
full evaluation per value; beyond it the command refuses with exit 64 (set
some conditions, or pick some with --only), and at most --max-work units of
work (default ${countText(BigInt(DEFAULT_MAX_WORK))}; one unit is a circuit node visited, a condition
sampled or a solver step, about a microsecond): the command refuses with exit
64 as soon as the evaluations would need more. On models of more than ${DERIVE_LIMIT}
conditions the conditions each value would force are not listed.`,
  options: [SHARED, ...outlookOptions(DEFAULT_MAX_CONDITIONS)],
  needs: 'analysis',
  bounds: { maxConditions: '--max-conditions', maxWork: '--max-work' },
  parse: readOutlook,
  run: async ({ model, compiled, query }, { only, top, maxConditions, maxWork }) => {
    const { whatif: analyse } = await import('../../engine/analysis/whatif.js');
    return { model, r: analyse(compiled, query, { only, maxConditions, maxWork }), top };
  },
  render: async () => (await import('../../render/whatif.js')).whatifRenderers,
});
