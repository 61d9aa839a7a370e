import { AppError, EXIT } from './errors.js';
import { didYouMean, formatDiagnostic } from '../model/diagnostics.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { MAX_FILE_BYTES, parseYaml, positionOf } from '../model/yaml.js';
import { readRegularFile } from '../model/files.js';
import { ModelError } from '../model/errors.js';
import type { Model } from '../engine/types.js';
import { stringify } from 'yaml';
import type { Query } from '../engine/evaluate.js';
import type { Value } from '../engine/types.js';
import { allowed, changesOf, probabilityText, readValue } from './settings.js';
import type { SettingChange } from './settings.js';

// Apart from settings.ts so that the YAML parser loads only when a
// conditions file is given, never for a plain `query --set`.

/**
 * Parses a conditions file: a YAML or JSON mapping of condition id to what
 * is said of it, as on the command line: true/false/yes/no/unknown or a
 * named value, a probability of yes (0.7, "70%"), or probabilities per named
 * value ("a:0.6,b:0.4"). Problems carry file:line:col.
 */
export function parseConditionsFile(model: Model, file: string, bytes: Uint8Array | string, size?: number): SettingChange[] {
  const { parsed, diagnostics } = parseYaml(file, bytes, size);
  const fail = (ds: Diagnostic[]) => {
    throw new AppError(EXIT.data, ds.map(formatDiagnostic).join('\n'), ds);
  };
  if (!parsed) return fail(diagnostics);
  const data = parsed.data;
  const at = (path: (string | number)[], message: string, key = false): Diagnostic => {
    const { line, col } = positionOf(parsed, path, key);
    return { file, line, col, severity: 'error', message };
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return fail([at([], 'expected a mapping of condition ids to values, e.g. `iran_regime_collapse: true`')]);
  const byId = new Map(model.conditions.map((c) => [c.id, c]));
  const ids = [...byId.keys()];
  const out: SettingChange[] = [];
  const problems: Diagnostic[] = [];
  let unknown = 0;
  for (const [id, raw] of Object.entries(data as Record<string, unknown>)) {
    const c = byId.get(id);
    if (!c) {
      // Linear in the file however many keys are wrong: the first few are named with a suggestion, the rest counted.
      if (++unknown <= MAX_NAMED) problems.push(at([id], `unknown condition '${id}'${didYouMean(id, ids)}`, true));
      continue;
    }
    if (raw !== null && typeof raw !== 'boolean' && typeof raw !== 'string' && typeof raw !== 'number') {
      problems.push(at([id], `'${id}' takes ${allowed(c)}, found ${JSON.stringify(raw)}`));
      continue;
    }
    const r = raw === null ? { change: { condition: id, kind: 'unknown' as const } } : readValue(c, String(raw));
    if ('error' in r) problems.push(at([id], r.error));
    else out.push(r.change);
  }
  if (unknown > MAX_NAMED)
    problems.push({ file, line: 1, col: 1, severity: 'error', message: `${unknown - MAX_NAMED} more unknown condition(s) not listed; 'list conditions' shows the ids` });
  if (problems.length) fail(problems);
  return out;
}

/** Unknown keys named one by one in a conditions file's refusal; the rest are counted. */
const MAX_NAMED = 50;

/**
 * Reads and parses a conditions file at a path: a regular file within the
 * YAML size cap, read once (src/model/files.ts). A file that cannot be read
 * or is not a regular file is an AppError with exit 66 naming it (after
 * `flag`, when given); bad content, exit 65 with file:line:col.
 */
export function readConditionsPath(model: Model, path: string, shown: string, flag?: string): SettingChange[] {
  let r: ReturnType<typeof readRegularFile>;
  try {
    r = readRegularFile(path, MAX_FILE_BYTES, flag ? `${flag} ${shown}` : shown);
  } catch (e) {
    if (e instanceof ModelError) throw new AppError(EXIT.noInput, e.message);
    throw e;
  }
  return parseConditionsFile(model, shown, r.tooLarge ? '' : r.bytes, r.tooLarge ? r.size : undefined);
}

/** A question's settings and probabilities as a conditions file that `query --conditions` accepts. */
export function settingsToYaml(model: Model, q: Query): string {
  const doc: Record<string, Value | number> = {};
  for (const ch of changesOf(model, q)) {
    if (ch.kind === 'value') doc[ch.condition] = ch.value;
    else if (ch.kind === 'probability') {
      const text = probabilityText(ch.probabilities);
      doc[ch.condition] = ch.probabilities.has(true) ? Number(text) : text;
    }
  }
  // The yaml library quotes a scalar only when it would read back as something else.
  return '# iraq-scenarios conditions file: condition id -> true/false/unknown, a named value, or a probability\n' + stringify(doc);
}
