// The layers of src/ (ARCHITECTURE.md), enforced by lint: an upward import
// is a lint error, so it fails `npm test`. Shown here on small files with
// ESLint's own API and the rule the project's config applies; and src/ has
// no import cycles.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

// Plain ES modules outside the TypeScript project.
const layersPath: string = '../lint/layers.js';
const configPath: string = '../eslint.config.js';
const { LAYERS, layersConfig } = (await import(layersPath)) as { LAYERS: Record<string, string[]>; layersConfig: Linter.Config };
const projectConfig = ((await import(configPath)) as { default: Linter.Config[] }).default;

const eslint = new ESLint({
  cwd: ROOT,
  overrideConfigFile: true,
  overrideConfig: [layersConfig, { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }],
});

/** Lints one line of source as if it were a file of src/<layer>/. */
async function lintIn(layer: string, source: string, name = 'fixture.ts'): Promise<string[]> {
  const [r] = await eslint.lintText(`${source}\nexport {};\n`, { filePath: join(ROOT, 'src', layer, name) });
  return r!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layers', () => {
  it("the project's lint config applies the layer rule to src/", () => {
    expect(projectConfig).toContain(layersConfig);
  });

  it('an upward import fails lint, naming the layers allowed', async () => {
    expect(await lintIn('engine', "import { run } from '../cli/main.js';")).toEqual([
      "layers/allowed-imports: src/engine/ may import only src/engine/, not src/cli/ ('../cli/main.js'): see ARCHITECTURE.md",
    ]);
    expect(await lintIn('model', "import { AppError } from '../app/errors.js';")).toEqual([
      "layers/allowed-imports: src/model/ may import only src/model/, src/engine/, not src/app/ ('../app/errors.js'): see ARCHITECTURE.md",
    ]);
    // Dynamic imports and re-exports count too; so does a subfolder.
    expect(await lintIn('render', "export { run } from '../../cli/main.js';\nawait import('../../model/load.js');", 'kit/fixture.ts')).toHaveLength(2);
  });

  it.each(Object.keys(LAYERS))('src/%s/ may import exactly the layers below it', async (layer) => {
    for (const target of Object.keys(LAYERS)) {
      const messages = await lintIn(layer, `import '../${target}/x.js';`);
      expect(messages.length, `${layer} -> ${target}`).toBe(LAYERS[layer]!.includes(target) ? 0 : 1);
    }
  });

  it('the engine imports no package and no Node built-in', async () => {
    expect(await lintIn('engine', "import { readFileSync } from 'node:fs';")).toEqual([
      "layers/allowed-imports: src/engine/ is pure and imports nothing outside itself, not the package 'node:fs'",
    ]);
    expect(await lintIn('render', "import chalk from 'chalk';")).toEqual([]);
  });
});

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : n.endsWith('.ts') ? [p] : [];
  });
}

describe('imports', () => {
  it('form no cycle in src/ (type-only imports included)', () => {
    const graph = new Map<string, string[]>();
    for (const f of sources(join(ROOT, 'src'))) {
      const text = readFileSync(f, 'utf8');
      const targets = [...text.matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)].map((m) => resolve(dirname(f), m[1]!.replace(/\.js$/, '.ts')));
      graph.set(f, targets);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].map((x) => relative(ROOT, x)).join(' -> '));
        return;
      }
      state.set(f, 'open');
      for (const t of graph.get(f) ?? []) visit(t, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
