import type { Command } from 'commander';
import type { Io } from '../io.js';
import { evaluateOrFail, getModel, getSettings, withModelOption, withSettingsOptions } from '../context.js';
import type { CommonOptions } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { didYouMean } from '../../model/diagnostics.js';

const FORMATS = ['dot', 'mermaid'] as const;

export function registerGraph(program: Command, io: Io): void {
  const cmd = program
    .command('graph')
    .description('the model as a graph (conditions, constraints, scenarios), coloured by the status under the settings, in Graphviz DOT or Mermaid')
    .option('-f, --format <format>', 'dot (Graphviz) or mermaid', 'dot')
    .addHelpText(
      'after',
      `
Scenarios are coloured by status (green triggered, yellow open, red ruled
out); set conditions are drawn bold, derived ones dashed. Render DOT with
Graphviz (Debian/Ubuntu: apt-get install graphviz); paste Mermaid into a
Markdown \`\`\`mermaid block.

Examples:
  $ iraq-scenarios graph | dot -Tsvg > model.svg
  $ iraq-scenarios graph --set iran_regime_collapse=true | dot -Tpng > collapse.png
  $ iraq-scenarios graph --format mermaid --as-of 2026-02-06`,
    );
  withSettingsOptions(withModelOption(cmd)).action(async (opts: CommonOptions) => {
    const format = opts.format ?? 'dot';
    if (!(FORMATS as readonly string[]).includes(format))
      throw new CliError(EXIT.usage, `--format ${format}: expected dot or mermaid${didYouMean(format, FORMATS)}`);
    const { model } = await getModel(opts.model, io);
    const settings = await getSettings(model, opts, io);
    const ev = evaluateOrFail(model, settings);
    const { modelGraph } = await import('../../engine/graph.js');
    const { graphDot, graphMermaid } = await import('../../render/graph.js');
    const g = modelGraph(model, ev);
    io.stdout.write(format === 'dot' ? graphDot(g, model.info.name, model.info.title) : graphMermaid(g));
  });
}
