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
 * A combination other than persistence is taken only when its gain over persistence on the past errors is clear: its
 * mean less this many standard errors (as a one-sided Diebold-Mariano test; the number of comparisons divided by the
 * weeks ahead, as forecasts whose weeks overlap make errors alike) stays above 0, for the model alone; less for
 * combinations nearer persistence (requiredT). A choice among 15 made on a few dozen errors would otherwise chase
 * noise and be worse than persistence out of sample. 2 rather than 1.65: with the margin shrinking towards
 * persistence, 1.65 let small groups' combinations (gezinshuis on the demo history, 6-8 weeks) be 6-8% worse.
 */
const REQUIRED_T = 2;

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

/** The paired gains in absolute error of `w` over persistence on `past`. */
const gainsOf = (past: readonly PastSum[], w: Weights) =>
  past.map(
    (r) => Math.abs(r.persistence - r.actual) - Math.abs(combine(w, r.model, r.persistence, r.planned) - r.actual),
  );

/** Mean and standard error of paired gains, counting n / (weeks ahead) of them as overlapping forecasts err alike. */
function gainStats(gains: readonly number[], weeksAhead: number): { mean: number; se: number } {
  const n = gains.length;
  let sum = 0;
  let squares = 0;
  for (const gain of gains) {
    sum += gain;
    squares += gain * gain;
  }
  const mean = sum / n;
  const sd = Math.sqrt(Math.max(0, squares / n - mean * mean));
  return { mean, se: sd / Math.sqrt(Math.max(2, n / weeksAhead)) };
}

/** The t-statistic of the mean of paired gains (0 when it is not above 0). */
export function gainT(gains: readonly number[], weeksAhead: number): number {
  const { mean, se } = gainStats(gains, weeksAhead);
  if (!(mean > 0)) return 0;
  return se === 0 ? Number.POSITIVE_INFINITY : mean / se;
}

/** How clearly `w` beat persistence on `past`: the t-statistic of the mean gain in absolute error (0 when none). */
export const gainOverPersistence = (past: readonly PastSum[], weeksAhead: number, w: Weights) =>
  past.length < MIN_WEIGHT_RECORDS ? 0 : gainT(gainsOf(past, w), weeksAhead);

/** The t a combination with persistence weight `p` must reach (see chooseWeights). */
export const requiredT = (p: number) => REQUIRED_T * Math.sqrt(Math.max(0, 1 - p));

/**
 * The weights whose gain over persistence on `past` is largest when counted pessimistically: the mean gain less
 * requiredT(persistence's weight) standard errors; persistence (0) unless some combination's is above 0. Why the
 * margin shrinks towards persistence: a combination's error is at most its weights' mix of its parts' errors, so a
 * quarter away from persistence can lose at most a quarter of what the model loses against it, while a full step to
 * the model can lose all of it. One threshold for every candidate (t 1.65) fell back to persistence where the model
 * had skill (the demo history: 20-35% smaller errors at 3-12 weeks that 52 overlapping comparisons could not prove);
 * the smallest past error among the candidates that passed chased noise on small groups (5-15% worse out of sample).
 * With too few past comparisons, the model alone.
 */
export function chooseWeights(past: readonly PastSum[], weeksAhead: number): Weights {
  if (past.length < MIN_WEIGHT_RECORDS) return MODEL_ONLY;
  let best = PERSISTENCE;
  let bestBound = 0;
  for (const w of CANDIDATES) {
    if (w[1] === 1) continue;
    const { mean, se } = gainStats(gainsOf(past, w), weeksAhead);
    const bound = mean - requiredT(w[1]) * se;
    if (bound > bestBound + 1e-9) {
      bestBound = bound;
      best = w;
    }
  }
  return best;
}

/** The levels a band is learned at: one location, a gemeente (x care type), a care type over the region, the region. */
export type BandLevel = "location" | "cell" | "careType" | "total";
export const bandKey = (level: BandLevel, careType: CareType | null) => `${level}:${careType ?? "alle"}`;

/** The scale errors are measured in: the model's standard deviation of the forecast, never below this floor. */
export const scaleOf = (variance: number, level: BandLevel) =>
  Math.max(level === "location" ? 0.5 : 1, Math.sqrt(variance));

/** Where a past forecast's outcome fell against the band shown with it; NO_BAND: it had none. */
export const INSIDE = 0;
export const BELOW = 1;
export const ABOVE = 2;
export const NO_BAND = 3;
export type BandOutcome = typeof INSIDE | typeof BELOW | typeof ABOVE | typeof NO_BAND;

/** Each tail's target share of misses: 10% below and 10% above make the 80% band. */
const TAIL = 0.1;
/**
 * Adaptive conformal inference (after Gibbs and Candes 2021), per tail, level, care type and weeks ahead: after every
 * target week whose outcomes are known, a tail's log-width factor moves by ADAPT_RATE x (share missed on that side -
 * 0.1); the tail's distance from the scores' median is the conformal quantile's times exp(factor). Why: the errors of
 * the last 52 weeks are exchangeable with the next one only on a steady history. At 10-12 weeks ahead the window holds
 * a handful of independent errors (forecasts whose weeks overlap err alike), and on a drifting history (a crisis wave,
 * capacity cuts, a region far from its steady state) they lag behind: bands learned from them alone held 50-70% there.
 * Feeding the band's own misses back corrects whatever the cause, one-sidedly where the drift is one-sided. A factor on
 * the width rather than on the quantile's level (as Gibbs and Candes) can widen beyond the most extreme past error,
 * which a level cannot; with a level, tails ran into that bound and bands still under-covered.
 */
export const ADAPT_RATE = 0.1;
/** A tail's width stays within exp(-1) and exp(2) times the conformal one. */
const MIN_FACTOR = -1;
const MAX_FACTOR = 2;

interface Scores {
  targets: number[];
  scores: number[];
  outcomes: BandOutcome[];
}

/** Scaled errors (actual - combined) / scale of one level and care type, per weeks ahead, with their target times. */
export class ScoreStore {
  // Parallel arrays of numbers rather than objects: a live evaluation holds a few hundred thousand.
  private readonly scores = new Map<string, Scores[]>();

  /** Scores must come in time order per key and weeks ahead (the evaluation's origins are). */
  add(key: string, weeksAhead: number, target: number, score: number, outcome: BandOutcome = NO_BAND): void {
    let byWeek = this.scores.get(key);
    if (!byWeek) {
      byWeek = Array.from({ length: FORECAST_WEEKS }, () => ({ targets: [], scores: [], outcomes: [] }));
      this.scores.set(key, byWeek);
    }
    const into = byWeek[weeksAhead - 1];
    into?.targets.push(target);
    into?.scores.push(score);
    into?.outcomes.push(outcome);
  }

  /**
   * The 80% band's quantiles at `now`: of the scores whose target is known by then and within the window, at the
   * tails' levels adapted from every known outcome of past bands (never a later one); null: too few scores.
   */
  quantiles(key: string, weeksAhead: number, now: number): BandQuantiles | null {
    const all = this.scores.get(key)?.[weeksAhead - 1];
    if (!all) return null;
    const from = now - BAND_WINDOW_WEEKS * 7 * 86_400_000;
    const scores = new Float64Array(all.targets.length);
    let n = 0;
    let low = 0;
    let high = 0;
    // Outcomes per target week: the forecasts of one week (many locations, or one sum) make one step.
    let week = Number.NaN;
    let banded = 0;
    let below = 0;
    let above = 0;
    const step = () => {
      if (banded === 0) return;
      low = clamp(low + ADAPT_RATE * (below / banded - TAIL));
      high = clamp(high + ADAPT_RATE * (above / banded - TAIL));
      banded = below = above = 0;
    };
    for (let i = 0; i < all.targets.length; i++) {
      const t = all.targets[i] as number;
      if (t > now) continue;
      if (t !== week) {
        step();
        week = t;
      }
      const outcome = all.outcomes[i] as BandOutcome;
      if (outcome !== NO_BAND) {
        banded++;
        if (outcome === BELOW) below++;
        else if (outcome === ABOVE) above++;
      }
      if (t > from) scores[n++] = all.scores[i] as number;
    }
    step();
    const q = conformal(scores.subarray(0, n));
    if (!q) return null;
    // conformal() sorted the scores: the median is the centre the tails widen or narrow from.
    const median = scores[n >> 1] as number;
    return {
      low: median - (median - q.low) * Math.exp(low),
      high: median + (q.high - median) * Math.exp(high),
      n: q.n,
    };
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

const clamp = (factor: number) => Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, factor));

export interface BandQuantiles {
  low: number;
  high: number;
  /** How many past errors they come from. */
  n: number;
}

/**
 * Split-conformal quantiles of an 80% band: the floor(0.1 (n + 1))-th smallest and the ceil(0.9 (n + 1))-th smallest
 * score, so a new error (exchangeable with these) lands between them with at least 80% chance. Sorts `scores`.
 */
export function conformal(scores: Float64Array): BandQuantiles | null {
  const n = scores.length;
  if (n < MIN_BAND_SCORES) return null;
  scores.sort();
  const lowRank = Math.max(1, Math.floor(TAIL * (n + 1)));
  const highRank = Math.min(n, Math.ceil((1 - TAIL) * (n + 1)));
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
