import type { Diagnostic } from './diagnostics.js';

/**
 * What went wrong reading a model: `no-input` when the folder cannot be
 * opened, `invalid` when its files have problems (each a diagnostic). The
 * model layer knows nothing of exit codes; the command line maps these at
 * its edge (src/cli/main.ts).
 */
export class ModelError extends Error {
  constructor(
    readonly kind: 'no-input' | 'invalid',
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'ModelError';
  }
}
