// Runs every transcript in README.md and docs/*.md against this checkout's
// built command and writes the outputs in (keeping `[...]` elisions where
// the rest still matches). Run `npm run build` first: `npm run docs:update`.
import { mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { matches, runCommand, transcripts } from './examples.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const files = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const only = process.argv.slice(2);
const binDir = mkdtempSync(join(tmpdir(), 'iraq-docs-bin-'));
symlinkSync(join(ROOT, 'bin', 'iraq-scenarios.js'), join(binDir, 'iraq-scenarios'));
let failed = 0;
try {
  for (const file of files) {
    if (only.length && !only.includes(file)) continue;
    const path = join(ROOT, file);
    const lines = readFileSync(path, 'utf8').split('\n');
    const ts = transcripts(lines.join('\n'));
    if (!ts.length) continue;
    const cwd = mkdtempSync(join(tmpdir(), 'iraq-docs-'));
    mkdirSync(join(cwd, 'home'));
    // Bottom up, so that earlier line numbers stay right as outputs change length.
    const results = ts.map((t) => ({ t, r: runCommand(t.cmd, { cwd, binDir, env: { HOME: join(cwd, 'home'), XDG_CACHE_HOME: join(cwd, 'home', '.cache'), XDG_DATA_HOME: join(cwd, 'home', '.local', 'share') } }) }));
    for (const { t, r } of results.reverse()) {
      if (r.code !== 0) {
        failed++;
        console.error(`${file}:${t.line}: exit ${r.code}: ${t.cmd}\n${r.output}`);
      }
      const expected = lines.slice(t.from, t.to);
      if (matches(expected, r.output)) continue;
      lines.splice(t.from, t.to - t.from, ...(r.output === '' ? [] : r.output.split('\n')));
      console.log(`${file}:${t.line}: updated ${t.cmd.split('\n')[0]}`);
    }
    writeFileSync(path, lines.join('\n'));
    rmSync(cwd, { recursive: true, force: true });
  }
} finally {
  rmSync(binDir, { recursive: true, force: true });
}
if (failed) {
  console.error(`${failed} command(s) exited non-zero: a documented failure should end with '; echo "exit $?"'`);
  process.exitCode = 1;
}
