import { defineCommand, SCENARIO, SHARED } from '../pipeline.js';
import type { Context } from '../pipeline.js';
import { explainRenderers } from '../../render/explain.js';
import { showRenderers } from '../../render/show.js';
import { MAX_WORK_OPTION, maxWorkOption } from '../options.js';

export const explain = defineCommand({
  name: 'explain',
  arguments: [SCENARIO],
  description: 'why a scenario holds, is triggered or is ruled out under the settings, with sources and quotes',
  options: [SHARED, ['--ranges', "add the probability's range as the model's judgements are swung (see 'sensitivity')"], MAX_WORK_OPTION],
  bounds: { maxWork: '--max-work' },
  help: `
Besides the status and its reasons, explain shows how the probability is
made: its base (the priors and the hard constraints alone), then each input
that moves it (evidence, soft constraints, the calibration, the events, your
settings, probabilities and observations), largest first, with its source.
A conditions file's judgements (entries with a note, an author, a date or
sources) are shown beside the model's reasons, and under the move they make.

Examples:
  $ iraq-scenarios explain I --set iran_regime_collapse=true
  $ iraq-scenarios explain V --observe maliki_resigns=false
  $ iraq-scenarios explain p3_sadrist_intervention -s sadrist_intervention=yes --json`,
  needs: 'evaluation',
  run: async ({ model, ev, scenario, compiled, query, opts, judgements }: Context<{ ranges?: boolean; maxWork?: string }>) => {
    const { explainNumbers } = await import('../../engine/numbers.js');
    const numbers = explainNumbers(compiled, query, scenario.id);
    const range = opts.ranges ? (await import('../../engine/sensitivity.js')).ranges(compiled, query, { maxWork: maxWorkOption(opts.maxWork) }).get(scenario.id) : undefined;
    return { model, ev, result: ev.scenarios.find((s) => s.id === scenario.id)!, numbers, range, judgements };
  },
  render: () => explainRenderers,
});

export const show = defineCommand({
  name: 'show',
  arguments: [SCENARIO],
  description: 'a scenario as the model states it: requirements, triggers, rule-outs, evidence, stances, sources',
  help: '\nExamples:\n  $ iraq-scenarios show IV\n  $ iraq-scenarios show p0_maliki_government --json',
  needs: 'model',
  run: ({ model, scenario }) => ({ model, scenario }),
  render: () => showRenderers,
});
