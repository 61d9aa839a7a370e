import type { Command } from 'commander';
import type { CompiledModel } from '../engine/compile.js';
import type { Query } from '../engine/evaluate.js';
import type { Judgement, Model, Scenario, Value } from '../engine/types.js';
import type { AppError } from '../app/errors.js';
import type { Io } from '../app/io.js';
import type { OkEvaluation } from '../app/model.js';
import type { Format, Renderers, RenderOptions } from '../render/kit/options.js';

/*
 * What a command declares (src/cli/pipeline.ts runs it): its arguments,
 * options, needs, formats and work. Apart from the pipeline so that what the
 * pipeline loads on demand (src/cli/batch.ts) can name these without
 * importing the pipeline back.
 */

/** What a command needs before it runs, each level including the ones before it. */
export type Need =
  /** Nothing from the model (validate reads its folder itself). */
  | 'nothing'
  /** The model (--model or the shipped one). */
  | 'model'
  /** The model and the question (--as-of, --conditions, --set, --observe, --assume). */
  | 'settings'
  /** One evaluation of the settings, given to the command; a contradiction is exit 2. */
  | 'evaluation'
  /**
   * The settings, which the command hands to an analysis that evaluates them
   * itself (whatif, watch, revive): the pipeline does not evaluate them first,
   * and reports a contradiction the analysis meets as exit 2.
   */
  | 'analysis';

export const LEVEL: Readonly<Record<Need, number>> = { nothing: 0, model: 1, settings: 2, evaluation: 3, analysis: 3 };

/** Options every command with a model, settings or formats shares. */
export interface SharedOptions {
  /** --model, repeatable: the layers of the model, bottom first (empty: the shipped model). */
  model?: string[];
  color?: boolean;
  set?: string[];
  conditions?: string;
  asOf?: string;
  observe?: string[];
  assume?: string[];
  quiet?: boolean;
  format?: string;
  json?: boolean;
  wide?: boolean;
  /** --batch [FILE]: true when given without a file (stdin). */
  batch?: string | boolean;
  /** false with --no-pager. */
  pager?: boolean;
}

/** A command's own option: commander's flags and description, and its default. */
export type OptionSpec = readonly [flags: string, description: string, defaultValue?: string | boolean | string[]] | OptionFn;
/** An option needing more than flags and text (a repeatable one with its collector). */
export type OptionFn = (cmd: Command) => Command;

/** Where the shared options (--model, --set, --format...) go among a command's own, for the order of --help. */
export const SHARED = Symbol('shared options');
/** Where --format (and --json) go, when not with the shared options. */
export const FORMAT = Symbol('format options');

export type OptionEntry = OptionSpec | typeof SHARED | typeof FORMAT;

/** What a command's `run` gets: everything the pipeline prepared. */
export interface Context<O> {
  io: Io;
  /** The options as commander parsed them. */
  opts: O & SharedOptions;
  /** The positional arguments after the named ones the pipeline resolves. */
  args: string[];
  format: Format;
  /** Colour and width for the table format. */
  style: RenderOptions;
  model: Model;
  /** The model folder (the shipped one when --model is not given). */
  dir: string;
  compiled: CompiledModel;
  /** The question: the date, the settings, the user's probabilities, observations and assumptions. */
  query: Query;
  /** The question's hard settings (the user's, not what the events established). */
  settings: ReadonlyMap<string, Value>;
  /** What the conditions file said with provenance (note, by, date, sources), still in force. */
  judgements: readonly Judgement[];
  /** The scenario named by a `<scenario>` argument. */
  scenario: Scenario;
  /** The evaluation of the settings (needs: 'evaluation'). */
  ev: OkEvaluation;
}

export interface CommandSpec<O, P, D> {
  name: string;
  description: string;
  /** Positional arguments; `<scenario>` is resolved to `ctx.scenario` once the model is loaded. */
  arguments?: readonly (readonly [name: string, description: string, defaultValue?: string])[];
  /** The command's own options, in --help order; SHARED marks where the shared ones go (default: last), FORMAT where --format goes if apart. */
  options?: readonly OptionEntry[];
  /** Shared options it takes beyond what it needs (default: those its needs and formats imply). */
  shared?: readonly ('model' | 'settings')[];
  /** Text after the options in --help. */
  help?: string;
  needs: Need;
  /** Output formats, the default first (default: table, json, markdown); [] for a command that renders nothing. */
  formats?: readonly Format[];
  /** The --format option's description, when "output format: table, json or markdown" does not fit. */
  formatHelp?: string;
  /** Checks on the command line alone, before the format is picked or anything is read. */
  check?: (opts: O & SharedOptions, args: string[], io: Io) => void | Promise<void>;
  /** Parses the command's own options once the settings are read, before any evaluation. */
  parse?: (ctx: Context<O>) => P;
  /** Analysis bounds (AnalysisBoundError.bound) and the flag that raises each: a hit bound is exit 64 naming it. */
  bounds?: Readonly<Record<string, string>>;
  /** The work: its result is what the renderers draw. */
  run: (ctx: Context<O>, parsed: P) => D | Promise<D>;
  /** The renderers, loaded when the command runs (so the program builds without them). */
  render?: () => Renderers<D> | Promise<Renderers<D>>;
  /** A file to write the rendered output to (atomically) instead of stdout, if the command line names one. */
  output?: (ctx: Context<O>) => string | undefined;
  /** After the output is written: an error to end with (validate's exit 65), if any. */
  fail?: (data: D, ctx: Context<O>) => AppError | undefined;
}

/** A command as the program holds it (type parameters erased). */
export interface AnyCommand {
  spec: CommandSpec<never, unknown, unknown>;
}


/** How a command answers one question in `state` (the pipeline's own steps; src/cli/batch.ts is handed them). */
export type Answer = (spec: CommandSpec<never, unknown, unknown>, state: Partial<Context<unknown>>) => Promise<unknown>;
