import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displaySafe, trustDisplaySafe } from '../src/render/kit/safe.js';
import { ROOT } from './helpers.js';

describe('display safety of the shipped model', () => {
  it('the shipped model needs no change, so every run may draw it without the walk (the build refuses one that would)', () => {
    const model = JSON.parse(readFileSync(join(ROOT, 'dist', 'model.json'), 'utf8')) as object;
    expect(displaySafe(model)).toBe(model);
  });

  it('a trusted object is shared as it is; anything around it is still made safe', () => {
    const inner = { title: 'plain' };
    trustDisplaySafe(inner);
    const data = { inner, note: 'bell\u0007' };
    const shown = displaySafe(data);
    expect(shown.inner).toBe(inner);
    expect(shown.note).toBe('bell\\x07');
  });
});
