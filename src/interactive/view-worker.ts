// A heavy view of the session (what if, watch, explore, revive), worked out
// in a worker thread so that Ctrl-C can stop it at once and return to the
// menu: the session's own thread stays free to hear the signal while the
// worker counts (src/interactive/views.ts, `inWorker`). Built as its own
// entry point (dist/view-worker.cjs).
import { parentPort, workerData } from 'node:worker_threads';
import { Chalk } from 'chalk';
import { AnalysisBoundError } from '../engine/analysis/index.js';
import { CompiledModel } from '../engine/compile.js';
import { evaluate } from '../engine/evaluate.js';
import { heavyView } from './views.js';
import type { ViewJob, ViewReply } from './views.js';

const job = workerData as ViewJob;
let reply: ViewReply;
try {
  const compiled = new CompiledModel(job.model);
  const ev = evaluate(compiled, job.settings);
  if (!ev.ok) throw new Error(`the settings contradict the model: ${ev.conflict.text}`);
  const out = heavyView(job.view, job.scenario)({
    model: job.model,
    compiled,
    ev,
    settings: job.settings,
    start: job.start,
    chalk: new Chalk({ level: job.level }),
    width: job.width,
  });
  reply = { ok: true, out };
} catch (e) {
  reply = e instanceof AnalysisBoundError ? { ok: false, bound: e.bound, message: e.message } : { ok: false, message: (e as Error)?.message ?? String(e) };
}
parentPort!.postMessage(reply);
