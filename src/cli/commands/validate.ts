import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Io } from '../../app/io.js';
import type { Model } from '../../engine/types.js';
import { AppError, EXIT } from '../../app/errors.js';
import { modelDirOf, shippedModelDir } from '../../app/model.js';
import { formatDiagnostic } from '../../model/diagnostics.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import { ModelError } from '../../model/errors.js';
import { SCHEMA_VERSION } from '../../render/kit/json.js';
import type { Renderers, TextRenderer } from '../../render/kit/options.js';
import { fitLines } from '../../render/kit/wrap.js';
import { defineCommand } from '../pipeline.js';

interface ValidateOptions {
  sources?: string;
  model?: string;
  quiet?: boolean;
}

/** What validate found, and how to show it. */
interface Validation {
  diagnostics: Diagnostic[];
  /** Sources whose text was not at hand. */
  unchecked: string[];
  /** Whether any source text was found (null: the model did not load). */
  checkedQuotes: boolean | null;
  /** The folder as named in the summary. */
  shown: string;
  /** Whether to word-wrap the diagnostics (the width is the terminal's or COLUMNS). */
  wrap: boolean;
}

const errorsIn = (v: Validation) => v.diagnostics.filter((d) => d.severity === 'error').length;

// Diagnostics live in the model layer, which renderers do not import: validate's renderers are here.
const report: TextRenderer<Validation> = (v, { chalk, width }) => {
  const errors = errorsIn(v);
  const warnings = v.diagnostics.length - errors;
  const lines = v.diagnostics.map((d) => (v.wrap ? fitLines(formatDiagnostic(d), width) : formatDiagnostic(d)));
  const summary =
    errors === 0
      ? chalk.green(`valid: ${v.shown}`) + (warnings ? ` (${warnings} warning(s))` : '')
      : chalk.red(`${errors} error(s)`) + (warnings ? `, ${warnings} warning(s)` : '');
  return [...lines, summary].join('\n') + '\n';
};

/** The report in Markdown: a summary line, then a list of the problems with where each is. */
const markdown: TextRenderer<Validation> = (v) => {
  const errors = errorsIn(v);
  const warnings = v.diagnostics.length - errors;
  const head = errors === 0 ? `**valid:** ${v.shown}${warnings ? ` (${warnings} warning(s))` : ''}` : `**${errors} error(s)**${warnings ? `, ${warnings} warning(s)` : ''} in ${v.shown}`;
  const items = v.diagnostics.map((d) => `- ${d.severity === 'error' ? '**error**' : 'warning'} \`${d.file}:${d.line}:${d.col}\`: ${d.message.replace(/\n/g, ' ')}`);
  const unchecked = v.unchecked.length ? [`\nQuotes not checked (no text at hand): ${v.unchecked.join(', ')}`] : [];
  return [head, ...(items.length ? ['', ...items] : []), ...unchecked].join('\n') + '\n';
};

const validateRenderers: Renderers<Validation> = {
  table: report,
  json: (v) => {
    const errors = errorsIn(v);
    return { schemaVersion: SCHEMA_VERSION, ok: errors === 0, errors, warnings: v.diagnostics.length - errors, diagnostics: v.diagnostics, uncheckedSources: v.unchecked };
  },
  markdown,
};

/** Validates a model folder: every problem found, as file:line:col. */
export async function validateDir(dir: string, sourcesDir?: string): Promise<Omit<Validation, 'shown' | 'wrap'>> {
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

export const validate = defineCommand<ValidateOptions, undefined, Validation>({
  name: 'validate',
  arguments: [['[dir]', 'the model folder (default: the shipped model)']],
  options: [
    ['--model <dir>', 'the model folder, as every command names it (the same as DIR)'],
    ['--sources <dir>', "where the source texts are (default: the model's sources_dir)"],
    ['--no-color', 'no colour'],
  ],
  description: 'check a model: schema, references, duplicate ids, contradictory constraints, impossible scenarios, quotes',
  help: '\nExamples:\n  $ iraq-scenarios validate\n  $ iraq-scenarios validate my-model/ --json',
  needs: 'nothing',
  check: ({ model }, [dir]) => {
    if (model !== undefined && dir !== undefined && resolve(model) !== resolve(dir))
      throw new AppError(EXIT.usage, `validate ${dir} --model ${model}: two folders; name one (DIR and --model mean the same)`);
  },
  run: async ({ io, opts, args, format }) => {
    const dir = args[0] ?? opts.model;
    const target = dir === undefined ? shippedModelDir() : modelDirOf(dir, io);
    const v = await validateDir(target, opts.sources);
    if (format !== 'json' && !opts.quiet) {
      if (v.checkedQuotes === false) io.stderr.write(`note: source texts not found, quotes not checked (set sources_dir in the model file, or --sources DIR)\n`);
      else if (v.unchecked.length) io.stderr.write(`note: no text at hand for ${v.unchecked.join(', ')}; their quotes were not checked\n`);
    }
    // One line per diagnostic for tools reading a pipe; wrapped (hanging under
    // its file:line:col) only when the width is the terminal's or COLUMNS.
    return { ...v, shown: dir ?? 'the shipped model', wrap: io.stdout.isTTY === true || Number(io.env.COLUMNS) > 0 };
  },
  render: () => validateRenderers,
  // The report is out; the exit code says whether it found errors (no further message).
  fail: (v) => (errorsIn(v) ? new AppError(EXIT.data, '') : undefined),
});

/** Build-time helpers (hidden): compile the shipped model to JSON; write the JSON Schema. */
export function registerInternal(program: Command, io: Io): void {
  program
    .command('__compile', { hidden: true })
    .argument('<dir>')
    .argument('<out>')
    .argument('[prepared]')
    .action(async (dir: string, out: string, prepared: string | undefined) => {
      const { loadModelDir } = await import('../../model/read.js');
      const { checkLogic } = await import('../../model/check.js');
      const { writeFileAtomicSync } = await import('../../app/atomic.js');
      const res = loadModelDir(resolve(io.cwd, dir));
      const logic = res.model ? checkLogic(res.model) : [];
      const problems = [...res.diagnostics, ...logic].filter((d) => d.severity === 'error');
      if (!res.model || problems.length) throw new ModelError('invalid', problems.map(formatDiagnostic).join('\n'), problems);
      const text = JSON.stringify(res.model);
      writeFileAtomicSync(resolve(io.cwd, out), text);
      if (prepared) {
        // The circuit and calibration of the model as it will be read back (from this JSON), saved
        // beside it: a query then neither compiles nor calibrates (engine/prob/prepared.ts).
        const { CompiledModel } = await import('../../engine/compile.js');
        const saved = new CompiledModel(JSON.parse(text) as Model).distribution.prepare();
        if (saved) writeFileAtomicSync(resolve(io.cwd, prepared), JSON.stringify(saved));
      }
    });
  program
    .command('__man', { hidden: true })
    .argument('<out>')
    .action(async (out: string) => {
      const { manPage } = await import('../man.js');
      const { docsDir } = await import('../help.js');
      const { writeFileAtomicSync } = await import('../../app/atomic.js');
      const { VERSION } = await import('../version.js');
      // The environment section is the table of docs/environment.md, where the page exists.
      let environment: [string, string][] = [];
      try {
        environment = readFileSync(`${docsDir()}environment.md`, 'utf8')
          .split('\n')
          .filter((l) => /^\|\s*`[A-Z_][A-Z0-9_]*`/.test(l))
          .map((l) => l.split('|').map((c) => c.trim().replace(/`/g, '')))
          .map((c) => [c[1]!, c[2]!]);
      } catch {
        // No such page: no ENVIRONMENT section.
      }
      writeFileAtomicSync(resolve(io.cwd, out), manPage(program, { version: VERSION, date: '', environment }));
    });
  program
    .command('__schema', { hidden: true })
    .argument('<out>')
    .action(async (out: string) => {
      const { jsonSchema } = await import('../../model/json-schema.js');
      const { writeFileAtomicSync } = await import('../../app/atomic.js');
      writeFileAtomicSync(resolve(io.cwd, out), JSON.stringify(jsonSchema(), null, 2) + '\n');
    });
}
