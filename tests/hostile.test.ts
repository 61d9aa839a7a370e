// Hostile files: each is refused quickly with a one-line message naming the
// file (file:line:col) and exit 65, and pollutes no prototype. What is odd but
// valid (a byte-order mark, CRLF line ends) is accepted.
import { cpSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../src/model/load.js';
import { run } from '../src/cli/main.js';
import { fakeIo, FIXTURES, runCli, runIn, tempDirs } from './helpers.js';
import type { RunResult } from './helpers.js';

const HARBOUR = join(FIXTURES, 'harbour');
const tempDir = tempDirs('iraq-scenarios-hostile-');

/** A copy of the harbour model with one more file. */
function modelWith(name: string, content: string | Buffer): string {
  const dir = tempDir();
  cpSync(HARBOUR, dir, { recursive: true });
  writeFileSync(join(dir, name), content);
  return dir;
}

/** A conditions file in a temp folder. */
function conditionsFile(content: string | Buffer): string {
  const dir = tempDir();
  const f = join(dir, 'hostile-conditions.yaml');
  writeFileSync(f, content);
  return f;
}

/** Runs the command line in this process, from the sources, with captured streams. */
async function runInProcess(argv: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = fakeIo({ input, cwd: tmpdir() });
  const code = await run(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

function expectRefused(r: RunResult, file: string, message: RegExp, ms: number) {
  expect(r.code, r.stderr).toBe(65);
  expect(r.stdout).toBe('');
  // file:line:col: error: message, on one line.
  expect(r.stderr).toMatch(new RegExp(`${file.replace(/\./g, '\\.')}:[1-9]\\d*:[1-9]\\d*: error: .*${message.source}`));
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/TypeError|RangeError|ReferenceError|internal error|Warning:/);
  // A hang guard, not a timing target: the refusal itself takes well under a second.
  expect(ms).toBeLessThan(10_000);
}

function timed(args: string[], opts: Parameters<typeof runCli>[1] = {}): { r: RunResult; ms: number } {
  const t = Date.now();
  const r = runCli(args, opts);
  return { r, ms: Date.now() - t };
}

/** The same in this process, through the built command. */
async function timedIn(args: string[], opts: Parameters<typeof runIn>[1] = {}): Promise<{ r: RunResult; ms: number }> {
  const t = Date.now();
  const r = await runIn(args, opts);
  return { r, ms: Date.now() - t };
}

/** The hostile inputs also tried as real processes: those most likely to hurt one (memory, recursion, decoding). */
const AS_PROCESS = /^(alias bomb$|flow nesting|a file of several|invalid UTF-8)/;

// ---------------------------------------------------------------- the hostile files

function aliasBomb(): string {
  const lines = ['kind: conditions', 'conditions: []', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'bcdefghi'.split('');
  names.forEach((n, i) => {
    const p = i === 0 ? 'a' : names[i - 1]!;
    lines.push(`${n}: &${n} [${Array(9).fill(`*${p}`).join(',')}]`);
  });
  return lines.join('\n') + '\n';
}

function mergeBomb(): string {
  // The same blow-up through merge keys: each level merges the previous one nine times.
  const lines = ['kind: conditions', 'conditions: []', 'a: &a {x1: 1, x2: 2, x3: 3, x4: 4, x5: 5, x6: 6, x7: 7, x8: 8, x9: 9}'];
  const names = 'bcdefghi'.split('');
  names.forEach((n, i) => {
    const p = i === 0 ? 'a' : names[i - 1]!;
    lines.push(`${n}: &${n}`, `  <<: [${Array(9).fill(`*${p}`).join(', ')}]`, `  own_${n}: 1`);
  });
  return lines.join('\n') + '\n';
}

const DEEP = 5000;
const HOSTILE: { name: string; content: () => string | Buffer; message: RegExp }[] = [
  { name: 'alias bomb', content: aliasBomb, message: /too many alias expansions/ },
  { name: 'alias bomb through merge keys', content: mergeBomb, message: /too many alias expansions/ },
  { name: '__proto__ key', content: () => 'kind: conditions\n__proto__:\n  polluted: true\nconditions: []\n', message: /key '__proto__' is not allowed/ },
  {
    name: '__proto__ key inside a list item',
    content: () => 'kind: conditions\nconditions:\n  - id: x\n    question: q\n    "__proto__": { polluted: true }\n',
    message: /key '__proto__' is not allowed/,
  },
  {
    name: 'constructor key',
    content: () => 'kind: conditions\nconditions:\n  - id: x\n    question: q\n    constructor: { prototype: { polluted: true } }\n',
    message: /key 'constructor' is not allowed/,
  },
  { name: '__proto__ key through an alias', content: () => 'kind: conditions\nk: &k __proto__\n*k : { polluted: true }\nconditions: []\n', message: /key '__proto__' is not allowed/ },
  { name: `flow nesting ${DEEP} deep`, content: () => `kind: conditions\nconditions: ${'['.repeat(DEEP)}${']'.repeat(DEEP)}\n`, message: /nesting deeper than 100 levels/ },
  { name: `flow mappings ${DEEP} deep`, content: () => `kind: conditions\nconditions: ${'{a: '.repeat(DEEP)}1${'}'.repeat(DEEP)}\n`, message: /nesting deeper than 100 levels/ },
  { name: `block sequences ${DEEP} deep`, content: () => `kind: conditions\nconditions:\n${'- '.repeat(DEEP)}x\n`, message: /nesting deeper than 100 levels/ },
  {
    name: 'block mappings 1,000 deep',
    content: () => `kind: conditions\nconditions:\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} x\n`,
    message: /nesting deeper than 100 levels/,
  },
  { name: 'explicit keys 5000 deep', content: () => `kind: conditions\nconditions:\n${'? '.repeat(DEEP)}x\n`, message: /nesting deeper than 100 levels/ },
  {
    name: 'a file of several megabytes',
    content: () => `kind: conditions\nconditions:\n${'  - id: c\n    question: "' + 'x'.repeat(60) + '"\n'}${`# ${'y'.repeat(98)}\n`.repeat(50_000)}`,
    message: /file is \d+ bytes; the limit is 1048576 bytes/,
  },
  {
    name: 'a million tokens under the size cap',
    content: () => `kind: conditions\nconditions: [${'[],'.repeat(300_000)}]\n`,
    message: /more than 250000 YAML tokens/,
  },
  {
    name: 'invalid UTF-8',
    content: () => Buffer.concat([Buffer.from('kind: conditions\nconditions:\n  - id: x\n    question: "caf'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"\n')]),
    message: /not valid UTF-8/,
  },
  { name: 'tab indentation', content: () => 'kind: conditions\nconditions:\n\t- id: x\n\t  question: q\n', message: /tab/ },
  {
    name: 'several documents in one file',
    content: () => 'kind: conditions\nconditions: []\n---\nkind: conditions\nconditions: []\n',
    message: /several YAML documents in one file/,
  },
  { name: 'an empty file', content: () => '', message: /file is empty/ },
  { name: 'only comments', content: () => '# nothing here\n', message: /file is empty/ },
  { name: 'a bare scalar', content: () => 'just a sentence\n', message: /expected a mapping/ },
  { name: 'a bare list', content: () => '- a\n- b\n', message: /expected a mapping/ },
  { name: 'a duplicate key', content: () => 'kind: conditions\nconditions: []\nconditions: []\n', message: /duplicate key 'conditions'/ },
  { name: 'a cyclic alias', content: () => 'kind: conditions\nconditions: &c [*c]\n', message: /refers to a node that contains it/ },
  { name: 'a list as a key', content: () => 'kind: conditions\n[a, b]: 1\nconditions: []\n', message: /a key must be a plain name/ },
];

describe('hostile model files are refused with file:line:col and exit 65', () => {
  // Every case in-process (the built command, without a process start); a few as real processes too.
  for (const h of HOSTILE) {
    it(h.name, async () => {
      const dir = modelWith('zz_hostile.yaml', h.content());
      const { r, ms } = await timedIn(['query', '--model', dir]);
      expectRefused(r, 'zz_hostile.yaml', h.message, ms);
    });
  }
  for (const h of HOSTILE.filter((c) => AS_PROCESS.test(c.name))) {
    it(`${h.name} (a real process)`, () => {
      const dir = modelWith('zz_hostile.yaml', h.content());
      const { r, ms } = timed(['query', '--model', dir]);
      expectRefused(r, 'zz_hostile.yaml', h.message, ms);
    });
  }

  it('validate lists the problem on stdout with the same position and exits 65', async () => {
    const dir = modelWith('zz_hostile.yaml', aliasBomb());
    const r = await runIn(['validate', dir]);
    expect(r.code).toBe(65);
    expect(r.stdout).toMatch(/zz_hostile\.yaml:1:1: error: too many alias expansions/);
  });

  it('in JSON mode the refusal is JSON on stderr with the diagnostics', async () => {
    const dir = modelWith('zz_hostile.yaml', 'kind: conditions\nconditions: ' + '['.repeat(DEEP) + '\n');
    const r = await runIn(['query', '--model', dir, '--json']);
    expect(r.code).toBe(65);
    expect(r.stdout).toBe('');
    const { error } = JSON.parse(r.stderr);
    expect(error.exitCode).toBe(65);
    expect(error.diagnostics[0]).toMatchObject({ line: 2, severity: 'error', message: 'nesting deeper than 100 levels' });
    expect(error.diagnostics[0].file).toMatch(/zz_hostile\.yaml$/);
  });
});

describe('hostile conditions files (--conditions FILE and stdin) are refused the same way', () => {
  const cases = HOSTILE.filter((h) => !/^a list as a key$|^a bare list$/.test(h.name));
  // Every case in-process (same code path, no process start); a few as real processes too.
  for (const h of cases.filter((c) => AS_PROCESS.test(c.name))) {
    it(`${h.name} (a real process)`, () => {
      const f = conditionsFile(h.content());
      const { r, ms } = timed(['query', '--model', HARBOUR, '--conditions', f]);
      expectRefused(r, 'hostile-conditions.yaml', h.message, ms);
    });
  }

  it('every case, in-process', async () => {
    for (const h of cases) {
      const f = conditionsFile(h.content());
      const { code, stderr } = await runInProcess(['query', '--model', HARBOUR, '--conditions', f]);
      expect(code, h.name).toBe(65);
      expect(stderr, h.name).toMatch(new RegExp(`hostile-conditions\\.yaml:[1-9]\\d*:[1-9]\\d*: error: .*${h.message.source}`));
      expect(stderr, h.name).not.toMatch(/^\s+at |internal error/m);
    }
  });

  it('on stdin the file is named <stdin>', async () => {
    const { r, ms } = await timedIn(['query', '--model', HARBOUR, '--conditions', '-'], { input: aliasBomb() });
    expectRefused(r, '<stdin>', /too many alias expansions/, ms);
  });
});

describe('odd but valid files are accepted', () => {
  const extra = (id: string, eol: string) => ['kind: conditions', 'conditions:', `  - id: ${id}`, '    question: Is it odd?'].join(eol) + eol;

  it('a byte-order mark', async () => {
    const dir = modelWith('zz_extra.yaml', '\ufeff' + extra('extra_bom', '\n'));
    const r = await runIn(['list', 'conditions', '--model', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).conditions.map((c: { id: string }) => c.id)).toContain('extra_bom');
  });

  it('CRLF line ends, with positions still counted in lines', async () => {
    const dir = modelWith('zz_extra.yaml', extra('extra_crlf', '\r\n'));
    const r = await runIn(['list', 'conditions', '--model', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).conditions.map((c: { id: string }) => c.id)).toContain('extra_crlf');
    const bad = modelWith('zz_extra.yaml', extra('extra_crlf', '\r\n') + '  - id: Bad Id\r\n    question: q\r\n');
    expect((await runIn(['validate', bad])).stdout).toMatch(/zz_extra\.yaml:5:\d+: error:/);
  });

  it('a conditions file with a byte-order mark and CRLF line ends', async () => {
    const f = conditionsFile('\ufeffweather: hurricane\r\nunion_strike: false\r\n');
    const r = await runIn(['query', '--model', HARBOUR, '--conditions', f, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).derived.map((d: { condition: string }) => d.condition)).toContain('port_closed');
  });
});

describe('no prototype is polluted (in-process)', () => {
  const protoKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();

  it('loading every hostile file, twice, leaves Object.prototype as it was and does not abort', () => {
    const before = protoKeys();
    for (let round = 0; round < 2; round++) {
      for (const h of HOSTILE) {
        const res = loadModel([{ file: 'zz_hostile.yaml', bytes: h.content() }], 'hostile');
        expect(res.model, h.name).toBeUndefined();
        expect(res.diagnostics[0]!.line).toBeGreaterThanOrEqual(1);
      }
    }
    expect(protoKeys()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.toString.call([])).toBe('[object Array]');
  });

  it('a conditions file with __proto__ and constructor, through run()', async () => {
    const before = protoKeys();
    for (const [text, key] of [
      ['__proto__: {polluted: true}\n', "<stdin>:1:1: error: key '__proto__' is not allowed"],
      ['constructor: {prototype: {polluted: true}}\n', "<stdin>:1:1: error: key 'constructor' is not allowed\n<stdin>:1:15: error: key 'prototype' is not allowed"],
      ['"__proto__": x\n', "<stdin>:1:1: error: key '__proto__' is not allowed"],
    ] as const) {
      const { code, stderr } = await runInProcess(['query', '--model', HARBOUR, '--conditions', '-'], text);
      expect(code).toBe(65);
      expect(stderr).toBe(`iraq-scenarios: ${key}\n`);
    }
    expect(protoKeys()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
