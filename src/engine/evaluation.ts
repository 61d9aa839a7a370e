/**
 * What an evaluation returns: statuses with their reasons (exact, from the
 * SAT solver) and probabilities (exact weighted model counts, or labelled
 * estimates), as plain data for renderers.
 */
import type { EvidenceStrength, Citation, Evidence, Value } from './types.js';

/**
 * - `ruled-out`: holds in no world the constraints and settings allow (probability 0);
 * - `certain`: holds in every such world (probability 1);
 * - `triggered`: one of its triggers holds in every such world, and it is not ruled out;
 * - `open`: anything else.
 */
export type Status = 'ruled-out' | 'open' | 'triggered' | 'certain';
export const STATUSES: readonly Status[] = ['ruled-out', 'open', 'triggered', 'certain'];

/** A hard value in force: the user's setting, or an observation that established it. */
export interface SettingRef {
  condition: string;
  value: Value;
  /** Absent or 'set': the user's; 'observed': established by an observation (see `observations`); 'assumed': by an assumed side of a contradiction. */
  origin?: 'set' | 'observed' | 'assumed' | undefined;
  /** For an assumed value: `contradiction=side`. */
  assumption?: string | undefined;
  /** For an observed value: the date, and the model event when it came from one. */
  date?: string | undefined;
  event?: string | undefined;
}

export type ClauseRole = 'requires' | 'rules-out' | 'trigger';

export interface ClauseRef {
  role: ClauseRole;
  index: number;
  /** The model's prose for the clause, or its expression when it has none. */
  text: string;
  /** The clause's expression, in the ids users type (`not maliki_government_formed`). */
  expr: string;
  citations: readonly Citation[];
}

/** What decided a verdict: the settings, constraints and clauses in play. */
export interface Because {
  settings: SettingRef[];
  constraints: string[];
  clauses: ClauseRef[];
}

export type ReasonKind = 'ruled-out' | 'certain' | 'triggered' | 'open' | 'pending' | 'label';

export interface Reason {
  kind: ReasonKind;
  text: string;
  because?: Because | undefined;
  citations: readonly Citation[];
}

/** A piece of evidence on a scenario: the factor it puts on the worlds where it and the scenario hold. */
export interface EvidenceItem {
  text: string;
  effect: Evidence['effect'];
  strength: EvidenceStrength;
  /** ratio^reliability: > 1 favours, < 1 disfavours. */
  factor: number;
  reliability: number;
  /** Whether the evidence holds in every world (yes), none (no) or some (unknown). */
  holds: 'yes' | 'no' | 'unknown';
  citations: readonly Citation[];
}

/** A consequence the model attaches to a scenario, and whether the settings already bear it out. */
export interface ConsequenceResult {
  text: string;
  expr: string;
  likelihood: 'certain' | 'risk';
  /** yes: holds in every consistent world; no: in none; unknown: in some. */
  holds: 'yes' | 'no' | 'unknown';
  citations: readonly Citation[];
}

export interface ScenarioResult {
  id: string;
  numeral: string | null;
  /** The short name of a scenario without a numeral (`base`), when the model gives one. */
  short?: string | undefined;
  title: string;
  status: Status;
  /** The probability that it holds at the horizon, given everything set and observed (0 when ruled out, 1 when certain). */
  probability: number;
  /** The model's odds factor for it (1: none). */
  prior: number;
  labels: string[];
  reasons: Reason[];
  evidence: EvidenceItem[];
  consequences: ConsequenceResult[];
}

export interface DerivedCondition {
  condition: string;
  value: Value;
  /** The settings and constraints that force it; constraints in chain order. */
  because: Because;
}

export interface ConditionState {
  id: string;
  origin: 'set' | 'observed' | 'assumed' | 'derived' | 'unknown';
  value: Value | null;
  /** The values still possible under the settings and constraints. */
  possible: Value[];
  /** The probability of each value (empty when numbers were not asked for). */
  probabilities: { value: Value; probability: number }[];
}

export interface Conflict {
  settings: SettingRef[];
  constraints: string[];
  text: string;
  /** 'constraints': the hard settings contradict the constraints; 'probability': a probability given cannot be met. */
  kind?: 'constraints' | 'probability' | undefined;
}

/** A dated observation and what it amounted to. */
export interface ObservationRef {
  condition: string;
  value: Value;
  date: string;
  event?: string | undefined;
  /**
   * happened: an outcome established (hard); past-horizon: seen at or after the horizon (hard);
   * timeless: the model has no horizon, so it is a fact (hard); not-yet: an outcome not seen by
   * its date (a factor on "happens"); state: a state seen on its date (a factor toward the value).
   */
  reading: 'happened' | 'past-horizon' | 'timeless' | 'not-yet' | 'state';
  /** For a soft reading: the likelihood factor per value. */
  factors?: { value: Value; factor: number }[] | undefined;
  /** not-yet: the share of the outcome's time left; state: the chance the value persists to the horizon. */
  timeLeft?: number | undefined;
  persistence?: number | undefined;
  /** Replaced by the user's setting or probability of the same condition. */
  replaced?: boolean | undefined;
}

/** The user's own probability for a condition, met exactly. */
export interface ProbabilityRef {
  condition: string;
  probabilities: { value: Value; probability: number }[];
}

/** How the numbers were made. */
export interface Numbers {
  method: 'exact' | 'estimate';
  /** For an estimate: the half-width of the 95% interval of the least certain probability (0 when exact). */
  error: number;
  samples?: number | undefined;
  /** The calibration in force: each target and the odds factor fitted to meet it (null: the model states none). */
  calibration: { asOf: string; targets: { scenario: string; target: number; factor: number }[] } | null;
  /** The date the model's events were applied up to, and the horizon in force. */
  asOf?: string | undefined;
  horizon?: string | undefined;
}

export type Evaluation =
  | {
      ok: true;
      /** The user's hard settings and what observations established, in that order. */
      settings: SettingRef[];
      observations: ObservationRef[];
      probabilities: ProbabilityRef[];
      scenarios: ScenarioResult[];
      /** The probability that none of the scenarios holds: what the model leaves uncovered. */
      residual: number;
      /** Pairwise: the probability that both hold (when asked for). */
      overlaps: { a: string; b: string; probability: number }[] | null;
      derived: DerivedCondition[];
      conditions: ConditionState[];
      numbers: Numbers;
    }
  | { ok: false; settings: SettingRef[]; conflict: Conflict };
