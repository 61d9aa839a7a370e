import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { defineConfig, type Plugin } from 'vitest/config';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

// Node reads the certificate file NODE_EXTRA_CA_CERTS names at every start
// (a system bundle, as some machines and CI images set it: ~90 ms of CPU a
// process here). Nothing in the suite makes a TLS connection (npm runs
// --offline), so the test workers and the ~100 processes they start go
// without it. Set before the workers are forked, which inherit this environment.
delete process.env.NODE_EXTRA_CA_CERTS;

/** build.mjs's plugins that change cli-table3. */
const TABLE_PLUGINS = ['table-width', 'table-debug-cut', 'table-fill-from-row'];

/**
 * cli-table3 for the sources under test as the build bundles it: build.mjs
 * hands it the kit's width (src/render/kit/width.ts) instead of string-width,
 * leaves out its debug message's cut and fills a table's gaps from the row
 * asked about up (TABLE_PLUGINS), so a table drawn by src/ is measured and
 * drawn as the shipped command draws it (and without the ~2.5 s of CPU
 * string-width and that cut cost the suite). Bundled with build.mjs's own
 * plugins into node_modules/.cache, a file per content.
 */
function tableAsBuilt(): Plugin {
  const bundle = async (): Promise<string> => {
    // A plain ES module outside the TypeScript project (by its full path: vite runs this config from a bundled copy).
    const { esbuildOptions, ESM_BANNER } = (await import(pathToFileURL(join(ROOT, 'build.mjs')).href)) as { esbuildOptions: BuildOptions; ESM_BANNER: string };
    const { build } = await import('esbuild');
    const plugins = esbuildOptions.plugins!.filter((p) => TABLE_PLUGINS.includes(p.name));
    if (plugins.length !== TABLE_PLUGINS.length) throw new Error(`vitest.config.ts: build.mjs no longer has the plugins ${TABLE_PLUGINS.join(', ')}`);
    const r = await build({
      stdin: { contents: "import Table from 'cli-table3'; export default Table;", resolveDir: ROOT, loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: esbuildOptions.target,
      // cli-table3 is CommonJS: its require() inside an ES module.
      banner: { js: ESM_BANNER },
      plugins,
      write: false,
      logLevel: 'warning',
    });
    const text = r.outputFiles[0]!.text;
    const dir = join(ROOT, 'node_modules', '.cache', 'iraq-scenarios-tests');
    const file = join(dir, `cli-table3-as-built-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.mjs`);
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true });
      const tmp = `${file}.${randomUUID()}.tmp`;
      writeFileSync(tmp, text);
      renameSync(tmp, file);
    }
    return file;
  };
  return {
    name: 'cli-table3-as-built',
    enforce: 'pre',
    async resolveId(source, importer) {
      // Bundled again each time a module graph asks (a run's workers, a watch after an edit of width.ts): ~0.1 s.
      if (source !== 'cli-table3' || importer === undefined || !importer.startsWith(join(ROOT, 'src'))) return undefined;
      return bundle();
    },
  };
}

export default defineConfig({
  plugins: [tableAsBuilt()],
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A folder the run's files share, removed at its end (the packed package: tests/package.ts).
    globalSetup: ['tests/global-setup.ts'],
    // One module graph per worker rather than one per test file: no test mocks
    // a module, stubs a global or changes process.env, so files cannot see each
    // other's state; re-importing src/ for each of ~50 files was ~45 s of CPU
    // (about a fifth of the suite on two cores).
    isolate: false,
    // One worker per core (vitest's default leaves one core out): much of the
    // suite is a worker waiting for a child process, so a second worker on two
    // cores keeps them busy (measured: 145 s against 175 s, back to back).
    maxWorkers: availableParallelism(),
    // The built command (tests/helpers.ts runIn) loads as Node loads it, untransformed.
    server: { deps: { external: [/\/dist\//] } },
  },
});
