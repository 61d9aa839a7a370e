// Builds the command: one bundled ES module (dist/cli.js) with lazily loaded
// chunks, then compiles the shipped model to dist/model.json so a query never
// parses YAML, and regenerates the JSON Schema for editors.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync, mkdirSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
await build({
  entryPoints: { cli: 'src/cli/entry.ts' },
  bundle: true,
  platform: 'node',
  target: 'node20.17',
  format: 'esm',
  splitting: true,
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies inside an ES module bundle need require().
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
const run = (...args) => execFileSync(process.execPath, ['bin/iraq-scenarios.js', ...args], { stdio: 'inherit' });
run('__compile', 'scenarios', 'dist/model.json');
run('__schema', 'schema/model.schema.json');
