// Bundles bench/lib.ts (the engine, loader and renderer from src/) into a
// temporary ES module and imports it, so the benchmarks run the same code
// the command ships (with the build's own plugins), without a TypeScript loader.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESM_BANNER, esbuildOptions } from '../build.mjs';

/**
 * Writes bench/lib.ts (or another entry) bundled as an ES module to `out`,
 * with the build's plugins (cli-table3 measuring with the kit's width, ...)
 * so that what is timed is what the command runs; the vendored packages
 * are inside unless `vendored` is set (build.mjs requires them from
 * dist/vendor/, beside the program: the caller copies that folder beside
 * `out`).
 */
export async function bundleLib(out, entry = fileURLToPath(new URL('./lib.ts', import.meta.url)), { vendored = false } = {}) {
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: esbuildOptions.target,
    format: 'esm',
    outfile: out,
    banner: { js: ESM_BANNER },
    // With `vendored`, the large packages stay out, required from vendor/ beside `out` as the command has them.
    plugins: esbuildOptions.plugins.filter((p) => vendored || p.name !== 'vendored'),
    logLevel: 'error',
  });
  return out;
}

export async function loadLib() {
  const dir = mkdtempSync(join(tmpdir(), 'iraq-bench-'));
  const lib = await import(pathToFileURL(await bundleLib(join(dir, 'lib.mjs'))).href);
  rmSync(dir, { recursive: true, force: true });
  return lib;
}
