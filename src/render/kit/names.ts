import type { ChalkInstance } from 'chalk';
import type { Model } from '../../engine/types.js';

/** A scenario as renderers name it. */
export type Named = { numeral: string | null; id: string };

/** A scenario's short name in Markdown and lists: its numeral, or its id (the baseline has none). */
export function label(s: Named): string {
  return s.numeral ?? s.id;
}

/** A short name for grids and matrices: its numeral, or `base` for the one without (the baseline). */
export function scenarioLabel(s: Named): string {
  return s.numeral ?? 'base';
}

/**
 * Short names for tables: numerals, and `base` for the one scenario without
 * (as the timeline grid has it), so a long id does not widen every column;
 * `legend` explains `base` once it has been used.
 *
 * @example
 * const nm = namer(model);
 * nm.name(baseline); // 'base'
 * nm.legend(chalk);  // ['base = p0_maliki_government: Maliki's government ...']
 */
export function namer(model: Model): { name: (s: Named) => string; legend: (chalk: ChalkInstance) => string[] } {
  const bare = model.scenarios.filter((s) => s.numeral === null);
  const base = bare.length === 1 ? bare[0]! : undefined;
  let used = false;
  return {
    name: (s) => {
      if (s.numeral !== null) return s.numeral;
      if (base && s.id === base.id) {
        used = true;
        return 'base';
      }
      return s.id;
    },
    legend: (chalk) => (used && base ? [chalk.dim(`base = ${base.id}: ${base.title}`)] : []),
  };
}
