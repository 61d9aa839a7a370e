// Times the analysis commands (whatif, watch, revive, explore) on synthetic
// models of growing size, through the built command, and records whether
// each answered or refused at its documented bound. Run: npm run build &&
// node bench/analysis.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate, writeModelFolder } from './generate.mjs';

const sizes = (process.env.SIZES ?? '100,1000,3000').split(',').map(Number);
const root = mkdtempSync(join(tmpdir(), 'analysis-bench-'));
const run = (args) => {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['bin/iraq-scenarios.js', ...args, '--json'], { encoding: 'utf8', env: { ...process.env, IRAQ_SCENARIOS_NO_CACHE: '1' }, timeout: 120_000 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const verdict = r.status === 0 ? 'ok' : r.status === 64 ? 'refused (64)' : r.signal ? `killed (${r.signal})` : `exit ${r.status}`;
  return { ms: Math.round(ms), verdict, note: r.status === 0 ? '' : (r.stderr.match(/"message":"([^"]{0,90})/)?.[1] ?? '') };
};
try {
  for (const n of sizes) {
    const { model, settings } = generate({ n, m: 6, seed: 1 });
    const dir = join(root, `n${n}`);
    writeModelFolder(dir, model);
    const set = [...settings].slice(0, 20).flatMap(([k, v]) => ['-s', `${k}=${v}`]);
    const cmds = {
      'whatif (all unset)': ['whatif', '--model', dir, ...set],
      'whatif --only 20': ['whatif', '--model', dir, ...set, '--only', model.conditions.slice(0, 20).map((c) => c.id).join(',')],
      'watch --only 20': ['watch', '--model', dir, ...set, '--only', model.conditions.slice(0, 20).map((c) => c.id).join(',')],
      revive: ['revive', model.scenarios[0].id, '--model', dir, ...set],
      explore: ['explore', '--model', dir, ...set],
    };
    for (const [name, args] of Object.entries(cmds)) {
      const r = run(args);
      console.log(`n=${n}\t${name}\t${r.ms} ms\t${r.verdict}\t${r.note}`);
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

