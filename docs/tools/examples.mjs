// The examples in README.md and docs/*.md, as a shell session would run them.
//
// A fenced block marked `console` is a transcript: each line starting with
// `$ ` is a command (a trailing `\` continues it on the next line), and the
// lines after it, up to the next command or the end of the block, are what
// it prints (stdout and stderr together, as a terminal shows them). A line
// `[...]` in the output stands for any number of lines, so a page can show
// the start and the end of a long answer. Blocks marked `sh` are not run.
//
// Every file's commands run in order in one fresh folder (so a file can
// write a log and read it back), with `iraq-scenarios` on PATH, 100 columns,
// no colour and today fixed at 2026-12-01. `docs/tools/update.mjs` writes
// the outputs into the files; tests/docs.test.ts checks them against the
// installed package.
import { spawnSync } from 'node:child_process';

export const DOC_ENV = {
  COLUMNS: '100',
  NO_COLOR: '1',
  TERM: 'dumb',
  IRAQ_SCENARIOS_TODAY: '2026-12-01',
  PAGER: 'cat',
  LC_ALL: 'C.UTF-8',
};

/** The transcripts of a Markdown text: each command with its 0-based line range of expected output. */
export function transcripts(text) {
  const lines = text.split('\n');
  const out = [];
  let inBlock = false;
  let fence = '';
  let current = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!inBlock) {
      const m = /^(\s*)(`{3,})console\s*$/.exec(line);
      if (m) {
        inBlock = true;
        fence = m[2];
      }
      continue;
    }
    if (line.trim() === fence) {
      if (current) out.push(current);
      current = null;
      inBlock = false;
      continue;
    }
    if (line.startsWith('$ ')) {
      if (current) out.push(current);
      let cmd = line.slice(2);
      const first = i;
      while (cmd.endsWith('\\') && i + 1 < lines.length) cmd = `${cmd.slice(0, -1)}\n${lines[++i]}`;
      current = { cmd, line: first + 1, from: i + 1, to: i + 1 };
    } else if (current) current.to = i + 1;
  }
  return out;
}

/** Runs one command line in bash, with the tool's bin folder first on PATH; stdout and stderr interleaved. */
export function runCommand(cmd, { cwd, binDir, env = {} }) {
  const r = spawnSync('bash', ['-c', `exec 2>&1; ${cmd}`], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...DOC_ENV, ...env, PATH: `${binDir}:${process.env.PATH}`, FORCE_COLOR: '' },
  });
  if (r.error) throw r.error;
  return { code: r.status, output: r.stdout.replace(/[ \t]+$/gm, '').replace(/\n+$/, '') };
}

/** Whether the actual output matches the expected lines, `[...]` matching any run of lines. */
export function matches(expected, actual) {
  const want = expected.map((l) => l.replace(/[ \t]+$/, ''));
  const got = actual === '' ? [] : actual.split('\n');
  const memo = new Map();
  const go = (i, j) => {
    const key = i * 100003 + j;
    if (memo.has(key)) return memo.get(key);
    let r;
    if (i === want.length) r = j === got.length;
    else if (want[i] === '[...]') r = go(i + 1, j) || (j < got.length && go(i, j + 1));
    else r = j < got.length && want[i] === got[j] && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}
