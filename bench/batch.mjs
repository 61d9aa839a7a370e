// Batch throughput: `query --batch` answering 1,000 different questions on
// the shipped model in one process, against one process per question (the
// way a script without --batch asks them), in the same run so both see the
// same machine load. Run after `npm run build`: `node bench/batch.mjs`
// (bench/run.mjs runs it too); BENCH_QUICK=1 for fewer rounds.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv, median } from './startup.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'iraq-scenarios.js');

/**
 * Questions a script sweeping the model would ask: each condition at each of
 * its values, alone and with a second condition, all different.
 */
export function sweep(n) {
  const model = JSON.parse(readFileSync(join(ROOT, 'dist', 'model.json'), 'utf8'));
  const values = (c) => c.values ?? [true, false];
  const seen = new Set();
  const out = [];
  for (let k = 0; out.length < n && k < 50; k++) {
    for (const [i, c] of model.conditions.entries()) {
      for (const v of values(c)) {
        const set = { [c.id]: v };
        if (k > 0) {
          const d = model.conditions[(i * 7 + k * 13) % model.conditions.length];
          if (d.id !== c.id) set[d.id] = values(d)[k % values(d).length];
        }
        const line = JSON.stringify({ set });
        if (seen.has(line)) continue;
        seen.add(line);
        out.push(line);
        if (out.length >= n) break;
      }
      if (out.length >= n) break;
    }
  }
  return out;
}

function wall(args, input) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...args], { env: cleanEnv(), input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, r };
}

/** Runs the comparison; prints a table; returns the numbers. */
export function benchBatch({ quick = !!process.env.BENCH_QUICK, print = console.log } = {}) {
  const lines = sweep(1000);
  const dir = mkdtempSync(join(tmpdir(), 'iraq-batch-'));
  const file = join(dir, 'questions.ndjson');
  writeFileSync(file, lines.join('\n') + '\n');
  const rounds = quick ? 1 : 3;
  const batch = [];
  let answered = 0;
  for (let i = 0; i < rounds; i++) {
    const { ms, r } = wall(['query', '--batch', file]);
    answered = r.stdout.toString().trimEnd().split('\n').length;
    batch.push(ms);
  }
  // The same questions once more, each asked twice in a row: the second is answered from memory.
  const twice = lines.flatMap((l) => [l, l]);
  writeFileSync(file, twice.join('\n') + '\n');
  const repeated = wall(['query', '--batch', file]).ms;
  // One process per question, for a sample of the same questions (each a whole start-up).
  const sample = quick ? 10 : 30;
  const per = [];
  for (const line of lines.slice(0, sample)) {
    const set = Object.entries(JSON.parse(line).set).flatMap(([id, v]) => ['--set', `${id}=${v}`]);
    const { ms, r } = wall(['query', '--json', ...set]);
    if (r.status !== 0 && r.status !== 2) throw new Error(`query ${set.join(' ')} exited ${r.status}: ${r.stderr}`);
    per.push(ms);
  }
  rmSync(dir, { recursive: true, force: true });
  const batchMs = median(batch);
  const rate = (1000 * lines.length) / batchMs;
  const repeatedRate = (1000 * twice.length) / repeated;
  const perMs = median(per);
  const perRate = 1000 / perMs;
  const row = (name, n, ms, qps) => [name, String(n), ms.toFixed(0), qps.toFixed(0), (qps / perRate).toFixed(1)];
  const rows = [
    row('query --batch, 1,000 different questions (median of ' + rounds + ')', lines.length, batchMs, rate),
    row('query --batch, the same 1,000 each asked twice', twice.length, repeated, repeatedRate),
    row(`one process per question (median of ${sample})`, 1, perMs, perRate),
  ];
  print('Batch throughput: the shipped model, answers as `query --json` gives them, written to a pipe');
  const all = [['', 'questions', 'ms', 'questions / s', 'x one process each'], ...rows];
  const w = all[0].map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  print(line(all[0]));
  print(w.map((n) => '-'.repeat(n)).join('  '));
  for (const r of rows) print(line(r));
  print(`target: at least 500 questions / s with --batch: ${rate >= 500 ? 'yes' : 'NO'}; answered ${answered} of ${lines.length}`);
  print('');
  return { questions: lines.length, batchMs, rate, repeatedRate, perProcessMs: perMs, perProcessRate: perRate, ratio: rate / perRate, rounds, sample };
}

if (import.meta.url === `file://${process.argv[1]}`) benchBatch();
