// Builds the command: one bundled ES module (dist/cli.js) with lazily loaded
// chunks, then compiles the shipped model to dist/model.json so a query never
// parses YAML, and regenerates the JSON Schema for editors.
//
// The esbuild options are exported so that tests/startup.test.ts can bundle
// in memory and check what a query loads eagerly.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * chalk probes the terminal at load time (supports-color: os, tty, env) for
 * its default instance, which this program never uses: every Chalk here is
 * made with an explicit level (src/cli/io.ts decides colour by the NO_COLOR
 * and FORCE_COLOR conventions). The probe costs milliseconds of every start.
 */
const noColourProbe = {
  name: 'no-colour-probe',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, () => ({ path: 'supports-color', namespace: 'no-colour-probe' }));
    b.onLoad({ filter: /.*/, namespace: 'no-colour-probe' }, () => ({
      contents: 'export default { stdout: false, stderr: false };',
      loader: 'js',
    }));
  },
};

export const esbuildOptions = {
  plugins: [noColourProbe],
  // The session's heavy views run in a worker thread of their own (Ctrl-C stops them): src/interactive/view-worker.ts.
  entryPoints: { cli: 'src/cli/entry.ts', 'view-worker': 'src/interactive/view-worker.ts' },
  bundle: true,
  platform: 'node',
  target: 'node20.17',
  format: 'esm',
  splitting: true,
  outdir: 'dist',
  // Chunks beside cli.js: code that finds dist/model.json or scenarios/ by
  // import.meta.url must resolve the same from whichever chunk it lands in.
  chunkNames: '[name]-[hash]',
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies inside an ES module bundle need require(),
  // __filename and __dirname (write-file-atomic hashes its own __filename).
  banner: {
    js: [
      "import { createRequire as __cr } from 'node:module';",
      "import { fileURLToPath as __fu } from 'node:url';",
      "import { dirname as __dn } from 'node:path';",
      'const require = __cr(import.meta.url);',
      'const __filename = __fu(import.meta.url);',
      'const __dirname = __dn(__filename);',
    ].join(' '),
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  rmSync('dist', { recursive: true, force: true });
  mkdirSync('dist');
  await build(esbuildOptions);
  const run = (...args) => execFileSync(process.execPath, ['bin/iraq-scenarios.js', ...args], { stdio: 'inherit' });
  run('__compile', 'scenarios', 'dist/model.json');
  run('__schema', 'schema/model.schema.json');
  // The top-level help as the program prints it when piped (80 columns), for
  // the entry to print without loading the program (see src/cli/entry.ts).
  const help = execFileSync(process.execPath, ['bin/iraq-scenarios.js', '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  writeFileSync('dist/help.txt', help);
}
