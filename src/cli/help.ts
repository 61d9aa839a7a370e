import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { AppError, EXIT } from '../app/errors.js';
import type { Io } from '../app/io.js';
import { didYouMean } from '../model/diagnostics.js';
import { colourLevel, makeChalk, outputWidth } from './io.js';

/**
 * `help [COMMAND|TOPIC]`: a command's help, as `COMMAND --help` prints it,
 * or a topic, read from the documentation page that holds it (docs/ ships
 * in the package), so the two cannot drift apart.
 */
export interface Topic {
  summary: string;
  /** The page in docs/. */
  file: string;
  /** The `##` section of it, when the topic is one section. */
  section?: string;
}

export const TOPICS: Readonly<Record<string, Topic>> = {
  environment: { summary: 'the environment variables the tool reads', file: 'environment.md' },
  'exit-codes': { summary: 'what each exit code means', file: 'exit-codes.md' },
  expressions: { summary: 'how rules name conditions: id, not id, id=value, all/any/not', file: 'model-format.md', section: 'Expressions' },
  'model-format': { summary: 'the YAML files of a model, field by field', file: 'model-format.md' },
  probabilities: { summary: 'how the probabilities are computed', file: 'probabilities.md' },
  json: { summary: 'the JSON output and its schemaVersion', file: 'json-contract.md' },
};

/** The documentation folder: docs/ beside dist/ in the package and in a checkout. */
export function docsDir(): string {
  return fileURLToPath(new URL('../docs/', import.meta.url));
}

/** A topic's Markdown: the whole page, or its section. */
export function topicMarkdown(name: string, dir = docsDir()): string {
  const t = TOPICS[name]!;
  let md: string;
  try {
    md = readFileSync(`${dir}${t.file}`, 'utf8');
  } catch (e) {
    throw new AppError(EXIT.noInput, `help ${name}: cannot read docs/${t.file} (${(e as NodeJS.ErrnoException).code ?? 'error'}); the installation is incomplete`);
  }
  if (!t.section) return md;
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l === `## ${t.section}`);
  if (start < 0) return md;
  const end = lines.findIndex((l, i) => i > start && /^#{1,2}\s/.test(l));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

export function registerHelp(program: Command, io: Io): void {
  program.helpCommand(false);
  const topics = Object.entries(TOPICS)
    .map(([name, t]) => `  ${name.padEnd(15)}${t.summary}`)
    .join('\n');
  // The top-level help (--help, -h, help) ends with the topics.
  program.addHelpText('after', `\nHelp topics ('help TOPIC'):\n${topics}`);
  program
    .command('help')
    .argument('[command-or-topic]', 'a command, or one of the topics below')
    .description('help on a command, or on a topic: environment, exit-codes, expressions, model-format, probabilities, json')
    .addHelpText('after', `\nTopics:\n${topics}`)
    .action(async (name: string | undefined) => {
      if (name === undefined) {
        program.outputHelp();
        return;
      }
      const cmd = program.commands.find((c) => c.name() === name || c.aliases().includes(name));
      if (cmd && name !== 'help') {
        cmd.outputHelp();
        return;
      }
      if (TOPICS[name]) {
        const { docText } = await import('../render/doc-text.js');
        const chalk = makeChalk(colourLevel(io, io.stdout, undefined));
        io.stdout.write(docText(topicMarkdown(name), { width: Math.max(40, outputWidth(io) - 1), chalk }));
        return;
      }
      const names = [...program.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden).map((c) => c.name()), ...Object.keys(TOPICS)];
      throw new AppError(EXIT.usage, `help ${name}: no such command or topic${didYouMean(name, names)}; commands: 'iraq-scenarios --help'; topics: ${Object.keys(TOPICS).join(', ')}`);
    });
}
