import type { Condition, Value } from '../engine/types.js';
import { didYouMean } from './diagnostics.js';

/**
 * Reads a condition's value as users type it: true/yes/false/no (any case)
 * for a yes/no condition, an exact named value otherwise; undefined when the
 * text is neither. Kept apart from the loader so that reading `--set` flags
 * never loads the YAML parser or the schema.
 *
 * @example
 * parseValue({ values: null }, 'Yes'); // => true
 * parseValue({ values: ['intact', 'collapsed'] }, 'collapsed'); // => 'collapsed'
 */
export function parseValue(c: Pick<Condition, 'values'>, text: string): Value | undefined {
  if (c.values === null) {
    const t = text.toLowerCase();
    if (t === 'true' || t === 'yes') return true;
    if (t === 'false' || t === 'no') return false;
    return undefined;
  }
  return c.values.includes(text) ? text : undefined;
}

/** What a condition takes, for messages; settings may also be `unknown`, model files not. */
export function allowedValues(c: Pick<Condition, 'values'>, orUnknown = false): string {
  if (c.values === null) return orUnknown ? 'true, false or unknown' : 'true or false';
  return `one of ${c.values.join(', ')}${orUnknown ? ', or unknown' : ''}`;
}

/** "'id' takes one of a, b, not 'x' (did you mean 'a'?)": the message for a value a condition does not take. */
export function notAValue(c: Pick<Condition, 'id' | 'values'>, text: string, orUnknown = false): string {
  return `'${c.id}' takes ${allowedValues(c, orUnknown)}, not '${text}'${c.values ? didYouMean(text, c.values) : ''}`;
}
