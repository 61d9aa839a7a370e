import { AppError, EXIT } from '../../app/errors.js';
import { getQuery } from '../../app/model.js';
import { defineCommand } from '../pipeline.js';
import type { Context } from '../pipeline.js';

interface TimelineOptions {
  until?: string;
  changesOnly?: boolean;
  log?: string;
}

export const timeline = defineCommand({
  name: 'timeline',
  description: "how the field of possibilities moved as the model's dated events came in: each scenario's status and probability after each event",
  options: [
    ['--until <date>', 'stop after the events dated on or before DATE (YYYY-MM-DD)'],
    ['--changes-only', 'show only the events after which a status or probability moved'],
    ['--log <file>', "draw your recorded forecasts (from 'record') beside the model's events"],
  ],
  help: `
Each column is the state just after one event, the first the state before any.
Cells: O open, T triggered, C certain, X ruled out, with the probability; *
marks a status that changed at that event. Dates marked ~ are inferred, ? undated (placeholders
that keep the order). --set and --conditions hold conditions fixed at every
step; --as-of is the same as --until here. By default the timeline runs to
today (IRAQ_SCENARIOS_TODAY overrides the clock): events dated later are left
out, and said so on stderr.

Examples:
  $ iraq-scenarios timeline
  $ iraq-scenarios timeline --until 2026-02-01 --changes-only
  $ iraq-scenarios timeline --set iran_regime_collapse=true
  $ iraq-scenarios timeline --log team.jsonl
  $ iraq-scenarios timeline --json | jq '.steps[] | {event: .event.id, scenarios}'`,
  // The events are the timeline's steps, so --as-of only sets where it stops: the settings are read below.
  needs: 'model',
  shared: ['settings'],
  check: async ({ until }) => {
    const { checkDateFlag } = await import('../../app/as-of.js');
    if (until !== undefined) checkDateFlag('--until', until);
  },
  run: async ({ io, model, compiled, opts, format }: Context<TimelineOptions>) => {
    const { timeline: steps } = await import('../../engine/timeline.js');
    const { resolveAsOf } = await import('../../app/as-of.js');
    const asOf = opts.asOf !== undefined ? resolveAsOf(model, opts.asOf, io).date : undefined;
    if (opts.until !== undefined && asOf !== undefined && opts.until !== asOf)
      throw new AppError(EXIT.usage, `--as-of ${opts.asOf} and --until ${opts.until} disagree; give one of them (they mean the same here)`);
    const given = opts.until ?? asOf;
    // Current by default: the events up to today, and a word about any dated later.
    const { today } = await import('../../app/as-of.js');
    const now = today(io);
    const until = given ?? now;
    const later = given === undefined ? model.events.filter((e) => e.date > now).length : 0;
    if (later && !opts.quiet && format !== 'json')
      io.stderr.write(`iraq-scenarios: ${later} event${later > 1 ? 's' : ''} dated after today (${now}) left out; --as-of latest shows ${later > 1 ? 'them' : 'it'}\n`);
    // The events are the steps: the question holds at every step, without a date of its own.
    const question = await getQuery(model, { ...opts, quiet: true }, io);
    const overrides = { ...question, asOf: undefined };
    let records;
    if (opts.log !== undefined) {
      const { logPath, readLogText, parseLog, problemNotes } = await import('../../app/forecast-log.js');
      const { path } = logPath(io, opts.log);
      const { records: lines, problems } = parseLog(readLogText(path, opts.log));
      if (problems.length && !opts.quiet && format !== 'json') io.stderr.write(problemNotes(opts.log, problems));
      records = lines.flatMap(({ rec }) =>
        rec.kind === 'forecast' && rec.date <= until ? [{ id: rec.id, date: rec.date, by: rec.by, scenarios: new Map(rec.scenarios.map((s) => [s.id, s.probability])) }] : [],
      );
    }
    return { model, steps: steps(compiled, { until, overrides }), records, until: given ?? null, overrides: overrides.settings ?? new Map(), changesOnly: opts.changesOnly === true };
  },
  render: async () => (await import('../../render/timeline.js')).timelineRenderers,
});
