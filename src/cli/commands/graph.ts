import { defineCommand, FORMAT } from '../pipeline.js';

export const graph = defineCommand({
  name: 'graph',
  description: 'the model as a graph (conditions, constraints, scenarios), coloured by the status under the settings, in Graphviz DOT or Mermaid',
  help: `
Scenarios are coloured by status (green triggered, yellow open, red ruled
out); set conditions are drawn bold, derived ones dashed. Render DOT with
Graphviz (Debian/Ubuntu: apt-get install graphviz); paste Mermaid into a
Markdown \`\`\`mermaid block.

Examples:
  $ iraq-scenarios graph | dot -Tsvg > model.svg
  $ iraq-scenarios graph --set iran_regime_collapse=true | dot -Tpng > collapse.png
  $ iraq-scenarios graph --format mermaid --as-of 2026-02-06
  $ iraq-scenarios graph --json | jq '.edges[] | select(.role == "rules-out")'`,
  // Its own formats, so --format comes first in its help.
  options: [FORMAT],
  needs: 'evaluation',
  formats: ['dot', 'mermaid', 'json'],
  formatHelp: 'dot (Graphviz), mermaid, or json (the nodes and edges)',
  run: async ({ model, ev }) => {
    const { modelGraph } = await import('../../engine/graph.js');
    return { model, g: modelGraph(model, ev) };
  },
  render: async () => {
    const [{ graphRenderers }, { modelJson, SCHEMA_VERSION }] = await Promise.all([import('../../render/graph.js'), import('../../render/kit/json.js')]);
    // The graph as data: the nodes and edges the drawings are made of.
    return { ...graphRenderers, json: ({ model, g }) => ({ schemaVersion: SCHEMA_VERSION, model: modelJson(model), ...g }) };
  },
});
