// Bundles bench/lib.ts (the engine, loader and renderer from src/) into a
// temporary ES module and imports it, so the benchmarks run the same code
// the command ships, without a TypeScript loader.
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
    logLevel: 'error',
  });
  const lib = await import(pathToFileURL(out).href);
  rmSync(dir, { recursive: true, force: true });
  return lib;
}
