import { defineCommand, SCENARIO } from '../pipeline.js';
import { explainRenderers } from '../../render/explain.js';
import { showRenderers } from '../../render/show.js';

export const explain = defineCommand({
  name: 'explain',
  arguments: [SCENARIO],
  description: 'why a scenario holds, is triggered or is ruled out under the settings, with sources and quotes',
  help: '\nExamples:\n  $ iraq-scenarios explain I --set iran_regime_collapse=true\n  $ iraq-scenarios explain p3_sadrist_intervention -s sadrist_intervention=yes --json',
  needs: 'evaluation',
  run: ({ model, ev, scenario }) => ({ model, ev, result: ev.scenarios.find((s) => s.id === scenario.id)! }),
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
