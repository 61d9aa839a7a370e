// Builds the command: one bundled ES module (dist/cli.js) with lazily loaded
// chunks, then compiles the shipped model to dist/model.json so a query never
// parses YAML, and regenerates the JSON Schema for editors.
//
// The esbuild options are exported so that tests/startup.test.ts can bundle
// in memory and check what a query loads eagerly.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync, mkdirSync, writeFileSync } from 'node:fs';
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
 * Node's own modules, as this program's source imports them, by require()
 * instead (the banner below defines it): an `import` of a built-in module
 * makes Node build an ES module facade of it, reading every export, and for
 * node:fs that loads its streams (milliseconds of every start). Rewritten
 * in the source handed to esbuild, so no extra module or chunk appears; the
 * bundle's CommonJS dependencies already require() theirs.
 */
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const contents = text
        .replace(/^import \{([^}]*)\} from '(node:[a-z_/]+)';$/gm, (_, names, mod) => `const {${names.replace(/\s+as\s+/g, ': ')}} = require('${mod}');`)
        .replace(/^import \* as (\w+) from '(node:[a-z_/]+)';$/gm, (_, name, mod) => `const ${name} = require('${mod}');`);
      return { contents, loader: 'ts' };
    });
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

export const esbuildOptions = {
  plugins: [noColourProbe, tableWidth, builtinsByRequire, lazyChildProcess, tableDebugCut, tableFillFromRow],
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
  run('__compile', 'scenarios', 'dist/model.json', 'dist/model-prepared.json');
  run('__schema', 'schema/model.schema.json');
  mkdirSync('man', { recursive: true });
  run('__man', 'man/iraq-scenarios.1');
  // The top-level help as the program prints it when piped (80 columns), for
  // the entry to print without loading the program (see src/cli/entry.ts).
  const help = execFileSync(process.execPath, ['bin/iraq-scenarios.js', '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  writeFileSync('dist/help.txt', help);
}
