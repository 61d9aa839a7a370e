/**
 * The domain types of a scenario model, as the engine sees them: plain data,
 * already checked by the loader. Nothing here knows about Iraq.
 */

/** How a judgement stands in its source. */
export type Basis = 'stated' | 'reported' | 'inferred' | 'background';
export const BASES: readonly Basis[] = ['stated', 'reported', 'inferred', 'background'];

/** Reliability grade of a source document. */
export type Reliability = 'high' | 'medium' | 'low';
export const RELIABILITIES: readonly Reliability[] = ['high', 'medium', 'low'];

/** Where something was written: file, line and column, counted from 1. */
export interface Loc {
  file: string;
  line: number;
  col: number;
}

/** A citation: a phrase standing verbatim in a source, and how it is used. */
export interface Citation {
  source: string;
  quote: string;
  basis: Basis;
  note?: string | undefined;
  loc?: Loc | undefined;
}

export interface Source {
  id: string;
  file: string;
  title: string;
  date?: string | undefined;
  reliability: Reliability;
  partisan: boolean;
  note?: string | undefined;
  loc?: Loc | undefined;
}

/** A value of a condition: true/false for yes/no conditions, a name for the others. */
export type Value = boolean | string;

export interface Condition {
  id: string;
  question: string;
  /** null for a yes/no condition; the named values otherwise (at least two). */
  values: readonly string[] | null;
  description?: string | undefined;
  citations: readonly Citation[];
  loc?: Loc | undefined;
}

/** A logical expression over conditions. */
export type Expr =
  | { op: 'is'; condition: string; value: Value }
  | { op: 'not'; arg: Expr }
  | { op: 'all'; args: readonly Expr[] }
  | { op: 'any'; args: readonly Expr[] };

export type ConstraintKind = 'implies' | 'excludes' | 'exactly-one' | 'at-most-one' | 'equivalent' | 'always';
export const CONSTRAINT_KINDS: readonly ConstraintKind[] = [
  'implies',
  'excludes',
  'exactly-one',
  'at-most-one',
  'equivalent',
  'always',
];

/** A rule between conditions that holds in every world. */
export interface Constraint {
  id: string;
  kind: ConstraintKind;
  /** The operands, in the order the kind reads them (if/then for implies). */
  args: readonly Expr[];
  description?: string | undefined;
  citations: readonly Citation[];
  loc?: Loc | undefined;
}

/** A requirement, trigger or rule-out of a scenario. */
export interface Clause {
  when: Expr;
  text?: string | undefined;
  citations: readonly Citation[];
  loc?: Loc | undefined;
}

export type EvidenceEffect = 'favours' | 'disfavours';
export type EvidenceStrength = 'weak' | 'moderate' | 'strong';
export const EVIDENCE_STRENGTHS: readonly EvidenceStrength[] = ['weak', 'moderate', 'strong'];

/** Soft evidence: when `when` is certain, the scenario's weight moves. */
export interface Evidence {
  when: Expr;
  effect: EvidenceEffect;
  strength: EvidenceStrength;
  text?: string | undefined;
  citations: readonly Citation[];
  loc?: Loc | undefined;
}

/** A likelihood label the sources give a scenario ("similar chance", "unlikely"). */
export interface LikelihoodLabel {
  label: string;
  citations: readonly Citation[];
}

export interface Consequence {
  when: Expr;
  likelihood: 'certain' | 'risk';
  text?: string | undefined;
  citations: readonly Citation[];
}

export interface Scenario {
  id: string;
  /** The numeral users can name it by ("I".."V"), or null (the baseline). */
  numeral: string | null;
  title: string;
  summary?: string | undefined;
  /** Relative prior weight, > 0. */
  prior: number;
  labels: readonly LikelihoodLabel[];
  requires: readonly Clause[];
  triggers: readonly Clause[];
  rulesOut: readonly Clause[];
  evidence: readonly Evidence[];
  consequences: readonly Consequence[];
  citations: readonly Citation[];
  loc?: Loc | undefined;
}

export type StanceKind = 'supports' | 'opposes' | 'neutral' | 'conditional' | 'unclear';
export const STANCE_KINDS: readonly StanceKind[] = ['supports', 'opposes', 'neutral', 'conditional', 'unclear'];

export interface Stance {
  scenario: string;
  stance: StanceKind;
  /** For a conditional stance: the stance that applies while `when` holds. */
  when?: Expr | undefined;
  then?: StanceKind | undefined;
  otherwise?: StanceKind | undefined;
  citations: readonly Citation[];
  loc?: Loc | undefined;
}

export interface Actor {
  id: string;
  name: string;
  group?: string | undefined;
  /** Documented influence weight, 0..10. */
  influence: number;
  description?: string | undefined;
  stances: readonly Stance[];
  citations: readonly Citation[];
  loc?: Loc | undefined;
}

/** Where sources disagree: the model says so rather than picking silently. */
export interface Contradiction {
  id: string;
  topic: string;
  claims: readonly Citation[];
  handling: string;
  loc?: Loc | undefined;
}

export interface ModelEvent {
  id: string;
  date: string;
  /** How the date is known: stated in a seed, inferred from one, or undated. */
  dateBasis: 'stated' | 'inferred' | 'undated';
  title: string;
  sets: Readonly<Record<string, Value>>;
  citations: readonly Citation[];
  loc?: Loc | undefined;
}

export interface ModelInfo {
  name: string;
  title: string;
  description?: string | undefined;
  /** Where the source texts are, relative to the model folder (for quote checks). */
  sourcesDir?: string | undefined;
  basisFactors?: Partial<Record<Basis, number>> | undefined;
  reliabilityFactors?: Partial<Record<Reliability, number>> | undefined;
}

export interface Model {
  info: ModelInfo;
  sources: readonly Source[];
  conditions: readonly Condition[];
  constraints: readonly Constraint[];
  scenarios: readonly Scenario[];
  actors: readonly Actor[];
  contradictions: readonly Contradiction[];
  events: readonly ModelEvent[];
}

/** A user's settings: condition id to value. Absent means unknown. */
export type Settings = ReadonlyMap<string, Value>;
