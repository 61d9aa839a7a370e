import { defineCommand, SHARED } from '../pipeline.js';
import type { Context } from '../pipeline.js';
import { countOption, MAX_WORK_OPTION, maxWorkOption } from '../options.js';

interface SensitivityOptions {
  top?: string;
  sources?: boolean;
  maxWork?: string;
}

export const sensitivity = defineCommand({
  name: 'sensitivity',
  arguments: [['[scenario]', 'one scenario (id, numeral or short name); default every scenario and the residual']],
  description: "how far each probability moves when the model's judgements are swung: a tornado per scenario, with the judgements that move it most",
  options: [['--top <n>', 'judgements per scenario (default 8; 0 for all)'], ['--sources', 'the sources of each judgement shown'], MAX_WORK_OPTION, SHARED],
  bounds: { maxWork: '--max-work' },
  help: `
Each judgement the question depends on is swung one at a time over a
documented range, the calibration fitted again each time, and every
probability recounted exactly:
  condition priors and soft constraints   odds × and ÷ 2
  evidence on a scenario                  its likelihood ratio to the power 0.5 and 1.5
  a source's grade                        one grade down and one up
  a state observation's half-life         halved and doubled
  the hazard of an outcome seen "not yet" the two other hazards
  calibration targets                     their stated range (else odds × and ÷ 1.5)
The range of a probability is the lowest and highest it takes over every
swing; 'query --ranges' shows it beside each number. Two evaluations a
judgement, at most --max-work units of work in all (see whatif --help);
beyond it the command refuses with exit 64.

Examples:
  $ iraq-scenarios sensitivity
  $ iraq-scenarios sensitivity V --as-of 2026-02-08 --top 5 --sources
  $ iraq-scenarios sensitivity --json | jq '.scenarios[] | {id, range}'`,
  needs: 'evaluation',
  parse: ({ opts }: Context<SensitivityOptions>) => ({ top: countOption('--top', opts.top, 8, true) || Infinity, maxWork: maxWorkOption(opts.maxWork) }),
  run: async ({ model, compiled, query, args, opts }: Context<SensitivityOptions>, { top, maxWork }) => {
    const { sensitivity: analyse } = await import('../../engine/sensitivity.js');
    const { findScenario } = await import('../../app/model.js');
    const only = args[0] !== undefined ? [findScenario(model, args[0]).id] : model.scenarios.map((s) => s.id);
    return { model, r: analyse(compiled, query, { maxWork }), only, top, sources: opts.sources === true };
  },
  render: async () => (await import('../../render/sensitivity.js')).sensitivityRenderers,
});
