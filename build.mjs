// Builds the command: dist/launch.cjs (what the bin requires: --version,
// piped --help, the stream guards, and the loading of the program through
// V8's code cache), dist/cli.cjs (the program, one CommonJS bundle),
// dist/view-worker.cjs (the session's worker), and dist/vendor/ (the large
// packages only some commands need, each a bundle of its own, required when
// first used). Then it compiles the shipped model to dist/model.json so a
// query never parses YAML, regenerates the JSON Schema for editors and the
// man page, and saves the code the common commands compile
// (dist/code-cache/; src/cli/launch.ts says why and how).
//
// The esbuild options are exported so that tests/startup.test.ts can bundle
// in memory and check what a query loads eagerly.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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

/**
 * cli-table3 measures every cell, word and padding with string-width 4,
 * whose first call compiles emoji-regex's large expression (milliseconds
 * of every table) and whose widths are not the kit's: the kit sizes columns
 * with src/render/kit/width.ts (fast-string-width, and the length for text
 * of one-column characters, nearly all this tool prints). cli-table3 gets
 * that same measure, so a table's widths are decided and drawn by one rule.
 */
const tableWidth = {
  name: 'table-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, (args) =>
      /[\\/]cli-table3[\\/]/.test(args.importer) ? { path: 'string-width', namespace: 'table-width' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'table-width' }, () => ({
      // cli-table3 calls require('string-width') as a function.
      contents: "module.exports = require('./src/render/kit/width.ts').visibleWidth;",
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      loader: 'js',
    }));
  },
};

/**
 * Packages that only some commands need, and that are large: the YAML
 * parsers and the schema library (a model folder's files), the prompts (the
 * session). Each is bundled once into dist/vendor/NAME.cjs and required from
 * there when first used, so the program's bundle, which every start reads,
 * compiles and (through the code cache) deserialises, leaves them out. The
 * prompts and their core share one file: the session uses both, and they
 * must be one copy.
 */
const VENDORED = {
  zod: { file: 'zod', member: '' },
  yaml: { file: 'yaml', member: '' },
  'js-yaml': { file: 'js-yaml', member: '' },
  '@inquirer/prompts': { file: 'inquirer', member: '.prompts' },
  '@inquirer/core': { file: 'inquirer', member: '.core' },
};
const VENDOR_ENTRIES = {
  zod: "export * from 'zod';",
  yaml: "export * from 'yaml'; export { default } from 'yaml';",
  'js-yaml': "export * from 'js-yaml'; export { default } from 'js-yaml';",
  inquirer: "export * as prompts from '@inquirer/prompts'; export * as core from '@inquirer/core';",
};
/** An import of exactly one of VENDORED's names. */
const VENDORED_NAME = new RegExp(`^(${Object.keys(VENDORED).map((n) => n.replace(/[/.-]/g, '\\$&')).join('|')})$`);
const vendored = {
  name: 'vendored',
  setup(b) {
    b.onResolve({ filter: VENDORED_NAME }, (args) =>
      /[\\/]node_modules[\\/]/.test(args.importer) ? undefined : { path: args.path, namespace: 'vendored' },
    );
    b.onResolve({ filter: /^\.\/vendor\//, namespace: 'vendored' }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'vendored' }, (args) => ({
      contents: `module.exports = require('./vendor/${VENDORED[args.path].file}.cjs')${VENDORED[args.path].member};`,
      loader: 'js',
    }));
  },
};

/**
 * commander requires node:child_process when it loads, for subcommands run
 * as separate executables, which this program has none of: it gets the
 * module on first use instead (a few milliseconds of every start).
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "let m; module.exports = new Proxy({}, { get: (_, key) => (m ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};

/**
 * cli-table3 draws each line of each cell after cutting the cell's whole
 * text to 10 columns for a debug message (cell.js, `draw`), which it keeps
 * only when a table is made with its `debug` option at 2 or more; this
 * program never sets it. That cut, character by character, was about a
 * third of drawing the query table. Left out here; the build stops if the
 * line is not found (a cli-table3 upgrade: look again).
 */
const tableDebugCut = {
  name: 'table-debug-cut',
  setup(b) {
    b.onLoad({ filter: /[\\/]cli-table3[\\/]src[\\/]cell\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const line = 'let content = utils.truncate(this.content, 10, this.truncate);';
      if (!text.includes(line)) throw new Error(`build.mjs (table-debug-cut): ${args.path} no longer has the line it leaves out`);
      return { contents: text.replace(line, "let content = ''; // left out by build.mjs: a debug message's cut, never kept here"), loader: 'js' };
    });
  },
};

/**
 * cli-table3 fills the gaps of a table cell by cell, asking for each place
 * whether a cell of that row or of a row above covers it, and looks from the
 * first row down: a table of n rows costs about n² tests, two seconds for
 * `list conditions` on a model of 4,000. The same question asked from the
 * place's own row up (where its cell is, in every table this program draws)
 * has the same answer at once. The build stops if the line is not found.
 */
const tableFillFromRow = {
  name: 'table-fill-from-row',
  setup(b) {
    b.onLoad({ filter: /[\\/]cli-table3[\\/]src[\\/]layout-manager\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const line = 'for (let i = 0; i <= i_max; i++) {';
      if (text.split(line).length !== 2) throw new Error(`build.mjs (table-fill-from-row): ${args.path} no longer has the one loop it turns round`);
      return { contents: text.replace(line, 'for (let i = i_max; i >= 0; i--) { // from the row asked about up: build.mjs'), loader: 'js' };
    });
  },
};

/**
 * For a bundle of this program's sources as an ES module (the benchmarks',
 * the tests' cli-table3): CommonJS packages inside it need require(),
 * __filename and __dirname (write-file-atomic hashes its own __filename).
 */
export const ESM_BANNER = [
  "import { createRequire as __cr } from 'node:module';",
  "import { fileURLToPath as __fu } from 'node:url';",
  "import { dirname as __dn } from 'node:path';",
  'const require = __cr(import.meta.url);',
  'const __filename = __fu(import.meta.url);',
  'const __dirname = __dn(__filename);',
].join(' ');

/** What every bundle here shares: Node, CommonJS, `import.meta.url` as the bundle file's own URL. */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20.17',
  format: 'cjs',
  // import() becomes require(): the program is run from a vm.Script (src/cli/launch.ts), which has no ES module loader.
  supported: { 'dynamic-import': false },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  // Code that finds dist/model.json, help.txt or scenarios/ by import.meta.url resolves from the bundle's own path.
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: "var __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
};

export const esbuildOptions = {
  ...common,
  plugins: [noColourProbe, tableWidth, lazyChildProcess, tableDebugCut, tableFillFromRow, vendored],
  // The session's heavy views run in a worker thread of their own (Ctrl-C stops them): src/interactive/view-worker.ts.
  entryPoints: { launch: 'src/cli/launch.ts', cli: 'src/cli/main.ts', 'view-worker': 'src/interactive/view-worker.ts' },
};

/** The vendored packages, each its own bundle (see VENDORED). */
export const vendorOptions = Object.entries(VENDOR_ENTRIES).map(([file, contents]) => ({
  ...common,
  banner: undefined,
  define: undefined,
  stdin: { contents, resolveDir: fileURLToPath(new URL('.', import.meta.url)), sourcefile: `vendor-${file}.js`, loader: 'js' },
  outdir: undefined,
  outfile: `dist/vendor/${file}.cjs`,
}));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  rmSync('dist', { recursive: true, force: true });
  mkdirSync('dist');
  await Promise.all([build(esbuildOptions), ...vendorOptions.map((o) => build(o))]);
  for (const f of ['launch.cjs', 'cli.cjs', 'view-worker.cjs']) {
    const text = readFileSync(`dist/${f}`, 'utf8');
    if (/(^|[^.\w])import\(/.test(text.replace(/\/\/.*$/gm, ''))) throw new Error(`build.mjs: dist/${f} still has an import(), which a vm.Script cannot run`);
    // Read as Latin-1 by src/cli/launch.ts when it is ASCII; esbuild escapes strings, not regular expressions or comments.
    const line = text.split('\n').findIndex((l) => /[^\x00-\x7f]/.test(l));
    if (line >= 0) throw new Error(`build.mjs: dist/${f}:${line + 1} is not ASCII (escape the character in the source: \\uXXXX)`);
  }
  // Without the tool's cache folder: the build writes only into dist/.
  const env = { ...process.env, IRAQ_SCENARIOS_NO_CACHE: '1' };
  const run = (...args) => execFileSync(process.execPath, ['bin/iraq-scenarios.js', ...args], { stdio: 'inherit', env });
  run('__compile', 'scenarios', 'dist/model.json', 'dist/model-prepared.json');
  run('__schema', 'schema/model.schema.json');
  mkdirSync('man', { recursive: true });
  run('__man', 'man/iraq-scenarios.1');
  // The top-level help as the program prints it when piped (80 columns), for
  // the launcher to print without loading the program (see src/cli/launch.ts).
  const help = execFileSync(process.execPath, ['bin/iraq-scenarios.js', '--help'], { encoding: 'utf8', env: { ...env, NO_COLOR: '1' } });
  writeFileSync('dist/help.txt', help);
  // Last: the code the common commands compile, for this Node (src/cli/launch.ts).
  run('__prime-code-cache');
}
