// What the rolling-origin evaluation (forecast-evaluation.ts) learns from the history's own errors, and how a forecast
// uses it (#23 items 2 and 3): per care type and weeks ahead, the weights of the combination of the model, "free stays
// as it is" (persistence) and "free now + known moves" (planned only), chosen on past errors; and the 80% band from the
// empirical quantiles of past errors (split-conformal, errors scaled by the model's own spread so one table serves a
// location, a gemeente or the region). Pure.
import type { CareType } from "../domain.js";
import { FORECAST_WEEKS } from "../schemas/forecast.js";

/** Weights of [model, persistence, planned only]; they add up to 1. */
export type Weights = readonly [number, number, number];
export const PERSISTENCE: Weights = [0, 1, 0];
/**
 * Before any past error is known (a new region, the first weeks of a history) the model alone: nothing yet says it
 * is worse than persistence, and it is what makes a planned departure show at once. Its band is then its own.
 */
export const MODEL_ONLY: Weights = [1, 0, 0];

/** Candidate weights: the simplex in steps of 0.25 (15 combinations, pure persistence among them). */
const CANDIDATES: Weights[] = [];
for (let m = 0; m <= 4; m++) for (let q = 0; q <= 4 - m; q++) CANDIDATES.push([m / 4, (4 - m - q) / 4, q / 4]);

/** Fewer past comparisons than this and nothing is learned: the model alone (MODEL_ONLY). */
export const MIN_WEIGHT_RECORDS = 12;
/**
 * A combination other than persistence is taken only when its gain over persistence on the past errors is clear: a
 * one-sided test on the paired differences of absolute errors (as Diebold and Mariano), with the number of
 * comparisons divided by the weeks ahead, as forecasts whose weeks overlap make errors alike. A choice among 15
 * made on a few dozen errors would otherwise chase noise and be worse than persistence out of sample.
 */
const REQUIRED_T = 1.65;

/** Fewer past errors than this at a level and weeks ahead: the band is the model's own, and says so. */
export const MIN_BAND_SCORES = 20;
/** The band and the weights learn from forecasts whose target lies at most this far back: later dynamics count. */
export const BAND_WINDOW_WEEKS = 52;
export const WEIGHT_WINDOW_WEEKS = 52;

/** One past comparison of a sum (a care type's, the region's): the three forecasts and what happened. */
export interface PastSum {
  target: number;
  model: number;
  persistence: number;
  planned: number;
  actual: number;
}

export const combine = (w: Weights, model: number, persistence: number, planned: number) =>
  w[0] * model + w[1] * persistence + w[2] * planned;

/** How clearly `w` beat persistence on `past`: the t-statistic of the mean gain in absolute error (0 when none). */
export function gainOverPersistence(past: readonly PastSum[], weeksAhead: number, w: Weights): number {
  const n = past.length;
  if (n < MIN_WEIGHT_RECORDS) return 0;
  let sum = 0;
  let squares = 0;
  for (const r of past) {
    const gain =
      Math.abs(r.persistence - r.actual) - Math.abs(combine(w, r.model, r.persistence, r.planned) - r.actual);
    sum += gain;
    squares += gain * gain;
  }
  const mean = sum / n;
  const sd = Math.sqrt(Math.max(0, squares / n - mean * mean));
  if (mean <= 0) return 0;
  const effective = Math.max(2, n / weeksAhead);
  return sd === 0 ? Number.POSITIVE_INFINITY : mean / (sd / Math.sqrt(effective));
}

/**
 * The weights with the smallest mean absolute error on `past`, if they clearly beat persistence; else persistence.
 * With too few past comparisons, the model alone.
 */
export function chooseWeights(past: readonly PastSum[], weeksAhead: number): Weights {
  if (past.length < MIN_WEIGHT_RECORDS) return MODEL_ONLY;
  let best = PERSISTENCE;
  let bestError = Number.POSITIVE_INFINITY;
  for (const w of CANDIDATES) {
    let error = 0;
    for (const r of past) error += Math.abs(combine(w, r.model, r.persistence, r.planned) - r.actual);
    if (error < bestError - 1e-9) {
      bestError = error;
      best = w;
    }
  }
  return gainOverPersistence(past, weeksAhead, best) >= REQUIRED_T ? best : PERSISTENCE;
}

/** The levels a band is learned at: one location, a gemeente (x care type), a care type over the region, the region. */
export type BandLevel = "location" | "cell" | "careType" | "total";
export const bandKey = (level: BandLevel, careType: CareType | null) => `${level}:${careType ?? "alle"}`;

/** The scale errors are measured in: the model's standard deviation of the forecast, never below this floor. */
export const scaleOf = (variance: number, level: BandLevel) =>
  Math.max(level === "location" ? 0.5 : 1, Math.sqrt(variance));

/** Scaled errors (actual - combined) / scale of one level and care type, per weeks ahead, with their target times. */
export class ScoreStore {
  // Parallel arrays of numbers rather than objects: a live evaluation holds a few hundred thousand.
  private readonly scores = new Map<string, { targets: number[]; scores: number[] }[]>();

  add(key: string, weeksAhead: number, target: number, score: number): void {
    let byWeek = this.scores.get(key);
    if (!byWeek) {
      byWeek = Array.from({ length: FORECAST_WEEKS }, () => ({ targets: [], scores: [] }));
      this.scores.set(key, byWeek);
    }
    const into = byWeek[weeksAhead - 1];
    into?.targets.push(target);
    into?.scores.push(score);
  }

  /** The 80% band's quantiles of the scores known at `now` (target by then, within the window); null: too few. */
  quantiles(key: string, weeksAhead: number, now: number): BandQuantiles | null {
    const all = this.scores.get(key)?.[weeksAhead - 1];
    if (!all) return null;
    const from = now - BAND_WINDOW_WEEKS * 7 * 86_400_000;
    const scores = new Float64Array(all.targets.length);
    let n = 0;
    for (let i = 0; i < all.targets.length; i++) {
      const t = all.targets[i] as number;
      if (t <= now && t > from) scores[n++] = all.scores[i] as number;
    }
    return conformal(scores.subarray(0, n));
  }

  /** Every key's quantiles at `now`: what a live forecast needs, without the scores. */
  snapshot(now: number): Record<string, (BandQuantiles | null)[]> {
    const out: Record<string, (BandQuantiles | null)[]> = {};
    for (const key of this.scores.keys()) {
      out[key] = Array.from({ length: FORECAST_WEEKS }, (_, i) => this.quantiles(key, i + 1, now));
    }
    return out;
  }
}

export interface BandQuantiles {
  low: number;
  high: number;
  /** How many past errors they come from. */
  n: number;
}

/**
 * Split-conformal quantiles of an 80% band: the floor(0.1 (n + 1))-th smallest and the ceil(0.9 (n + 1))-th smallest
 * score, so a new error (exchangeable with these) lands between them with at least 80% chance.
 */
export function conformal(scores: Float64Array): BandQuantiles | null {
  const n = scores.length;
  if (n < MIN_BAND_SCORES) return null;
  scores.sort();
  const lowRank = Math.max(1, Math.floor(0.1 * (n + 1)));
  const highRank = Math.min(n, Math.ceil(0.9 * (n + 1)));
  return { low: scores[lowRank - 1] as number, high: scores[highRank - 1] as number, n };
}

/**
 * The band for a count: the whole numbers within point + quantile x scale (exactly the conformal set, as counts are
 * whole), kept within 0..capacity; should rounding leave none, the nearest whole number to the point.
 */
export function bandOf(point: number, scale: number, q: BandQuantiles, capacity: number) {
  let low = Math.max(0, Math.ceil(point + q.low * scale - 1e-9));
  let high = Math.min(capacity, Math.floor(point + q.high * scale + 1e-9));
  if (low > high) {
    low = Math.min(capacity, Math.max(0, Math.round(point)));
    high = low;
  }
  return { low, high };
}
