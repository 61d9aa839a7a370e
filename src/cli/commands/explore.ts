import type { Command } from 'commander';
import type { Io } from '../io.js';
import {
  evaluateOrFail,
  getFormat,
  getModel,
  getSettings,
  renderOptions,
  withFormatOptions,
  withModelOption,
  withSettingsOptions,
} from '../context.js';
import type { CommonOptions } from '../context.js';
import { bounded, countOption } from '../analysis.js';
import { DEFAULT_MAX_NODES, explore } from '../../engine/analysis/index.js';
import { renderExplore } from '../../render/analysis.js';

interface ExploreCliOptions extends CommonOptions {
  maxSteps?: string;
  gaps?: string;
}

export function registerExplore(program: Command, io: Io): void {
  // Thousands separators by hand: toLocaleString loads ICU data, ~15 ms of
  // every start-up, since help texts are built when the program is.
  const cmd = program
    .command('explore')
    .description('count the worlds consistent with the settings: where each scenario holds, which hold together, and the gaps where none does')
    .addHelpText(
      'after',
      `
Examples:
  $ iraq-scenarios explore
  $ iraq-scenarios explore --set iran_regime_collapse=true --json | jq .gaps

A world gives every condition of the model a value and satisfies every
constraint and setting. A scenario holds in a world when its requirements are
met there and none of its rule-outs is. Counts are exact: a model counter
branches only on conditions an undecided rule still depends on, and counts
the completions of a decided branch at once. Gaps are shown as partial
assignments (the conditions not named may take any value) with their counts.

Bound: at most --max-steps search steps (default ${String(DEFAULT_MAX_NODES).replace(/\B(?=(\d{3})+$)/g, ',')}); beyond it the
command refuses with exit 64 (set more conditions, or raise the bound). On a
terminal a progress line is drawn on stderr when the count takes over a
second. Counts beyond 2^53 are given in JSON as decimal strings.`,
    )
    .option('--max-steps <n>', `refuse beyond N search steps (default ${DEFAULT_MAX_NODES})`)
    .option('--gaps <n>', 'gap groups to show, largest first (default 10)');
  withFormatOptions(withSettingsOptions(withModelOption(cmd))).action(async (opts: ExploreCliOptions) => {
    const format = getFormat(opts);
    const { model } = await getModel(opts.model, io);
    const settings = await getSettings(model, opts, io);
    const maxNodes = countOption('--max-steps', opts.maxSteps, DEFAULT_MAX_NODES);
    const gapExamples = countOption('--gaps', opts.gaps, 10, true);
    evaluateOrFail(model, settings);
    const started = Date.now();
    let drawn = false;
    // Progress only on a terminal, and only once the count has taken a while.
    const onProgress = io.stderr.isTTY
      ? (nodes: number, max: number) => {
          if (Date.now() - started < 1000) return;
          drawn = true;
          io.stderr.write(`\rexploring: ${nodes.toLocaleString('en')} of at most ${max.toLocaleString('en')} steps…`);
        }
      : undefined;
    try {
      const r = bounded('explore', { maxNodes: '--max-steps' }, () => explore(model, settings, { maxNodes, gapExamples, onProgress }));
      if (drawn) io.stderr.write('\r\x1b[K');
      io.stdout.write(renderExplore(model, r, format, renderOptions(io, opts)));
    } catch (e) {
      if (drawn) io.stderr.write('\r\x1b[K');
      throw e;
    }
  });
}
