import { defineCommand } from '../pipeline.js';
import type { Context } from '../pipeline.js';
import { LOG_OPTION } from './record.js';

export const score = defineCommand({
  name: 'score',
  description: 'score the forecast log against what happened: Brier and log scores per forecast and over time, a calibration table, each author\'s scores',
  options: [LOG_OPTION, ['--no-color', 'no colour']],
  help: `
Each scenario of a forecast, and "none of them", is a yes/no question, scored
against the log's last resolution ('resolve'): the Brier score is the mean of
(p - o)^2 over them (0 perfect, 1 worst), the log score the mean of ln(p) of
what happened (0 perfect; p kept within [0.001, 0.999]). Forecasts are listed
by date with the running mean; the calibration table puts every probability
in a bin of ten points and shows how often what it forecast happened. A line
of the log that cannot be read is reported with its number and skipped; the
file is never rewritten.

Examples:
  $ iraq-scenarios score
  $ iraq-scenarios score --log team.jsonl --json | jq .overall`,
  needs: 'nothing',
  run: async ({ io, opts, format }: Context<{ log?: string }>) => {
    const { logPath, readLogText, parseLog, problemNotes, forecastOf, outcomeOf } = await import('../../app/forecast-log.js');
    const { scoreAll } = await import('../../engine/score.js');
    const { path } = logPath(io, opts.log);
    const shown = opts.log ?? path;
    const { records, problems } = parseLog(readLogText(path, shown));
    if (problems.length && format !== 'json') io.stderr.write(problemNotes(shown, problems));
    const recs = records.map((r) => r.rec);
    const forecasts = recs.flatMap((r) => (r.kind === 'forecast' ? [r] : []));
    const { outcome, resolutions } = outcomeOf(recs);
    const names = new Map(forecasts.flatMap((f) => f.scenarios.map((s) => [s.id, s.name ?? s.id] as const)));
    const report = outcome ? scoreAll(forecasts.map(forecastOf), outcome) : undefined;
    return { log: shown, report, forecasts: forecasts.length, resolutions, skipped: problems, names };
  },
  render: async () => (await import('../../render/score.js')).scoreRenderers,
});
