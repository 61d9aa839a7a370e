import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Io } from '../../app/io.js';
import { AppError, EXIT } from '../../app/errors.js';
import { modelDirOf, refuseEmptyModelNames, shippedModelDir } from '../../app/model.js';
import type { Model, ModelOverride } from '../../engine/types.js';
import { formatDiagnostic } from '../../model/diagnostics.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import { ModelError } from '../../model/errors.js';
import { SCHEMA_VERSION } from '../../render/kit/json.js';
import type { Renderers, TextRenderer } from '../../render/kit/options.js';
import { fitLines } from '../../render/kit/wrap.js';
import { defineCommand } from '../pipeline.js';

interface ValidateOptions {
  sources?: string;
  model?: string[];
  quiet?: boolean;
}

/** A layer as validate reports it. */
interface LayerShown {
  name: string;
  dir: string;
  sources: readonly string[];
  overrides: number;
}

/** What validate found, and how to show it. */
interface Validation {
  diagnostics: Diagnostic[];
  /** Sources whose text was not at hand. */
  unchecked: string[];
  /** Sources marked `unverified: true`: their quotes are not checked, by design. */
  unverified: string[];
  /** The layers of a stacked model, bottom first (empty for one folder). */
  layers: LayerShown[];
  /** Every override the layers make, bottom first. */
  overrides: ModelOverride[];
  /** Whether any source text was found (null: the model did not load). */
  checkedQuotes: boolean | null;
  /** The folder as named in the summary. */
  shown: string;
  /** Whether to word-wrap the diagnostics (the width is the terminal's or COLUMNS). */
  wrap: boolean;
}

const errorsIn = (v: Validation) => v.diagnostics.filter((d) => d.severity === 'error').length;

const at = (l: { file: string; line: number; col: number } | undefined) => (l ? `${l.file}:${l.line}:${l.col}` : '');

/** One override as a report line: where it is, what it changes, from what to what, where that was defined. */
function overrideLine(o: ModelOverride): string {
  const what = { prior: 'the prior of', strength: 'the strength of', grade: 'the grade of', target: 'the calibration target of', constraint: 'the probability of' }[o.kind];
  return `${at(o.loc) || '?'}: override: ${what} ${o.target}: ${o.from} -> ${o.to}${o.defined ? ` (defined at ${at(o.defined)})` : ''}${o.note ? `; ${o.note}` : ''}`;
}

// Diagnostics live in the model layer, which renderers do not import: validate's renderers are here.
const report: TextRenderer<Validation> = (v, { chalk, width }) => {
  const errors = errorsIn(v);
  const warnings = v.diagnostics.length - errors;
  const fit = (line: string) => (v.wrap ? fitLines(line, width) : line);
  const lines = v.diagnostics.map((d) => fit(formatDiagnostic(d)));
  const layers = v.layers.length ? [`layers, bottom first: ${v.layers.map((l) => l.name).join(', ')}`] : [];
  const overrides = v.overrides.map((o) => fit(overrideLine(o)));
  const counts = [warnings ? `${warnings} warning(s)` : '', v.overrides.length ? `${v.overrides.length} override(s)` : ''].filter(Boolean).join(', ');
  const summary =
    errors === 0
      ? chalk.green(`valid: ${v.shown}`) + (counts ? ` (${counts})` : '')
      : chalk.red(`${errors} error(s)`) + (counts ? `, ${counts}` : '');
  return [...lines, ...layers, ...overrides, summary].join('\n') + '\n';
};

/** The report in Markdown: a summary line, then a list of the problems with where each is. */
const markdown: TextRenderer<Validation> = (v) => {
  const errors = errorsIn(v);
  const warnings = v.diagnostics.length - errors;
  const head = errors === 0 ? `**valid:** ${v.shown}${warnings ? ` (${warnings} warning(s))` : ''}` : `**${errors} error(s)**${warnings ? `, ${warnings} warning(s)` : ''} in ${v.shown}`;
  const items = v.diagnostics.map((d) => `- ${d.severity === 'error' ? '**error**' : 'warning'} \`${d.file}:${d.line}:${d.col}\`: ${d.message.replace(/\n/g, ' ')}`);
  const unchecked = v.unchecked.length ? [`\nQuotes not checked (no text at hand): ${v.unchecked.join(', ')}`] : [];
  const layers = v.layers.length ? [`\nLayers, bottom first: ${v.layers.map((l) => `\`${l.name}\``).join(', ')}`] : [];
  const overrides = v.overrides.length ? ['', '**Overrides**', '', ...v.overrides.map((o) => `- ${overrideLine(o).replace(/\n/g, ' ')}`)] : [];
  return [head, ...(items.length ? ['', ...items] : []), ...unchecked, ...layers, ...overrides].join('\n') + '\n';
};

const validateRenderers: Renderers<Validation> = {
  table: report,
  json: (v) => {
    const errors = errorsIn(v);
    return {
      schemaVersion: SCHEMA_VERSION,
      ok: errors === 0,
      errors,
      warnings: v.diagnostics.length - errors,
      diagnostics: v.diagnostics,
      uncheckedSources: v.unchecked,
      unverifiedSources: v.unverified,
      layers: v.layers,
      overrides: v.overrides.map((o) => ({
        kind: o.kind,
        target: o.target,
        from: o.from,
        to: o.to,
        at: o.loc ?? null,
        defined: o.defined ?? null,
        ...(o.note ? { note: o.note } : {}),
        sources: o.citations.map((c) => ({ basis: c.basis, ...(c.source ? { source: c.source } : {}), ...(c.quote ? { quote: c.quote } : {}), ...(c.note ? { note: c.note } : {}) })),
      })),
    };
  },
  markdown,
};

type Checked = Omit<Validation, 'shown' | 'wrap'>;

/** The logic checks, the lints and the quotes of a loaded model, given its source texts. */
async function checkLoaded(model: Model, texts: Map<string, string>, before: Diagnostic[]): Promise<Checked> {
  const { checkLogic, checkQuotes, lintModel } = await import('../../model/check.js');
  const logic = checkLogic(model);
  // Lints only make sense once the constraints and scenarios are sound.
  if (!logic.some((d) => d.severity === 'error')) logic.push(...lintModel(model));
  const unverified = model.sources.filter((s) => s.unverified).map((s) => s.id);
  // Unverified sources have no text by design: their quotes are left unchecked, and said so apart.
  const quotes = checkQuotes(model, texts);
  const layers = model.info.layers ?? [];
  return {
    diagnostics: [...before, ...logic, ...quotes.diagnostics],
    unchecked: quotes.unchecked.filter((id) => !unverified.includes(id)),
    unverified,
    checkedQuotes: texts.size > 0,
    layers: layers.length > 1 ? layers.map((l) => ({ name: l.name, dir: l.dir, sources: l.sources, overrides: l.overrides.length })) : [],
    overrides: layers.flatMap((l) => l.overrides),
  };
}

/** Validates a model folder: every problem found, as file:line:col (files named relative to `cwd`). */
export async function validateDir(dir: string, cwd: string, sourcesDir?: string): Promise<Checked> {
  // Loaded here, not at the top: the YAML parser and the schema cost tens of
  // milliseconds that a plain query must not pay.
  const { loadModelDir, readSourceTexts } = await import('../../model/read.js');
  const res = loadModelDir(dir, cwd);
  // checkedQuotes is null when the model did not load, so there was nothing to check quotes of.
  if (!res.model) return { diagnostics: res.diagnostics, unchecked: [], unverified: [], checkedQuotes: null, layers: [], overrides: [] };
  const model = sourcesDir ? { ...res.model, info: { ...res.model.info, sourcesDir: resolve(cwd, sourcesDir) } } : res.model;
  const texts = readSourceTexts({ ...model, sources: model.sources.filter((s) => !s.unverified) }, dir, cwd);
  return checkLoaded(model, texts, res.diagnostics);
}

/**
 * Validates a stack of layers (`--model` repeated, `extends:`, or an overlay
 * on the shipped model): each layer's problems, the logic of the whole, each
 * source's quotes against the texts of the layer that brought it, and every
 * override. `sourcesDir` stands for the bottom layer's texts.
 */
export async function validateStack(values: readonly string[], io: Io, sourcesDir?: string): Promise<Checked> {
  const { resolveStack, buildStackDiagnostics } = await import('../../app/stack.js');
  const { readSourceTexts } = await import('../../model/read.js');
  const layers = await resolveStack(values, io);
  const res = await buildStackDiagnostics(layers, false);
  if (!res.model) return { diagnostics: res.diagnostics, unchecked: [], unverified: [], checkedQuotes: null, layers: [], overrides: [] };
  const model = res.model;
  const texts = new Map<string, string>();
  (model.info.layers ?? []).forEach((l, i) => {
    const own = new Set(l.sources);
    const sources = model.sources.filter((s) => own.has(s.id) && !s.unverified);
    const dir = i === 0 && sourcesDir ? resolve(io.cwd, sourcesDir) : l.sourcesDir;
    for (const [k, v] of readSourceTexts({ ...model, sources, info: { ...model.info, sourcesDir: dir } }, l.dir, io.cwd)) texts.set(k, v);
  });
  return checkLoaded(model, texts, res.diagnostics);
}

export const validate = defineCommand<ValidateOptions, undefined, Validation>({
  name: 'validate',
  arguments: [['[dir...]', 'the model folder (default: the shipped model); several are layers, bottom first, as with --model']],
  options: [
    ['--sources <dir>', "where the source texts are (default: the model's sources_dir; in a stack, the bottom layer's)"],
    (cmd) => cmd.option('--model <dir>', 'a layer, as in the other commands (repeatable; after the folders named before the options)', (v: string, p: string[]) => [...p, v], []),
    ['--no-color', 'no colour'],
  ],
  description: 'check a model: schema, references, duplicate ids, contradictory constraints, impossible scenarios, quotes; list the layers and every override',
  help: `
A stack of layers (several folders, an overlay folder, or a model file that
says \`extends:\`) is checked as a whole: each layer's files, the references
from each layer to the ones below, the logic of the stacked model, each
source's quotes against the texts of the layer that brought it. Every
override an overlay makes (a prior, a strength, a grade, a calibration target
or a soft constraint's probability) is listed, with where it is and where the
item it changes is defined.

Examples:
  $ iraq-scenarios validate
  $ iraq-scenarios validate my-model/ --json
  $ iraq-scenarios validate my-notes/            # an overlay, on the shipped model
  $ iraq-scenarios validate shipped my-notes/ --json | jq .overrides`,
  needs: 'nothing',
  run: async ({ io, opts, args, format }) => {
    const dirs = [...((args[0] as unknown as string[] | undefined) ?? []), ...(opts.model ?? [])];
    refuseEmptyModelNames(dirs);
    let v: Checked;
    if (dirs.length === 0) v = await validateDir(shippedModelDir(), io.cwd, opts.sources);
    else {
      const { mayStack } = await import('../../app/stack.js');
      v = dirs.length === 1 && dirs[0] !== 'shipped' && !(await mayStack(dirs[0]!, io)) ? await validateDir(modelDirOf(dirs[0]!, io), io.cwd, opts.sources) : await validateStack(dirs, io, opts.sources);
    }
    if (format !== 'json' && !opts.quiet) {
      if (v.checkedQuotes === false) io.stderr.write(`note: source texts not found, quotes not checked (set sources_dir in the model file, or --sources DIR)\n`);
      else if (v.unchecked.length) io.stderr.write(`note: no text at hand for ${v.unchecked.join(', ')}; their quotes were not checked\n`);
      if (v.unverified.length) io.stderr.write(`note: ${v.unverified.join(', ')} marked unverified: their quotes are not checked\n`);
    }
    // One line per diagnostic for tools reading a pipe; wrapped (hanging under
    // its file:line:col) only when the width is the terminal's or COLUMNS.
    const shown = dirs.length === 0 ? 'the shipped model' : v.layers.length ? v.layers.map((l) => l.name).join(' + ') : dirs.join(' + ');
    return { ...v, shown, wrap: io.stdout.isTTY === true || Number(io.env.COLUMNS) > 0 };
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
      const res = loadModelDir(resolve(io.cwd, dir), io.cwd);
      const logic = res.model ? checkLogic(res.model) : [];
      const problems = [...res.diagnostics, ...logic].filter((d) => d.severity === 'error');
      if (!res.model || problems.length) throw new ModelError('invalid', problems.map(formatDiagnostic).join('\n'), problems);
      // The shipped model is drawn without a display-safety walk on every run (pipeline.ts): its text
      // must need none, which is checked here, once, at build time.
      const { displaySafe } = await import('../../render/kit/safe.js');
      if (displaySafe(res.model) !== res.model)
        throw new AppError(EXIT.data, `${dir}: the model has text a terminal would act on (control, direction or invisible characters); 'validate ${dir}' and a look at its titles and quotes find it`);
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
      const { VERSION } = await import('../../app/version.js');
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
