import type { Condition, Value } from '../engine/types.js';

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
