import { AppError, EXIT } from '../../app/errors.js';
import { defineCommand } from '../pipeline.js';
import type { Context } from '../pipeline.js';
import { VERSION } from '../../app/version.js';

interface ReportOptions {
  output?: string;
}

export const report = defineCommand({
  name: 'report',
  description: "one self-contained HTML page: the scenarios, each one's probability over the model's events as a chart, the actors and the sources",
  options: [['-o, --output <file>', 'write the report to FILE (atomically) rather than to stdout']],
  help: `
The page has no script and loads nothing (no network, no font, no image
file): it opens offline in any browser and prints. Charts are inline SVG: each
scenario's probability just after each of the model's events up to --as-of,
the question's --set and --observe held at every step.

Examples:
  $ iraq-scenarios report -o report.html      (replaces an earlier report, nothing else)
  $ iraq-scenarios report --set iran_regime_collapse=true > collapse.html
  $ iraq-scenarios report --model examples/varna-dam -o varna.html
  $ iraq-scenarios report --json | jq '.series[] | {scenario, last: .points[-1].probability}'`,
  needs: 'evaluation',
  formats: ['html', 'json'],
  formatHelp: 'html (the page) or json (its data)',
  output: ({ opts }: Context<ReportOptions>) => (opts.output === '-' ? undefined : opts.output),
  check: async ({ output }: ReportOptions, _args, io) => {
    if (output === '') throw new AppError(EXIT.usage, '--output: expected a file name (or - for stdout)');
    if (output === undefined || output === '-') return;
    // Replace a report, never anything else: a slip of the keyboard must not overwrite a model file.
    const fs = await import('node:fs');
    const path = (await import('node:path')).resolve(io.cwd, output);
    let head: string;
    try {
      if (!fs.statSync(path).isFile()) throw new AppError(EXIT.cantCreate, `--output ${output}: not a file`);
      head = fs.readFileSync(path, 'utf8').slice(0, 4096);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      if (e instanceof AppError) throw e;
      throw new AppError(EXIT.cantCreate, `--output ${output}: cannot read the existing file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (!head.includes('<meta name="generator" content="iraq-scenarios') && !/^\{\s*"schemaVersion"/.test(head))
      throw new AppError(EXIT.cantCreate, `--output ${output}: the file exists and is not a report this tool wrote; remove it first or name another file`);
  },
  run: async ({ model, compiled, ev, query }: Context<ReportOptions>) => {
    const [{ timeline }, { stanceMatrix }] = await Promise.all([import('../../engine/timeline.js'), import('../../engine/actors.js')]);
    // The events are the steps, up to the question's date; the question's own values hold at each.
    const steps = timeline(compiled, { until: query.asOf, overrides: { ...query, asOf: undefined } });
    const m = model.actors.length ? stanceMatrix(compiled, new Map(ev.settings.map((x) => [x.condition, x.value]))) : null;
    return { model, ev, steps, m, generator: `iraq-scenarios ${VERSION}` };
  },
  render: async () => (await import('../../render/report.js')).reportRenderers,
});
