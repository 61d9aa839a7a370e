/**
 * Scoring forecasts against what happened, and pooling several people's
 * probabilities. Pure: forecasts and outcomes in, numbers out.
 *
 * A forecast gives each scenario a probability, and "none of them" one too
 * (the residual). Each is scored as a yes/no question: did it happen? The
 * scenarios may overlap, so several can happen together; "none" happened
 * when no scenario of the forecast did.
 */

/** One forecast: when, by whom, and each scenario's probability. */
export interface Forecast {
  id: string;
  /** The day the forecast speaks for (YYYY-MM-DD). */
  date: string;
  by?: string | undefined;
  /** Scenario id to probability, in the forecast's order. */
  scenarios: ReadonlyMap<string, number>;
  /** The probability that no scenario holds. */
  none: number;
}

/** What happened: the scenarios that held (none: an empty list), as of a date. */
export interface Outcome {
  date: string;
  happened: readonly string[];
}

/** The name of the "none of the scenarios" question. */
export const NONE = 'none';

/** Probabilities are kept this far from 0 and 1 in the log score, so one sure mistake does not make every average −∞. */
export const LOG_FLOOR = 0.001;

/** One scored yes/no question of a forecast. */
export interface ScoredItem {
  id: string;
  probability: number;
  happened: boolean;
}

export interface ScoredForecast {
  forecast: Forecast;
  items: ScoredItem[];
  /** Mean of (p − o)² over the items: 0 is perfect, 1 the worst. */
  brier: number;
  /** Mean of ln(probability given to what happened), p kept in [LOG_FLOOR, 1 − LOG_FLOOR]: 0 is perfect. */
  log: number;
}

/** Brier score of yes/no items: the mean of (p − o)². */
export function brierScore(items: readonly { probability: number; happened: boolean }[]): number {
  if (!items.length) return NaN;
  return items.reduce((a, x) => a + (x.probability - (x.happened ? 1 : 0)) ** 2, 0) / items.length;
}

/** Log score of yes/no items: the mean of ln(p) where it happened and ln(1 − p) where not, p kept in [LOG_FLOOR, 1 − LOG_FLOOR]. */
export function logScore(items: readonly { probability: number; happened: boolean }[]): number {
  if (!items.length) return NaN;
  const clamp = (p: number) => Math.min(1 - LOG_FLOOR, Math.max(LOG_FLOOR, p));
  return items.reduce((a, x) => a + Math.log(clamp(x.happened ? x.probability : 1 - x.probability)), 0) / items.length;
}

/** A forecast's yes/no questions under an outcome: each scenario, and "none". */
export function itemsOf(f: Forecast, outcome: Outcome): ScoredItem[] {
  const held = new Set(outcome.happened);
  const items = [...f.scenarios].map(([id, probability]) => ({ id, probability, happened: held.has(id) }));
  items.push({ id: NONE, probability: f.none, happened: !items.some((x) => x.happened) });
  return items;
}

/** Scores one forecast. */
export function scoreForecast(f: Forecast, outcome: Outcome): ScoredForecast {
  const items = itemsOf(f, outcome);
  return { forecast: f, items, brier: brierScore(items), log: logScore(items) };
}

/** One bin of the calibration table: forecasts in [low, high), how many, their mean, and how often they happened. */
export interface CalibrationBin {
  low: number;
  high: number;
  count: number;
  meanForecast: number;
  observed: number;
}

/**
 * The calibration table: every scored item in ten bins of its probability
 * (0–10%, …, 90–100%, the last one closed), each with the mean forecast and
 * the share that happened. Well calibrated: the two agree. Empty bins are
 * left out.
 */
export function calibrationTable(scored: readonly ScoredForecast[], bins = 10): CalibrationBin[] {
  const acc = Array.from({ length: bins }, () => ({ count: 0, sum: 0, yes: 0 }));
  for (const s of scored)
    for (const x of s.items) {
      const b = acc[Math.min(bins - 1, Math.floor(x.probability * bins))]!;
      b.count++;
      b.sum += x.probability;
      if (x.happened) b.yes++;
    }
  return acc.flatMap((b, i) => (b.count ? [{ low: i / bins, high: (i + 1) / bins, count: b.count, meanForecast: b.sum / b.count, observed: b.yes / b.count }] : []));
}

export interface ScoreSummary {
  count: number;
  brier: number;
  log: number;
}

/** The mean scores of a set of scored forecasts (each forecast counts once). */
export function summary(scored: readonly ScoredForecast[]): ScoreSummary {
  const n = scored.length;
  return {
    count: n,
    brier: n ? scored.reduce((a, s) => a + s.brier, 0) / n : NaN,
    log: n ? scored.reduce((a, s) => a + s.log, 0) / n : NaN,
  };
}

export interface ScoreReport {
  outcome: Outcome;
  /** Forecasts scored, in date order (a forecast dated after the outcome is not scored). */
  scored: ScoredForecast[];
  /** Forecasts dated after the outcome: made once it was known. */
  late: Forecast[];
  /** The mean Brier score of the forecasts up to and including each one, in date order. */
  running: { id: string; date: string; brier: number; log: number }[];
  overall: ScoreSummary;
  calibration: CalibrationBin[];
  /** Per author, when the forecasts have more than one. */
  byAuthor: (ScoreSummary & { by: string | null })[];
}

/**
 * Scores forecasts against an outcome: each forecast's Brier and log
 * scores, their running means over time, the calibration table and, when
 * there are several authors, each one's means.
 *
 * @example
 * const r = scoreAll([{ id: 'f1', date: '2026-03-01', scenarios: new Map([['a', 0.7], ['b', 0.2]]), none: 0.1 }], { date: '2026-06-01', happened: ['a'] });
 * r.scored[0].brier; // ((0.7−1)² + 0.2² + 0.1²) / 3 = 0.046667
 */
export function scoreAll(forecasts: readonly Forecast[], outcome: Outcome): ScoreReport {
  const inOrder = [...forecasts].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const late = inOrder.filter((f) => f.date > outcome.date);
  const scored = inOrder.filter((f) => f.date <= outcome.date).map((f) => scoreForecast(f, outcome));
  const running = scored.map((s, i) => {
    const upTo = summary(scored.slice(0, i + 1));
    return { id: s.forecast.id, date: s.forecast.date, brier: upTo.brier, log: upTo.log };
  });
  const authors = [...new Set(scored.map((s) => s.forecast.by ?? null))];
  const byAuthor = authors.length > 1 ? authors.map((by) => ({ by, ...summary(scored.filter((s) => (s.forecast.by ?? null) === by)) })) : [];
  return { outcome, scored, late, running, overall: summary(scored), calibration: calibrationTable(scored), byAuthor };
}

/**
 * The linear opinion pool: the weighted mean of the probabilities,
 * p = Σ wᵢ pᵢ / Σ wᵢ.
 *
 * @example
 * linearPool([0.2, 0.5, 0.8]); // 0.5
 */
export function linearPool(ps: readonly number[], weights?: readonly number[]): number {
  const w = weights ?? ps.map(() => 1);
  const total = w.reduce((a, b) => a + b, 0);
  return ps.reduce((a, p, i) => a + w[i]! * p, 0) / total;
}

/**
 * The logarithmic opinion pool of a yes/no question: the weighted geometric
 * means of the yes and no probabilities, normalised,
 * p = Π pᵢ^wᵢ / (Π pᵢ^wᵢ + Π (1 − pᵢ)^wᵢ), the weights summing to 1. It
 * equals averaging log-odds. Null when the pool is undefined (one says
 * certainly yes and another certainly no).
 *
 * @example
 * logPool([0.2, 0.5, 0.8]); // 0.5
 * logPool([0.9, 0.9]); // 0.9
 */
export function logPool(ps: readonly number[], weights?: readonly number[]): number | null {
  const w0 = weights ?? ps.map(() => 1);
  const total = w0.reduce((a, b) => a + b, 0);
  const w = w0.map((x) => x / total);
  let yes = 0;
  let no = 0;
  let zeroYes = false;
  let zeroNo = false;
  ps.forEach((p, i) => {
    if (w[i] === 0) return;
    if (p <= 0) zeroYes = true;
    else yes += w[i]! * Math.log(p);
    if (p >= 1) zeroNo = true;
    else no += w[i]! * Math.log(1 - p);
  });
  if (zeroYes && zeroNo) return null;
  if (zeroYes) return 0;
  if (zeroNo) return 1;
  // In log space, so that many small probabilities do not underflow.
  const m = Math.max(yes, no);
  const a = Math.exp(yes - m);
  const b = Math.exp(no - m);
  return a / (a + b);
}
