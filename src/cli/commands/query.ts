import { defineCommand, SHARED } from '../pipeline.js';
import type { Context } from '../pipeline.js';
import { queryRenderers } from '../../render/query.js';
import { MAX_WORK_OPTION, maxWorkOption } from '../options.js';

export const query = defineCommand({
  name: 'query',
  description: 'which scenarios still hold, and how likely each is, given what is set and observed: status, probability and the deciding reasons',
  options: [SHARED, ['--ranges', "add each probability's range as the model's judgements are swung one at a time (see 'sensitivity')"], MAX_WORK_OPTION],
  bounds: { maxWork: '--max-work' },
  help: `
Examples:
  $ iraq-scenarios query
  $ iraq-scenarios query --set iran_regime_collapse=true
  $ iraq-scenarios query --set sadrist_intervention=0.7 --ranges
  $ iraq-scenarios query --as-of 2026-02-08 --observe maliki_resigns=false
  $ iraq-scenarios query -s sadrist_intervention=yes -s iran_regime_state=collapsed --json
  $ echo 'maliki_government_formed: true' | iraq-scenarios query --conditions - --format markdown`,
  needs: 'evaluation',
  run: async ({ model, ev, compiled, query, opts }: Context<{ ranges?: boolean; maxWork?: string }>) => ({
    model,
    ev,
    ranges: opts.ranges ? (await import('../../engine/sensitivity.js')).ranges(compiled, query, { maxWork: maxWorkOption(opts.maxWork) }) : undefined,
  }),
  render: () => queryRenderers,
});
