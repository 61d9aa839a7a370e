// Fuzzing the two front doors: model files and command lines. Random text,
// random bytes and random mutations of the shipped YAML never crash the
// loader (every failure is a diagnostic with file, line and column), and
// random command lines never end in a stack trace or an undocumented exit
// code. Fixed seed and a small bound in CI; `npm run fuzz` runs many more.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../src/model/load.js';
import type { ModelFileInput } from '../src/model/load.js';
import { checkLogic } from '../src/model/check.js';
import { run } from '../src/cli/main.js';
import { buildProgram } from '../src/cli/program.js';
import type { Io } from '../src/app/io.js';
import { FIXTURES, ROOT, SHIPPED } from './helpers.js';

const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS) || 200);
const SEED = Number(process.env.FUZZ_SEED) || 20260207;
const params = (numRuns = RUNS) => ({ seed: SEED, numRuns });
// Generous: the bound is for a hang, not a timing target.
const TIMEOUT = 60_000 + RUNS * 50;

function yamlFiles(dir: string): ModelFileInput[] {
  return readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => ({ file: join(dir, n), bytes: readFileSync(join(dir, n), 'utf8') }));
}

const HARBOUR = yamlFiles(join(FIXTURES, 'harbour'));
// The shipped model when it is there, else the fixture.
const CORPUS = existsSync(SHIPPED) && yamlFiles(SHIPPED).length ? yamlFiles(SHIPPED) : HARBOUR;

/** Loads and checks; fails the property on a throw or on a diagnostic without a position. */
function loadsCleanly(files: readonly ModelFileInput[]): void {
  let res;
  try {
    res = loadModel(files, 'fuzz');
    if (res.model) res = { ...res, diagnostics: [...res.diagnostics, ...checkLogic(res.model)] };
  } catch (e) {
    throw new Error(`the loader threw: ${(e as Error).stack ?? String(e)}`);
  }
  const names = new Set([...files.map((f) => f.file), 'fuzz']);
  if (!res.model) expect(res.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  for (const d of res.diagnostics) {
    expect(names.has(d.file), d.file).toBe(true);
    expect(Number.isInteger(d.line) && d.line >= 1, `line ${d.line}: ${d.message}`).toBe(true);
    expect(Number.isInteger(d.col) && d.col >= 1, `col ${d.col}: ${d.message}`).toBe(true);
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.message, 'one line').not.toMatch(/\n/);
  }
}

// Pieces of YAML syntax and of this format, so mutations reach deep into the parser and schema.
const SNIPPETS = [
  ':', ': ', '-', '- ', '[', ']', '{', '}', ',', '?', '? ', '&a ', '*a', '&b [', '*b', '<<: ', '<<: *a', '!!str ', '!!binary ',
  '!tag ', '|', '>', '|-', "'", '"', '\\', '#', '%YAML 1.2\n', '---\n', '...\n', '\t', '\n', '\r\n', '  ', '\u00a0', '\ufeff',
  '\u0000', '\u202e', '__proto__: ', 'constructor: ', 'prototype: ', 'kind: ', 'id: ', 'when: ', 'all: ', 'any: ', 'not: ',
  'values: ', 'sources: ', 'quote: ', 'basis: ', 'true', 'no', 'null', '~', '0x1F', '1e999', '-.inf', '.nan', '2026-02-30',
  '=', '!=', 'not ', 'weather=storm', 'port_closed', '\ud800', '😀', 'ü',
];

const mutationArb = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 8 })) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), text: fc.constantFrom(...SNIPPETS) }),
  fc.record({ op: fc.constant('dupLine' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swapLines' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
);
type Mutation = typeof mutationArb extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, m: Mutation): string {
  const at = text.length ? m.at % (text.length + 1) : 0;
  const lines = text.split('\n');
  const li = lines.length ? m.at % lines.length : 0;
  switch (m.op) {
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.len);
    case 'replace':
      return text.slice(0, at) + m.text + text.slice(at + m.text.length);
    case 'dupLine':
      lines.splice(li, 0, lines[li] ?? '');
      return lines.join('\n');
    case 'swapLines': {
      const lj = m.other % lines.length;
      [lines[li], lines[lj]] = [lines[lj]!, lines[li]!];
      return lines.join('\n');
    }
    case 'indent':
      lines[li] = m.by >= 0 ? ' '.repeat(m.by) + lines[li] : (lines[li] ?? '').replace(new RegExp(`^ {0,${-m.by}}`), '');
      return lines.join('\n');
  }
}

describe('the loader never crashes', () => {
  it(
    'on random text and random bytes (alone, and beside a valid model)',
    () => {
      const text = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.array(fc.constantFrom(...SNIPPETS), { maxLength: 40 }).map((xs) => xs.join('')),
        fc.uint8Array({ maxLength: 200 }),
      );
      fc.assert(
        fc.property(text, fc.boolean(), (bytes, alone) => {
          const file = { file: 'fuzz.yaml', bytes };
          loadsCleanly(alone ? [file] : [...HARBOUR, file]);
        }),
        params(),
      );
    },
    TIMEOUT,
  );

  it(
    'on random mutations of the harbour model (loaded whole)',
    () => {
      fc.assert(
        fc.property(fc.nat(), fc.array(mutationArb, { minLength: 1, maxLength: 6 }), (which, ms) => {
          const i = which % HARBOUR.length;
          const files = HARBOUR.map((f, j) => (j === i ? { ...f, bytes: ms.reduce(mutate, String(f.bytes)) } : f));
          loadsCleanly(files);
        }),
        params(),
      );
    },
    TIMEOUT,
  );

  it(
    'on random mutations of the shipped YAML files',
    () => {
      fc.assert(
        fc.property(fc.nat(), fc.array(mutationArb, { minLength: 1, maxLength: 6 }), (which, ms) => {
          const f = CORPUS[which % CORPUS.length]!;
          // Alone: references to other files fail as diagnostics, which is fine; a whole load costs ~150 ms.
          loadsCleanly([{ ...f, bytes: ms.reduce(mutate, String(f.bytes)) }]);
        }),
        params(Math.ceil(RUNS / 4)),
      );
    },
    TIMEOUT,
  );

});

// ---------------------------------------------------------------- command lines

const DOCUMENTED = new Set([0, 2, 64, 65, 66, 73]);
const cwd = mkdtempSync(join(tmpdir(), 'iraq-scenarios-fuzz-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function fakeIo(input = ''): Io & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => {
    const s = new PassThrough();
    s.on('data', (c: Buffer) => into.push(c.toString()));
    return s;
  };
  return {
    stdout: sink(out),
    stderr: sink(err),
    stdin: Readable.from(input ? [input] : []),
    // No cache, and the forecast log in the fuzz folder: a fuzz run must not write to the user's folders.
    env: { IRAQ_SCENARIOS_NO_CACHE: '1', NO_COLOR: '1', IRAQ_SCENARIOS_LOG: join(cwd, 'forecasts.jsonl') },
    cwd,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

// Commands and flags come from the program itself, so new ones are fuzzed too.
const program = buildProgram(fakeIo());
const COMMANDS = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
const FLAGS = [...new Set([...program.options, ...program.commands.flatMap((c) => c.options)].flatMap((o) => [o.long, o.short].filter((x): x is string => !!x)))];
const HARBOUR_DIR = join(FIXTURES, 'harbour');
const VALUES = [
  'weather=storm', 'weather=hurricane', 'port_closed=true', 'port_closed=false', 'union_strike=unknown', 'weather=', '=true',
  'nope=true', 'json', 'table', 'markdown', 'yaml', 'I', 'II', 'V', 'VI', 'diversion', 'negotiated', 'business_as_usual',
  'conditions', 'scenarios', 'actors', 'constraints', 'sources', 'events', 'dot', 'mermaid', '-', '--', '0', '-1', '999999',
  '2026-01-01', 'yesterday', HARBOUR_DIR, join(ROOT, 'no', 'such'), join(HARBOUR_DIR, 'conditions.yaml'), cwd, '',
  ' ', '\u0000', 'é', '😀', '%s', '$(reboot)', '../../..',
];

const argvArb = fc
  .tuple(
    fc.option(fc.constantFrom(...COMMANDS), { nil: undefined, freq: 8 }),
    fc.array(fc.oneof({ arbitrary: fc.constantFrom(...FLAGS), weight: 3 }, { arbitrary: fc.constantFrom(...VALUES), weight: 3 }, { arbitrary: fc.string({ maxLength: 6 }), weight: 1 }), {
      maxLength: 6,
    }),
    fc.boolean(),
  )
  .map(([cmd, rest, early]) => {
    // In-process there is no dist/model.json, so command lines name the
    // fixture model: right after the command, or last.
    const model = [`--model=${HARBOUR_DIR}`];
    if (early || rest.includes('--')) return [...(cmd === undefined ? [] : [cmd]), ...model, ...rest];
    return [...(cmd === undefined ? [] : [cmd]), ...rest, ...model];
  });

/** The in-process run reached for the shipped model, which exists only once built (dist/model.json). */
const neededBuiltModel = (err: string) => /ENOENT[^\n]*src[\\/]app[\\/]model\.json/.test(err);

describe('random command lines', () => {
  it(
    'with random conditions files on stdin end with a documented exit code and positions',
    async () => {
      const entry = fc.tuple(
        fc.oneof(fc.constantFrom('weather', 'port_closed', 'union_strike', '__proto__', 'constructor', 'toString', 'x'), fc.string({ maxLength: 6 })),
        fc.oneof(fc.constantFrom('true', 'false', 'storm', 'unknown', '~', '[1]', '{a: 1}', '*a', '&a x', '"yes"', '1', ''), fc.string({ maxLength: 6 })),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(entry, { maxLength: 5 }), fc.array(mutationArb, { maxLength: 3 }), fc.boolean(), async (entries, ms, json) => {
          const text = ms.reduce(mutate, entries.map(([k, v]) => `${k}: ${v}`).join('\n'));
          const io = fakeIo(text);
          const code = await run(['query', '--model', HARBOUR_DIR, '--conditions', '-', ...(json ? ['--json'] : [])], io);
          const where = `${JSON.stringify(text)} → ${code}\n${io.err()}`;
          expect([0, 2, 64, 65], where).toContain(code);
          if (code === 65 && !json) expect(io.err(), where).toMatch(/<stdin>:\d+:\d+: error: /);
          if (code === 65 && json) {
            const { error } = JSON.parse(io.err());
            for (const d of error.diagnostics) expect(d.line >= 1 && d.col >= 1, where).toBe(true);
          }
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        }),
        params(Math.ceil(RUNS / 2)),
      );
    },
    TIMEOUT,
  );

  it(
    'end with a documented exit code and no stack trace',
    async () => {
      const codes = new Set<number>();
      await fc.assert(
        fc.asyncProperty(argvArb, fc.constantFrom('', 'weather: storm\n', '{'), async (argv, input) => {
          const io = fakeIo(input);
          const code = await run(argv, io);
          const err = io.err();
          fc.pre(!neededBuiltModel(err));
          const where = `argv ${JSON.stringify(argv)} → ${code}\n${err}`;
          codes.add(code);
          expect(DOCUMENTED.has(code), where).toBe(true);
          expect(err, where).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
          expect(err, where).not.toMatch(/internal error/);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        }),
        params(Math.ceil(RUNS / 2)),
      );
      // Not vacuous: some command lines succeed, some are refused.
      expect(codes.has(0) && codes.has(64)).toBe(true);
    },
    TIMEOUT,
  );
});
