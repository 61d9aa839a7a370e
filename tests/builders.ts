import type { Citation, Condition, Constraint, ConstraintKind, Expr, Model, Scenario } from '../src/engine/types.js';

/** Small builders for engine tests: models without YAML. */
export const cite: Citation = { source: 'test', quote: 'q', basis: 'stated' };

export function boolCond(id: string): Condition {
  return { id, question: `${id}?`, values: null, citations: [] };
}

export function enumCond(id: string, values: string[]): Condition {
  return { id, question: `${id}?`, values, citations: [] };
}

export function constraint(id: string, kind: ConstraintKind, ...args: Expr[]): Constraint {
  return { id, kind, args, citations: [] };
}

export function scenario(id: string, parts: Partial<Scenario> = {}): Scenario {
  return {
    id,
    numeral: null,
    title: id,
    prior: 1,
    labels: [],
    requires: [],
    triggers: [],
    rulesOut: [],
    evidence: [],
    consequences: [],
    citations: [],
    ...parts,
  };
}

export const clause = (when: Expr) => ({ when, citations: [] as Citation[] });

export function model(parts: Partial<Model>): Model {
  return {
    info: { name: 'test', title: 'test' },
    sources: [{ id: 'test', file: 'test.txt', title: 'test', reliability: 'high', partisan: false }],
    conditions: [],
    constraints: [],
    scenarios: [],
    actors: [],
    contradictions: [],
    events: [],
    ...parts,
  };
}
