import { AppError, EXIT } from './errors.js';
import { didYouMean, formatDiagnostic } from '../model/diagnostics.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { MAX_FILE_BYTES, parseYaml, positionOf } from '../model/yaml.js';
import { readRegularFile } from '../model/files.js';
import { ModelError } from '../model/errors.js';
import { BASES } from '../engine/types.js';
import type { Basis, Judgement, JudgementSource, Model } from '../engine/types.js';
import { stringify } from 'yaml';
import type { Query } from '../engine/evaluate.js';
import type { Value } from '../engine/types.js';
import { isDate } from '../engine/prob/time.js';
import { parseValue } from '../model/value.js';
import { allowed, changesOf, changeText, probabilityText, readValue } from './settings.js';
import type { SettingChange } from './settings.js';

// Apart from settings.ts so that the YAML parser loads only when a
// conditions file is given, never for a plain `query --set`.

/** What a conditions file says: the changes to apply, and the judgements given with provenance. */
export interface JudgedConditions {
  changes: SettingChange[];
  judgements: Judgement[];
}

const ENTRY_KEYS = ['value', 'probability', 'note', 'by', 'date', 'sources'];
const MODEL_CITATION_KEYS = ['source', 'quote', 'basis', 'note'];
const URL_CITATION_KEYS = ['url', 'quote', 'note'];

/**
 * Parses a conditions file: a YAML or JSON mapping of condition id to what
 * is said of it, as on the command line: true/false/yes/no/unknown or a
 * named value, a probability of yes (0.7, "70%"), or probabilities per named
 * value ("a:0.6,b:0.4"). Problems carry file:line:col.
 */
export function parseConditionsFile(model: Model, file: string, bytes: Uint8Array | string, size?: number): SettingChange[] {
  return parseJudgedConditions(model, file, bytes, size).changes;
}

/**
 * Parses a conditions file whose entries may be judgements with provenance:
 * besides a plain value or probability, an entry may be a mapping with
 * `value` or `probability` (a number, "70%", "a:0.6,b:0.4" or a mapping of
 * named values to probabilities), and any of `note`, `by`, `date`
 * (YYYY-MM-DD) and `sources`: citations as in the model (`source` naming one
 * of its sources, `quote`, `basis`), or web pages (`url`, `quote`), which are
 * marked unverified.
 *
 * @example
 * // maliki_resigns: { probability: 0.4, by: alice, date: 2026-11-30, note: "…", sources: [{ url: https://…, quote: "…" }] }
 */
export function parseJudgedConditions(model: Model, file: string, bytes: Uint8Array | string, size?: number): JudgedConditions {
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
  let unknown = 0;
  const sourceIds = model.sources.map((x) => x.id);
  const changes: SettingChange[] = [];
  const judgements: Judgement[] = [];
  const problems: Diagnostic[] = [];
  const text = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
  for (const [id, raw] of Object.entries(data as Record<string, unknown>)) {
    const c = byId.get(id);
    if (!c) {
      // Linear in the file however many keys are wrong: the first few are named with a suggestion, the rest counted.
      if (++unknown <= MAX_NAMED) problems.push(at([id], `unknown condition '${id}'${didYouMean(id, ids)}`, true));
      continue;
    }
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
      const entry = raw as Record<string, unknown>;
      const before = problems.length;
      for (const k of Object.keys(entry))
        if (!ENTRY_KEYS.includes(k)) problems.push(at([id, k], `unknown key '${k}'; an entry takes ${ENTRY_KEYS.join(', ')}${didYouMean(k, ENTRY_KEYS)}`, true));
      const hasValue = 'value' in entry;
      const hasProb = 'probability' in entry;
      if (hasValue === hasProb) {
        problems.push(at([id], hasValue ? `'${id}': give \`value\` or \`probability\`, not both` : `'${id}': the entry needs a \`value\` (${allowed(c)}) or a \`probability\``));
        continue;
      }
      let said: string | undefined;
      if (hasValue) {
        const v = entry.value;
        if (v !== null && typeof v !== 'boolean' && typeof v !== 'string' && typeof v !== 'number') problems.push(at([id, 'value'], `'${id}' takes ${allowed(c)}, found ${JSON.stringify(v)}`));
        else said = v === null ? 'unknown' : String(v);
      } else {
        const p = entry.probability;
        if (typeof p === 'number' || typeof p === 'string') said = String(p);
        else if (p !== null && typeof p === 'object' && !Array.isArray(p) && Object.values(p).every((x) => typeof x === 'number' || typeof x === 'string'))
          said = Object.entries(p as Record<string, number | string>)
            .map(([k, x]) => `${k}:${x}`)
            .join(',');
        else problems.push(at([id, 'probability'], `'${id}': expected a probability (0.7, "70%"${c.values ? `, or per value: { ${c.values[0]}: 0.6, ${c.values[1]}: 0.4 }` : ''}), found ${JSON.stringify(p)}`));
        if (said !== undefined && c.values !== null && parseValue(c, said) !== undefined) {
          problems.push(at([id, 'probability'], `'${id}': '${said}' is a value; write it under \`value:\`, or give probabilities per value`));
          said = undefined;
        }
      }
      if (entry.note !== undefined && !text(entry.note)) problems.push(at([id, 'note'], `'${id}': a note is text`));
      if (entry.by !== undefined && !text(entry.by)) problems.push(at([id, 'by'], `'${id}': \`by\` is a name`));
      if (entry.date !== undefined && !(typeof entry.date === 'string' && isDate(entry.date)))
        problems.push(at([id, 'date'], `'${id}': expected a date as YYYY-MM-DD, found ${JSON.stringify(entry.date)}`));
      const sources = readSources(id, entry.sources, sourceIds, at, problems);
      if (said === undefined || problems.length > before) continue;
      const r = readValue(c, said);
      if ('error' in r) {
        problems.push(at([id, hasValue ? 'value' : 'probability'], r.error));
        continue;
      }
      if (hasProb && r.change.kind === 'unknown') {
        problems.push(at([id, 'probability'], `'${id}': expected a probability, found '${said}'`));
        continue;
      }
      changes.push(r.change);
      const { line, col } = positionOf(parsed, [id], true);
      judgements.push({
        condition: id,
        said: changeText(r.change).slice(id.length + 1),
        ...(text(entry.note) ? { note: entry.note.trim() } : {}),
        ...(text(entry.by) ? { by: entry.by.trim() } : {}),
        ...(typeof entry.date === 'string' ? { date: entry.date } : {}),
        sources,
        loc: { file, line, col },
      });
      continue;
    }
    if (raw !== null && typeof raw !== 'boolean' && typeof raw !== 'string' && typeof raw !== 'number') {
      problems.push(at([id], `'${id}' takes ${allowed(c)}, or a mapping with value or probability, note, by, date and sources; found ${JSON.stringify(raw)}`));
      continue;
    }
    const r = raw === null ? { change: { condition: id, kind: 'unknown' as const } } : readValue(c, String(raw));
    if ('error' in r) problems.push(at([id], r.error));
    else changes.push(r.change);
  }
  if (unknown > MAX_NAMED)
    problems.push({ file, line: 1, col: 1, severity: 'error', message: `${unknown - MAX_NAMED} more unknown condition(s) not listed; 'list conditions' shows the ids` });
  if (problems.length) fail(problems);
  return { changes, judgements };
}

/** A judgement's `sources`: the model's citations (a known source id) or web pages (unverified). */
function readSources(
  id: string,
  raw: unknown,
  sourceIds: readonly string[],
  at: (path: (string | number)[], message: string, key?: boolean) => Diagnostic,
  problems: Diagnostic[],
): JudgementSource[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push(at([id, 'sources'], `'${id}': \`sources\` is a list of citations ({ source, quote, basis } or { url, quote })`));
    return [];
  }
  const out: JudgementSource[] = [];
  raw.forEach((x: unknown, i) => {
    const path = [id, 'sources', i];
    if (x === null || typeof x !== 'object' || Array.isArray(x)) {
      problems.push(at(path, 'expected a citation: { source: ID, quote: "…" } for one of the model\'s sources, or { url: https://…, quote: "…" }'));
      return;
    }
    const c = x as Record<string, unknown>;
    const isUrl = 'url' in c;
    const keys = isUrl ? URL_CITATION_KEYS : MODEL_CITATION_KEYS;
    for (const k of Object.keys(c))
      if (!keys.includes(k)) problems.push(at([...path, k], `unknown key '${k}'; ${isUrl ? 'a web citation' : 'a citation'} takes ${keys.join(', ')}${didYouMean(k, keys)}`, true));
    for (const k of ['quote', 'note'])
      if (c[k] !== undefined && typeof c[k] !== 'string') problems.push(at([...path, k], `\`${k}\` is text`));
    const quote = typeof c.quote === 'string' ? c.quote : undefined;
    const note = typeof c.note === 'string' ? c.note : undefined;
    if (isUrl) {
      if (typeof c.url !== 'string' || !/^https?:\/\/\S+$/.test(c.url)) problems.push(at([...path, 'url'], `expected a web address (http:// or https://), found ${JSON.stringify(c.url)}`));
      else out.push({ url: c.url, ...(quote ? { quote } : {}), ...(note ? { note } : {}), unverified: true });
      return;
    }
    if (typeof c.source !== 'string') {
      problems.push(at(path, "a citation needs a `source` (one of the model's sources) or a `url`"));
      return;
    }
    if (!sourceIds.includes(c.source)) {
      problems.push(at([...path, 'source'], `unknown source '${c.source}'${didYouMean(c.source, sourceIds)}; 'list sources' shows them, or cite a web page with \`url:\``));
      return;
    }
    const basis = c.basis;
    if (basis !== undefined && !(typeof basis === 'string' && (BASES as readonly string[]).includes(basis))) {
      problems.push(at([...path, 'basis'], `'basis': expected one of ${BASES.join(', ')}, found ${JSON.stringify(basis)}`));
      return;
    }
    out.push({ source: c.source, ...(quote ? { quote } : {}), ...(basis ? { basis: basis as Basis } : {}), ...(note ? { note } : {}) });
  });
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
export function readConditionsPath(model: Model, path: string, shown: string, flag?: string): JudgedConditions {
  let r: ReturnType<typeof readRegularFile>;
  try {
    r = readRegularFile(path, MAX_FILE_BYTES, flag ? `${flag} ${shown}` : shown);
  } catch (e) {
    if (e instanceof ModelError) throw new AppError(EXIT.noInput, e.message);
    throw e;
  }
  return parseJudgedConditions(model, shown, r.tooLarge ? '' : r.bytes, r.tooLarge ? r.size : undefined);
}

/**
 * A question's settings and probabilities as a conditions file that `query
 * --conditions` accepts. A setting with a judgement saying the same (loaded
 * from a file with its note, author, date and sources) is written in the
 * judgement's form, so a round trip keeps the provenance.
 */
export function settingsToYaml(model: Model, q: Query, judgements: readonly Judgement[] = []): string {
  const doc: Record<string, unknown> = {};
  for (const ch of changesOf(model, q)) {
    let plain: Value | number | string | undefined;
    if (ch.kind === 'value') plain = ch.value;
    else if (ch.kind === 'probability') {
      const text = probabilityText(ch.probabilities);
      plain = ch.probabilities.has(true) ? Number(text) : text;
    }
    if (plain === undefined) continue;
    const j = judgements.find((x) => x.condition === ch.condition && x.said === changeText(ch).slice(ch.condition.length + 1));
    doc[ch.condition] = j ? judgementEntry(ch.kind === 'probability' ? 'probability' : 'value', plain, j) : plain;
  }
  // The yaml library quotes a scalar only when it would read back as something else.
  return '# iraq-scenarios conditions file: condition id -> true/false/unknown, a named value, or a probability\n' + stringify(doc);
}

/** A judgement as a conditions file's mapping entry. */
function judgementEntry(key: 'value' | 'probability', plain: unknown, j: Judgement): Record<string, unknown> {
  return {
    [key]: plain,
    ...(j.note ? { note: j.note } : {}),
    ...(j.by ? { by: j.by } : {}),
    ...(j.date ? { date: j.date } : {}),
    ...(j.sources.length ? { sources: j.sources.map((x) => ('url' in x ? { url: x.url, quote: x.quote, note: x.note } : { source: x.source, quote: x.quote, basis: x.basis, note: x.note })).map(dropUndefined) } : {}),
  };
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
