import type { CompiledModel } from '../compile.js';
import type { ScenarioResult, SettingRef } from '../evaluate.js';
import type { Model } from '../types.js';
import type { QueryLike } from './common.js';
import { outlook, rankByNarrowing } from './outlook.js';
import type { ConditionOutlook, Outlook, OutlookOptions } from './outlook.js';

export interface WhatIfResult {
  settings: SettingRef[];
  /** The scenarios as they stand now. */
  scenarios: ScenarioResult[];
  /** The uncertainty (bits) about the scenarios now (see `entropy`). */
  entropy: number;
  /** Every unset condition (or those asked for), most narrowing first. */
  conditions: ConditionOutlook[];
  skipped: Outlook['skipped'];
  /** False on large models, where the conditions each value would force are not listed. */
  derivedListed: boolean;
}

/**
 * What each unset condition's values would do to every scenario (rule out,
 * trigger, or leave open, and the probabilities after), ranked by how much they
 * narrow the field: the expected number of possibilities a condition
 * eliminates, Σ P(v) × (scenarios v rules out), with P(v) the value's
 * probability; ties go to expected information, then to the most
 * any one value eliminates, then model order.
 *
 * @example
 * const r = whatif(model, new Map([['weather', 'calm']]));
 * r.conditions[0]?.condition; // the condition whose answer would eliminate the most
 */
export function whatif(model: Model | CompiledModel, settings: QueryLike, options: OutlookOptions = {}): WhatIfResult {
  const o = outlook(model, settings, options);
  return {
    settings: o.before.settings,
    scenarios: o.before.scenarios,
    entropy: o.entropy,
    conditions: rankByNarrowing(o.conditions),
    skipped: o.skipped,
    derivedListed: o.derivedListed,
  };
}
