import { formatValue } from '../engine/expr.js';
import type { Because, ScenarioResult, SettingRef } from '../engine/evaluate.js';
import type { Citation, Value } from '../engine/types.js';

/** Cuts text to a width with an ellipsis, never mid-way through a line break. */
export function cut(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (width <= 1) return flat.slice(0, Math.max(0, width));
  return flat.length <= width ? flat : flat.slice(0, width - 1).trimEnd() + '…';
}

export function settingText(s: SettingRef): string {
  return `${s.condition}=${formatValue(s.value)}`;
}

export function valueText(v: Value | null): string {
  return v === null ? 'unknown' : formatValue(v);
}

export function percent(w: number): string {
  return `${(w * 100).toFixed(1)}%`;
}

/**
 * A short line saying what decided a scenario's status, for tables: in
 * condition ids, which is what users type in `--set`.
 */
export function decidingReason(s: ScenarioResult): string {
  const first = s.reasons[0];
  if (!first) return '';
  const b = first.because;
  const from = b && b.settings.length ? ` ← ${b.settings.map(settingText).join(', ')}` : '';
  if (s.status === 'ruled-out' && b) {
    const by = b.clauses.filter((c) => c.role === 'rules-out').map((c) => c.expr);
    const needs = b.clauses.filter((c) => c.role === 'requires').map((c) => c.expr);
    const parts = [...(by.length ? [`by ${by.join(', ')}`] : []), ...(needs.length ? [`needs ${needs.join(', ')}`] : [])];
    return `${parts.join('; ') || 'requirements cannot all hold'}${from}`;
  }
  if (s.status === 'triggered' && b) return `${b.clauses.map((c) => c.expr).join(' or ')}${from}`;
  const pending = s.reasons.filter((r) => r.kind === 'pending');
  if (!pending.length) return 'nothing decides it yet';
  const clauses = pending.flatMap((r) => r.because?.clauses ?? []);
  const needs = clauses.filter((c) => c.role === 'requires').map((c) => c.expr);
  const avoid = clauses.filter((c) => c.role === 'rules-out').map((c) => c.expr);
  return [needs.length ? `needs ${needs.join(', ')}` : '', avoid.length ? `must not: ${avoid.join(', ')}` : '']
    .filter(Boolean)
    .join('; ');
}

/** "set: a=true; via c1 → c2" for a Because. */
export function becauseText(b: Because): string {
  const parts: string[] = [];
  if (b.settings.length) parts.push(`set: ${b.settings.map(settingText).join(', ')}`);
  if (b.constraints.length) parts.push(`via ${b.constraints.join(' → ')}`);
  return parts.join('; ');
}

/** `file: "quote" (basis)` for a citation. */
export function citationText(c: Citation): string {
  if (!c.source) return `background: ${c.note ?? ''}`.trim();
  return `${c.source}: "${c.quote}" (${c.basis})${c.note ? ` [${c.note}]` : ''}`;
}
