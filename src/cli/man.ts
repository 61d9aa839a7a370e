import type { Command, Option } from 'commander';
import { EXIT_HELP_ROWS } from './exit-help.js';
import { TOPICS } from './help.js';

/**
 * The manual page (roff, man(7) macros), generated from the program itself:
 * every command with its arguments, description and options as `--help`
 * gives them, the exit codes, the environment (the table in
 * docs/environment.md) and where to read more. build.mjs writes it to
 * man/iraq-scenarios.1, which the package installs as the man page.
 */
export function manPage(program: Command, opts: { version: string; date: string; environment?: readonly [string, string][] }): string {
  const out: string[] = [];
  out.push(`.TH IRAQ-SCENARIOS 1 "${opts.date}" "iraq-scenarios ${esc(opts.version)}" "User Commands"`);
  out.push('.SH NAME', `iraq-scenarios \\- ${esc(firstSentence(program.description()))}`);
  out.push('.SH SYNOPSIS', '.B iraq-scenarios', '[\\fICOMMAND\\fR] [\\fIOPTIONS\\fR]');
  out.push('.SH DESCRIPTION', esc(program.description()));
  out.push(
    '.PP',
    'With no command on a terminal, an interactive session opens; without a terminal, the tool refuses and names the one-shot commands. Every command that reads a model takes \\fB\\-\\-model\\fR \\fIDIR\\fR (the shipped model by default); every command that prints data takes \\fB\\-\\-format\\fR and \\fB\\-\\-json\\fR.',
  );
  out.push('.SH COMMANDS');
  for (const c of program.commands) {
    if ((c as Command & { _hidden?: boolean })._hidden) continue;
    out.push('.SS', `.B ${esc(c.name())}${c.usage() ? ` ${esc(c.usage())}` : ''}`.trimEnd());
    out.push(esc(c.description()));
    const options = c.options.filter((o) => !o.hidden);
    for (const o of options) out.push('.TP', `.B ${optionFlags(o)}`, esc(optionText(o)));
  }
  out.push('.SH EXIT STATUS');
  for (const [code, meaning] of EXIT_HELP_ROWS) out.push('.TP', `.B ${code}`, esc(meaning));
  if (opts.environment?.length) {
    out.push('.SH ENVIRONMENT');
    for (const [name, meaning] of opts.environment) out.push('.TP', `.B ${esc(name)}`, esc(meaning));
  }
  out.push('.SH FILES');
  out.push('.TP', '.I $XDG_CACHE_HOME/iraq-scenarios', 'The cache of compiled model folders (\\fI~/.cache/iraq-scenarios\\fR when XDG_CACHE_HOME is unset).');
  out.push('.SH SEE ALSO');
  out.push(
    `\\fBiraq-scenarios help\\fR \\fITOPIC\\fR, with topics: ${esc(Object.keys(TOPICS).join(', '))}. The guide, the model format, the JSON contract and how the probabilities are computed are in the package's \\fIdocs/\\fR folder.`,
  );
  return out.join('\n') + '\n';
}

function firstSentence(s: string): string {
  const i = s.indexOf(':');
  return (i > 0 ? s.slice(0, i) : s).replace(/\.$/, '');
}

function optionFlags(o: Option): string {
  return esc(o.flags).replace(/<([^>]+)>/g, '\\fI$1\\fR').replace(/\[([^\]]+)\]/g, '[\\fI$1\\fR]');
}

function optionText(o: Option): string {
  const dflt = o.defaultValue !== undefined && !(Array.isArray(o.defaultValue) && o.defaultValue.length === 0) && typeof o.defaultValue !== 'boolean' ? ` (default: ${String(o.defaultValue)})` : '';
  const choices = o.argChoices ? ` (one of: ${o.argChoices.join(', ')})` : '';
  return `${o.description}${choices}${dflt}`;
}

/** Text made safe for roff: backslashes, hyphens in words that are flags, and a leading dot or quote. */
export function esc(s: string): string {
  return s
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .split('\n')
    .map((l) => (/^[.']/.test(l) ? `\\&${l}` : l))
    .join('\n');
}
