import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, EXIT } from './errors.js';
import { applyChanges, parseSetFlags } from './settings.js';
import type { Io } from './io.js';
import { colourLevel, makeChalk, outputWidth } from './io.js';
import { evaluate } from '../engine/evaluate.js';
import type { Evaluation } from '../engine/evaluate.js';
import { CompiledModel } from '../engine/compile.js';
import type { Model, Scenario, Value } from '../engine/types.js';
import { didYouMean, formatDiagnostic } from '../model/diagnostics.js';
import type { RenderOptions } from '../render/query.js';

export type Format = 'table' | 'json' | 'markdown';

export interface CommonOptions {
  model?: string;
  set?: string[];
  conditions?: string;
  /** --as-of DATE: start from the settings the model's events put in force by then. */
  asOf?: string;
  format?: string;
  json?: boolean;
  color?: boolean;
}

/** The folder of the shipped model (scenarios/ beside dist/). */
export function shippedModelDir(): string {
  return fileURLToPath(new URL('../scenarios/', import.meta.url));
}

let shippedCache: Model | undefined;

/**
 * The shipped model, compiled to JSON at build time so a query never parses
 * YAML; a user's model folder is loaded and checked from its YAML.
 */
export async function getModel(dir: string | undefined, io: Io): Promise<{ model: Model; dir: string }> {
  if (dir === undefined) {
    if (!shippedCache) {
      const path = fileURLToPath(new URL('./model.json', import.meta.url));
      shippedCache = JSON.parse(readFileSync(path, 'utf8')) as Model;
    }
    return { model: shippedCache, dir: shippedModelDir() };
  }
  const abs = resolve(io.cwd, dir);
  const { loadModelCached } = await import('../model/cache.js');
  const { model, diagnostics } = await loadModelCached(abs, io.env);
  if (!model) {
    throw new CliError(
      EXIT.data,
      `${diagnostics.map(formatDiagnostic).join('\n')}\n${dir}: the model has ${diagnostics.filter((d) => d.severity === 'error').length} problem(s); 'validate ${dir}' lists them`,
      diagnostics,
    );
  }
  return { model, dir: abs };
}

/** Reads --conditions (a file, or - for stdin) then --set; later wins. */
export async function getSettings(model: Model, opts: CommonOptions, io: Io, base: ReadonlyMap<string, Value> = new Map()) {
  let settings = new Map(base);
  if (opts.asOf !== undefined) settings = (await import('./as-of.js')).applyAsOf(model, settings, opts, io);
  if (opts.conditions !== undefined) {
    const file = opts.conditions;
    let bytes: Uint8Array;
    let shown = file;
    if (file === '-') {
      if (io.stdin.isTTY)
        throw new CliError(EXIT.usage, '--conditions -: standard input is a terminal; pipe a conditions file in, or name the file');
      bytes = await readStream(io.stdin);
      shown = '<stdin>';
    } else {
      try {
        bytes = readFileSync(resolve(io.cwd, file));
      } catch (e) {
        throw new CliError(EXIT.noInput, `--conditions ${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
    const { parseConditionsFile } = await import('./conditions-file.js');
    settings = applyChanges(settings, parseConditionsFile(model, shown, bytes));
  }
  return applyChanges(settings, parseSetFlags(model, opts.set ?? []));
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk);
    size += b.length;
    chunks.push(b);
    if (size > 2 * 1024 * 1024) break;
  }
  return Buffer.concat(chunks);
}

const compiledCache = new WeakMap<Model, CompiledModel>();
export function compiled(model: Model): CompiledModel {
  let cm = compiledCache.get(model);
  if (!cm) {
    cm = new CompiledModel(model);
    compiledCache.set(model, cm);
  }
  return cm;
}

/** Evaluates, turning a contradiction into the documented error and exit code. */
export function evaluateOrFail(model: Model, settings: ReadonlyMap<string, Value>): Evaluation & { ok: true } {
  const ev = evaluate(compiled(model), settings);
  if (!ev.ok) {
    throw new CliError(EXIT.contradiction, `contradictory settings: ${ev.conflict.text}`, [], {
      conflict: { settings: ev.conflict.settings, constraints: ev.conflict.constraints },
    });
  }
  return ev;
}

export function getFormat(opts: CommonOptions): Format {
  if (opts.json) return 'json';
  const f = opts.format ?? 'table';
  if (f === 'table' || f === 'json' || f === 'markdown') return f;
  throw new CliError(EXIT.usage, `--format ${f}: expected table, json or markdown${didYouMean(f, ['table', 'json', 'markdown'])}`);
}

export function renderOptions(io: Io, opts: CommonOptions): RenderOptions {
  return { chalk: makeChalk(colourLevel(io, io.stdout, opts.color)), width: outputWidth(io) };
}

/** Finds a scenario by id or numeral (any case), or fails naming the nearest. */
export function findScenario(model: Model, name: string): Scenario {
  const lower = name.toLowerCase();
  const s =
    model.scenarios.find((x) => x.id === name) ??
    model.scenarios.find((x) => x.numeral !== null && x.numeral.toLowerCase() === lower) ??
    model.scenarios.find((x) => x.id.toLowerCase() === lower);
  if (s) return s;
  const names = [...model.scenarios.map((x) => x.id), ...model.scenarios.flatMap((x) => (x.numeral ? [x.numeral] : []))];
  throw new CliError(
    EXIT.usage,
    `unknown scenario '${name}'${didYouMean(name, names)}; name one by id or numeral (${model.scenarios.map((x) => x.numeral ?? x.id).join(', ')})`,
  );
}

/** Adds the options every command shares. */
export function withModelOption(cmd: Command): Command {
  return cmd
    .option('--model <dir>', 'a model folder to use instead of the shipped one')
    .option('--no-color', 'no colour (also NO_COLOR=1, or when output is not a terminal)');
}

export function withSettingsOptions(cmd: Command): Command {
  return cmd
    .option('-s, --set <id=value>', 'set a condition: true/false/yes/no/unknown or a named value (repeatable)', collect, [])
    .option('-c, --conditions <file>', 'read settings from a YAML or JSON file (- for stdin); --set wins')
    .option('--as-of <date>', "start from the settings the model's dated events put in force by DATE (YYYY-MM-DD); --conditions and --set apply after");
}

export function withFormatOptions(cmd: Command): Command {
  return cmd
    .option('-f, --format <format>', 'output format: table, json or markdown', 'table')
    .option('--json', 'same as --format json');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
