// `help TOPIC` reads its text from the documentation page that holds it, and
// the man page is generated from the program: both checked against their
// sources here, so neither can drift from the docs or the options.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/app/errors.js';
import { TOPICS } from '../src/cli/help.js';
import { EXIT_HELP_ROWS } from '../src/cli/exit-help.js';
import { docText } from '../src/render/doc-text.js';
import { Chalk } from 'chalk';
import { ROOT, runIn } from './helpers.js';

const plain = new Chalk({ level: 0 });

describe('help topics', () => {
  it('every topic has its page in docs/, and its section where it names one', () => {
    for (const [name, t] of Object.entries(TOPICS)) {
      const md = readFileSync(join(ROOT, 'docs', t.file), 'utf8');
      if (t.section) expect(md, name).toContain(`\n## ${t.section}\n`);
    }
  });

  it('help exit-codes lists every exit code the tool uses, as the docs table does', async () => {
    const r = await runIn(['help', 'exit-codes'], { env: { COLUMNS: '100' } });
    expect(r.code).toBe(0);
    const codes = [...new Set(Object.values(EXIT))].sort((a, b) => a - b);
    expect(EXIT_HELP_ROWS.map(([c]) => c)).toEqual(codes);
    for (const c of codes) expect(r.stdout).toMatch(new RegExp(`^${c}\\s+\\S`, 'm'));
    // The docs' table is the page's: the same codes, no more.
    const table = readFileSync(join(ROOT, 'docs', 'exit-codes.md'), 'utf8').match(/^\| (\d+) \|/gm)!.map((l) => Number(l.slice(2, -2)));
    expect(table).toEqual(codes);
  });

  it('help expressions is the one section, laid out for the terminal', async () => {
    const r = await runIn(['help', 'expressions'], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Expressions');
    expect(r.stdout).toContain('• iran_regime_collapse: the yes/no condition is true');
    expect(r.stdout).not.toContain('kind: constraints');
    expect(r.stdout).not.toContain('`');
    for (const l of r.stdout.split('\n')) expect(l.length).toBeLessThan(80);
  });

  it('help COMMAND is the command\'s --help; help alone lists the topics; anything else is a usage error', async () => {
    const a = await runIn(['help', 'whatif']);
    const b = await runIn(['whatif', '--help']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const all = await runIn(['help']);
    expect(all.code).toBe(0);
    for (const name of Object.keys(TOPICS)) expect(all.stdout).toContain(`  ${name} `);
    const bad = await runIn(['help', 'exit-code']);
    expect(bad.code).toBe(64);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain("did you mean 'exit-codes'?");
  });

  it('lays out Markdown: headings, wrapped paragraphs and items, aligned tables, code kept', () => {
    const md = '# Title\n\nA paragraph that is long enough to wrap at twenty columns.\n\n- an item that wraps as well\n  and runs on\n\n| a | b |\n|---|---|\n| `x` | a cell long enough to wrap |\n\n```sh\n  code  as is\n```\n<!-- hidden -->\n';
    expect(docText(md, { width: 24, chalk: plain })).toBe(
      'TITLE\n\nA paragraph that is long\nenough to wrap at twenty\ncolumns.\n\n• an item that wraps as\n  well and runs on\n\na  b\nx  a cell long enough to\n   wrap\n\n      code  as is\n',
    );
  });
});

describe('the man page', () => {
  it('is the one the program generates (npm run build writes it), with every command and option', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iraq-man-'));
    try {
      const out = join(dir, 'x.1');
      const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'iraq-scenarios.js'), '__man', out], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const fresh = readFileSync(out, 'utf8');
      expect(readFileSync(join(ROOT, 'man', 'iraq-scenarios.1'), 'utf8')).toBe(fresh);
      for (const c of ['query', 'explain', 'whatif', 'sensitivity', 'help']) expect(fresh).toMatch(new RegExp(`^\\.B ${c}\\b`, 'm'));
      expect(fresh).toContain('.B \\-\\-as\\-of \\fIdate\\fR');
      expect(fresh).toContain('.SH EXIT STATUS');
      const groff = spawnSync('groff', ['-man', '-ww', '-z', join(ROOT, 'man', 'iraq-scenarios.1')], { encoding: 'utf8' });
      if (groff.error) process.stderr.write('man page test: groff is not installed; the page is not typeset\n');
      else expect(groff.stderr).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ships in the package and is declared as its man page', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[]; man: string[] };
    expect(pkg.files).toContain('man/');
    expect(pkg.files).toContain('docs/');
    expect(pkg.man).toEqual(['./man/iraq-scenarios.1']);
  });
});
