import { closest, distance } from 'fastest-levenshtein';

/** A problem found in a file, at a position counted from 1. */
export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  severity: 'error' | 'warning';
  message: string;
}

/** `file:line:col: severity: message`, the GNU form editors and CI understand. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;
}

/**
 * The nearest valid name to a typo, when it is near enough to be a useful
 * suggestion (edit distance at most a third of the name's length, and 3).
 */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  if (list.length === 0) return undefined;
  const lower = name.toLowerCase();
  const best = closest(lower, list.map((c) => c.toLowerCase()));
  const idx = list.findIndex((c) => c.toLowerCase() === best);
  const d = distance(lower, best);
  const limit = Math.max(1, Math.min(3, Math.ceil(name.length / 3)));
  // Also accept a candidate that contains the name or is contained in it (prefix typing).
  if (d <= limit) return list[idx];
  const partial = list.find((c) => c.toLowerCase().startsWith(lower) || (lower.length >= 4 && c.toLowerCase().includes(lower)));
  return partial;
}

/** " (did you mean 'x'?)" or "". */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const n = nearest(name, candidates);
  return n ? ` (did you mean '${n}'?)` : '';
}
