import { changesOf, changeText } from '../app/settings.js';
import type { Query } from '../engine/evaluate.js';
import { formatValue } from '../engine/expr.js';
import type { Model } from '../engine/types.js';

const SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** Quotes a word for a POSIX shell, only when it needs it. */
export function shellQuote(word: string): string {
  if (word !== '' && SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The one-shot command (query unless named) that reproduces a session's
 * settings, in the model's condition order so the same settings always give
 * the same line.
 */
export function oneShotCommand(model: Model, q: Query, modelArg?: string | readonly string[], command = 'query'): string {
  const words = ['iraq-scenarios', command];
  for (const m of modelArg === undefined ? [] : [modelArg].flat()) words.push('--model', shellQuote(m));
  if (q.asOf !== undefined) words.push('--as-of', q.asOf);
  for (const ch of changesOf(model, q)) words.push('--set', shellQuote(changeText(ch)));
  for (const o of q.observations ?? []) words.push('--observe', shellQuote(`${o.condition}=${formatValue(o.value)}${o.date === q.asOf ? '' : `@${o.date}`}`));
  for (const [c, side] of q.assume ?? []) words.push('--assume', shellQuote(`${c}=${side}`));
  return words.join(' ');
}
