import type { Diagnostic } from '../model/diagnostics.js';

/**
 * Exit codes, part of the public interface (README, --help). Named after
 * sysexits(3) where one fits. Both front ends end with them: the command
 * line as its exit status, the session on Ctrl-C.
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

/**
 * A failure the user can act on: a message, the documented exit code, and
 * for bad files the diagnostics (file:line:col). The command line reports it
 * in one place (src/cli/main.ts); the session shows its message under the table.
 */
export class AppError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
