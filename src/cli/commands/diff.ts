import { Readable } from 'node:stream';
import type { Command } from 'commander';
import type { Io } from '../io.js';
import {
  evaluateOrFail,
  getFormat,
  getModel,
  getSettings,
  renderOptions,
  withFormatOptions,
  withModelOption,
  withSettingsOptions,
} from '../context.js';
import type { CommonOptions } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import type { Value } from '../../engine/types.js';

interface DiffOptions extends CommonOptions {
  fromSet: string[];
  toSet: string[];
  fromConditions?: string;
  toConditions?: string;
  fromAsOf?: string;
  toAsOf?: string;
  fromModel?: string;
  toModel?: string;
}

type Side = 'from' | 'to';

const collect = (value: string, previous: string[]) => [...previous, value];

/** Renames a flag in an error raised by the shared settings code, so it names the flag the user typed. */
function renamed<T>(flag: string, as: string, f: () => Promise<T>): Promise<T> {
  return f().catch((e: unknown) => {
    if (e instanceof CliError && e.message.startsWith(`${flag} `))
      throw new CliError(e.exitCode, `${as}${e.message.slice(flag.length)}`, e.diagnostics, e.details);
    throw e;
  });
}

export function registerDiff(program: Command, io: Io): void {
  const cmd = program
    .command('diff')
    .description('compare two sets of settings, two dates or two model folders: which statuses, weights and derived conditions change')
    .option('--from-set <id=value>', 'a setting on the "from" side only (repeatable)', collect, [])
    .option('--to-set <id=value>', 'a setting on the "to" side only (repeatable)', collect, [])
    .option('--from-conditions <file>', 'a conditions file for the "from" side only (- for stdin)')
    .option('--to-conditions <file>', 'a conditions file for the "to" side only (- for stdin)')
    .option('--from-as-of <date>', 'the "from" side starts from the events as of DATE (instead of --as-of)')
    .option('--to-as-of <date>', 'the "to" side starts from the events as of DATE (instead of --as-of)')
    .option('--from-model <dir>', 'the model folder of the "from" side (instead of --model)')
    .option('--to-model <dir>', 'the model folder of the "to" side (instead of --model)')
    .addHelpText(
      'after',
      `
The shared flags (--model, --as-of, --conditions, --set) apply to both sides;
the --from-* and --to-* flags to one side. Each side's settings are built in
this order, a later layer winning: the events as of its date, --conditions,
its --*-conditions, --set, its --*-set.

Examples:
  $ iraq-scenarios diff --to-set iran_regime_collapse=true
  $ iraq-scenarios diff --from-as-of 2026-01-24 --to-as-of 2026-02-06
  $ iraq-scenarios diff --from-conditions before.yaml --to-conditions after.yaml
  $ iraq-scenarios diff --model old-model --to-model scenarios --json`,
    );
  withFormatOptions(withSettingsOptions(withModelOption(cmd))).action(async (opts: DiffOptions) => {
    const format = getFormat(opts);
    const { checkDateFlag } = await import('../as-of.js');
    for (const [flag, v] of [
      ['--as-of', opts.asOf],
      ['--from-as-of', opts.fromAsOf],
      ['--to-as-of', opts.toAsOf],
    ] as const)
      if (v !== undefined) checkDateFlag(flag, v);
    // Standard input can be read once: keep it for every flag that names it.
    let stdinBytes: Buffer | undefined;
    if ([opts.conditions, opts.fromConditions, opts.toConditions].includes('-')) {
      if (io.stdin.isTTY)
        throw new CliError(EXIT.usage, 'conditions from -: standard input is a terminal; pipe a conditions file in, or name the file');
      const chunks: Buffer[] = [];
      for await (const c of io.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
      stdinBytes = Buffer.concat(chunks);
    }
    const ioFor = (): Io => (stdinBytes ? { ...io, stdin: Readable.from([stdinBytes]) } : io);
    const quiet = { json: true };

    const side = async (which: Side) => {
      const dir = (which === 'from' ? opts.fromModel : opts.toModel) ?? opts.model;
      const { model } = await getModel(dir, io);
      const asOf = (which === 'from' ? opts.fromAsOf : opts.toAsOf) ?? opts.asOf;
      const own = which === 'from' ? opts.fromConditions : opts.toConditions;
      let settings: Map<string, Value> = new Map();
      if (asOf !== undefined) {
        const { applyAsOf } = await import('../as-of.js');
        settings = applyAsOf(model, settings, { asOf, ...quiet }, io);
      }
      settings = await getSettings(model, { conditions: opts.conditions, ...quiet }, ioFor(), settings);
      settings = await renamed('--conditions', `--${which}-conditions`, () =>
        getSettings(model, { conditions: own, ...quiet }, ioFor(), settings),
      );
      settings = await getSettings(model, { set: opts.set ?? [], ...quiet }, io, settings);
      settings = await renamed('--set', `--${which}-set`, () =>
        getSettings(model, { set: which === 'from' ? opts.fromSet : opts.toSet, ...quiet }, io, settings),
      );
      const ev = await renamed('contradictory', `the "${which}" side has contradictory`, () =>
        Promise.resolve().then(() => evaluateOrFail(model, settings)),
      );
      return { model, asOf: asOf ?? null, ev };
    };
    const a = await side('from');
    const b = await side('to');
    const { diffEvaluations } = await import('../../engine/diff.js');
    const { diffJson, diffMarkdown, diffSide, diffTable } = await import('../../render/diff.js');
    const { toJsonText } = await import('../../render/json.js');
    const d = diffEvaluations(a.ev, b.ev);
    const from = diffSide(a.model, a.ev, a.asOf);
    const to = diffSide(b.model, b.ev, b.asOf);
    const sameInputs =
      opts.fromSet.length + opts.toSet.length === 0 &&
      [opts.fromConditions, opts.toConditions, opts.fromAsOf, opts.toAsOf, opts.fromModel, opts.toModel].every((x) => x === undefined);
    if (sameInputs && format !== 'json')
      io.stderr.write('iraq-scenarios: both sides have the same inputs; give --to-set, --to-as-of, --to-conditions or --to-model to compare\n');
    if (format === 'json') io.stdout.write(toJsonText(diffJson(d, from, to)));
    else if (format === 'markdown') io.stdout.write(diffMarkdown(d, from, to));
    else io.stdout.write(diffTable(d, from, to, renderOptions(io, opts)));
  });
}
