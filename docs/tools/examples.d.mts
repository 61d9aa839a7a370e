// Types for the transcript runner (docs/tools/examples.mjs), for tests/docs.test.ts.
export const DOC_ENV: Record<string, string>;
export interface Transcript {
  /** The command line as typed (continuation lines joined with newlines). */
  cmd: string;
  /** 1-based line of the `$ ` in the file. */
  line: number;
  /** 0-based line range [from, to) of its expected output. */
  from: number;
  to: number;
}
export function transcripts(text: string): Transcript[];
export function runCommand(cmd: string, o: { cwd: string; binDir: string; env?: Record<string, string> }): { code: number | null; output: string };
export function matches(expected: readonly string[], actual: string): boolean;
