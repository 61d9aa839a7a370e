import { formatValue } from '../engine/expr.js';
import type { Model, Value } from '../engine/types.js';

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
export function oneShotCommand(model: Model, settings: ReadonlyMap<string, Value>, modelArg?: string, command = 'query'): string {
  const words = ['iraq-scenarios', command];
  if (modelArg !== undefined) words.push('--model', shellQuote(modelArg));
  for (const c of model.conditions) {
    const v = settings.get(c.id);
    if (v !== undefined) words.push('--set', shellQuote(`${c.id}=${formatValue(v)}`));
  }
  return words.join(' ');
}
