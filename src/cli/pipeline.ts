import { resolve } from 'node:path';
import type { Command } from 'commander';
import { AnalysisBoundError } from '../engine/analysis/common.js';
import { AppError, EXIT } from '../app/errors.js';
import type { Io } from '../app/io.js';
import { compiled, evaluateOrFail, findScenario, getModel, keepPrepared, readQuestion } from '../app/model.js';
import { didYouMean } from '../model/diagnostics.js';
import { renderAs } from '../render/kit/options.js';
import { trustDisplaySafe } from '../render/kit/safe.js';
import type { Format, RenderOptions } from '../render/kit/options.js';
import { colourLevel, makeChalk, outputWidth } from './io.js';
// Every command's output goes through it: loaded with the pipeline, not as a round trip of its own.
import { writeOutput } from './pager.js';

/*
 * One pipeline for every command: a command declares its arguments and
 * options, what it needs and its renderers per format; the pipeline checks
 * the command line, picks the format once, loads the model, reads the
 * settings, evaluates once, runs the command and renders its result in the
 * chosen format. Nothing else in src/cli/commands/ repeats these steps.
 */

export * from './spec.js';
import { FORMAT, LEVEL, SHARED } from './spec.js';
import type { AnyCommand, CommandSpec, Context, OptionEntry, OptionSpec, SharedOptions } from './spec.js';

/** Declares a command; the type parameters are inferred from `parse` and `run`. */
export function defineCommand<O = object, P = undefined, D = unknown>(spec: CommandSpec<O, P, D>): AnyCommand {
  return { spec: spec as unknown as CommandSpec<never, unknown, unknown> };
}

export const STANDARD_FORMATS: readonly Format[] = ['table', 'json', 'markdown'];

/** The `<scenario>` argument, resolved to `ctx.scenario` once the model is loaded. */
export const SCENARIO = ['<scenario>', 'a scenario id or numeral (I..V)'] as const;

/** "a, b or c" */
export function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function addOption(cmd: Command, o: OptionSpec): Command {
  if (typeof o === 'function') return o(cmd);
  const [flags, description, defaultValue] = o;
  return defaultValue === undefined ? cmd.option(flags, description) : cmd.option(flags, description, defaultValue);
}

function sharedOptions(cmd: Command, spec: CommandSpec<never, unknown, unknown>): Command {
  const shared = new Set(spec.shared ?? []);
  if (LEVEL[spec.needs] >= 1 || shared.has('model'))
    cmd
      .option('--model <dir>', "a model folder instead of the shipped one; repeat to stack layers, bottom first ('shipped' names the shipped model)", collect, [])
      .option('--no-color', 'no colour (also NO_COLOR=1, or when output is not a terminal)');
  if (LEVEL[spec.needs] >= 2 || shared.has('settings'))
    cmd
      .option('-s, --set <id=value>', 'set a condition at the horizon: true/false/unknown, a named value, or your probability (0.7, 70%, a:0.6,b:0.4) (repeatable)', collect, [])
      .option('-c, --conditions <file>', 'read settings from a YAML or JSON file (- for stdin); --set wins')
      .option('--as-of <date>', "the day the question is asked: the model's events up to it apply; YYYY-MM-DD, today (the default), latest or start")
      .option('--observe <id=value[@date]>', 'what is seen on a date (--as-of by default): evidence about the horizon, not its final value (repeatable)', collect, [])
      .option('--assume <contradiction=side>', "take one side of a contradiction between sources (repeatable; 'list contradictions')", collect, []);
  // Every command: the notes and warnings on stderr are optional, the output and the errors are not.
  cmd.option('-q, --quiet', 'no notes or warnings on stderr (which date, which events, quotes not found)');
  if ((spec.formats ?? STANDARD_FORMATS).length) cmd.option('--no-pager', 'never page long output on a terminal (also when piped, or PAGER=cat)');
  if (batchable(spec))
    cmd.option('--batch [file]', 'answer one question a line: NDJSON from FILE or stdin (-), one JSON result a line, in order (docs/batch.md)');
  if (!spec.options?.includes(FORMAT)) formatOptions(cmd, spec);
  return cmd;
}

function formatOptions(cmd: Command, spec: CommandSpec<never, unknown, unknown>): Command {
  const formats = spec.formats ?? STANDARD_FORMATS;
  if (formats.length) {
    cmd.option('-f, --format <format>', spec.formatHelp ?? `output format: ${orList(formats)}`, formats[0]);
    if (formats.includes('json')) cmd.option('--json', 'same as --format json');
    if (formats.includes('table')) cmd.option('--wide', 'tables at their full width: no cell wrapped or shortened (for a file or less -S)');
  }
  return cmd;
}

/** The format asked for, or a usage error naming the ones the command has. */
export function pickFormat(formats: readonly Format[], opts: SharedOptions): Format {
  if (opts.json && formats.includes('json')) return 'json';
  const f = opts.format ?? formats[0]!;
  const found = formats.find((x) => x === f);
  if (found) return found;
  throw new AppError(EXIT.usage, `--format ${f}: expected ${orList(formats)}${didYouMean(f, formats)}`);
}

/** Colour and width for the table format, by the conventions (src/cli/io.ts). */
export function styleFor(io: Io, opts: SharedOptions): RenderOptions {
  return { chalk: makeChalk(colourLevel(io, io.stdout, opts.color)), width: outputWidth(io), wide: opts.wide === true };
}

/** Adds a declared command to the program; its action is the pipeline. */
export function register(program: Command, io: Io, { spec }: AnyCommand): Command {
  const cmd = program.command(spec.name).description(spec.description);
  for (const [name, description, defaultValue] of spec.arguments ?? [])
    if (defaultValue === undefined) cmd.argument(name, description);
    else cmd.argument(name, description, defaultValue);
  if (spec.help) cmd.addHelpText('after', spec.help);
  const options = spec.options ?? [];
  const at = options.indexOf(SHARED);
  const add = (list: readonly OptionEntry[]) =>
    list.forEach((o) => (o === FORMAT ? formatOptions(cmd, spec) : o !== SHARED && addOption(cmd, o)));
  add(at < 0 ? options : options.slice(0, at));
  sharedOptions(cmd, spec);
  if (at >= 0) add(options.slice(at + 1));
  cmd.action(async (...given: unknown[]) => {
    // commander passes the positional arguments, then the options, then the command.
    const args = given.slice(0, -2) as string[];
    const opts = given[given.length - 2] as SharedOptions;
    await runPipeline(spec, io, args, opts);
  });
  return cmd;
}

async function runPipeline(spec: CommandSpec<never, unknown, unknown>, io: Io, args: string[], opts: SharedOptions): Promise<void> {
  await spec.check?.(opts as never, args, io);
  const formats = spec.formats ?? STANDARD_FORMATS;
  if (opts.batch !== undefined && !opts.json && opts.format !== undefined && opts.format !== formats[0] && opts.format !== 'json')
    throw new AppError(EXIT.usage, `--batch writes JSON, one result a line; --format ${opts.format} does not go with it`);
  // A batch answers in JSON, and says nothing on stderr about dates: each line says its own.
  if (opts.batch !== undefined) Object.assign(opts, { format: 'json', json: true });
  const format = formats.length ? pickFormat(formats, opts) : 'table';
  const state: Partial<Context<unknown>> = { io, opts, args, format, style: styleFor(io, opts) };
  const level = LEVEL[spec.needs];
  if (level >= 1) {
    const { model, dir } = await getModel(opts.model, io);
    Object.assign(state, { model, dir, compiled: compiled(model) });
    // The shipped model's text was checked at build time (`__compile`): drawn without walking it again.
    if (!opts.model?.length) trustDisplaySafe(model);
    // A user's model is checked against its sources as validate does: mismatched quotes are warnings.
    if (opts.model?.length && !opts.quiet) await (await import('./warnings.js')).warnQuotes(model, dir, opts.model, io, format === 'json');
    const named = spec.arguments?.findIndex(([name]) => name === '<scenario>') ?? -1;
    if (named >= 0) state.scenario = findScenario(model, args[named]!);
  }
  if (level >= 2) {
    const question = await readQuestion(state.model!, opts, io);
    state.query = question.query;
    state.judgements = question.judgements;
    state.settings = state.query.settings ?? new Map();
  }
  if (opts.batch !== undefined && batchable(spec)) {
    // One question a line, each answered as this command answers its flags (src/cli/batch.ts).
    const { runBatch } = await import('./batch.js');
    return runBatch(spec, state, opts.batch === true ? true : String(opts.batch), answer);
  }
  const data = await answer(spec, state);
  const ctx = guarded(state, spec);
  if (formats.length && spec.render) {
    const text = renderAs(await spec.render(), format, data, state.style);
    // A command may write to a file it names (report -o): atomically, and never through the pager.
    const file = spec.output?.(ctx as never);
    if (file === undefined) await writeOutput(io, text, opts);
    else {
      const { writeFileAtomicSync } = await import('../app/atomic.js');
      writeFileAtomicSync(resolve(io.cwd, file), text);
    }
  }
  // A large model's circuit, compiled for this answer, is kept for the next run (src/app/model.ts).
  if (state.model) await keepPrepared(state.model);
  const failure = spec.fail?.(data, ctx as never);
  if (failure) throw failure;
}

/** What a command answers to the question in `state`: its options parsed, the settings evaluated if it needs that, its work run. */
async function answer(spec: CommandSpec<never, unknown, unknown>, state: Partial<Context<unknown>>): Promise<unknown> {
  const ctx = guarded(state, spec);
  const parsed = spec.parse?.(ctx as never);
  if (spec.needs === 'evaluation') state.ev = evaluateOrFail(state.model!, state.query!);
  return bounded(spec, ctx, () => spec.run(ctx as never, parsed));
}

/** Whether a command answers `--batch`: it evaluates a question and has a JSON form. */
export function batchable(spec: CommandSpec<never, unknown, unknown>): boolean {
  return LEVEL[spec.needs] >= 3 && (spec.formats ?? STANDARD_FORMATS).includes('json');
}


/** The context, failing loudly if a command reads what it did not declare it needs. */
function guarded(state: Partial<Context<unknown>>, spec: CommandSpec<never, unknown, unknown>): Context<unknown> {
  return new Proxy(state, {
    get(target, key: string) {
      if (key in target) return target[key as keyof Context<unknown>];
      if (typeof key === 'string' && ['model', 'dir', 'compiled', 'query', 'settings', 'scenario', 'ev'].includes(key))
        throw new Error(`command '${spec.name}' reads ctx.${key} but does not declare that it needs it (needs: '${spec.needs}')`);
      return undefined;
    },
  }) as Context<unknown>;
}

/**
 * Runs the command's work: a hit analysis bound becomes a usage error naming
 * its flag; for an analysis that evaluates the settings itself, a failure on
 * contradictory settings becomes the documented contradiction (exit 2).
 */
async function bounded<T>(spec: CommandSpec<never, unknown, unknown>, ctx: Context<unknown>, f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof AnalysisBoundError && spec.bounds) {
      const flag = spec.bounds[e.bound];
      throw new AppError(EXIT.usage, `${spec.name}: ${e.message}${flag ? `; ${flag} raises the bound` : ''}`);
    }
    if (spec.needs === 'analysis' && !(e instanceof AppError) && !(e instanceof AnalysisBoundError)) {
      // Evaluated only on this failure path, to tell a contradiction (thrown as such) from a bug.
      evaluateOrFail(ctx.model, ctx.query);
    }
    throw e;
  }
}
