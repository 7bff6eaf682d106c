// Forecasts of groups of locations (per care type, gemeente, the region): the sum of their free places. Places move
// independently, but the locations of one care type share the error of their fitted rates (forecast-spread.ts), so
// the sum gets that shared spread on top of the independent sum's.
import type { CareType, LocationMunicipality } from "../domain.js";
import type { ForecastWeek, GroupForecast } from "../schemas/forecast.js";
import type { LocationDistribution } from "./forecast.js";
import { convolveTrimmed, interval80, mean, variance } from "./forecast-distribution.js";

/** Groups with at most this many places get the exact distribution of their sum; larger ones a normal approximation. */
export const EXACT_GROUP_CAPACITY = 2000;
const Z90 = 1.2815515655446004;

type Week = LocationDistribution["weeks"][number];

/**
 * The variance the locations of `ds` have in common in week index i: per rate group, the shift of the summed
 * expected value by a one-standard-deviation error of its exit and fill rates, squared. Exit and fill rates, and
 * different groups, are fitted from different counts: their errors add as independent.
 */
export function sharedVariance(ds: readonly LocationDistribution[], i: number): number {
  const byGroup = new Map<string, { exit: number; fill: number }>();
  for (const d of ds) {
    const { shared } = d.weeks[i] as Week;
    const sum = byGroup.get(d.rateGroup) ?? { exit: 0, fill: 0 };
    sum.exit += shared.exit;
    sum.fill += shared.fill;
    byGroup.set(d.rateGroup, sum);
  }
  let total = 0;
  for (const { exit, fill } of byGroup.values()) total += exit * exit + fill * fill;
  return total;
}

/**
 * The distribution of the free places of `ds` together in week index i (value = offset + index): the exact sum of
 * the independent locations, spread by their shared variance as a whole-number normal, kept within 0..capacity.
 */
export function sumDistribution(ds: readonly LocationDistribution[], i: number): { offset: number; p: Float64Array } {
  const sum = convolveTrimmed(ds.map((d) => (d.weeks[i] as Week).p));
  const capacity = ds.reduce((total, d) => total + d.capacity, 0);
  return spreadBy(sum, sharedVariance(ds, i), capacity);
}

/** Convolves with a discretised normal of this variance; mass below 0 or above `max` goes to 0 or `max`. */
export function spreadBy(
  sum: { offset: number; p: Float64Array },
  extra: number,
  max: number,
): { offset: number; p: Float64Array } {
  if (!(extra > 1e-9)) return sum;
  const sd = Math.sqrt(extra);
  const half = Math.ceil(5 * sd);
  const kernel = new Float64Array(2 * half + 1);
  let weight = 0;
  for (let j = -half; j <= half; j++) {
    kernel[j + half] = Math.exp(-(j * j) / (2 * extra));
    weight += kernel[j + half] as number;
  }
  const lo = Math.max(0, sum.offset - half);
  const hi = Math.max(lo, Math.min(max, sum.offset + sum.p.length - 1 + half));
  const p = new Float64Array(hi - lo + 1);
  for (let k = 0; k < sum.p.length; k++) {
    const a = (sum.p[k] as number) / weight;
    if (a === 0) continue;
    for (let j = -half; j <= half; j++) {
      const at = Math.min(hi, Math.max(lo, sum.offset + k + j)) - lo;
      p[at] = (p[at] as number) + a * (kernel[j + half] as number);
    }
  }
  return { offset: lo, p };
}

/**
 * The forecast of the locations of `ds` within careType and municipality (null: all). Expected values are the sums
 * of the locations' expected values; the interval comes from their sum with the spread they share.
 */
export function aggregateForecast(
  ds: readonly LocationDistribution[],
  careType: CareType | null,
  municipality: LocationMunicipality | null,
): GroupForecast {
  const members = ds.filter(
    (d) => (careType === null || d.careType === careType) && (municipality === null || d.municipality === municipality),
  );
  const capacity = members.reduce((sum, d) => sum + d.capacity, 0);
  const freeNow = members.reduce((sum, d) => sum + d.freeNow, 0);
  const weekCount = members.length === 0 ? 0 : Math.min(...members.map((d) => d.weeks.length));
  const weeks: ForecastWeek[] = [];
  for (let i = 0; i < weekCount; i++) {
    const first = (members[0] as LocationDistribution).weeks[i] as Week;
    let expected = 0;
    let plannedDepartures = 0;
    for (const d of members) {
      const w = d.weeks[i] as Week;
      expected += mean(w.p);
      plannedDepartures += w.plannedDepartures;
    }
    let low: number;
    let high: number;
    if (capacity <= EXACT_GROUP_CAPACITY) {
      const sum = sumDistribution(members, i);
      const interval = interval80(sum.p);
      low = sum.offset + interval.low;
      high = sum.offset + interval.high;
    } else {
      const independent = members.reduce((s, d) => s + variance((d.weeks[i] as Week).p), 0);
      const sd = Math.sqrt(independent + sharedVariance(members, i));
      low = Math.max(0, Math.round(expected - Z90 * sd));
      high = Math.min(capacity, Math.round(expected + Z90 * sd));
    }
    weeks.push({
      week: first.week,
      date: first.date,
      expected,
      model: expected,
      low,
      high,
      calibrated: false,
      plannedDepartures,
    });
  }
  return { careType, municipality, locations: members.length, capacity, freeNow, weeks, accuracy: [] };
}
