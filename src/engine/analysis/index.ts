/**
 * Analyses built on the engine: what each open question would do (whatif),
 * what to watch next (watch), what would bring a ruled-out scenario back
 * (revive), and an exact count of the worlds (explore). Pure, like the engine.
 */
export { AnalysisBoundError, DEFAULT_MAX_WORK, entropy, holdsExpr, workDone } from './common.js';
export { outlook, rankByInformation, rankByNarrowing, DEFAULT_MAX_CONDITIONS, DERIVE_LIMIT } from './outlook.js';
export type { ConditionOutlook, Outcome, Outlook, OutlookOptions, ScenarioEffect } from './outlook.js';
export { whatif } from './whatif.js';
export type { WhatIfResult } from './whatif.js';
export { watch } from './watch.js';
export type { ScenarioSignposts, Signpost, WatchItem, WatchOptions, WatchResult } from './watch.js';
export { revive } from './revive.js';
export type { Change, ReviveOption, ReviveOptions, ReviveResult, ReviveSet } from './revive.js';
export { explore, findGapPatterns, generaliseGap, DEFAULT_MAX_NODES } from './explore.js';
export type { Cube, ExploreOptions, ExploreResult } from './explore.js';
