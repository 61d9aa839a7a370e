import { defineCommand, SHARED } from '../pipeline.js';
import type { Context } from '../pipeline.js';
import { VERSION } from '../../app/version.js';

interface RecordOptions {
  log?: string;
  by?: string;
  note?: string;
}

export const LOG_OPTION = ['--log <file>', 'the forecast log (default: $IRAQ_SCENARIOS_LOG, else $XDG_DATA_HOME/iraq-scenarios/forecasts.jsonl, else ~/.local/share/iraq-scenarios/forecasts.jsonl)'] as const;

export const record = defineCommand({
  name: 'record',
  description: "append a forecast to the log: the date, the model's content hash and layers, the question, every scenario's probability and range",
  options: [
    LOG_OPTION,
    ['--by <name>', "who makes the forecast (default: $IRAQ_SCENARIOS_AUTHOR, else the conditions file's `by` when all its judgements name one)"],
    ['--note <text>', 'a note kept with the forecast'],
    SHARED,
  ],
  help: `
The forecast is the question as the other commands read it (--as-of, today by
default; --conditions; --set; --observe; --assume; --model layers) and its
answer: each scenario's probability and range, and the probability that none
holds. It is appended to the log as one JSON line, in one write, flushed to
disk; nothing already in the log is rewritten. 'resolve' records what
happened; 'score' scores every forecast against it.

Examples:
  $ iraq-scenarios record --by alice
  $ iraq-scenarios record --conditions alice.yaml --log team.jsonl
  $ iraq-scenarios record --model my-notes --set sadrist_intervention=0.3 --json`,
  needs: 'evaluation',
  run: async ({ io, model, compiled, query, ev, judgements, opts }: Context<RecordOptions>) => {
    const { forecastRecord, logPath, appendRecord } = await import('../../app/forecast-log.js');
    const { ranges } = await import('../../engine/sensitivity.js');
    const named = [...new Set(judgements.map((j) => j.by).filter((x): x is string => x !== undefined))];
    const by = opts.by ?? io.env.IRAQ_SCENARIOS_AUTHOR ?? (named.length === 1 ? named[0] : undefined);
    const { path, isDefault } = logPath(io, opts.log);
    const rec = forecastRecord({ model, query, ev, ranges: ranges(compiled, query), judgements, by, note: opts.note, tool: VERSION, now: new Date(), modelName: opts.model?.length ? opts.model.join(' + ') : 'shipped' });
    await appendRecord(path, rec, isDefault);
    return { log: opts.log ?? path, record: rec as typeof rec & Record<string, unknown>, titles: new Map(model.scenarios.map((s) => [s.id, s.title])) };
  },
  render: async () => (await import('../../render/record.js')).recordRenderers,
});
