// How far a group's fitted rates are off, shared by all its locations: measured on the history before the fitting
// moment by fitting the rates as the model does on the weeks before each week of the last year and comparing them
// with the exits and intakes of the weeks after it (a holdout, so it sees estimation error and changing rates alike).
//
// Why: places move independently, but every location of a care type takes its exit and fill rates from the same
// estimate. When that estimate is off, all of them are off the same way, so a sum of locations spreads wider than a
// sum of independent ones. Measured on the demo history (6 seeds): each location's squared error matched its variance
// (ratio 1.03), while the region total's was 1.6 times the summed variance, and with the rates fitted on the whole
// history (past and future) that excess almost vanished: it is the rates' error, mostly the monthly fill rates
// estimated from one or two of that month.
import type { CareType } from "../domain.js";
import { type Announced, forEachStretch, groupKey, type HistoryIndex, WEEK_MS } from "./forecast-history.js";

/** How far back holdout blocks start, and the least history a block's fit must have. */
const HOLDOUT_WEEKS = 52;
const MIN_FIT_WEEKS = 26;

/** What the model's own estimator needs to fit a group's rates (a subset of the fit's tally). */
export interface RateCounts {
  occupiedWeeks: number;
  /** Exits no planned departure announced. */
  exits: number;
  /** Free place-weeks and intakes no planned admission announced, by calendar month. */
  freeWeeks: number[];
  intakes: number[];
}

/** The model's estimator: a group's unannounced exit rate and its fill rate per calendar month, from counts. */
export type FitRates = (counts: RateCounts, careType: CareType, crisis: boolean) => { exit: number; fill: number[] };

/**
 * Variance of the log of a shared multiplier on the group's exit and fill rates over the weeks ahead (index 0 = the
 * first week; 0: the rates are right).
 */
export interface RateSpread {
  exit: number[];
  fill: number[];
}

/** One group's history in weeks, oldest first; a week's month is that of its middle. */
interface Weekly {
  careType: CareType;
  crisis: boolean;
  occupiedWeeks: Float64Array;
  freeWeeks: Float64Array;
  exits: Float64Array;
  intakes: Float64Array;
}

export function fitRateSpread(
  index: HistoryIndex,
  end: number,
  announced: ReadonlyMap<number, Announced>,
  fitRates: FitRates,
  horizon: number,
): Record<string, RateSpread> {
  let first = end;
  for (const t of index.timelines.values()) first = Math.min(first, t.at[0] ?? end);
  const weeks = Math.ceil((end - first) / WEEK_MS);
  const month = Array.from({ length: weeks }, (_, j) => new Date(end - (weeks - j - 0.5) * WEEK_MS).getUTCMonth());
  // Week j covers [end - (weeks - j) weeks, end - (weeks - j - 1) weeks).
  const weekOf = (at: number) => weeks - Math.ceil((end - at) / WEEK_MS);

  const series = new Map<string, Weekly>();
  for (const t of index.timelines.values()) {
    const key = groupKey(t.careType, t.crisis);
    let s = series.get(key);
    if (!s) {
      s = {
        careType: t.careType,
        crisis: t.crisis,
        occupiedWeeks: new Float64Array(weeks),
        freeWeeks: new Float64Array(weeks),
        exits: new Float64Array(weeks),
        intakes: new Float64Array(weeks),
      };
      series.set(key, s);
    }
    // As the fit: the same exposure, split by week; only exits and intakes no plan announced.
    forEachStretch(t, end, (start, to, taken, free) => {
      for (let from = start; from < to; ) {
        const j = weekOf(from);
        const until = Math.min(to, end - (weeks - j - 1) * WEEK_MS);
        s.occupiedWeeks[j] = (s.occupiedWeeks[j] as number) + (taken * (until - from)) / WEEK_MS;
        s.freeWeeks[j] = (s.freeWeeks[j] as number) + (free * (until - from)) / WEEK_MS;
        from = until;
      }
    });
    const marks = announced.get(t.id);
    t.exits.forEach((at, i) => {
      if (at < end && !marks?.exits.has(i)) s.exits[weekOf(at)] = (s.exits[weekOf(at)] as number) + 1;
    });
    t.intakes.forEach((at, i) => {
      if (at < end && !marks?.intakes.has(i)) s.intakes[weekOf(at)] = (s.intakes[weekOf(at)] as number) + 1;
    });
  }

  const spread: Record<string, RateSpread> = {};
  for (const [key, s] of series) spread[key] = holdout(s, month, fitRates, horizon);
  return spread;
}

/**
 * Method of moments over the blocks: (observed - expected)^2 minus the Poisson part (expected), over expected^2, is
 * the variance of the rate's relative error. A block as long as the weeks ahead, one starting every week (they
 * overlap: the estimate stays unbiased): over more weeks, changes in the rate partly even out. Never below 0; 0 when
 * there is no block to check.
 */
function holdout(s: Weekly, month: readonly number[], fitRates: FitRates, horizon: number): RateSpread {
  const weeks = month.length;
  const counts: RateCounts = {
    occupiedWeeks: 0,
    exits: 0,
    freeWeeks: new Array(12).fill(0),
    intakes: new Array(12).fill(0),
  };
  const moments = Array.from({ length: horizon }, () => ({ exit: [0, 0], fill: [0, 0] }));
  const add = (into: number[], observed: number, expected: number) => {
    into[0] = (into[0] as number) + (observed - expected) ** 2 - expected;
    into[1] = (into[1] as number) + expected * expected;
  };
  for (let start = 0; start < weeks; start++) {
    if (start >= MIN_FIT_WEEKS && start >= weeks - HOLDOUT_WEEKS) {
      const rates = fitRates(counts, s.careType, s.crisis);
      const block = { exits: 0, exitsExpected: 0, intakes: 0, intakesExpected: 0 };
      for (let w = 1; w <= horizon && start + w <= weeks; w++) {
        const j = start + w - 1;
        block.exits += s.exits[j] as number;
        block.exitsExpected += (s.occupiedWeeks[j] as number) * rates.exit;
        block.intakes += s.intakes[j] as number;
        block.intakesExpected += (s.freeWeeks[j] as number) * (rates.fill[month[j] as number] as number);
        const m = moments[w - 1] as { exit: number[]; fill: number[] };
        add(m.exit, block.exits, block.exitsExpected);
        add(m.fill, block.intakes, block.intakesExpected);
      }
    }
    // The next blocks' fit includes this week.
    const m = month[start] as number;
    counts.occupiedWeeks += s.occupiedWeeks[start] as number;
    counts.exits += s.exits[start] as number;
    counts.freeWeeks[m] = (counts.freeWeeks[m] as number) + (s.freeWeeks[start] as number);
    counts.intakes[m] = (counts.intakes[m] as number) + (s.intakes[start] as number);
  }
  const variance = ([excess, scale]: number[]) =>
    (scale as number) > 0 ? Math.max(0, (excess as number) / (scale as number)) : 0;
  return { exit: moments.map((m) => variance(m.exit)), fill: moments.map((m) => variance(m.fill)) };
}
