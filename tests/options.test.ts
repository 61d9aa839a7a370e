import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli/program.js';
import { ROOT, runIn } from './helpers.js';

// One set of options over every command (docs/options.md): a table of the
// commands, and each rule checked on each of them through the built command.

const HARBOUR = 'tests/fixtures/harbour';

/** The commands that print no data, and why (docs/options.md says the same). */
const NO_FORMAT: Record<string, string> = {
  interactive: 'a session on the terminal',
  completion: 'a shell script',
};
/** The commands that read no model, and why. */
const NO_MODEL: Record<string, string> = {
  completion: 'the script asks for the candidates when Tab is pressed',
  score: 'it scores what a forecast log recorded; each record names its model',
};

// A forecast log with one forecast on the harbour model, and two conditions files for it.
const work = mkdtempSync(join(tmpdir(), 'iraq-options-'));
const LOG = join(work, 'forecasts.jsonl');
const CONDITIONS = [join(work, 'a.yaml'), join(work, 'b.yaml')];
beforeAll(async () => {
  writeFileSync(CONDITIONS[0]!, 'weather: storm\n');
  writeFileSync(CONDITIONS[1]!, '{}\n');
  const r = await runIn(['record', '--model', HARBOUR, '--log', LOG, '--set', 'weather=storm', '--quiet']);
  expect(r.code, r.stderr).toBe(0);
});
/** Arguments that make each command succeed on the harbour fixture. */
const ARGS: Record<string, string[]> = {
  explain: ['A'],
  show: ['A'],
  revive: ['A'],
  diff: ['--to-set', 'weather=storm'],
  completion: ['bash'],
  record: ['--log', LOG],
  resolve: ['A', '--log', LOG],
  score: ['--log', LOG],
  compare: CONDITIONS,
};

const names = COMMANDS.map((c) => c.spec.name);
const help = new Map<string, string>();
async function helpOf(name: string): Promise<string> {
  if (!help.has(name)) help.set(name, (await runIn([name, '--help'])).stdout);
  return help.get(name)!;
}
const has = (text: string, flag: string) => new RegExp(`^\\s+(-\\w, )?${flag}\\b`, 'm').test(text);

describe('one set of options, on every command', () => {
  it('the table covers every command', () => {
    expect(names).toEqual(expect.arrayContaining(['query', 'explain', 'validate', 'graph', 'interactive', 'completion', 'diff']));
    const doc = readFileSync(join(ROOT, 'docs', 'options.md'), 'utf8');
    // Each exception is named in the docs, with its reason.
    for (const name of Object.keys(NO_FORMAT)) expect(doc).toContain(`- \`${name}\`:`);
  });

  for (const name of names) {
    describe(name, () => {
      it('takes --quiet; --model if it reads a model; --format, --json and --no-pager if it prints data', async () => {
        const text = await helpOf(name);
        expect(has(text, '--quiet'), `${name} --quiet`).toBe(true);
        expect(has(text, '--model'), `${name} --model`).toBe(!(name in NO_MODEL));
        for (const flag of ['--format', '--json', '--no-pager']) expect(has(text, flag), `${name} ${flag}`).toBe(!(name in NO_FORMAT));
      });

      it('under --json, an unknown option is one JSON object on stderr and nothing else (exit 64)', async () => {
        const r = await runIn([name, ...(ARGS[name] ?? []), '--json', '--no-such-option']);
        expect(r.code).toBe(64);
        expect(r.stdout).toBe('');
        const lines = r.stderr.trimEnd().split('\n');
        expect(lines).toHaveLength(1);
        // A command without --json says so first, as JSON all the same.
        const unknown = name in NO_FORMAT ? '--json' : '--no-such-option';
        expect(JSON.parse(lines[0]!)).toEqual({ schemaVersion: 2, error: { exitCode: 64, message: `unknown option '${unknown}'` } });
      });

      if (!(name in NO_MODEL))
        it('under --json, a model folder that does not exist is one JSON object on stderr (exit 66)', async () => {
          const r = await runIn([name, ...(ARGS[name] ?? []), '--model', 'no/such/folder', ...(name in NO_FORMAT ? [] : ['--json'])]);
          if (name === 'interactive') {
            // Off a terminal the session refuses before it reads anything.
            expect(r.code).toBe(64);
            return;
          }
          expect(r.code).toBe(66);
          expect(r.stdout).toBe('');
          expect(JSON.parse(r.stderr).error.exitCode).toBe(66);
        });

      if (!(name in NO_FORMAT))
        it('answers on the harbour model: --json is JSON on stdout, --quiet leaves stderr empty', async () => {
          const r = await runIn([name, ...(ARGS[name] ?? []), ...(name in NO_MODEL ? [] : ['--model', HARBOUR]), '--json', '--quiet']);
          expect(r.code, r.stderr).toBe(0);
          expect(r.stderr).toBe('');
          expect(JSON.parse(r.stdout).schemaVersion).toBe(2);
        });
    });
  }
});

describe('names: the baseline has one name every command accepts and shows', () => {
  it('explain, show, revive and sensitivity take base and deadlock; diff shows them whole', async () => {
    for (const args of [['explain', 'base'], ['show', 'base'], ['revive', 'deadlock'], ['sensitivity', 'base'], ['explain', 'DEADLOCK']]) {
      const r = await runIn([...args, '--quiet']);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const d = await runIn(['diff', '--quiet', '--to-set', 'maliki_government_formed=true']);
    expect(d.stdout).toMatch(/│ base\* +│/);
    expect(d.stdout).toMatch(/│ deadlock\* +│/);
    expect(d.stdout).not.toContain('bas…');
    const q = await runIn(['query', '--quiet']);
    expect(q.stdout).toMatch(/│ base +│/);
  });
});

describe('--model DIR: quotes its sources lack are warnings', () => {
  it('a clean folder: nothing on stderr but the date note', async () => {
    const r = await runIn(['query', '--model', HARBOUR]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('warning');
  });

  it('a quote not in its source: a warning with file:line:col, the answer all the same; JSON under --json; none with --quiet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iraq-quotes-'));
    cpSync(join(ROOT, HARBOUR), dir, { recursive: true });
    const file = join(dir, 'b_diversion.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('diverted to the northern terminal', 'diverted to the southern terminal'));
    const r = await runIn(['query', '--model', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Ships diverted north');
    expect(r.stderr).toContain(`${file}:9:9: warning: quote not found verbatim in bulletin: "diverted to the southern terminal"`);
    expect(r.stderr).toContain(`1 quote(s) not found verbatim in their sources; 'validate ${dir}' checks the whole model`);
    const j = await runIn(['query', '--model', dir, '--json']);
    expect(j.code).toBe(0);
    expect(j.stderr.trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual([
      { schemaVersion: 2, warning: expect.objectContaining({ file, line: 9, col: 9, severity: 'warning' }) },
    ]);
    expect((await runIn(['query', '--model', dir, '--quiet'])).stderr).toBe('');
    // validate calls the same an error.
    expect((await runIn(['validate', '--model', dir])).code).toBe(65);
  });
});

describe('docs/environment.md', () => {
  it('lists every environment variable the source reads', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'environment.md'), 'utf8');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(join(ROOT, 'src'));
    const read = new Set<string>();
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]+)|\benv\[['"]([A-Z][A-Z0-9_]+)['"]\]|\b(IRAQ_SCENARIOS_[A-Z_]+)/g)) read.add(m[1] ?? m[2] ?? m[3]!);
    }
    expect(read.size).toBeGreaterThan(5);
    for (const v of read) expect(doc, v).toContain(`\`${v}\``);
  });
});
