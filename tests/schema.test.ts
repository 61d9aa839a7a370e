// The JSON Schema shipped for editors is current and accepts the shipped
// model; the loader's unknown-key messages read the allowed keys from the
// same schema.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { jsonSchema } from '../src/model/json-schema.js';
import { loadModel } from '../src/model/load.js';
import { FILE_KINDS } from '../src/model/schema.js';
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

/** The messages for the harbour model with one file replaced. */
function problems(name: string, text: string): string[] {
  const dir = join(FIXTURES, 'harbour');
  const files = readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .map((n) => ({ file: n, bytes: n === name ? text : readFileSync(join(dir, n)) }));
  return loadModel(files, 'harbour').diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`);
}

const harbour = (name: string) => readFileSync(join(FIXTURES, 'harbour', name), 'utf8');

describe('unknown keys (suggestions from the schema)', () => {
  it("in a scenario's own sources, suggests the citation keys, not the sources file's", () => {
    const text = harbour('b_diversion.yaml') + 'sources:\n  - { sourc: bulletin, quote: "diverted to the northern terminal", basis: stated }\n';
    expect(problems('b_diversion.yaml', text)).toEqual([
      "b_diversion.yaml:19:7: unknown key 'sourc'; expected one of source, quote, basis, reliability, note (did you mean 'source'?)",
    ]);
  });

  it.each([
    ['a citation under a clause', 'b_diversion.yaml', (t: string) => t.replace('- { source: bulletin, quote: "diverted', '- { soruce: bulletin, quote: "diverted'), "b_diversion.yaml:9:11: unknown key 'soruce'; expected one of source, quote, basis, reliability, note (did you mean 'source'?)"],
    ['a clause', 'b_diversion.yaml', (t: string) => t.replace('  - when: port_closed', '  - wen: port_closed'), "b_diversion.yaml:11:5: unknown key 'wen'; expected one of when, text, sources (did you mean 'when'?)"],
    ['evidence', 'b_diversion.yaml', (t: string) => t.replace('    strength: moderate', '    strenght: moderate'), "b_diversion.yaml:15:5: unknown key 'strenght'; expected one of when, effect, strength, text, sources (did you mean 'strength'?)"],
    ['a scenario file', 'b_diversion.yaml', (t: string) => t.replace('prior: 1', 'priority: 1'), "b_diversion.yaml:5:1: unknown key 'priority'; expected one of kind, id, numeral, short, title, summary, prior, labels, requires, triggers, rules_out, evidence, consequences, sources (did you mean 'prior'?)"],
    ['a stance', 'actors.yaml', (t: string) => t.replace('        then: supports', '        than: supports'), "actors.yaml:10:9: unknown key 'than'; expected one of scenario, stance, when, then, otherwise, sources (did you mean 'then'?)"],
  ])('in %s', (_, name, edit, message) => {
    expect(problems(name, edit(harbour(name)))).toContain(message);
  });

  it('in a constraint, the keys of its own kind', () => {
    const text = 'kind: constraints\nconstraints:\n  - id: k\n    kind: implies\n    if: weather=storm\n    thn: port_closed\n';
    expect(problems('constraints.yaml', text)).toContain("constraints.yaml:6:5: unknown key 'thn'; expected one of id, probability, description, sources, kind, if, then (did you mean 'then'?)");
  });

  it('the kinds of file are the schema\'s', () => {
    expect(FILE_KINDS).toEqual(['model', 'sources', 'conditions', 'constraints', 'scenario', 'actors', 'events', 'overrides']);
  });
});
