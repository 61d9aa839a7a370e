import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../src/model/load.js';
import fc from 'fast-check';
import { Lexer } from 'yaml';
import { loadModelFast, parseYamlFast, tokenBound } from '../src/model/fast-yaml.js';
import { parseYaml } from '../src/model/yaml.js';
import { FIXTURES, SHIPPED, TODAY, fakeIo, runIn } from './helpers.js';
import type { RunResult } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'iraq-model-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A model as the fast path gives it: every `loc` left out. */
function withoutLoc<T>(x: T): T {
  return JSON.parse(JSON.stringify(x, (k, v: unknown) => (k === 'loc' ? undefined : v))) as T;
}

function files(dir: string) {
  return readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => ({ file: join(dir, n), bytes: readFileSync(join(dir, n)) }));
}

// A plain ES module outside the TypeScript project.
const generatorPath: string = '../bench/generate.mjs';
const { generate, writeModelFolder } = (await import(generatorPath)) as {
  generate: (p: { n: number; m: number }) => { model: unknown };
  writeModelFolder: (dir: string, model: unknown) => void;
};
const generated = join(tmp, 'generated');
writeModelFolder(generated, generate({ n: 120, m: 12 }).model);
const folders = [SHIPPED, ...['harbour', 'harbour-story', 'lighthouse'].map((f) => join(FIXTURES, f)), generated];

describe('fast model loading (js-yaml) against the yaml path', () => {
  it.each(folders)('gives the same model, without the positions: %s', (dir) => {
    const slow = loadModel(files(dir), 'm');
    expect(slow.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const fast = loadModelFast(files(dir), 'm');
    if (slow.diagnostics.length) expect(fast).toBeUndefined();
    else {
      expect(JSON.stringify(fast?.model)).not.toContain('"loc"');
      expect(fast?.model).toEqual(withoutLoc(slow.model));
    }
  });

  it('parses every file of these models itself (no file falls back)', () => {
    for (const dir of folders)
      for (const f of files(dir)) if (!parseYamlFast(f.file, f.bytes)) throw new Error(`${f.file} fell back to the yaml path`);
  });

  it('reads what the yaml path reads, and keeps no positions', () => {
    const text = [
      'kind: scenario   # a comment',
      'id: "s1"',
      'labels:',
      '- label: x',
      '  sources: [ { basis: background, note: "n" } ]',
      'requires:',
      '  -',
      '    when: { all: [a, "not b"] }',
      '    text: >',
      '      folded',
      '      text',
      '  - when: c',
      '',
    ].join('\n');
    const slow = parseYaml('f.yaml', text).parsed!;
    const fast = parseYamlFast('f.yaml', text)!;
    expect(fast).toEqual({ file: 'f.yaml', data: slow.data });
  });

  it.each([
    ['an anchor and alias', 'kind: conditions\nconditions:\n  - &a { id: x }\n  - *a\n'],
    ['a tag', 'kind: conditions\nconditions: !!seq []\n'],
    ['a duplicate key', 'kind: conditions\nkind: conditions\n'],
    ['a prototype key', 'kind: conditions\n__proto__: {}\n'],
    ['a list as a key', 'kind: conditions\n[kind]: conditions\n'],
    ['a mapping as a key in flow', 'kind: conditions\nsets: { {a: 1}: true }\n'],
    ['an explicit key', 'kind: conditions\n? kind\n: conditions\n'],
    ['a directive', '%YAML 1.1\n---\nkind: conditions\n'],
    ['a parse error', 'kind: [conditions\n'],
    ['a bare scalar', 'conditions\n'],
    ['two documents', 'kind: a\n---\nkind: b\n'],
    ['deep nesting', `kind: ${'['.repeat(95)}${']'.repeat(95)}\n`],
  ])('leaves %s to the yaml path', (_, text) => {
    expect(parseYamlFast('f.yaml', text)).toBeUndefined();
  });

  it('bounds the yaml lexer\'s token count from above', () => {
    const count = (t: string) => {
      let c = 0;
      for (const _ of new Lexer().lex(t)) c++;
      return c;
    };
    for (const dir of folders) for (const f of files(dir)) expect(count(f.bytes.toString())).toBeLessThanOrEqual(tokenBound(f.bytes.toString()));
    const piece = fc.constantFrom('a', 'b1', ' ', '  ', '\n', '\t', ':', '-', '[', ']', '{', '}', ',', '"', "'", '#', '?', '|', '>', '&', '*', '!', '%', '---', '...', '\\', '@', '`', '\r', 'é', 'x y', '\ufeff');
    fc.assert(fc.property(fc.array(piece, { maxLength: 60 }).map((a) => a.join('')), (t) => count(t) <= tokenBound(t)), { numRuns: 3000 });
  });

  it('reads YAML 1.2 scalars as the yaml path does', () => {
    const text = 'a: yes\nb: 0b11\nc: 0o17\nd: 0x1F\ne: 1_000\nf: .inf\ng: 2026-01-02\nh: ~\ni: 1e3\nj: TRUE\nk: "07"\nl: -.5\nm: 1.\n';
    expect(parseYamlFast('f.yaml', text)!.data).toEqual(parseYaml('f.yaml', text).parsed!.data);
  });
});

describe('--model through the cache', () => {
  const env = (cache: string) => ({ IRAQ_SCENARIOS_NO_CACHE: undefined, IRAQ_SCENARIOS_CACHE_DIR: cache });

  it("keeps a model's compiled circuit beside its entry, reads it back, and ignores a damaged one", async () => {
    const { compiled, getModel, keepPrepared } = await import('../src/app/model.js');
    const { evaluate } = await import('../src/engine/evaluate.js');
    const dir = join(tmp, 'kept');
    cpSync(join(FIXTURES, 'harbour'), dir, { recursive: true });
    const cache = join(tmp, 'cache-kept');
    const io = fakeIo({ env: env(cache) });
    const answer = (m: Awaited<ReturnType<typeof getModel>>['model']) => {
      const ev = evaluate(compiled(m), { asOf: TODAY });
      if (!ev.ok) throw new Error('contradiction');
      return ev.scenarios.map((s) => [s.id, s.status, s.probability]);
    };
    // First run: compiled here, then kept (any size, for the test: the command keeps only costly ones).
    const first = (await getModel(dir, io)).model;
    const expected = answer(first);
    expect(compiled(first).distribution.restored.circuit).toBe(false);
    await keepPrepared(first, 0);
    const kept = readdirSync(cache).filter((n) => n.endsWith('.prepared'));
    expect(kept).toHaveLength(1);
    // Second run (a new model object, as a new process has): the circuit is read back, the answer the same.
    const second = (await getModel(dir, io)).model;
    expect(second).not.toBe(first);
    expect(compiled(second).distribution.restored.circuit).toBe(true);
    expect(answer(second)).toEqual(expected);
    // A damaged entry (a byte changed in its body): not used, removed, the same answer from a fresh compile.
    const file = join(cache, kept[0]!);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/"kids":\[(\d)/, (_m, d: string) => `"kids":[${(Number(d) + 1) % 10}`), { mode: 0o600 });
    expect(readFileSync(file, 'utf8')).not.toBe(text);
    const third = (await getModel(dir, io)).model;
    expect(compiled(third).distribution.restored.circuit).toBe(false);
    expect(answer(third)).toEqual(expected);
    expect(readdirSync(cache).filter((n) => n.endsWith('.prepared'))).toHaveLength(0);
    expect(io.err()).toBe('');
  });

  it('keeps nothing for a command that never compiled the circuit (list, show)', async () => {
    const { compiled, getModel, keepPrepared } = await import('../src/app/model.js');
    const dir = join(tmp, 'kept-not');
    cpSync(join(FIXTURES, 'harbour'), dir, { recursive: true });
    const cache = join(tmp, 'cache-kept-not');
    const io = fakeIo({ env: env(cache) });
    const m = (await getModel(dir, io)).model;
    // The distribution is made (a command may read the model's priors) but no question was counted.
    void compiled(m).distribution.enc;
    await keepPrepared(m, 0);
    expect(readdirSync(cache).filter((n) => n.endsWith('.prepared'))).toEqual([]);
    expect(compiled(m).distribution.circuitSize).toBeNull();
  });

  it('reports an error in a model with its exact position', async () => {
    const dir = join(tmp, 'broken');
    cpSync(join(FIXTURES, 'harbour'), dir, { recursive: true });
    const path = join(dir, 'constraints.yaml');
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    const i = lines.findIndex((l) => /^\s+if: /.test(l));
    expect(i).toBeGreaterThanOrEqual(0);
    const col = lines[i]!.indexOf('if: ') + 5;
    lines[i] = lines[i]!.replace(/if: .*/, 'if: no_such_condition');
    writeFileSync(path, lines.join('\n'));
    const r = await runIn(['query', '--model', dir], { env: env(join(tmp, 'cache-broken')) });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`constraints.yaml:${i + 1}:${col}: error: unknown condition 'no_such_condition'`);
    const v = await runIn(['validate', dir]);
    expect(v.stdout).toContain(`constraints.yaml:${i + 1}:${col}: error: unknown condition 'no_such_condition'`);
  });

  it('picks up an edit that keeps the size and the modification time', async () => {
    const dir = join(tmp, 'edited');
    cpSync(join(FIXTURES, 'harbour'), dir, { recursive: true });
    const cache = join(tmp, 'cache-edited');
    mkdirSync(cache);
    const title = (r: RunResult) => (JSON.parse(r.stdout) as { model: { title: string } }).model.title;
    const first = await runIn(['query', '--json', '--model', dir], { env: env(cache) });
    expect(first.code).toBe(0);
    const path = join(dir, 'model.yaml');
    const before = statSync(path);
    const text = readFileSync(path, 'utf8');
    const m = /title: ("?)(\S)/.exec(text)!;
    const swapped = m[2] === 'Z' ? 'Y' : 'Z';
    writeFileSync(path, text.replace(m[0], `title: ${m[1]}${swapped}`));
    utimesSync(path, before.atime, before.mtime);
    expect(statSync(path).size).toBe(before.size);
    const second = await runIn(['query', '--json', '--model', dir], { env: env(cache) });
    expect(second.code).toBe(0);
    expect(title(second)).not.toBe(title(first));
    expect(title(second)[0]).toBe(swapped);
  });
});
