// Streams: a closed pipe (| head) ends the command quietly; a large output
// reaches a slow reader whole (real processes); with NO_COLOR, --no-color or
// a pipe there are no escape codes on stdout or stderr (every command
// in-process; what commander prints, which reads the process's own
// environment, as a process).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/program.js';
import type { Io } from '../src/app/io.js';
import { BIN, FIXTURES, ROOT, runIn } from './helpers.js';

const ESC = /\x1b/;
let big: string;
let cache: string;
/** `list conditions --json` of the big model, as the command gives it (read in-process). */
let bigList: string;

beforeAll(async () => {
  // The harbour model plus 4,000 generated conditions: `list conditions --json` is ~700 KB.
  big = mkdtempSync(join(tmpdir(), 'iraq-scenarios-streams-'));
  cpSync(join(FIXTURES, 'harbour'), big, { recursive: true });
  const lines = ['kind: conditions', 'conditions:'];
  for (let i = 0; i < 4000; i++)
    lines.push(`  - id: extra_${String(i).padStart(4, '0')}`, `    question: Is the extra condition number ${i} of this generated model true?`);
  writeFileSync(join(big, 'zz_many.yaml'), lines.join('\n') + '\n');
  // The processes below read the model from the cache this run fills, so each does not check 4,000 conditions again.
  cache = mkdtempSync(join(tmpdir(), 'iraq-scenarios-streams-cache-'));
  const r = await runIn(['list', 'conditions', '--json', '--model', big], { env: { IRAQ_SCENARIOS_NO_CACHE: undefined, IRAQ_SCENARIOS_CACHE_DIR: cache } });
  expect(r.code, r.stderr).toBe(0);
  bigList = r.stdout;
});
afterAll(() => {
  rmSync(big, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

/** The environment for a process reading the big model: its cache filled. */
function bigEnv(): NodeJS.ProcessEnv {
  const env = cleanEnv({ IRAQ_SCENARIOS_CACHE_DIR: cache });
  delete env.IRAQ_SCENARIOS_NO_CACHE;
  return env;
}

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, IRAQ_SCENARIOS_NO_CACHE: '1', ...extra };
  if (!('NO_COLOR' in extra)) delete env.NO_COLOR;
  if (!('FORCE_COLOR' in extra)) delete env.FORCE_COLOR;
  return env;
}

describe('a closed pipe', () => {
  const viaHead = (cmd: string) => {
    // bash for PIPESTATUS: the exit code of the command itself, not of head.
    const script = `node ${JSON.stringify(BIN)} ${cmd} | head -1; echo "exit:\${PIPESTATUS[0]}" >&2`;
    // --norc: not this machine's ~/.bashrc (read even with -c when stdin is a socket, as spawnSync's is).
    return spawnSync('bash', ['--norc', '-c', script], { cwd: ROOT, env: bigEnv(), encoding: 'utf8', timeout: 30_000 });
  };

  it('list conditions --json | head -1 exits quietly (the shipped model)', () => {
    const r = spawnSync('sh', ['-c', `node ${JSON.stringify(BIN)} list conditions --json | head -1`], { cwd: ROOT, env: cleanEnv(), encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('{\n');
    expect(r.stderr).toBe('');
  });

  it('a 700 KB output into head -1 exits 0 with nothing on stderr (JSON and table)', () => {
    for (const args of [`list conditions --json --model ${JSON.stringify(big)}`, `list conditions --model ${JSON.stringify(big)}`]) {
      const r = viaHead(args);
      expect(r.stdout.split('\n')).toHaveLength(2);
      expect(r.stderr, args).toBe('exit:0\n');
    }
  });
});

describe('a slow reader', () => {
  it('gets a large JSON output whole, and the command exits 0 only after it is drained', async () => {
    expect(bigList.length).toBeGreaterThan(500_000);

    const child = spawn(process.execPath, [BIN, 'list', 'conditions', '--json', '--model', big], { cwd: ROOT, env: bigEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // Read the first chunk, then stop reading for a second: the pipe fills and the writer must wait.
    await new Promise<void>((resolve) =>
      child.stdout.once('data', (c: Buffer) => {
        chunks.push(c);
        child.stdout.pause();
        setTimeout(resolve, 1000);
      }),
    );
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (c: Buffer) => {
        chunks.push(c);
        // Trickle: pause again after each chunk.
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), 2);
      });
      child.on('close', (c) => resolve(c));
      child.stdout.resume();
    });
    const out = Buffer.concat(chunks).toString('utf8');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(out).toBe(bigList);
    expect(JSON.parse(out).conditions).toHaveLength(4000 + 5);
  });
});

// ---------------------------------------------------------------- colour

interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runAsync(args: string[], env: NodeJS.ProcessEnv): Promise<Spawned> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs at most `n` at a time (two cores: spawning all at once only queues). */
async function pool<T, R>(items: readonly T[], n: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await f(items[i]!);
      }
    }),
  );
  return out;
}

function nullIo(): Io {
  return { stdout: new PassThrough(), stderr: new PassThrough(), stdin: Readable.from([]), env: {}, cwd: ROOT };
}

// Every visible command (from the program itself, so new ones are covered), with arguments it needs.
const program = buildProgram(nullIo());
// Settings that leave the analyses little to do: colour does not depend on how much they do.
const ARGS: Record<string, string[]> = {
  explain: ['II'],
  show: ['II'],
  revive: ['I'],
  query: ['--set', 'iran_regime_collapse=true'],
  whatif: ['--set', 'maliki_government_formed=true'],
  watch: ['--set', 'maliki_government_formed=true'],
};
const COMMANDS = program.commands
  .filter((c) => !c.name().startsWith('__') && c.name() !== 'interactive')
  .map((c) => ({ name: c.name(), noColor: c.options.some((o) => o.long === '--no-color') }));
const LINES: string[][] = [
  ...COMMANDS.map((c) => [c.name, ...(ARGS[c.name] ?? [])]),
  ['query', '--set', 'no_such_condition=true'],
  ['validate', join(FIXTURES, 'harbour')],
];
/** Printed by commander itself: help and its usage errors. */
const COMMANDER_LINES: string[][] = [['--help'], ['query', '--help'], ['qeury']];

function expectPlain(res: { code: number | null; stdout: string; stderr: string }, args: string[], why: string) {
  const where = `${args.join(' ')} (${why}) → ${res.code}`;
  expect(res.code, `${where}\n${res.stderr}`).not.toBeNull();
  expect(res.stdout, where).not.toMatch(ESC);
  expect(res.stderr, where).not.toMatch(ESC);
  expect(res.stderr, where).not.toMatch(/^\s+at /m);
}

describe('colour', () => {
  it('escape codes appear with FORCE_COLOR=1 (so the checks below can see them)', async () => {
    expect((await runIn(['query'], { env: { FORCE_COLOR: '1' } })).stdout).toMatch(ESC);
    expect((await runAsync(['query'], cleanEnv({ FORCE_COLOR: '1' }))).stdout).toMatch(ESC);
  });

  it('none on stdout or stderr from any command when piped, with NO_COLOR, or with --no-color (even with FORCE_COLOR=1)', async () => {
    for (const args of LINES) {
      expectPlain(await runIn(args), args, 'a pipe, FORCE_COLOR unset');
      expectPlain(await runIn(args, { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }), args, 'NO_COLOR=1');
    }
    for (const c of COMMANDS.filter((x) => x.noColor)) {
      const args = [c.name, ...(ARGS[c.name] ?? []), '--no-color'];
      expectPlain(await runIn(args, { env: { FORCE_COLOR: '1' } }), args, '--no-color');
    }
  });

  it('none in what commander prints (help, usage errors) when piped or with NO_COLOR, as a process', async () => {
    const runs = COMMANDER_LINES.flatMap((args) => [
      { args, env: cleanEnv(), why: 'a pipe, FORCE_COLOR unset' },
      { args, env: cleanEnv({ NO_COLOR: '1', FORCE_COLOR: '1' }), why: 'NO_COLOR=1' },
    ]);
    const results = await pool(runs, 3, (r) => runAsync(r.args, r.env));
    results.forEach((res, i) => expectPlain(res, runs[i]!.args, runs[i]!.why));
  });
});
