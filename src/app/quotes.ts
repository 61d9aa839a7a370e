import type { Model } from '../engine/types.js';
import type { Diagnostic } from '../model/diagnostics.js';

/**
 * The quotes of a model that its sources do not contain verbatim, as
 * warnings (validate reports them as errors): a model given with --model is
 * used all the same, but its reader is told. Sources not at hand are not
 * mentioned here ('validate' says which).
 */
export async function quoteWarnings(model: Model, dir: string, cwd: string): Promise<Diagnostic[]> {
  if (!model.info.sourcesDir || model.sources.length === 0) return [];
  // Loaded only for a user's model folder: a query on the shipped one never pays for them.
  const [{ readSourceTexts }, { checkQuotes }] = await Promise.all([import('../model/read.js'), import('../model/check.js')]);
  const texts = readSourceTexts(model, dir, cwd);
  if (texts.size === 0) return [];
  let found = checkQuotes(model, texts).diagnostics;
  // A model read on the fast path (or from the cache) has no positions: the rare folder with a
  // mismatch is read again in full, so each warning says file:line:col as validate's errors do.
  if (found.length && found.some((d) => d.line <= 1 && d.col <= 1)) {
    const { loadModelDir } = await import('../model/read.js');
    const full = loadModelDir(dir, cwd).model;
    if (full) found = checkQuotes(full, texts).diagnostics;
  }
  return found.map((d) => ({ ...d, severity: 'warning' as const }));
}
