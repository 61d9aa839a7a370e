/**
 * The engine: a model and the user's settings in, an evaluation out. Pure:
 * no file system, terminal or process, and no import from outside this
 * folder (lint refuses one). Explanations are data: every verdict carries
 * the settings, constraints and clauses that decided it, with their sources.
 *
 * Beside `evaluate`: the analyses built on it (whatif, watch, revive,
 * explore), the timeline of dated events, the difference of two
 * evaluations, the stance matrix of the actors and the model as a graph.
 * The model comes from src/model/ (YAML files) or is built in code.
 *
 * @example
 * import { evaluate, is, type Model } from './engine/index.js';
 *
 * const model: Model = {
 *   info: { name: 'harbour', title: 'The harbour' },
 *   sources: [], actors: [], contradictions: [], events: [],
 *   conditions: [{ id: 'port_closed', question: 'Is the port closed?', values: null, citations: [] }],
 *   constraints: [],
 *   scenarios: [{
 *     id: 'business_as_usual', numeral: 'A', title: 'Business as usual', prior: 1, labels: [],
 *     requires: [], triggers: [], evidence: [], consequences: [], citations: [],
 *     rulesOut: [{ when: is('port_closed'), citations: [] }],
 *   }],
 * };
 * const ev = evaluate(model, new Map([['port_closed', true]]));
 * if (ev.ok) {
 *   ev.scenarios[0]?.status;          // 'ruled-out'
 *   ev.scenarios[0]?.reasons[0]?.text; // why, with the setting and the clause that decided it
 * }
 */
export { evaluate } from './evaluate.js';
export type {
  Because,
  ClauseRef,
  ConditionState,
  Conflict,
  DerivedCondition,
  EvaluateOptions,
  Evaluation,
  Reason,
  ScenarioResult,
  SettingRef,
  Status,
} from './evaluate.js';
export { CompiledModel } from './compile.js';
export { all, any, conditionsOf, formatConstraint, formatExpr, formatValue, is, literalsOf, not } from './expr.js';
export type { Literal } from './expr.js';
export type * from './types.js';
export * from './analysis/index.js';
export { eventsInOrder, eventsUntil, isIsoDate, timeline } from './timeline.js';
export type { TimelineOptions, TimelineStep } from './timeline.js';
export { diffEvaluations } from './diff.js';
export type { ConditionDiff, EvaluationDiff, ScenarioDiff, ScenarioSide } from './diff.js';
export { stanceMatrix } from './actors.js';
export type { ScenarioSupport, StanceCell, StanceMatrix } from './actors.js';
export { edgeNegated, edgeTest, modelGraph } from './graph.js';
export type { GraphEdge, GraphNode, ModelGraph } from './graph.js';
