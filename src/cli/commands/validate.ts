import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Io } from '../io.js';
import { CliError, EXIT } from '../errors.js';
import { getFormat, renderOptions, shippedModelDir, withFormatOptions } from '../context.js';
import type { CommonOptions } from '../context.js';
import { SCHEMA_VERSION, toJsonText } from '../../render/json.js';
import { fitLines } from '../../render/text.js';
import { formatDiagnostic } from '../../model/diagnostics.js';
import type { Diagnostic } from '../../model/diagnostics.js';

interface ValidateOptions extends CommonOptions {
  sources?: string;
}

/** Validates a model folder: every problem found, as file:line:col. */
export async function validateDir(dir: string, sourcesDir?: string): Promise<{ diagnostics: Diagnostic[]; unchecked: string[]; checkedQuotes: boolean | null }> {
  // Loaded here, not at the top: the YAML parser and the schema cost tens of
  // milliseconds that a plain query must not pay.
  const { loadModelDir, readSourceTexts } = await import('../../model/read.js');
  const { checkLogic, checkQuotes, lintModel } = await import('../../model/check.js');
  const res = loadModelDir(dir);
  // checkedQuotes is null when the model did not load, so there was nothing to check quotes of.
  if (!res.model) return { diagnostics: res.diagnostics, unchecked: [], checkedQuotes: null };
  const model = sourcesDir ? { ...res.model, info: { ...res.model.info, sourcesDir: resolve(sourcesDir) } } : res.model;
  const logic = checkLogic(model);
  // Lints only make sense once the constraints and scenarios are sound.
  if (!logic.some((d) => d.severity === 'error')) logic.push(...lintModel(model));
  const texts = readSourceTexts(model, dir);
  const quotes = checkQuotes(model, texts);
  return {
    diagnostics: [...res.diagnostics, ...logic, ...quotes.diagnostics],
    unchecked: quotes.unchecked,
    checkedQuotes: texts.size > 0,
  };
}

export function registerValidate(program: Command, io: Io): void {
  const cmd = program
    .command('validate')
    .argument('[dir]', 'the model folder (default: the shipped model)')
    .option('--sources <dir>', "where the source texts are (default: the model's sources_dir)")
    .option('--no-color', 'no colour')
    .description('check a model: schema, references, duplicate ids, contradictory constraints, impossible scenarios, quotes')
    .addHelpText('after', '\nExamples:\n  $ iraq-scenarios validate\n  $ iraq-scenarios validate my-model/ --json');
  withFormatOptions(cmd).action(async (dir: string | undefined, opts: ValidateOptions) => {
    const format = getFormat(opts);
    const target = dir === undefined ? shippedModelDir() : resolve(io.cwd, dir);
    const { diagnostics, unchecked, checkedQuotes } = await validateDir(target, opts.sources);
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.length - errors;
    if (format === 'json') {
      io.stdout.write(toJsonText({ schemaVersion: SCHEMA_VERSION, ok: errors === 0, errors, warnings, diagnostics, uncheckedSources: unchecked }));
    } else {
      const { chalk, width } = renderOptions(io, opts);
      // One line per diagnostic for tools reading a pipe; wrapped (hanging under
      // its file:line:col) only when the width is the terminal's or COLUMNS.
      const known = io.stdout.isTTY === true || Number(io.env.COLUMNS) > 0;
      for (const d of diagnostics) io.stdout.write((known ? fitLines(formatDiagnostic(d), width) : formatDiagnostic(d)) + '\n');
      if (checkedQuotes === false) io.stderr.write(`note: source texts not found, quotes not checked (set sources_dir in the model file, or --sources DIR)\n`);
      else if (unchecked.length) io.stderr.write(`note: no text at hand for ${unchecked.join(', ')}; their quotes were not checked\n`);
      const summary = errors === 0 ? chalk.green(`valid: ${dir ?? 'the shipped model'}`) + (warnings ? ` (${warnings} warning(s))` : '') : chalk.red(`${errors} error(s)`) + (warnings ? `, ${warnings} warning(s)` : '');
      io.stdout.write(summary + '\n');
    }
    if (errors) throw new CliError(EXIT.data, '', []);
  });
}

/** Build-time helpers (hidden): compile the shipped model to JSON; write the JSON Schema. */
export function registerInternal(program: Command, io: Io): void {
  program
    .command('__compile', { hidden: true })
    .argument('<dir>')
    .argument('<out>')
    .action(async (dir: string, out: string) => {
      const { loadModelDir } = await import('../../model/read.js');
      const { checkLogic } = await import('../../model/check.js');
      const { writeFileAtomicSync } = await import('../atomic.js');
      const res = loadModelDir(resolve(io.cwd, dir));
      const logic = res.model ? checkLogic(res.model) : [];
      const problems = [...res.diagnostics, ...logic].filter((d) => d.severity === 'error');
      if (!res.model || problems.length) throw new CliError(EXIT.data, problems.map(formatDiagnostic).join('\n'), problems);
      writeFileAtomicSync(resolve(io.cwd, out), JSON.stringify(res.model));
    });
  program
    .command('__schema', { hidden: true })
    .argument('<out>')
    .action(async (out: string) => {
      const { jsonSchema } = await import('../../model/json-schema.js');
      const { writeFileAtomicSync } = await import('../atomic.js');
      writeFileAtomicSync(resolve(io.cwd, out), JSON.stringify(jsonSchema(), null, 2) + '\n');
    });
}
