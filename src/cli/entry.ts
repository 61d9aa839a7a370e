// The bundle's entry point. `--version` is answered here, without loading the
// program, its libraries and every command, and so is `--help` when its
// output is not a terminal: then commander lays the help out at 80 columns,
// so build.mjs saves that text beside this file (dist/help.txt). On a
// terminal the help is laid out to its width by the program itself.
import { readFileSync } from 'node:fs';
import { VERSION } from './version.js';
import { guardStreams } from './streams.js';
import type { Io } from '../app/io.js';

/** Entry point for the bin script. */
export async function cli(): Promise<void> {
  const argv = process.argv.slice(2);
  // Before the first byte is written: a closed pipe or a full disk ends quietly (src/cli/streams.ts).
  if (!guardStreams()) return;
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
  const main = await import('./main.js');
  await main.cli();
}

/** Runs the command line with the given streams; returns the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const main = await import('./main.js');
  return main.run(argv, io);
}
