// The bundle's entry point. `--version` is answered here, without loading the
// program, its libraries and every command, and so is `--help` when its
// output is not a terminal: then commander lays the help out at 80 columns,
// so build.mjs saves that text beside this file (dist/help.txt). On a
// terminal the help is laid out to its width by the program itself.
//
// Before the program loads, Node's compile cache is turned on where Node has
// it (22.1 and later): V8's compiled code for the program's chunks is kept
// in the tool's cache folder, so later starts compile far less.
import { readFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { join } from 'node:path';
import { VERSION } from './version.js';
import { guardStreams } from './streams.js';
import type { Io } from '../app/io.js';

/** Entry point for the bin script. */
export async function cli(): Promise<void> {
  const argv = process.argv.slice(2);
  // Before the first byte is written: a closed pipe or a full disk ends quietly (src/cli/streams.ts).
  if (!guardStreams(argv)) return;
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h') && !process.stdout.isTTY) {
    let help: string | undefined;
    try {
      help = readFileSync(new URL('./help.txt', import.meta.url), 'utf8');
    } catch {
      // Not built yet (build.mjs makes it by this very path): the program answers.
    }
    if (help !== undefined) {
      process.stdout.write(help);
      return;
    }
  }
  await useCompileCache();
  const main = await import('./main.js');
  await main.cli();
}

type EnableCompileCache = (directory?: string) => { status: number; message?: string; directory?: string };

/**
 * Turns on Node's compile cache (Node 22.1+; nothing on Node 20) in the
 * `compile` folder of the tool's cache (src/app/cache-dir.ts), unless
 * IRAQ_SCENARIOS_NO_CACHE is set; NODE_COMPILE_CACHE, when set, has already
 * turned it on in its own folder, and NODE_DISABLE_COMPILE_CACHE=1 keeps it
 * off. Node checks each entry against the code it was made from and never
 * throws here: a damaged or unwritable cache is only slower.
 */
export async function useCompileCache(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const enable = (nodeModule as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
  if (typeof enable !== 'function') return;
  const { cacheDir } = await import('../app/cache-dir.js');
  const dir = cacheDir(env);
  if (dir === undefined) return;
  try {
    enable(join(dir, 'compile'));
  } catch {
    // Not expected (Node reports failures in its answer), and never fatal.
  }
}

/** Runs the command line with the given streams; returns the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const main = await import('./main.js');
  return main.run(argv, io);
}
