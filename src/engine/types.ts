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
  /** This citation's own grade, where it differs from its source's (a dated fact against a forecast). */
  reliability?: Reliability | undefined;
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
  /** Where it can be read, when it is on the web. */
  url?: string | undefined;
  /** No text at hand to check quotes against: its quotes are shown as unverified. */
  unverified?: boolean | undefined;
  loc?: Loc | undefined;
}

/** A value of a condition: true/false for yes/no conditions, a name for the others. */
export type Value = boolean | string;

/**
 * How a condition is read at the horizon: an `outcome` happens before it or
 * not (once it has happened it stays happened); a `state` is its value then,
 * which may change before.
 */
export type ConditionKind = 'outcome' | 'state';
export const CONDITION_KINDS: readonly ConditionKind[] = ['outcome', 'state'];

/**
 * When, before the horizon, an outcome that happens would happen: evenly
 * (`uniform`), more likely early (`early`, density falling linearly to 0 at
 * the horizon) or late (`late`, rising linearly from 0 at the start).
 */
export type Hazard = 'uniform' | 'early' | 'late';
export const HAZARDS: readonly Hazard[] = ['uniform', 'early', 'late'];

export interface Condition {
  id: string;
  question: string;
  /** null for a yes/no condition; the named values otherwise (at least two). */
  values: readonly string[] | null;
  /** Outcome or state (models without a horizon need neither). */
  kind?: ConditionKind | undefined;
  /** P(yes) for a yes/no condition, or a probability per named value; default: the model's. */
  prior?: number | Readonly<Record<string, number>> | undefined;
  /** For an outcome: when it would happen (default: the model's, else uniform). */
  hazard?: Hazard | undefined;
  /** For a state: days after which an observation of it has lost half its weight. */
  halfLife?: number | undefined;
  /** Observable before the outcome is settled: a signpost to watch. */
  indicator?: boolean | undefined;
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

/**
 * A rule between conditions: hard (it holds in every world) or, with a
 * `probability`, soft: the rule is in force with that probability, so a
 * world that breaks it keeps (1 − probability) of its weight.
 */
export interface Constraint {
  id: string;
  kind: ConstraintKind;
  /** The operands, in the order the kind reads them (if/then for implies). */
  args: readonly Expr[];
  /** Absent: hard. Otherwise in (0, 1): soft. */
  probability?: number | undefined;
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
  /** A short name for tables and for typing (`base`, `deadlock`), for a scenario without a numeral. */
  short?: string | undefined;
  title: string;
  summary?: string | undefined;
  /**
   * An odds factor on the worlds where the scenario holds (1: none). Kept
   * from the first format, where it was the scenario's relative weight.
   */
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

/**
 * A decision unit: several actors (its voices) who speak for one decision
 * maker, counted once in the support balance with the unit's influence.
 */
export interface Unit {
  id: string;
  name: string;
  /** Documented influence weight, 0..10. */
  influence: number;
  description?: string | undefined;
  citations: readonly Citation[];
  loc?: Loc | undefined;
}

export interface Actor {
  id: string;
  name: string;
  group?: string | undefined;
  /** The decision unit this actor is a voice of (its influence then counts through the unit). */
  unit?: string | undefined;
  /** Documented influence weight, 0..10. */
  influence: number;
  description?: string | undefined;
  stances: readonly Stance[];
  citations: readonly Citation[];
  loc?: Loc | undefined;
}

/**
 * One side of a contradiction: what the model changes when a user assumes
 * that side is right (`--assume CONTRADICTION=SIDE`).
 */
export interface ContradictionSide {
  id: string;
  text: string;
  claims: readonly Citation[];
  /** Hard values this side makes true at the horizon. */
  sets: Readonly<Record<string, Value>>;
  /** Condition priors this side changes (a probability of yes, or per named value). */
  priors: Readonly<Record<string, number | Readonly<Record<string, number>>>>;
  /** Calibration targets this side changes, by scenario id. */
  targets: Readonly<Record<string, number>>;
  loc?: Loc | undefined;
}

/** Where sources disagree: the model says so rather than picking silently. */
export interface Contradiction {
  id: string;
  topic: string;
  claims: readonly Citation[];
  handling: string;
  /** The side the model as written takes (its sides' changes apply only when assumed). */
  defaultSide?: string | undefined;
  sides: readonly ContradictionSide[];
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

/** The model's clock: it starts on `start`; everything is read at the horizon. */
export interface ModelTime {
  start: string;
  /** The last day of the story (YYYY-MM-DD). */
  horizon: string;
  /** Outcomes that end the story earlier: once one has happened, its date is the horizon. */
  endsWhen: readonly string[];
}

/** Model-wide defaults for what a condition does not say. */
export interface ModelDefaults {
  /** P(yes) of a yes/no condition without a prior (default 0.5; named values: uniform). */
  prior?: number | undefined;
  hazard?: Hazard | undefined;
  /** Half-life of a state observation, in days (default 90). */
  halfLife?: number | undefined;
}

/** A probability a source gives a scenario, as of a date: the model is fitted to meet it. */
export interface CalibrationTarget {
  scenario: string;
  probability: number;
  /** How far to swing it in a sensitivity analysis (default: odds ×/÷ 1.5). */
  range?: readonly [number, number] | undefined;
  citations: readonly Citation[];
  loc?: Loc | undefined;
}

export interface Calibration {
  /** The date the targets speak of: the events up to it are inside the calibration. */
  asOf: string;
  targets: readonly CalibrationTarget[];
}

/**
 * A change an overlay makes to something a layer below it defined: a
 * condition's prior, an evidence item's strength, a source's grade, a
 * calibration target or a soft constraint's probability. Never silent:
 * `validate` lists every one.
 */
export interface ModelOverride {
  kind: 'prior' | 'strength' | 'grade' | 'target' | 'constraint';
  /** What it changes: a condition, `scenario#evidence[N]`, a source, a scenario (its target), a constraint. */
  target: string;
  /** The value below, and the new one, as text. */
  from: string;
  to: string;
  /** Where the overlay says so. */
  loc?: Loc | undefined;
  /** Where the changed item is defined. */
  defined?: Loc | undefined;
  note?: string | undefined;
  citations: readonly Citation[];
}

/** One layer of a model stacked from several folders (`--model` repeated, or `extends:`), bottom first. */
export interface ModelLayer {
  /** `shipped`, or the folder as the user named it. */
  name: string;
  /** The layer's own title (an overlay's model file may give one). */
  title?: string | undefined;
  /** The folder (absolute). */
  dir: string;
  /** Where its source texts are, relative to `dir`. */
  sourcesDir?: string | undefined;
  /** The sources this layer adds. */
  sources: readonly string[];
  /** What it changes in the layers below. */
  overrides: readonly ModelOverride[];
  /** A hash of the layer's files. */
  hash: string;
}

export interface ModelInfo {
  name: string;
  title: string;
  description?: string | undefined;
  time?: ModelTime | undefined;
  defaults?: ModelDefaults | undefined;
  calibration?: Calibration | undefined;
  /** Where the source texts are, relative to the model folder (for quote checks). */
  sourcesDir?: string | undefined;
  basisFactors?: Partial<Record<Basis, number>> | undefined;
  reliabilityFactors?: Partial<Record<Reliability, number>> | undefined;
  /** The layers it was stacked from, bottom first (absent for a model from one folder). */
  layers?: readonly ModelLayer[] | undefined;
}

export interface Model {
  info: ModelInfo;
  sources: readonly Source[];
  conditions: readonly Condition[];
  constraints: readonly Constraint[];
  scenarios: readonly Scenario[];
  actors: readonly Actor[];
  /** Decision units the actors may be voices of (optional: none). */
  units?: readonly Unit[] | undefined;
  contradictions: readonly Contradiction[];
  events: readonly ModelEvent[];
}

/** A user's settings: condition id to value. Absent means unknown. */
export type Settings = ReadonlyMap<string, Value>;

/** A source a user's judgement cites: one of the model's (with a quote), or a web page, marked unverified. */
export type JudgementSource =
  | { source: string; quote?: string | undefined; basis?: Basis | undefined; note?: string | undefined }
  | { url: string; quote?: string | undefined; note?: string | undefined; unverified: true };

/**
 * What a user said about a condition, with its provenance: an entry of a
 * conditions file written as a mapping (value or probability, note, by,
 * date, sources). Shown beside the model's own reasons.
 */
export interface Judgement {
  condition: string;
  /** What was said, as typed on the command line: `true`, `0.3`, `a:0.6,b:0.4`, `unknown`. */
  said: string;
  note?: string | undefined;
  /** Who said it. */
  by?: string | undefined;
  /** When (YYYY-MM-DD). */
  date?: string | undefined;
  sources: readonly JudgementSource[];
  loc?: Loc | undefined;
}
