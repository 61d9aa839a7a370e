import { AppError, EXIT } from '../../app/errors.js';
import { findScenario } from '../../app/model.js';
import { defineCommand } from '../pipeline.js';
import type { Context } from '../pipeline.js';
import { LOG_OPTION } from './record.js';

interface ResolveOptions {
  date?: string;
  log?: string;
  by?: string;
  note?: string;
}

export const resolve = defineCommand({
  name: 'resolve',
  arguments: [['<outcome...>', "the scenarios that held (id, numeral or short name), or 'none'"]],
  description: "record in the forecast log what happened: which scenarios held (or none), as of a date",
  options: [
    ['--date <date>', 'the day it was settled (YYYY-MM-DD; default today)'],
    LOG_OPTION,
    ['--by <name>', 'who records it (default: $IRAQ_SCENARIOS_AUTHOR)'],
    ['--note <text>', 'a note kept with the resolution'],
  ],
  help: `
The scenarios overlap, so several can hold together: name each. 'none' says
that none of them did. The resolution is appended to the log like a forecast;
'score' uses the log's last one, so a later 'resolve' corrects an earlier one.
Forecasts dated after the resolution's date are not scored.

Examples:
  $ iraq-scenarios resolve V --date 2026-12-20
  $ iraq-scenarios resolve V I --date 2026-12-20 --log team.jsonl
  $ iraq-scenarios resolve none --date 2026-12-31`,
  needs: 'model',
  check: async ({ date }, args) => {
    const { checkDateFlag } = await import('../../app/as-of.js');
    if (date !== undefined) checkDateFlag('--date', date);
    const words = (args[0] as unknown as string[]) ?? [];
    if (words.some((w) => w.toLowerCase() === 'none') && words.length > 1)
      throw new AppError(EXIT.usage, `resolve ${words.join(' ')}: 'none' says that no scenario held; name the scenarios that held, or 'none' alone`);
  },
  run: async ({ io, model, args, opts }: Context<ResolveOptions>) => {
    const { today } = await import('../../app/as-of.js');
    const { logPath, appendRecord, LOG_VERSION } = await import('../../app/forecast-log.js');
    const words = (args[0] as unknown as string[]) ?? [];
    const held = words.length === 1 && words[0]!.toLowerCase() === 'none' ? [] : [...new Set(words.map((w) => findScenario(model, w)))];
    const by = opts.by ?? io.env.IRAQ_SCENARIOS_AUTHOR;
    const resolution = {
      kind: 'resolution' as const,
      v: LOG_VERSION,
      recorded: new Date().toISOString(),
      date: opts.date ?? today(io),
      happened: held.map((s) => s.id),
      ...(by ? { by } : {}),
      ...(opts.note ? { note: opts.note } : {}),
    };
    const { path, isDefault } = logPath(io, opts.log);
    await appendRecord(path, resolution, isDefault);
    return { log: opts.log ?? path, resolution, names: held.map((s) => `${s.numeral ?? s.short ?? s.id} (${s.id})`) };
  },
  render: async () => (await import('../../render/record.js')).resolveRenderers,
});
