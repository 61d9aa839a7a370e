import type { Command } from 'commander';
import type { Io } from '../io.js';
import { compiled, getFormat, getModel, getSettings, renderOptions, withFormatOptions, withModelOption, withSettingsOptions } from '../context.js';
import type { CommonOptions } from '../context.js';
import { CliError, EXIT } from '../errors.js';

interface TimelineOptions extends CommonOptions {
  until?: string;
  changesOnly?: boolean;
}

export function registerTimeline(program: Command, io: Io): void {
  const cmd = program
    .command('timeline')
    .description("how the field of possibilities moved as the model's dated events came in: each scenario's status and weight after each event")
    .option('--until <date>', 'stop after the events dated on or before DATE (YYYY-MM-DD)')
    .option('--changes-only', 'show only the events after which a status or weight moved')
    .addHelpText(
      'after',
      `
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
    );
  withFormatOptions(withSettingsOptions(withModelOption(cmd))).action(async (opts: TimelineOptions) => {
    const format = getFormat(opts);
    // Loaded on use so other commands do not pay for them at start-up.
    const { checkDateFlag } = await import('../as-of.js');
    const { timeline } = await import('../../engine/timeline.js');
    const { toJsonText } = await import('../../render/json.js');
    const { timelineGrid, timelineJson, timelineMarkdown } = await import('../../render/timeline.js');
    const until = opts.until !== undefined ? checkDateFlag('--until', opts.until) : undefined;
    const asOf = opts.asOf !== undefined ? checkDateFlag('--as-of', opts.asOf) : undefined;
    if (until !== undefined && asOf !== undefined && until !== asOf)
      throw new CliError(EXIT.usage, `--as-of ${asOf} and --until ${until} disagree; give one of them (they mean the same here)`);
    const { model } = await getModel(opts.model, io);
    // The events are the timeline's steps, so --as-of only sets where it stops.
    const overrides = await getSettings(model, { ...opts, asOf: undefined }, io);
    const steps = timeline(compiled(model), { until: until ?? asOf, overrides });
    const changesOnly = opts.changesOnly === true;
    if (format === 'json') io.stdout.write(toJsonText(timelineJson(model, steps, { until: until ?? asOf ?? null, overrides, changesOnly })));
    else if (format === 'markdown') io.stdout.write(timelineMarkdown(model, steps, changesOnly));
    else io.stdout.write(timelineGrid(model, steps, { ...renderOptions(io, opts), changesOnly }));
  });
}
