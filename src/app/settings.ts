import { isDate } from '../engine/prob/time.js';
import { AppError, EXIT } from './errors.js';
import { didYouMean } from '../model/diagnostics.js';
import { allowedValues, notAValue, parseValue } from '../model/value.js';
import type { Query } from '../engine/evaluate.js';
import type { Condition, Model, Value } from '../engine/types.js';

/**
 * What users write about a condition, in `--set`, a conditions file or the
 * session: a value (a hard statement about the horizon), `unknown` (clears
 * what was said), or their own probability (met exactly, by Jeffrey's rule).
 */
export type SettingChange =
  | { condition: string; kind: 'value'; value: Value }
  | { condition: string; kind: 'unknown' }
  | { condition: string; kind: 'probability'; probabilities: ReadonlyMap<Value, number> };

const UNKNOWN = new Set(['unknown', 'unset', '?']);

/** What a condition accepts as a setting, for messages. */
export function allowed(c: Condition): string {
  return c.values === null
    ? 'true, false, unknown or a probability of yes (0.7 or 70%)'
    : `${allowedValues(c)}, unknown, or probabilities per value (${c.values[0]}:0.6,${c.values[1]}:0.4)`;
}

/** A probability as typed: 0.7, .7 or 70%; undefined when the text is not one. */
export function parseProbability(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*(%?)\s*$/.exec(text);
  if (!m) return undefined;
  const p = Number(m[1]) / (m[2] ? 100 : 1);
  return p >= 0 && p <= 1 ? p : undefined;
}

/**
 * Reads what a user wrote for a condition: a value, `unknown`, a
 * probability of yes (0.7, 70%) for a yes/no condition, or probabilities per
 * named value (`a:0.6,b:0.4`; values left out share what is left). A
 * probability of 1 is the value itself, 0 its opposite.
 */
export function readValue(c: Condition, text: string): { change: SettingChange } | { error: string } {
  const t = text.trim();
  if (UNKNOWN.has(t.toLowerCase())) return { change: { condition: c.id, kind: 'unknown' } };
  const v = parseValue(c, t);
  if (v !== undefined) return { change: { condition: c.id, kind: 'value', value: v } };
  const p = parseProbability(t);
  if (c.values === null) {
    if (p === undefined) {
      if (/^\s*-?\d/.test(t)) return { error: `'${c.id}': a probability is between 0 and 1 (or 0% and 100%), not '${t}'` };
      return { error: notAValue(c, t, true) + ', or a probability of yes such as 0.7' };
    }
    if (p === 1 || p === 0) return { change: { condition: c.id, kind: 'value', value: p === 1 } };
    return { change: { condition: c.id, kind: 'probability', probabilities: new Map<Value, number>([[true, p], [false, 1 - p]]) } };
  }
  if (p !== undefined) return { error: `'${c.id}' has named values: give a probability per value, e.g. ${c.values[0]}:0.6,${c.values[1]}:0.4` };
  if (!t.includes(':')) return { error: notAValue(c, t, true) };
  const given = new Map<string, number>();
  for (const part of t.split(',')) {
    const [name, num] = part.split(':').map((x) => x.trim());
    if (!name || num === undefined) return { error: `'${c.id}': expected value:probability pairs separated by commas, e.g. ${c.values[0]}:0.6,${c.values[1]}:0.4` };
    if (!c.values.includes(name)) return { error: notAValue(c, name) };
    const q = parseProbability(num);
    if (q === undefined) return { error: `'${c.id}': '${num}' for ${name} is not a probability (0 to 1, or 0% to 100%)` };
    if (given.has(name)) return { error: `'${c.id}': ${name} is given twice` };
    given.set(name, q);
  }
  const sum = [...given.values()].reduce((a, b) => a + b, 0);
  const rest = c.values.filter((x) => !given.has(x));
  if (sum > 1 + 1e-9 || (!rest.length && Math.abs(sum - 1) > 1e-6))
    return { error: `'${c.id}': the probabilities sum to ${Math.round(sum * 1e4) / 1e4}; they must sum to 1 (values left out share what is left)` };
  const share = rest.length ? Math.max(0, 1 - sum) / rest.length : 0;
  const probabilities = new Map<Value, number>(c.values.map((x) => [x, given.get(x) ?? share]));
  const sure = [...probabilities].filter(([, q]) => q > 0);
  if (sure.length === 1) return { change: { condition: c.id, kind: 'value', value: sure[0]![0] } };
  if (sure.length < c.values.length)
    return { error: `'${c.id}': every value needs some probability (${c.values.filter((x) => !(probabilities.get(x)! > 0)).join(', ')} would have none); to rule a value out, set the condition` };
  return { change: { condition: c.id, kind: 'probability', probabilities } };
}

/** The condition an `ID=...` flag names, or a usage error naming the flag and the nearest id. */
function conditionOf(model: Model, flag: string, text: string, example: string): { c: Condition; value: string } {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new AppError(EXIT.usage, `${flag} ${text}: expected ID=VALUE, e.g. ${flag} ${example}`);
  const id = text.slice(0, eq).trim();
  const c = model.conditions.find((x) => x.id === id);
  if (!c)
    throw new AppError(
      EXIT.usage,
      `${flag} ${text}: unknown condition '${id}'${didYouMean(id, model.conditions.map((x) => x.id))}; 'list conditions' shows them all`,
    );
  return { c, value: text.slice(eq + 1).trim() };
}

/** Parses `--set ID=VALUE` flags (usage errors name the flag and the nearest valid name). */
export function parseSetFlags(model: Model, flags: readonly string[], flag = '--set'): SettingChange[] {
  return flags.map((text) => {
    const { c, value } = conditionOf(model, flag, text, 'iran_regime_collapse=true');
    const r = readValue(c, value);
    if ('error' in r) throw new AppError(EXIT.usage, `${flag} ${text}: ${r.error}`);
    return r.change;
  });
}

/**
 * Parses `--observe ID=VALUE[@DATE]` flags: what is seen on DATE (the
 * question's date when none is given); evidence, not the final value. An
 * observation after the question's date is refused: it has not been seen yet.
 */
export function parseObserveFlags(model: Model, flags: readonly string[], date: string, flag = '--observe'): Query['observations'] & object {
  return flags.map((text) => {
    const { c, value: raw } = conditionOf(model, flag, text, 'maliki_resigns=false');
    const at = raw.lastIndexOf('@');
    const value = at < 0 ? raw : raw.slice(0, at).trim();
    const when = at < 0 ? date : raw.slice(at + 1).trim();
    if (!isDate(when)) throw new AppError(EXIT.usage, `${flag} ${text}: '${when}' is not a date; expected ID=VALUE or ID=VALUE@YYYY-MM-DD`);
    if (when > date) throw new AppError(EXIT.usage, `${flag} ${text}: seen on ${when}, after the question's date ${date}; move --as-of to ${when} or later`);
    const v = parseValue(c, value);
    if (v === undefined) throw new AppError(EXIT.usage, `${flag} ${text}: ${notAValue(c, value)} (an observation is what was seen: a value, not a probability)`);
    return { condition: c.id, value: v, date: when };
  });
}

/** Parses `--assume CONTRADICTION=SIDE` flags. */
export function parseAssumeFlags(model: Model, flags: readonly string[], flag = '--assume'): Map<string, string> {
  const out = new Map<string, string>();
  for (const text of flags) {
    const eq = text.indexOf('=');
    const ids = model.contradictions.filter((x) => x.sides.length).map((x) => x.id);
    if (eq <= 0) throw new AppError(EXIT.usage, `${flag} ${text}: expected CONTRADICTION=SIDE, e.g. ${flag} ${ids[0] ?? 'sudani_status'}=${model.contradictions.find((x) => x.id === ids[0])?.sides[0]?.id ?? 'caretaker'}`);
    const id = text.slice(0, eq).trim();
    const side = text.slice(eq + 1).trim();
    const c = model.contradictions.find((x) => x.id === id);
    if (!c || !c.sides.length)
      throw new AppError(EXIT.usage, `${flag} ${text}: ${c ? `'${id}' names no sides to take` : `unknown contradiction '${id}'${didYouMean(id, ids)}`}; 'list contradictions' shows them`);
    if (!c.sides.some((x) => x.id === side))
      throw new AppError(EXIT.usage, `${flag} ${text}: '${id}' has no side '${side}'${didYouMean(side, c.sides.map((x) => x.id))}; its sides: ${c.sides.map((x) => x.id).join(', ')}`);
    out.set(id, side);
  }
  return out;
}

/** Applies changes to a question in order; a later one wins; `unknown` clears what was said of the condition. */
export function applyChanges(q: Query, changes: readonly SettingChange[]): Query {
  const settings = new Map(q.settings ?? []);
  const probabilities = new Map(q.probabilities ?? []);
  // A condition set again keeps its place in the list (Map.set on a present key does).
  for (const ch of changes) {
    if (ch.kind !== 'value') settings.delete(ch.condition);
    if (ch.kind !== 'probability') probabilities.delete(ch.condition);
    if (ch.kind === 'value') settings.set(ch.condition, ch.value);
    else if (ch.kind === 'probability') probabilities.set(ch.condition, ch.probabilities);
  }
  return { ...q, settings, probabilities };
}

/** What a question says of each condition, as changes (for saving and showing). */
export function changesOf(model: Model, q: Query): SettingChange[] {
  const out: SettingChange[] = [];
  for (const c of model.conditions) {
    const v = q.settings?.get(c.id);
    const p = q.probabilities?.get(c.id);
    if (v !== undefined) out.push({ condition: c.id, kind: 'value', value: v });
    else if (p) out.push({ condition: c.id, kind: 'probability', probabilities: p });
  }
  return out;
}

/** A change as users type it: `id=true`, `id=0.7`, `id=a:0.6,b:0.4`. */
export function changeText(ch: SettingChange): string {
  if (ch.kind === 'unknown') return `${ch.condition}=unknown`;
  if (ch.kind === 'value') return `${ch.condition}=${String(ch.value)}`;
  return `${ch.condition}=${probabilityText(ch.probabilities)}`;
}

/** `0.7` for a yes/no condition's probability of yes, `a:0.6,b:0.4` for named values. */
export function probabilityText(p: ReadonlyMap<Value, number>): string {
  const r = (x: number) => String(Math.round(x * 1e6) / 1e6);
  if (p.has(true)) return r(p.get(true)!);
  return [...p].map(([v, x]) => `${String(v)}:${r(x)}`).join(',');
}

