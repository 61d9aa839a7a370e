// Bundles bench/lib.ts (the engine, loader and renderer from src/) into a
// temporary ES module and imports it, so the benchmarks run the same code
// the command ships (with the build's own plugins), without a TypeScript loader.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { esbuildOptions } from '../build.mjs';

/**
 * Writes bench/lib.ts bundled as an ES module to `out`, with the build's
 * plugins (cli-table3 measuring with the kit's width, ...) so that what is
 * timed is what the command runs, but with the vendored packages inside
 * (build.mjs requires them from dist/vendor/, beside the program).
 */
export async function bundleLib(out) {
  await build({
    entryPoints: [fileURLToPath(new URL('./lib.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    target: esbuildOptions.target,
    format: 'esm',
    outfile: out,
    // CommonJS packages inside an ES module need require().
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    plugins: esbuildOptions.plugins.filter((p) => p.name !== 'vendored'),
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
