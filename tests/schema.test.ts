// The JSON Schema shipped for editors is current and accepts the shipped model.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { jsonSchema } from '../src/model/json-schema.js';
import { FIXTURES, ROOT, SHIPPED } from './helpers.js';

const committed = JSON.parse(readFileSync(join(ROOT, 'schema', 'model.schema.json'), 'utf8'));

describe('schema/model.schema.json', () => {
  it('is what the loader\'s schema generates (run npm run build to refresh it)', () => {
    expect(committed).toEqual(JSON.parse(JSON.stringify(jsonSchema())));
  });

  it('is draft-07 and accepts every file of the shipped model and the fixtures, with a schema comment in each shipped file', () => {
    expect(committed.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const validate = new Ajv({ strict: false, allErrors: true }).compile(committed);
    for (const dir of [SHIPPED, join(FIXTURES, 'harbour')]) {
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
        const text = readFileSync(join(dir, name), 'utf8');
        const ok = validate(parse(text));
        expect(ok, `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
        if (dir === SHIPPED) expect(text.split('\n')[0], name).toBe('# yaml-language-server: $schema=../schema/model.schema.json');
      }
    }
  });

  it('rejects an unknown key, as the loader does', () => {
    const validate = new Ajv({ strict: false }).compile(committed);
    expect(validate({ kind: 'conditions', conditions: [], extra: 1 })).toBe(false);
  });
});
