import type { CompiledModel } from '../compile.js';
import type { SettingRef, Status } from '../evaluate.js';
import type { Model, Value } from '../types.js';
import type { QueryLike } from './common.js';
import { cmp, outlook, rankByInformation } from './outlook.js';
import type { Outlook, OutlookOptions } from './outlook.js';

export interface WatchItem {
  condition: string;
  question: string;
  /** Marked by the model as observable before the outcome is settled (a signpost). */
  indicator: boolean;
  /** Expected information about the scenarios, in bits (see `outlook`). */
  expectedInformation: number;
  expectedEliminated: number;
  values: { value: Value; probability: number; entropyAfter: number; eliminated: number; triggered: number }[];
  /** Values the settings and constraints already exclude. */
  impossible: Value[];
}

/** A condition whose answer would move a scenario, and how far for each value. */
export interface Signpost {
  condition: string;
  /** The largest change of the scenario's probability any value brings (0..1). */
  shift: number;
  moves: { value: Value; status: Status; probability: number; delta: number }[];
}

export interface ScenarioSignposts {
  id: string;
  numeral: string | null;
  title: string;
  status: Status;
  probability: number;
  signposts: Signpost[];
}

export interface WatchResult {
  settings: SettingRef[];
  entropy: number;
  ranking: WatchItem[];
  /** Per scenario still possible, the conditions whose answer would move it most. */
  signposts: ScenarioSignposts[];
  /** Ruled-out scenarios: no unset condition can bring them back (see revive). */
  ruledOut: string[];
  skipped: Outlook['skipped'];
}

export interface WatchOptions extends OutlookOptions {
  /** Signposts per scenario (default 3). */
  signposts?: number | undefined;
}

/**
 * What to watch next: the unset conditions ranked by expected information
 * about the scenarios, Σ_s I(condition; s holds) = H(now) − Σ_v P(v) · H(after v),
 * H being the sum of the scenarios' binary entropies and P(v) the
 * condition's probability in the model's distribution, all exact. The
 * conditions the model marks as indicators (observable before the outcome is
 * settled) come first, the others after them, each group by information.
 * Also, per scenario, its signposts: the conditions whose answer would move
 * its probability the most (largest |P after − P now| over the values).
 *
 * @example
 * const w = watch(model, new Map());
 * w.ranking[0]?.condition;        // the most informative condition to watch
 * w.signposts[0]?.signposts[0];   // what would move the first scenario most
 */
export function watch(model: Model | CompiledModel, settings: QueryLike, options: WatchOptions = {}): WatchResult {
  const o = outlook(model, settings, { ...options, explain: false, derive: false });
  const per = options.signposts ?? 3;
  const conds = new Map(('model' in model ? model.model : model).conditions.map((c) => [c.id, c]));
  const isIndicator = (id: string) => conds.get(id)?.indicator === true;
  const ranked = rankByInformation(o.conditions);
  const ranking: WatchItem[] = [...ranked.filter((c) => isIndicator(c.condition)), ...ranked.filter((c) => !isIndicator(c.condition))].map((c) => ({
    condition: c.condition,
    question: c.question,
    indicator: isIndicator(c.condition),
    expectedInformation: c.expectedInformation,
    expectedEliminated: c.expectedEliminated,
    values: c.outcomes
      .filter((v) => v.possible)
      .map((v) => ({ value: v.value, probability: v.probability, entropyAfter: v.entropyAfter, eliminated: v.eliminated, triggered: v.triggered })),
    impossible: c.outcomes.filter((v) => !v.possible).map((v) => v.value),
  }));
  const signposts: ScenarioSignposts[] = [];
  for (const s of o.before.scenarios) {
    if (s.status === 'ruled-out') continue;
    const posts: Signpost[] = o.conditions.map((c) => {
      const moves = c.outcomes
        .filter((v) => v.possible)
        .map((v) => {
          const e = v.effects.find((x) => x.id === s.id)!;
          return { value: v.value, status: e.after, probability: e.probabilityAfter, delta: e.probabilityAfter - e.probabilityBefore };
        });
      return { condition: c.condition, shift: Math.max(0, ...moves.map((m) => Math.abs(m.delta))), moves };
    });
    const ranked = posts
      // A value that changes the status (triggers it, say, at an equal probability) is a signpost even if the number stays.
      .map((p, i) => ({ p, i, decides: p.moves.some((m) => m.status !== s.status) }))
      .filter((x) => x.p.shift > 1e-9 || x.decides)
      .sort((a, b) => cmp(b.p.shift, a.p.shift) || Number(b.decides) - Number(a.decides) || a.i - b.i)
      .slice(0, per)
      .map((x) => x.p);
    signposts.push({ id: s.id, numeral: s.numeral, title: s.title, status: s.status, probability: s.probability, signposts: ranked });
  }
  return {
    settings: o.before.settings,
    entropy: o.entropy,
    ranking,
    signposts,
    ruledOut: o.before.scenarios.filter((s) => s.status === 'ruled-out').map((s) => s.id),
    skipped: o.skipped,
  };
}
