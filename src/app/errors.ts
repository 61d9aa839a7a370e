import type { Diagnostic } from '../model/diagnostics.js';

/**
 * Exit codes, part of the public interface (README, --help). Named after
 * sysexits(3) where one fits.
 */
export const EXIT = {
  ok: 0,
  /** A bug: an unexpected failure inside the tool. */
  internal: 1,
  /** The settings contradict the model's constraints. */
  contradiction: 2,
  /** Bad command line: unknown command, flag, condition or value. */
  usage: 64,
  /** Bad data: an invalid model or conditions file, or validate found problems. */
  data: 65,
  /** An input file or folder cannot be opened. */
  noInput: 66,
  /** An output file cannot be written. */
  cantCreate: 73,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_HELP = `Exit codes:
  0    success
  1    internal error (a bug: please report it)
  2    the settings contradict the model's constraints
  64   usage error: unknown command, flag, condition or value
  65   data error: invalid model or conditions file; validate found problems
  66   an input file or folder cannot be opened
  73   an output file cannot be written
  130  interrupted (Ctrl-C)`;

/** An error that ends the command with a message and a documented exit code. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
