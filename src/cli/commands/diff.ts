import { Readable } from 'node:stream';
import { AppError, EXIT } from '../../app/errors.js';
import type { Io } from '../../app/io.js';
import { readStream } from '../../app/io.js';
import { evaluateOrFail, getModel, readConditionsFile } from '../../app/model.js';
import type { Query } from '../../engine/evaluate.js';
import { applyChanges, parseAssumeFlags, parseObserveFlags, parseSetFlags } from '../../app/settings.js';
import { defineCommand } from '../pipeline.js';
import type { Context } from '../pipeline.js';

interface DiffOptions {
  fromSet: string[];
  toSet: string[];
  fromConditions?: string;
  toConditions?: string;
  fromAsOf?: string;
  toAsOf?: string;
  fromModel: string[];
  toModel: string[];
}

type Side = 'from' | 'to';

const collect = (value: string, previous: string[]) => [...previous, value];

/** Renames a flag in an error raised by the shared settings code, so it names the flag the user typed. */
function renamed<T>(flag: string, as: string, f: () => Promise<T>): Promise<T> {
  return f().catch((e: unknown) => {
    if (e instanceof AppError && e.message.startsWith(`${flag} `))
      throw new AppError(e.exitCode, `${as}${e.message.slice(flag.length)}`, e.diagnostics, e.details);
    throw e;
  });
}

export const diff = defineCommand({
  name: 'diff',
  description: 'compare two sets of settings, two dates or two model folders: which statuses, probabilities and derived conditions change',
  options: [
    (cmd) => cmd.option('--from-set <id=value>', 'a setting on the "from" side only (repeatable)', collect, []),
    (cmd) => cmd.option('--to-set <id=value>', 'a setting on the "to" side only (repeatable)', collect, []),
    ['--from-conditions <file>', 'a conditions file for the "from" side only (- for stdin)'],
    ['--to-conditions <file>', 'a conditions file for the "to" side only (- for stdin)'],
    ['--from-as-of <date>', 'the "from" side starts from the events as of DATE (instead of --as-of)'],
    ['--to-as-of <date>', 'the "to" side starts from the events as of DATE (instead of --as-of)'],
    (cmd) => cmd.option('--from-model <dir>', 'the model of the "from" side, instead of --model (repeatable: layers, bottom first)', collect, []),
    (cmd) => cmd.option('--to-model <dir>', 'the model of the "to" side, instead of --model (repeatable: layers, bottom first)', collect, []),
  ],
  help: `
The shared flags (--model, --as-of, --conditions, --set) apply to both sides;
the --from-* and --to-* flags to one side. Each side's settings are built in
this order, a later layer winning: the events as of its date, --conditions,
its --*-conditions, --set, its --*-set.

Models: --model (repeatable, layers bottom first) is both sides' model;
--from-model and --to-model (each repeatable) give one side a whole stack of
its own, in place of --model. So 'diff --to-model my-notes' compares the
shipped model with the shipped model under the overlay my-notes, and
'diff --model base --to-model base --to-model notes' a base with base+notes.

Examples:
  $ iraq-scenarios diff --to-set iran_regime_collapse=true
  $ iraq-scenarios diff --from-as-of 2026-01-24 --to-as-of 2026-02-06
  $ iraq-scenarios diff --from-conditions before.yaml --to-conditions after.yaml
  $ iraq-scenarios diff --to-model my-notes/
  $ iraq-scenarios diff --model old-model --to-model scenarios --json`,
  // Two models, two sets of settings, two evaluations: each side is read below.
  needs: 'nothing',
  shared: ['model', 'settings'],
  check: async ({ asOf, fromAsOf, toAsOf }) => {
    const { checkDateFlag } = await import('../../app/as-of.js');
    for (const [flag, v] of [
      ['--as-of', asOf],
      ['--from-as-of', fromAsOf],
      ['--to-as-of', toAsOf],
    ] as const)
      if (v !== undefined && !['today', 'latest', 'start'].includes(v.toLowerCase())) checkDateFlag(flag, v);
  },
  run: async ({ io, opts, format }: Context<DiffOptions>) => {
    // Standard input can be read once: keep it for every flag that names it.
    let stdinBytes: Buffer | undefined;
    if ([opts.conditions, opts.fromConditions, opts.toConditions].includes('-')) {
      if (io.stdin.isTTY) throw new AppError(EXIT.usage, 'conditions from -: standard input is a terminal; pipe a conditions file in, or name the file');
      stdinBytes = await readStream(io.stdin, Infinity);
    }
    const ioFor = (): Io => (stdinBytes ? { ...io, stdin: Readable.from([stdinBytes]) } : io);
    const warned = new Set<string>();
    const side = async (which: Side) => {
      const own = which === 'from' ? opts.fromModel : opts.toModel;
      const named = own.length ? own : opts.model;
      const { model, dir } = await getModel(named, io);
      // A model folder given on the line is checked against its sources, once, as every command does.
      if (named?.length && !opts.quiet && !warned.has(dir)) {
        warned.add(dir);
        await (await import('../warnings.js')).warnQuotes(model, dir, named, io, format === 'json');
      }
      const { resolveAsOf, asOfNote } = await import('../../app/as-of.js');
      const asOfFlag = (which === 'from' ? opts.fromAsOf : opts.toAsOf) !== undefined ? `--${which}-as-of` : '--as-of';
      const resolved = resolveAsOf(model, (which === 'from' ? opts.fromAsOf : opts.toAsOf) ?? opts.asOf, io, asOfFlag);
      const asOf = resolved.date;
      if (!opts.quiet && format !== 'json' && model.events.length) notes.push(`${which}: ${asOfNote(model, resolved)}`);
      const ownFile = which === 'from' ? opts.fromConditions : opts.toConditions;
      let q: Query = { asOf };
      if (opts.conditions !== undefined) q = applyChanges(q, await readConditionsFile(model, opts.conditions, ioFor()));
      if (ownFile !== undefined) q = applyChanges(q, await renamed('--conditions', `--${which}-conditions`, () => readConditionsFile(model, ownFile, ioFor())));
      q = applyChanges(q, parseSetFlags(model, opts.set ?? []));
      q = applyChanges(q, parseSetFlags(model, (which === 'from' ? opts.fromSet : opts.toSet) ?? [], `--${which}-set`));
      if (opts.observe?.length) q = { ...q, observations: parseObserveFlags(model, opts.observe, asOf) };
      if (opts.assume?.length) q = { ...q, assume: parseAssumeFlags(model, opts.assume) };
      const query = q;
      const ev = await renamed('contradictory', `the "${which}" side has contradictory`, () => Promise.resolve().then(() => evaluateOrFail(model, query)));
      // The date is shown where it was given: by default both sides are asked today.
      const given = (which === 'from' ? opts.fromAsOf : opts.toAsOf) ?? opts.asOf;
      return { model, asOf: given !== undefined ? asOf : null, ev };
    };
    const notes: string[] = [];
    const a = await side('from');
    const b = await side('to');
    // One line when both sides are asked on the same day of the same events; else one per side.
    const [na, nb] = [notes[0]?.slice(6), notes[1]?.slice(4)];
    if (na !== undefined && na === nb) io.stderr.write(`iraq-scenarios: both sides ${na}\n`);
    else for (const n of notes) io.stderr.write(`iraq-scenarios: ${n}\n`);
    const sameInputs =
      opts.fromSet.length + opts.toSet.length + opts.fromModel.length + opts.toModel.length === 0 &&
      [opts.fromConditions, opts.toConditions, opts.fromAsOf, opts.toAsOf].every((x) => x === undefined);
    if (sameInputs && format !== 'json' && !opts.quiet)
      io.stderr.write('iraq-scenarios: both sides have the same inputs; give --to-set, --to-as-of, --to-conditions or --to-model to compare\n');
    const { diffEvaluations } = await import('../../engine/diff.js');
    const { diffSide } = await import('../../render/diff.js');
    return { d: diffEvaluations(a.ev, b.ev), from: diffSide(a.model, a.ev, a.asOf), to: diffSide(b.model, b.ev, b.asOf) };
  },
  render: async () => (await import('../../render/diff.js')).diffRenderers,
});
