import { CommanderError } from 'commander';
import { AppError, EXIT } from '../app/errors.js';
import type { ExitCode } from '../app/errors.js';
import { processIo } from '../app/io.js';
import type { Io } from '../app/io.js';
import { ModelError } from '../model/errors.js';
import { SCHEMA_VERSION } from '../render/kit/json.js';
import { jsonSafe, safeText } from '../render/kit/safe.js';
import { buildProgram } from './program.js';
import type { Command } from 'commander';

/**
 * Runs the command line and returns the exit code. The one place where
 * errors become messages and exit codes; nothing below prints a stack trace.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  // Errors are JSON when the output is: --json, --format json, or --batch (which writes JSON lines).
  const json =
    argv.includes('--json') ||
    argv.some((a, i) => (a === '--format' || a === '-f') && argv[i + 1] === 'json') ||
    argv.includes('--format=json') ||
    argv.some((a) => a === '--batch' || a.startsWith('--batch='));
  // No arguments at all means a session (which fails fast when not on a terminal).
  const args = argv.length === 0 ? ['interactive'] : [...argv];
  const program = buildProgram(io, [], args[0], json);
  // commander's own messages (unknown option, missing argument) echo what was typed: made safe, and
  // in JSON mode left to the JSON error below, so stderr holds the JSON alone.
  forEachCommand(program, (c) =>
    c.configureOutput({ ...c.configureOutput(), outputError: json ? () => {} : (s: string, write: (s: string) => void) => write(safeText(s)) }),
  );
  try {
    await program.parseAsync(args, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    return report(e, io, json);
  }
}

function forEachCommand(c: Command, f: (c: Command) => void): void {
  f(c);
  for (const sub of c.commands) forEachCommand(sub, f);
}

/** The exit code, message and details of a failure the user can act on; undefined for a bug. */
function known(e: unknown): { code: ExitCode; message: string; details?: Record<string, unknown> | undefined; diagnostics: readonly unknown[] } | undefined {
  if (e instanceof AppError) return { code: e.exitCode, message: e.message, details: e.details, diagnostics: e.diagnostics };
  // The model layer knows no exit codes: they are given here.
  if (e instanceof ModelError) return { code: e.kind === 'no-input' ? EXIT.noInput : EXIT.data, message: e.message, diagnostics: e.diagnostics };
  return undefined;
}

function report(e: unknown, io: Io, json: boolean): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
    // commander has already printed its message to stderr.
    if (e.code === 'commander.executeSubCommandAsync') return EXIT.internal;
    if (json) io.stderr.write(jsonSafe(JSON.stringify({ schemaVersion: SCHEMA_VERSION, error: { exitCode: EXIT.usage, message: e.message.replace(/^error: /, '') } })) + '\n');
    return EXIT.usage;
  }
  let failure = known(e);
  if (!failure) {
    const err = e as Error;
    failure = { code: EXIT.internal, message: `internal error: ${err?.message ?? String(e)} (this is a bug; please report it with the command you ran)`, diagnostics: [] };
    if (io.env.IRAQ_SCENARIOS_DEBUG) io.stderr.write(`${err?.stack ?? ''}\n`);
  }
  const { code, message, details, diagnostics } = failure;
  if (json) {
    io.stderr.write(jsonSafe(JSON.stringify({ schemaVersion: SCHEMA_VERSION, error: { exitCode: code, message, diagnostics, ...details } })) + '\n');
  } else if (message) {
    // Messages echo what files and the command line said: data, never control (safe.ts).
    io.stderr.write(`iraq-scenarios: ${safeText(message)}\n`);
  }
  return code;
}

/** The program's entry, called by launch.ts (dist/launch.cjs) once it has guarded the streams. */
export async function cli(): Promise<void> {
  const io = processIo();
  // The streams are guarded already: launch.ts does it before the first byte, even --version's.
  // No SIGINT handler: Ctrl-C ends a one-shot command at once, even in the middle of long
  // synchronous work (a handler would wait for it to finish), and the shell sees status 130.
  // The session handles Ctrl-C itself (src/interactive/).
  const code = await run(process.argv.slice(2), io);
  // exitCode, not exit(): let a slow pipe drain every byte first.
  process.exitCode = code;
}
