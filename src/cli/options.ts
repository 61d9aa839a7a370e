import { AppError, EXIT } from '../app/errors.js';
import type { Model } from '../engine/types.js';
import { DEFAULT_MAX_WORK } from '../engine/analysis/common.js';
import { didYouMean } from '../model/diagnostics.js';
import type { Format } from '../render/kit/options.js';
import type { OptionSpec } from './pipeline.js';
// Thousands by hand (countText): toLocaleString loads ICU data, ~15 ms of every start, as help texts are built with the program.
import { countText } from '../render/kit/text.js';

/** Options and their readers shared by the analysis commands (whatif, watch, revive, explore). */

/** Reads a positive whole number from a flag, or fails naming the flag. */
export function countOption(flag: string, text: string | undefined, fallback: number, allowZero = false): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1))
    throw new AppError(EXIT.usage, `${flag} ${text}: expected a whole number${allowZero ? ' (0 or more)' : ' greater than 0'}`);
  return n;
}

/** Reads --only (repeatable, comma-separated condition ids), naming the nearest id for a typo. */
export function onlyOption(model: Model, list: readonly string[] | undefined): string[] | undefined {
  if (!list || list.length === 0) return undefined;
  const ids = new Set(model.conditions.map((c) => c.id));
  const out = list.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  for (const id of out)
    if (!ids.has(id)) throw new AppError(EXIT.usage, `--only ${id}: unknown condition${didYouMean(id, ids)}; 'list conditions' shows them all`);
  return out;
}

/** Conditions shown: --top N (0 = all); by default 10 in a table or Markdown, all in JSON. */
export function topOption(text: string | undefined, format: Format): number {
  return countOption('--top', text, format === 'json' ? 0 : 10, true);
}

export interface OutlookOptions {
  only?: string[];
  top?: string;
  maxConditions?: string;
  maxWork?: string;
}

/** --max-work: the work budget of an analysis (whatif, watch, revive, sensitivity, query --ranges). */
export const MAX_WORK_OPTION: OptionSpec = [
  '--max-work <n>',
  `refuse beyond N units of work (default ${countText(BigInt(DEFAULT_MAX_WORK))}; docs/guarantees.md)`,
];

/** Reads --max-work. */
export function maxWorkOption(text: string | undefined): number {
  return countOption('--max-work', text, DEFAULT_MAX_WORK);
}

/** --only, --top and --max-conditions, shared by whatif and watch. */
export function outlookOptions(maxDefault: number): OptionSpec[] {
  return [
    (cmd) => cmd.option('--only <ids>', 'analyse only these conditions (comma-separated, repeatable)', (v: string, p: string[]) => [...p, v], []),
    ['--top <n>', 'show the first N conditions (0: all; default 10, all with --json)'],
    ['--max-conditions <n>', `refuse beyond this many unset conditions (default ${maxDefault})`],
    MAX_WORK_OPTION,
  ];
}
