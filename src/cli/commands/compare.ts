import { basename, extname, resolve } from 'node:path';
import { AppError, EXIT } from '../../app/errors.js';
import { evaluateOrFail } from '../../app/model.js';
import { applyChanges, changeText } from '../../app/settings.js';
import type { CompareData, Participant } from '../../render/compare.js';
import { defineCommand } from '../pipeline.js';
import type { Context } from '../pipeline.js';

interface CompareOptions {
  asOf?: string;
  weights?: string;
  quiet?: boolean;
}

/** One participant's position: what it said of each condition, and its probabilities. */
interface Position extends Participant {
  said: Map<string, string>;
  probabilities: Map<string, number>;
  none: number;
}

/** Whether a file is a forecast log: named .jsonl/.ndjson, or its first line a logged record. */
function isLog(path: string, text: string): boolean {
  if (['.jsonl', '.ndjson'].includes(extname(path).toLowerCase())) return true;
  const first = text.split('\n').find((l) => l.trim() !== '');
  if (!first?.trim().startsWith('{')) return false;
  try {
    const x = JSON.parse(first) as { kind?: unknown };
    return x.kind === 'forecast' || x.kind === 'resolution';
  } catch {
    return false;
  }
}

/** `0.4` for yes/no, `a:0.6,b:0.4` for named values: a logged probability as typed. */
function probText(m: Record<string, number>): string {
  if ('true' in m) return String(m.true);
  return Object.entries(m)
    .map(([v, p]) => `${v}:${p}`)
    .join(',');
}

export const compare = defineCommand({
  name: 'compare',
  arguments: [['<file...>', 'conditions files (YAML or JSON) or forecast logs (.jsonl), two or more']],
  description: 'compare several analysts: where their conditions files (or logged forecasts) disagree, each one\'s probabilities, and pooled probabilities',
  options: [
    ['--as-of <date>', "the day the conditions files are asked on: YYYY-MM-DD, today (the default), latest or start"],
    ['--weights <list>', 'the pools\' weights, one per column in order (e.g. 2,1,1; default equal)'],
  ],
  help: `
A conditions file is evaluated on the model (--model, layers as elsewhere) as
of --as-of; a forecast log gives its latest forecast per author, as recorded.
Pooled: each scenario's probability, and that none holds, as a yes/no
question, pooled over the columns with weights w (equal by default, summing
to 1):
  linear         p = sum of w_i p_i
  logarithmic    p = prod p_i^w_i / (prod p_i^w_i + prod (1 - p_i)^w_i)
The logarithmic pool averages log-odds: it moves further from 1/2 when the
analysts agree, and is 0 (or 1) if one of them is certain.

Examples:
  $ iraq-scenarios compare alice.yaml bob.yaml carol.yaml
  $ iraq-scenarios compare alice.yaml bob.yaml --weights 2,1 --json
  $ iraq-scenarios compare team.jsonl`,
  needs: 'model',
  check: async ({ asOf }) => {
    const { checkDateFlag } = await import('../../app/as-of.js');
    if (asOf !== undefined && !['today', 'latest', 'start'].includes(asOf.toLowerCase())) checkDateFlag('--as-of', asOf);
  },
  run: async ({ io, model, args, opts, format }: Context<CompareOptions>): Promise<CompareData> => {
    const files = (args[0] as unknown as string[]) ?? [];
    const { resolveAsOf, asOfNote } = await import('../../app/as-of.js');
    const asOf = resolveAsOf(model, opts.asOf, io);
    const notes = !opts.quiet && format !== 'json';
    const positions: Position[] = [];
    let evaluatedAny = false;
    // Each file a regular file only, read once within a log's cap (as `score` reads one): a FIFO or /dev/zero is exit 66, never a hang.
    const { readRegularFile, MAX_FILE_BYTES } = await import('../../model/files.js');
    const { ModelError } = await import('../../model/errors.js');
    const { MAX_LOG_BYTES, parseLog, problemNotes } = await import('../../app/forecast-log.js');
    for (const file of files) {
      const path = resolve(io.cwd, file);
      let read: ReturnType<typeof readRegularFile>;
      try {
        read = readRegularFile(path, MAX_LOG_BYTES, file);
      } catch (e) {
        if (e instanceof ModelError) throw new AppError(EXIT.noInput, e.message);
        throw e;
      }
      if (read.tooLarge) throw new AppError(EXIT.data, `${file}: the file is over 64 MiB`);
      const text = read.bytes.toString('utf8');
      const stem = basename(file, extname(file));
      if (isLog(path, text)) {
        const { records, problems } = parseLog(text);
        if (problems.length && notes) io.stderr.write(problemNotes(file, problems));
        // Each author's latest forecast: by date, then by place in the file.
        const latest = new Map<string, (typeof records)[number]['rec'] & { kind: 'forecast' }>();
        for (const { rec } of records) {
          if (rec.kind !== 'forecast') continue;
          const prev = latest.get(rec.by ?? '');
          if (!prev || rec.date >= prev.date) latest.set(rec.by ?? '', rec);
        }
        if (!latest.size) throw new AppError(EXIT.data, `${file}: the log holds no forecast to compare`);
        for (const [by, f] of latest) {
          const said = new Map<string, string>();
          for (const [c, v] of Object.entries(f.question.settings)) said.set(c, String(v));
          for (const [c, m] of Object.entries(f.question.probabilities)) said.set(c, probText(m));
          positions.push({
            label: latest.size > 1 ? `${stem}:${by || '(no name)'}` : stem,
            file,
            kind: 'log',
            ...(by ? { by } : {}),
            date: f.date,
            said,
            probabilities: new Map(f.scenarios.map((s) => [s.id, s.probability])),
            none: f.none,
          });
        }
        continue;
      }
      // Parsed from the text already read: one read per file.
      const { parseJudgedConditions } = await import('../../app/conditions-file.js');
      const big = read.bytes.byteLength > MAX_FILE_BYTES;
      const { changes, judgements } = parseJudgedConditions(model, file, big ? '' : text, big ? read.size : undefined);
      const q = applyChanges({ asOf: asOf.date }, changes);
      const ev = evaluateOrFail(model, q);
      evaluatedAny = true;
      const said = new Map(changes.filter((c) => c.kind !== 'unknown').map((c) => [c.condition, changeText(c).slice(c.condition.length + 1)]));
      const authors = [...new Set(judgements.map((j) => j.by).filter((x): x is string => !!x))];
      positions.push({
        label: stem,
        file,
        kind: 'conditions',
        ...(authors.length === 1 ? { by: authors[0] } : {}),
        date: asOf.date,
        said,
        probabilities: new Map(ev.scenarios.map((s) => [s.id, s.probability])),
        none: ev.residual,
      });
    }
    if (positions.length < 2)
      throw new AppError(EXIT.usage, `compare: ${positions.length} position${positions.length === 1 ? '' : 's'} to compare; give two files or more (or a log with several authors)`);
    if (evaluatedAny && notes && model.events.length) io.stderr.write(`iraq-scenarios: ${asOfNote(model, asOf)}\n`);
    // Unique labels, for the columns.
    const seen = new Map<string, number>();
    for (const p of positions) {
      const n = (seen.get(p.label) ?? 0) + 1;
      seen.set(p.label, n);
      if (n > 1) p.label = `${p.label}#${n}`;
    }
    const weights = readWeights(opts.weights, positions);
    const { linearPool, logPool } = await import('../../engine/score.js');
    const ids = [...model.scenarios.map((s) => s.id)];
    for (const p of positions) for (const id of p.probabilities.keys()) if (!ids.includes(id)) ids.push(id);
    const pool = (ps: (number | null)[]) => {
      const have = ps.flatMap((p, i) => (p === null ? [] : [{ p, w: weights[i]! }]));
      if (!have.length) return { linear: null, log: null };
      return { linear: linearPool(have.map((x) => x.p), have.map((x) => x.w)), log: logPool(have.map((x) => x.p), have.map((x) => x.w)) };
    };
    const scenarios = ids.map((id) => {
      const s = model.scenarios.find((x) => x.id === id);
      const probabilities = positions.map((p) => p.probabilities.get(id) ?? null);
      return { id, name: s ? (s.numeral ?? s.short ?? s.id) : id, title: s?.title ?? id, probabilities, ...pool(probabilities) };
    });
    const noneRow = positions.map((p) => p.none);
    scenarios.push({ id: 'none', name: 'none', title: 'no scenario holds', probabilities: noneRow, ...pool(noneRow) });
    const order = model.conditions.map((c) => c.id);
    const spoken = [...new Set(positions.flatMap((p) => [...p.said.keys()]))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const conditions = spoken.map((id) => {
      const said = positions.map((p) => p.said.get(id) ?? null);
      return { id, said, disagree: new Set(said).size > 1 };
    });
    return {
      participants: positions.map(({ label, file, kind, by, date }) => ({ label, file, kind, ...(by ? { by } : {}), date })),
      conditions,
      scenarios,
      weights,
    };
  },
  render: async () => (await import('../../render/compare.js')).compareRenderers,
});

/** --weights: one positive number per column, normalised to sum 1; equal by default. */
function readWeights(text: string | undefined, positions: readonly Participant[]): number[] {
  if (text === undefined) return positions.map(() => 1 / positions.length);
  const ws = text.split(',').map((x) => Number(x.trim()));
  if (ws.length !== positions.length || ws.some((w) => !Number.isFinite(w) || w < 0) || ws.every((w) => w === 0))
    throw new AppError(
      EXIT.usage,
      `--weights ${text}: expected ${positions.length} numbers of 0 or more, not all 0, one per column in order (${positions.map((p) => p.label).join(', ')})`,
    );
  const total = ws.reduce((a, b) => a + b, 0);
  return ws.map((w) => w / total);
}
