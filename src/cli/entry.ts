// The bundle's entry point. `--version` is answered here, without loading the
// program, its libraries and every command; anything else loads the program.
import { VERSION } from './version.js';
import type { Io } from './io.js';

/** Entry point for the bin script. */
export async function cli(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const main = await import('./main.js');
  await main.cli();
}

/** Runs the command line with the given streams; returns the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const main = await import('./main.js');
  return main.run(argv, io);
}
