import type { Condition, Model, Scenario } from '../engine/types.js';

/*
 * The names users type, for both front ends' completion (the session's
 * command line, the shells' completion through `__complete`) and for reading
 * abbreviations: scenario names, condition ids, the words a condition takes.
 */

/** What a scenario may be called: its numeral, its short name (`base`, `deadlock`) and its id. */
export function scenarioNames(s: Pick<Scenario, 'id' | 'numeral' | 'short'>): string[] {
  return [...(s.numeral ? [s.numeral] : []), ...(s.short ? [s.short] : []), s.id];
}

/** Every scenario name of a model, short ones first (numerals, short names, then ids). */
export function allScenarioNames(model: Model): string[] {
  const short = model.scenarios.flatMap((s) => scenarioNames(s).slice(0, -1));
  return [...short, ...model.scenarios.map((s) => s.id)];
}

/** The words a condition's setting takes: true/false or its named values, and `unknown` unless `unknown` is false. */
export function valueWords(c: Pick<Condition, 'values'>, unknown = true): string[] {
  return [...(c.values === null ? ['true', 'false'] : c.values), ...(unknown ? ['unknown'] : [])];
}

/** The longest prefix every word shares. */
export function commonPrefix(words: readonly string[]): string {
  if (!words.length) return '';
  let p = words[0]!;
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/** What a typed name stands for among `names`: the exact name, else the one name it begins (any case), else the candidates. */
export type Match = { name: string } | { ambiguous: string[] } | { none: true };

/**
 * Reads a name as typed, abbreviations allowed: an exact name wins; else a
 * unique name that begins with the text (any case); several are ambiguous.
 *
 * @example
 * matchName(['maliki_resigns', 'maliki_forced_out'], 'maliki_r'); // => { name: 'maliki_resigns' }
 */
export function matchName(names: readonly string[], typed: string): Match {
  if (names.includes(typed)) return { name: typed };
  const lower = typed.toLowerCase();
  const exact = names.filter((n) => n.toLowerCase() === lower);
  if (exact.length === 1) return { name: exact[0]! };
  const hits = [...new Set(names.filter((n) => n.toLowerCase().startsWith(lower)))];
  if (hits.length === 1) return { name: hits[0]! };
  return hits.length ? { ambiguous: hits } : { none: true };
}
