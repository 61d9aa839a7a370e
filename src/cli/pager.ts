import type { Io } from '../app/io.js';

/*
 * Long output on a terminal goes through a pager, as git does: the command in
 * IRAQ_SCENARIOS_PAGER, else PAGER, else `less` (with LESS=FRX unless LESS is
 * set: quit when it fits, keep colours, leave the text on screen). Never when
 * stdout is not a terminal, with --no-pager, or when the pager is empty or
 * `cat`. A pager that cannot start is skipped: the text is written as it is.
 */

let paging = false;

const ignore = (): void => {};

/** Whether a pager has the terminal now (Ctrl-C is then the pager's, not a reason to end). */
export function pagerActive(): boolean {
  return paging;
}

/** The pager command for this environment, or undefined for none. */
export function pagerCommand(env: NodeJS.ProcessEnv): string | undefined {
  const chosen = env.IRAQ_SCENARIOS_PAGER ?? env.PAGER ?? 'less';
  const cmd = chosen.trim();
  return cmd === '' || cmd === 'cat' ? undefined : cmd;
}

/** Whether the text would scroll off the terminal: more lines than it has rows. */
function long(text: string, rows: number | undefined): boolean {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) if (++n >= (rows ?? 24)) return true;
  return false;
}

/**
 * Writes a command's output: through the pager when stdout is a terminal the
 * text does not fit on and paging is not turned off, else straight to stdout.
 */
export async function writeOutput(io: Io, text: string, opts: { pager?: boolean }): Promise<void> {
  const out = io.stdout as Io['stdout'] & { rows?: number; fd?: number };
  const cmd = opts.pager === false || !out.isTTY ? undefined : pagerCommand(io.env);
  if (!cmd || !long(text, out.rows)) {
    io.stdout.write(text);
    return;
  }
  const { spawn } = await import('node:child_process');
  const env = { ...io.env, LESS: io.env.LESS ?? 'FRX', LV: io.env.LV ?? '-c' };
  const shown = await new Promise<boolean>((done) => {
    const child = spawn(cmd, { shell: true, stdio: ['pipe', 'inherit', 'inherit'], env, cwd: io.cwd });
    paging = true;
    // While the pager has the terminal, Ctrl-C is its own (less ends a search with it): this process
    // ignores it and waits for the pager to quit. Installed only here: a one-shot command has no
    // handler otherwise, so Ctrl-C ends it at once even in long synchronous work.
    process.on('SIGINT', ignore);
    child.on('error', () => done(false));
    child.on('close', (code) => done(code !== 127));
    // The pager may quit before reading it all (q): that is not an error.
    child.stdin.on('error', () => {});
    child.stdin.end(text);
  });
  paging = false;
  process.off('SIGINT', ignore);
  if (!shown) io.stdout.write(text);
}
