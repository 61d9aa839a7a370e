// The layers of src/ and what each may import (ARCHITECTURE.md). A rule of
// our own rather than a plugin: it resolves each relative import against the
// importing file, so `../engine/x.js` from src/render/ and `../compile.js`
// from src/engine/analysis/ are told apart by where they land, not by how
// they are spelled. tests/layers.test.ts shows an upward import failing.
import { dirname, relative, resolve, sep } from 'node:path';

/** Layer -> the layers it may import (itself included). */
export const LAYERS = {
  engine: ['engine'],
  model: ['model', 'engine'],
  render: ['render', 'engine'],
  app: ['app', 'model', 'engine'],
  interactive: ['interactive', 'app', 'render', 'engine'],
  cli: ['cli', 'app', 'interactive', 'model', 'render', 'engine'],
};

/** Layers that may import no package and no Node built-in: the engine is pure. */
const PURE = new Set(['engine']);

function layerOf(file, root) {
  const rel = relative(resolve(root, 'src'), file);
  if (rel.startsWith('..')) return undefined;
  const top = rel.split(sep)[0];
  return top in LAYERS ? top : undefined;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'keep each folder of src/ to the layers below it' },
    messages: {
      upward: "src/{{from}}/ may import only {{allowed}}, not src/{{to}}/ ('{{source}}'): see ARCHITECTURE.md",
      outside: "src/{{from}}/ may import only {{allowed}}, not '{{source}}' outside src/",
      impure: "src/{{from}}/ is pure and imports nothing outside itself, not the package '{{source}}'",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const root = context.cwd;
    const from = layerOf(file, root);
    if (!from) return {};
    const allowed = LAYERS[from];
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const data = { from, source, allowed: allowed.map((l) => `src/${l}/`).join(', ') };
      if (!source.startsWith('.')) {
        if (PURE.has(from)) context.report({ node, messageId: 'impure', data });
        return;
      }
      const to = layerOf(resolve(dirname(file), source), root);
      if (!to) context.report({ node, messageId: 'outside', data });
      else if (!allowed.includes(to)) context.report({ node, messageId: 'upward', data: { ...data, to } });
    };
    return {
      ImportDeclaration: (n) => check(n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
      ExportAllDeclaration: (n) => check(n.source, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n.source, n.source.value),
    };
  },
};

export const layersPlugin = { rules: { 'allowed-imports': rule } };

/** The config block that applies the rule to src/ (eslint.config.js and the test use the same). */
export const layersConfig = {
  files: ['src/**/*.ts'],
  plugins: { layers: layersPlugin },
  rules: { 'layers/allowed-imports': 'error' },
};
