import { safeText } from '../../engine/safe-text.js';

/*
 * The render kit's side of "text is data, never control": `safeText` (one
 * function, src/engine/safe-text.ts) applied to every string of the data a
 * human format draws (`displaySafe`, called by `renderAs`), and the JSON
 * serialiser's escapes (`jsonSafe`).
 */

export { safeText };

const hex = (cp: number, digits: number) => cp.toString(16).padStart(digits, '0');

/**
 * A display-safe copy of data for a human format: every string in it (in
 * objects, arrays, maps and sets, keys included) passed through `safeText`.
 * Parts with nothing to change are shared, not copied, and data with nothing
 * to change comes back as the very same object. Class instances other than
 * Map and Set are kept as they are.
 */
export function displaySafe<T>(data: T): T {
  return walk(data, new Map()) as T;
}

/** Objects already known to need no change (see `trustDisplaySafe`): walked past, not into. */
const known = new WeakSet<object>();

/**
 * Marks an object as needing no change, so `displaySafe` shares it without
 * walking it: for the shipped model, whose text the build checks
 * (`__compile` refuses a model that `displaySafe` would change).
 */
export function trustDisplaySafe(x: object): void {
  known.add(x);
}

function walk(x: unknown, seen: Map<object, unknown>): unknown {
  if (typeof x === 'string') return safeText(x);
  if (x === null || typeof x !== 'object') return x;
  if (known.has(x)) return x;
  if (seen.has(x)) return seen.get(x);
  // Placeholder against cycles: a cycle keeps the original object.
  seen.set(x, x);
  let out: unknown = x;
  if (Array.isArray(x)) {
    let changed = false;
    const copy = x.map((v) => {
      const w = walk(v, seen);
      if (w !== v) changed = true;
      return w;
    });
    if (changed) out = copy;
  } else if (x instanceof Map) {
    let changed = false;
    const copy = new Map();
    for (const [k, v] of x) {
      const k2 = walk(k, seen);
      const v2 = walk(v, seen);
      if (k2 !== k || v2 !== v) changed = true;
      copy.set(k2, v2);
    }
    if (changed) out = copy;
  } else if (x instanceof Set) {
    let changed = false;
    const copy = new Set();
    for (const v of x) {
      const w = walk(v, seen);
      if (w !== v) changed = true;
      copy.add(w);
    }
    if (changed) out = copy;
  } else {
    const proto = Object.getPrototypeOf(x) as unknown;
    if (proto !== Object.prototype && proto !== null) return x;
    let changed = false;
    const copy: Record<string, unknown> = proto === null ? (Object.create(null) as Record<string, unknown>) : {};
    for (const [k, v] of Object.entries(x)) {
      const k2 = safeText(k);
      const v2 = walk(v, seen);
      if (k2 !== k || v2 !== v) changed = true;
      // defineProperty: a key such as __proto__ stays a plain key of the copy.
      Object.defineProperty(copy, k2, { value: v2, enumerable: true, writable: true, configurable: true });
    }
    if (changed) out = copy;
  }
  seen.set(x, out);
  return out;
}

/**
 * Characters JSON may carry raw but a terminal reading it must not see:
 * C1 controls, direction controls and invisible format characters. The JSON
 * serialiser writes them as \uNNNN escapes: the same string once parsed.
 */
const JSON_UNSAFE = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

/** JSON text with the characters above escaped (they only ever occur inside strings). */
export function jsonSafe(text: string): string {
  return text.replace(JSON_UNSAFE, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
}
