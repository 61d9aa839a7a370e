// Every transcript in README.md and docs/*.md (a `console` block: `$ command`
// then what it prints) runs against the packed and installed package, file
// by file in a fresh folder, and prints exactly what the page shows (`[...]`
// standing for lines left out). `npm run docs:update` writes the outputs in
// after a change; this test is what keeps them true.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { matches, runCommand, transcripts } from '../docs/tools/examples.mjs';
import { ROOT } from './helpers.js';
import { installedPackage } from './package.js';

const FILES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)].filter(
  (f) => transcripts(readFileSync(join(ROOT, f), 'utf8')).length > 0,
);

// Some transcripts pipe into jq, as a user's scripts would; where it is not installed they are skipped, said once.
const HAVE_JQ = spawnSync('jq', ['--version']).status === 0;
if (!HAVE_JQ) process.stderr.write('docs test: jq is not installed; the transcripts that pipe into jq are skipped\n');

// The package packed and installed once (tests/package.ts), shared with tests/pack.test.ts.
let dir: string;
let binDir: string;
beforeAll(() => {
  const installed = installedPackage();
  dir = mkdtempSync(join(installed.dir, 'docs-'));
  binDir = installed.binDir;
}, 120_000);

describe('the documentation runs as written, from the installed package', () => {
  it('has transcripts to check', () => {
    expect(FILES).toContain('README.md');
    expect(FILES.length).toBeGreaterThan(3);
  });

  it.each(FILES)('%s', (file) => {
    const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    const home = join(cwd, '.home');
    mkdirSync(home);
    for (const t of transcripts(lines.join('\n'))) {
      if (!HAVE_JQ && /\bjq\b/.test(t.cmd)) continue;
      const r = runCommand(t.cmd, { cwd, binDir, env: { HOME: home, XDG_CACHE_HOME: join(home, '.cache'), XDG_DATA_HOME: join(home, '.local', 'share') } });
      const where = `${file}:${t.line}: ${t.cmd}`;
      expect(r.code, `${where}\n${r.output}`).toBe(0);
      const expected = lines.slice(t.from, t.to);
      if (!matches(expected, r.output))
        expect(r.output, `${where}\n(npm run docs:update writes the new output in)`).toBe(expected.join('\n'));
    }
  }, 300_000);
});
