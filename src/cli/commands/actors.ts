import { AppError, EXIT } from '../../app/errors.js';
import { defineCommand } from '../pipeline.js';
import type { Context } from '../pipeline.js';

interface ActorsOptions {
  sources?: boolean;
}

export const actors = defineCommand({
  name: 'actors',
  description: 'who backs and who blocks each scenario under the settings: the stance matrix, with sources and a support balance',
  options: [['--sources', 'list the sources behind every cell under the tables']],
  help: `
Stances: sup supports, opp opposes, neu neutral, cond conditional (its
condition still open), ? unclear. A conditional stance ("backs no government
Washington openly rejects") resolves when its condition holds, or fails, in
every world consistent with the settings; * marks one so resolved.
Balance = supporters' influence - opponents' influence (influence 0-10 per
actor, documented in the model); index = balance / all actors' influence.

Examples:
  $ iraq-scenarios actors
  $ iraq-scenarios actors --set framework_majority_backs_maliki=false --sources
  $ iraq-scenarios actors --as-of 2026-02-06 --json | jq '.scenarios[] | {numeral, balance}'`,
  needs: 'evaluation',
  run: async ({ io, model, compiled, ev, format, opts }: Context<ActorsOptions>) => {
    const { stanceMatrix } = await import('../../engine/actors.js');
    const m = stanceMatrix(compiled, new Map(ev.settings.map((x) => [x.condition, x.value])));
    // The evaluation has already reported a contradiction; null here would be a bug.
    if (!m) throw new AppError(EXIT.internal, 'the stance matrix found the settings contradictory after the evaluation did not');
    if (model.actors.length === 0 && format !== 'json' && !opts.quiet) io.stderr.write("iraq-scenarios: this model has no actors (add a file with 'kind: actors')\n");
    return { model, m, ev, sources: opts.sources === true };
  },
  // Loaded on use so other commands do not pay for them at start-up.
  render: async () => (await import('../../render/actors.js')).actorsRenderers,
});
