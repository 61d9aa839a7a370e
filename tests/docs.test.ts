// Every transcript in README.md and docs/*.md (a `console` block: `$ command`
// then what it prints) runs against the packed and installed package, file
// by file in a fresh folder, and prints exactly what the page shows (`[...]`
// standing for lines left out). `npm run docs:update` writes the outputs in
// after a change, running each line as a real process; this test is what
// keeps them true.
//
// A line that starts with the command itself, with plain words for its
// arguments (`iraq-scenarios query --set x=true`, possibly followed by
// `| ...`, `; ...` or `&& ...`), runs the installed package's `run(argv, io)`
// in this process, in the file's folder (io.cwd), with the environment a
// process there would have and stdout and stderr merged as `2>&1` merges
// them; the rest of the line (head, jq, `echo "exit $?"`) runs in bash on
// that output and status. Anything else (quotes, redirections, other
// commands first) runs in bash as written, the command a real process from
// the installed package's bin. The exit statuses a process gives the shell
// are tested as processes in tests/exit-codes.test.ts, the installed command
// itself in tests/pack.test.ts.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOC_ENV, matches, runCommand, transcripts } from '../docs/tools/examples.mjs';
import type { Io } from '../src/app/io.js';
import { ROOT } from './helpers.js';
import { installedPackage } from './package.js';

const FILES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)].filter(
  (f) => transcripts(readFileSync(join(ROOT, f), 'utf8')).length > 0,
);

// Some transcripts pipe into jq, as a user's scripts would; where it is not installed they are skipped, said once.
const HAVE_JQ = spawnSync('jq', ['--version']).status === 0;
if (!HAVE_JQ) process.stderr.write('docs test: jq is not installed; the transcripts that pipe into jq are skipped\n');

type RunFn = (argv: readonly string[], io: Io) => Promise<number>;

// The package packed and installed once (tests/package.ts), shared with tests/pack.test.ts.
let dir: string;
let binDir: string;
/** The installed package's own `run` (its dist/cli.cjs), not this checkout's. */
let run: RunFn;
beforeAll(async () => {
  const installed = installedPackage();
  dir = mkdtempSync(join(installed.dir, 'docs-'));
  binDir = installed.binDir;
  const cli = join(installed.app, 'node_modules', 'iraq-scenarios', 'dist', 'cli.cjs');
  run = ((await import(pathToFileURL(cli).href)) as { run: RunFn }).run;
}, 120_000);

/** `iraq-scenarios` and plain words, then optionally `|`, `;` or `&&` and the rest of the line. */
const IN_PROCESS = /^iraq-scenarios((?: +[\w=%@.,:/+-]+)*) *(?:(\|(?!\|)|;|&&)(.*))?$/s;

/** A stream that appends what is written to `into`, in the order of the writes. */
function sink(into: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      into.push(chunk);
      done();
    },
  });
}

/** One transcript line, as runCommand runs it (same environment, output and status), the command in-process where it can be. */
async function runLine(cmd: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const m = IN_PROCESS.exec(cmd);
  if (!m) return runCommand(cmd, { cwd, binDir, env });
  const [, args = '', sep, rest] = m;
  const merged: Buffer[] = [];
  const piped: Buffer[] = [];
  const io: Io = {
    stdout: sink(sep === '|' ? piped : merged),
    stderr: sink(merged),
    stdin: Readable.from([]),
    env: { ...process.env, ...DOC_ENV, ...env, PATH: `${binDir}:${process.env.PATH}`, FORCE_COLOR: '' },
    cwd,
  };
  const code = await run(args.trim().split(/ +/).filter(Boolean), io);
  let output = Buffer.concat(merged).toString('utf8');
  let status: number | null = code;
  if (sep !== undefined) {
    // The rest of the line in bash, as the shell would run it after (or, for a pipe, beside) the command.
    const script = sep === '|' ? `exec 2>&1; ${rest}` : `exec 2>&1; (exit ${code}) ${sep} ${rest}`;
    const r = spawnSync('bash', ['--norc', '-c', script], { cwd, encoding: 'utf8', timeout: 120_000, env: io.env, input: sep === '|' ? Buffer.concat(piped) : '' });
    if (r.error) throw r.error;
    output += r.stdout;
    status = r.status;
  }
  return { code: status, output: output.replace(/[ \t]+$/gm, '').replace(/\n+$/, '') };
}

describe('the documentation runs as written, from the installed package', () => {
  it('has transcripts to check', () => {
    expect(FILES).toContain('README.md');
    expect(FILES.length).toBeGreaterThan(3);
  });

  it('runs in this process the lines it can, and the others in bash', () => {
    expect(IN_PROCESS.exec('iraq-scenarios query --set x=30% -q | head -n 4')?.slice(1)).toEqual([' query --set x=30% -q', '|', ' head -n 4']);
    expect(IN_PROCESS.exec('iraq-scenarios explain VI; echo "exit $?"')?.slice(1)).toEqual([' explain VI', ';', ' echo "exit $?"']);
    expect(IN_PROCESS.exec('iraq-scenarios list scenarios')?.slice(1)).toEqual([' list scenarios', undefined, undefined]);
    for (const cmd of ["iraq-scenarios query --by 'a b'", 'iraq-scenarios query > out.txt', 'printf x | iraq-scenarios query --conditions -', 'iraq-scenarios query || true', 'iraq-scenarios \\\nquery'])
      expect(IN_PROCESS.test(cmd), cmd).toBe(false);
  });

  it('prints what a process in the same folder prints: paths relative to it, the same status', async () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    cpSync(join(ROOT, 'tests', 'fixtures', 'harbour'), join(cwd, 'mine'), { recursive: true });
    writeFileSync(join(cwd, 'mine', 'zz.yaml'), 'kind: conditions\nconditions: []\nconditions: []\n');
    const env = { HOME: cwd, XDG_CACHE_HOME: join(cwd, '.cache'), XDG_DATA_HOME: join(cwd, '.data') };
    for (const cmd of ['iraq-scenarios validate mine; echo "exit $?"', 'iraq-scenarios query --model mine | cat; echo "exit $?"']) {
      const inProcess = await runLine(cmd, cwd, env);
      expect(inProcess.output).toContain('mine/zz.yaml:3:1: error: duplicate key');
      expect(inProcess).toEqual(runCommand(cmd, { cwd, binDir, env }));
    }
  });

  it.each(FILES)('%s', async (file) => {
    const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    const home = join(cwd, '.home');
    mkdirSync(home);
    for (const t of transcripts(lines.join('\n'))) {
      if (!HAVE_JQ && /\bjq\b/.test(t.cmd)) continue;
      const r = await runLine(t.cmd, cwd, { HOME: home, XDG_CACHE_HOME: join(home, '.cache'), XDG_DATA_HOME: join(home, '.local', 'share') });
      const where = `${file}:${t.line}: ${t.cmd}`;
      expect(r.code, `${where}\n${r.output}`).toBe(0);
      const expected = lines.slice(t.from, t.to);
      if (!matches(expected, r.output))
        expect(r.output, `${where}\n(npm run docs:update writes the new output in)`).toBe(expected.join('\n'));
    }
  }, 300_000);
});
