// Work budgets and Ctrl-C (issue 15; docs/guarantees.md, "Work has a budget;
// Ctrl-C ends it"): an analysis over its --max-work is refused early with
// exit 64, a large model never runs away, and Ctrl-C ends a one-shot command
// at once with 130 (or by the signal itself: one-shot commands have no
// SIGINT handler, so the shell sees 128 + 2).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, FIXTURES, ROOT, TODAY } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'iraq-scenarios-hostile-work-'));
/** A generated model of 200 conditions (bench/generate.mjs), as the scale benchmarks make them. */
const BIG = join(dir, 'big');
/** A budget large enough that whatif on BIG runs for minutes. */
const HUGE = '1000000000000000';

beforeAll(async () => {
  const gen = (await import(pathToFileURL(join(ROOT, 'bench', 'generate.mjs')).href)) as {
    generate: (p: { n: number; m: number; seed?: number }) => { model: unknown };
    writeModelFolder: (dir: string, model: unknown) => void;
  };
  gen.writeModelFolder(BIG, gen.generate({ n: 200, m: 6, seed: 1 }).model);
});

const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
if (!HAS_TMUX) process.stderr.write('hostile-work: tmux is not installed; the tests typing Ctrl-C in a real terminal are skipped\n');
const SOCKET = `iraq-scenarios-work-test-${process.pid}`;

function tmux(...args: string[]): string {
  const e: Record<string, string | undefined> = { ...process.env, TMUX: undefined };
  for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
  const r = spawnSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { encoding: 'utf8', env: e });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
afterAll(() => {
  if (HAS_TMUX) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  rmSync(dir, { recursive: true, force: true });
});

function env(): Record<string, string> {
  const e: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, IRAQ_SCENARIOS_NO_CACHE: '1', IRAQ_SCENARIOS_TODAY: TODAY };
  for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
  return e as Record<string, string>;
}
const hung = (e: Error | undefined): boolean => e !== undefined && 'code' in e && e.code === 'ETIMEDOUT';

function proc(args: string[], timeout: number) {
  const t = Date.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { env: env(), cwd: ROOT, encoding: 'utf8', timeout, input: '' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t, timedOut: hung(r.error) };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('work has a budget', () => {
  it('whatif --max-work 1000 on the shipped model: exit 64 at once, naming --max-work', () => {
    const r = proc(['whatif', '--max-work', '1000'], 20_000);
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(64);
    expect(r.stderr).toContain('--max-work');
    // One refusal line (beside the usual note on which events apply), no stack trace.
    expect(r.stderr.split('\n').filter((l) => l.includes('--max-work'))).toHaveLength(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).toBe('');
    // A hang guard, not a timing target: the refusal comes after the first few evaluations.
    expect(r.ms).toBeLessThan(10_000);
  });

  it('whatif on a 200-condition model with the default budget: done or refused (64) within 60 s', () => {
    const r = proc(['whatif', '--model', BIG], 60_000);
    process.stderr.write(`hostile-work: whatif on 200 conditions: exit ${r.code} in ${r.ms} ms\n`);
    expect(r.timedOut, 'whatif ran past 60 s').toBe(false);
    expect([0, 64], r.stderr).toContain(r.code);
    if (r.code === 64) expect(r.stderr).toContain('--max-work');
  }, 90_000);
});

describe('Ctrl-C ends a one-shot command at once', () => {
  it('SIGINT to a running whatif: it ends within 3 s, by exit 130 or by the signal', async () => {
    const child = spawn(process.execPath, [BIN, 'whatif', '--model', BIG, '--max-work', HUGE], { env: env(), cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('close', (code, signal) => res({ code, signal })));
    let finished = false;
    void ended.then(() => (finished = true));
    // Long enough for the model to load and the analysis to start.
    await sleep(1500);
    expect(finished, `whatif ended before Ctrl-C: ${stderr}`).toBe(false);
    const t = Date.now();
    child.kill('SIGINT');
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const { code, signal } = await ended;
    clearTimeout(guard);
    const ms = Date.now() - t;
    process.stderr.write(`hostile-work: SIGINT to whatif: ended in ${ms} ms (code ${code}, signal ${signal})\n`);
    expect(code === 130 || signal === 'SIGINT', `code ${code}, signal ${signal}`).toBe(true);
    expect(ms).toBeLessThan(3000);
    expect(stderr).not.toMatch(/^\s+at /m);
  }, 30_000);

  it.skipIf(!HAS_TMUX)('Ctrl-C typed in a terminal (tmux) during whatif: exit 130 within 3 s', async () => {
    const startFile = join(dir, 'whatif.start');
    const exitFile = join(dir, 'whatif.exit');
    // The pane's shell catches SIGINT (a caught signal is reset for the child), so it outlives
    // the command and records its status; the child writes its pid first, so the test knows it started.
    const script = [
      `cd '${ROOT}'`,
      "trap 'true' INT",
      `export IRAQ_SCENARIOS_NO_CACHE=1 IRAQ_SCENARIOS_TODAY=${TODAY} NO_COLOR=1`,
      `echo started > '${startFile}'`,
      `'${process.execPath}' '${BIN}' whatif --model '${BIG}' --max-work ${HUGE} > /dev/null`,
      `echo $? > '${exitFile}'`,
      'sleep 30',
    ].join('; ');
    tmux('new-session', '-d', '-s', 'whatif', '-x', '80', '-y', '24', 'sh', '-c', script);
    const until = Date.now() + 15_000;
    while (!existsSync(startFile) && Date.now() < until) await sleep(50);
    expect(existsSync(startFile), 'the pane never started').toBe(true);
    // Long enough for node to start, load the model and begin the analysis.
    await sleep(1500);
    expect(existsSync(exitFile), `whatif ended before Ctrl-C: ${existsSync(exitFile) ? readFileSync(exitFile, 'utf8') : ''}`).toBe(false);
    const t = Date.now();
    tmux('send-keys', '-t', 'whatif', 'C-c');
    let status = '';
    while (Date.now() - t < 15_000) {
      if (existsSync(exitFile)) {
        status = readFileSync(exitFile, 'utf8');
        if (status.endsWith('\n')) break;
      }
      await sleep(20);
    }
    const ms = Date.now() - t;
    process.stderr.write(`hostile-work: Ctrl-C in tmux: whatif ended in ${ms} ms with status ${status.trim()} (the issue asks for 0.5 s)\n`);
    expect(status.trim()).toBe('130');
    expect(ms).toBeLessThan(3000);
  }, 40_000);
});

describe.skipIf(!HAS_TMUX)('the session on a hostile model (tmux)', () => {
  it("a scenario title with an OSC title change and a screen clear: shown as escapes, the terminal's title unchanged", async () => {
    const m = join(dir, 'hostile');
    cpSync(join(FIXTURES, 'harbour'), m, { recursive: true });
    const f = join(m, 'b_diversion.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('title: Ships diverted north', 'title: "Ships \\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u202eX"'));
    const exitFile = join(dir, 'session.exit');
    const script = `cd '${ROOT}'; IRAQ_SCENARIOS_NO_CACHE=1 IRAQ_SCENARIOS_TODAY=${TODAY} NO_COLOR=1 '${process.execPath}' '${BIN}' interactive --model '${m}'; echo $? > '${exitFile}'; sleep 30`;
    tmux('new-session', '-d', '-s', 'session', '-x', '120', '-y', '30', 'sh', '-c', script);
    const before = tmux('display-message', '-p', '-t', 'session', '#{pane_title}');
    let screen = '';
    const until = Date.now() + 15_000;
    while (Date.now() < until && !screen.includes('What next?')) {
      await sleep(50);
      screen = tmux('capture-pane', '-p', '-t', 'session');
    }
    expect(screen).toContain('What next?');
    expect(screen).toContain('Ships \\x1b]0;pwned');
    const title = tmux('display-message', '-p', '-t', 'session', '#{pane_title}');
    expect(title).not.toContain('pwned');
    expect(before).not.toContain('pwned');
    tmux('send-keys', '-t', 'session', 'C-c');
    const t = Date.now();
    while (Date.now() - t < 10_000 && !(existsSync(exitFile) && readFileSync(exitFile, 'utf8').endsWith('\n'))) await sleep(50);
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('130');
  }, 40_000);
});
