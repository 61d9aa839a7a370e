// Bundles bench/lib.ts (the engine, loader and renderer from src/) into a
// temporary ES module and imports it, so the benchmarks run the same code
// the command ships (with the build's own plugins), without a TypeScript loader.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { esbuildOptions } from '../build.mjs';

export async function loadLib() {
  const dir = mkdtempSync(join(tmpdir(), 'iraq-bench-'));
  const out = join(dir, 'lib.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./lib.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    target: esbuildOptions.target,
    format: 'esm',
    outfile: out,
    banner: esbuildOptions.banner,
    // The build's plugins too (cli-table3 measuring with the kit's width, ...), so that what is timed
    // is what the command runs: without them a table is measured by string-width and emoji-regex.
    plugins: esbuildOptions.plugins,
    logLevel: 'error',
  });
  const lib = await import(pathToFileURL(out).href);
  rmSync(dir, { recursive: true, force: true });
  return lib;
}
