/** The exit codes as `--help`, `help exit-codes` and the man page list them (docs/exit-codes.md says more). */
export const EXIT_HELP_ROWS: readonly (readonly [number, string])[] = [
  [0, 'success'],
  [1, 'internal error (a bug: please report it)'],
  [2, "the settings contradict the model's constraints (or ask a probability they exclude)"],
  [64, 'usage error: unknown command, flag, condition or value'],
  [65, 'data error: invalid model or conditions file; validate found problems'],
  [66, 'an input file or folder cannot be opened'],
  [73, 'an output file cannot be written'],
  [130, 'interrupted (Ctrl-C)'],
];

export const EXIT_HELP = `Exit codes:\n${EXIT_HELP_ROWS.map(([c, m]) => `  ${String(c).padEnd(5)}${m}`).join('\n')}`;
