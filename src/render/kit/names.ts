import type { ChalkInstance } from 'chalk';
import type { Model } from '../../engine/types.js';

/** A scenario as renderers name it. */
export type Named = { numeral: string | null; id: string; short?: string | undefined };

/** A scenario's short name in Markdown and lists: its numeral, its short name, or its id. */
export function label(s: Named): string {
  return s.numeral ?? s.short ?? s.id;
}

/**
 * A short name for grids and matrices: its numeral, its short name, or
 * `base` (for a model's one scenario without either, as the first format had
 * its baseline).
 */
export function scenarioLabel(s: Named): string {
  return s.numeral ?? s.short ?? 'base';
}

/**
 * Short names for tables: numerals, short names (`base`, `deadlock`), and
 * `base` for a model's one scenario with neither, so a long id does not widen
 * every column; `legend` explains the short names that were used.
 *
 * @example
 * const nm = namer(model);
 * nm.name(baseline); // 'base'
 * nm.legend(chalk);  // ['base = p0_maliki_government: Maliki's government ...']
 */
export function namer(model: Model): { name: (s: Named) => string; legend: (chalk: ChalkInstance) => string[] } {
  const bare = model.scenarios.filter((s) => s.numeral === null && s.short === undefined);
  const base = bare.length === 1 ? bare[0]! : undefined;
  const used = new Map<string, string>();
  return {
    name: (s) => {
      if (s.numeral !== null) return s.numeral;
      const full = model.scenarios.find((x) => x.id === s.id);
      const short = s.short ?? full?.short ?? (base && s.id === base.id ? 'base' : undefined);
      if (short === undefined) return s.id;
      used.set(short, `${short} = ${s.id}: ${full?.title ?? ''}`);
      return short;
    },
    legend: (chalk) => [...used.values()].map((x) => chalk.dim(x)),
  };
}
