import { defineCommand } from '../pipeline.js';
import { queryRenderers } from '../../render/query.js';

export const query = defineCommand({
  name: 'query',
  description: 'which scenarios still hold under the settings: status, weight and the deciding reasons',
  help: `
Examples:
  $ iraq-scenarios query
  $ iraq-scenarios query --set iran_regime_collapse=true
  $ iraq-scenarios query -s sadrist_intervention=yes -s iran_regime_state=collapsed --json
  $ echo 'maliki_government_formed: true' | iraq-scenarios query --conditions - --format markdown`,
  needs: 'evaluation',
  run: ({ model, ev }) => ({ model, ev }),
  render: () => queryRenderers,
});
