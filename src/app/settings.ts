import { AppError, EXIT } from './errors.js';
import { didYouMean } from '../model/diagnostics.js';
import { allowedValues, notAValue, parseValue } from '../model/value.js';
import type { Condition, Model, Value } from '../engine/types.js';

/** A setting as users write it: a value, or null for "unknown" (clears it). */
export type SettingChange = { condition: string; value: Value | null };

const UNKNOWN = new Set(['unknown', 'unset', '?']);

/** What a condition accepts as a setting, for messages. */
export function allowed(c: Condition): string {
  return allowedValues(c, true);
}

/** Reads a value for a condition, or says what was expected. */
export function readValue(c: Condition, text: string): { value: Value | null } | { error: string } {
  if (UNKNOWN.has(text.toLowerCase())) return { value: null };
  const v = parseValue(c, text);
  if (v !== undefined) return { value: v };
  return { error: notAValue(c, text, true) };
}

/** Parses `--set ID=VALUE` flags (usage errors name the flag and the nearest valid name). */
export function parseSetFlags(model: Model, flags: readonly string[]): SettingChange[] {
  const byId = new Map(model.conditions.map((c) => [c.id, c]));
  return flags.map((flag) => {
    const eq = flag.indexOf('=');
    if (eq <= 0)
      throw new AppError(EXIT.usage, `--set ${flag}: expected ID=VALUE, e.g. --set iran_regime_collapse=true`);
    const id = flag.slice(0, eq).trim();
    const text = flag.slice(eq + 1).trim();
    const c = byId.get(id);
    if (!c)
      throw new AppError(
        EXIT.usage,
        `--set ${flag}: unknown condition '${id}'${didYouMean(id, byId.keys())}; 'list conditions' shows them all`,
      );
    const r = readValue(c, text);
    if ('error' in r) throw new AppError(EXIT.usage, `--set ${flag}: ${r.error}`);
    return { condition: id, value: r.value };
  });
}

/** Applies changes in order; a later one wins; null clears. */
export function applyChanges(base: ReadonlyMap<string, Value>, changes: readonly SettingChange[]): Map<string, Value> {
  const m = new Map(base);
  for (const ch of changes) {
    if (ch.value === null) m.delete(ch.condition);
    else m.set(ch.condition, ch.value);
  }
  return m;
}

/** Settings as a conditions file that `query --conditions` accepts. */
export function settingsToYaml(model: Model, settings: ReadonlyMap<string, Value>): string {
  const lines = ['# iraq-scenarios conditions file: condition id -> true/false/unknown or a named value'];
  for (const c of model.conditions) {
    const v = settings.get(c.id);
    if (v !== undefined) lines.push(`${c.id}: ${String(v)}`);
  }
  return lines.join('\n') + '\n';
}
