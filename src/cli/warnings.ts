import type { Io } from '../app/io.js';
import { quoteWarnings } from '../app/quotes.js';
import { safeText } from '../engine/safe-text.js';
import type { Model } from '../engine/types.js';
import { formatDiagnostic } from '../model/diagnostics.js';
import { SCHEMA_VERSION } from '../render/kit/json.js';
import { jsonSafe } from '../render/kit/safe.js';

/**
 * Says on stderr which quotes of a --model folder its sources do not contain
 * (as validate does, as warnings): a line each (`file:line:col: warning:
 * ...`) and a closing line, or in JSON mode a JSON object each, so stderr
 * stays readable by a program.
 */
export async function warnQuotes(model: Model, dir: string, given: readonly string[], io: Io, json: boolean): Promise<void> {
  // A stack's sources come from several folders: 'validate' with the same layers checks each against its own texts.
  if ((model.info.layers?.length ?? 0) > 1 || given.length !== 1) return;
  const shown = given[0]!;
  const found = await quoteWarnings(model, dir, io.cwd);
  for (const d of found) io.stderr.write(json ? `${jsonSafe(JSON.stringify({ schemaVersion: SCHEMA_VERSION, warning: d }))}\n` : `iraq-scenarios: ${safeText(formatDiagnostic(d))}\n`);
  if (found.length && !json) io.stderr.write(`iraq-scenarios: ${found.length} quote(s) not found verbatim in their sources; 'validate ${safeText(shown)}' checks the whole model\n`);
}
