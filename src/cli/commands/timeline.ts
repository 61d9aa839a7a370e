import { AppError, EXIT } from '../../app/errors.js';
import { getSettings } from '../../app/model.js';
import { defineCommand } from '../pipeline.js';
import type { Context } from '../pipeline.js';

interface TimelineOptions {
  until?: string;
  changesOnly?: boolean;
}

export const timeline = defineCommand({
  name: 'timeline',
  description: "how the field of possibilities moved as the model's dated events came in: each scenario's status and weight after each event",
  options: [
    ['--until <date>', 'stop after the events dated on or before DATE (YYYY-MM-DD)'],
    ['--changes-only', 'show only the events after which a status or weight moved'],
  ],
  help: `
Each column is the state just after one event, the first the state before any.
Cells: O open, T triggered, X ruled out, with the weight; * marks a status that
changed at that event. Dates marked ~ are inferred, ? undated (placeholders
that keep the order). --set and --conditions hold conditions fixed at every
step; --as-of is the same as --until here.

Examples:
  $ iraq-scenarios timeline
  $ iraq-scenarios timeline --until 2026-02-01 --changes-only
  $ iraq-scenarios timeline --set iran_regime_collapse=true
  $ iraq-scenarios timeline --json | jq '.steps[] | {event: .event.id, scenarios}'`,
  // The events are the timeline's steps, so --as-of only sets where it stops: the settings are read below.
  needs: 'model',
  shared: ['settings'],
  check: async ({ until, asOf }) => {
    const { checkDateFlag } = await import('../../app/as-of.js');
    if (until !== undefined) checkDateFlag('--until', until);
    if (asOf !== undefined) checkDateFlag('--as-of', asOf);
    if (until !== undefined && asOf !== undefined && until !== asOf)
      throw new AppError(EXIT.usage, `--as-of ${asOf} and --until ${until} disagree; give one of them (they mean the same here)`);
  },
  run: async ({ io, model, compiled, opts }: Context<TimelineOptions>) => {
    const { timeline: steps } = await import('../../engine/timeline.js');
    const until = opts.until ?? opts.asOf;
    const overrides = await getSettings(model, { ...opts, asOf: undefined }, io);
    return { model, steps: steps(compiled, { until, overrides }), until: until ?? null, overrides, changesOnly: opts.changesOnly === true };
  },
  render: async () => (await import('../../render/timeline.js')).timelineRenderers,
});
