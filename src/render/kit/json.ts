import type { Evaluation } from '../engine/evaluate.js';
import type { Citation, Model } from '../engine/types.js';

/** The JSON contract's version: bumped on any breaking change to the shape. */
export const SCHEMA_VERSION = 1;

export function citationJson(c: Citation): Record<string, unknown> {
  const out: Record<string, unknown> = { basis: c.basis };
  if (c.source) out.source = c.source;
  if (c.quote) out.quote = c.quote;
  if (c.note) out.note = c.note;
  return out;
}

/** The query result as the documented JSON shape (no colour, no layout). */
export function queryJson(model: Model, ev: Evaluation & { ok: true }): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    model: { name: model.info.name, title: model.info.title },
    settings: ev.settings,
    scenarios: ev.scenarios.map((s) => ({
      id: s.id,
      numeral: s.numeral,
      title: s.title,
      status: s.status,
      weight: round(s.weight),
      prior: s.prior,
      labels: s.labels,
      reasons: s.reasons.map((r) => ({
        kind: r.kind,
        text: r.text,
        ...(r.because
          ? {
              because: {
                settings: r.because.settings,
                constraints: r.because.constraints,
                clauses: r.because.clauses.map((c) => ({ role: c.role, index: c.index, text: c.text, when: c.expr })),
              },
            }
          : {}),
        sources: r.citations.map(citationJson),
      })),
      evidence: s.evidence.map((e) => ({
        text: e.text,
        effect: e.effect,
        strength: e.strength,
        factor: round(e.factor),
        reliability: round(e.reliability),
        sources: e.citations.map(citationJson),
      })),
      consequences: s.consequences.map((c) => ({
        text: c.text,
        when: c.expr,
        likelihood: c.likelihood,
        holds: c.holds,
        sources: c.citations.map(citationJson),
      })),
    })),
    derived: ev.derived.map((d) => ({
      condition: d.condition,
      value: d.value,
      because: { settings: d.because.settings, constraints: d.because.constraints },
    })),
    conditions: ev.conditions,
  };
}

/** Rounds to 6 decimals so JSON stays readable and stable. */
export function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function toJsonText(data: unknown): string {
  return JSON.stringify(data, null, 2) + '\n';
}
