// Sums of locations (shared/rules/forecast-aggregate.ts, forecast-spread.ts): locations of one care type share the
// error of their fitted rates, so their sum spreads wider than a sum of independent locations, by as much as the
// history before the origin shows those rates to be off. Hand-made histories with a known answer.
import { describe, expect, it } from "vitest";
import {
  aggregateForecast,
  fitForecastModel,
  forecastLocation,
  type HistoryInput,
} from "../../shared/rules/forecast.js";
import { sharedVariance, spreadBy, sumDistribution } from "../../shared/rules/forecast-aggregate.js";
import { convolveTrimmed, interval80 } from "../../shared/rules/forecast-distribution.js";
import { indexHistory, stateAt } from "../../shared/rules/forecast-history.js";

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const origin = new Date("2026-03-16T10:30:00Z");
const LOCATIONS = 40;
const CAPACITY = 10;
const HISTORY_WEEKS = 80;

/** A small seeded generator, so every run builds the same history. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Forty residential groups of 10 places, week by week: an occupant leaves with chance 4%, a free place is taken with
 * chance 25% times `pace(week)`, the same for every location (1 throughout: independent locations).
 */
function history(pace: (week: number) => number): HistoryInput {
  const next = random(7);
  const start = origin.getTime() - HISTORY_WEEKS * WEEK;
  const h: HistoryInput = { locations: [], events: [], planning: [] };
  for (let id = 1; id <= LOCATIONS; id++) {
    h.locations.push({ id, careType: "residentieel", crisis: false, createdAt: new Date(start) });
    let occupied = 9;
    const at = (week: number, day: number) => new Date(start + week * WEEK + day * DAY + id * 60_000);
    const counts = () => ({ locationId: id, capacity: CAPACITY, occupied, reserved: 0 });
    h.events.push({ ...counts(), at: at(0, 0), kind: "locatie-aangemaakt" });
    for (let week = 0; week < HISTORY_WEEKS; week++) {
      const leaving = Array.from({ length: occupied }, next).filter((u) => u < 0.04).length;
      const filling = Array.from({ length: CAPACITY - occupied }, next).filter((u) => u < 0.25 * pace(week)).length;
      for (let i = 0; i < leaving; i++) {
        occupied--;
        h.events.push({ ...counts(), at: at(week, 1 + i * 0.01), kind: "plek-vrijgekomen" });
      }
      for (let i = 0; i < filling; i++) {
        occupied++;
        h.events.push({ ...counts(), at: at(week, 4 + i * 0.01), kind: "plek-bezet" });
      }
    }
    h.events.push({ ...counts(), at: new Date(origin.getTime() - DAY), kind: "ongewijzigd-bevestigd" });
  }
  h.events.sort((a, b) => a.at.getTime() - b.at.getTime());
  return h;
}

/** The region's forecast from the origin, and the interval its locations would have if they were independent. */
function forecastRegion(h: HistoryInput) {
  const model = fitForecastModel(h, origin);
  const ds = [...indexHistory(h).timelines.values()].map((t) =>
    forecastLocation(model, stateAt(t, origin.getTime(), "Enschede") ?? (undefined as never), [], origin),
  );
  const independent = (week: number) => {
    const sum = convolveTrimmed(ds.map((d) => (d.weeks[week - 1] as { p: Float64Array }).p));
    const interval = interval80(sum.p);
    return { low: sum.offset + interval.low, high: sum.offset + interval.high };
  };
  return { model, total: aggregateForecast(ds, null, null), independent };
}

const width = (w: { low: number; high: number }) => w.high - w.low;

describe("the spread locations share through their rates", () => {
  it("when every location filled fast and slow together, then the group's fill rate is known to be off and the sum's interval is wider than an independent sum's", () => {
    // Six weeks at 1.7 times the pace, six at 0.3: every location at once, out of step with the calendar months.
    const together = forecastRegion(history((week) => (Math.floor(week / 6) % 2 === 0 ? 1.7 : 0.3)));
    const spread = together.model.groups.residentieel?.rateSpread;
    // A fill rate off by about half either way: variance of its log error well above 0.1.
    expect(spread?.fill[3]).toBeGreaterThan(0.3);

    const week4 = together.total.weeks[3] as { low: number; high: number };
    expect(width(week4)).toBeGreaterThanOrEqual(2 * width(together.independent(4)));
    // The expected value stays the sum of the locations' expected values: only the interval widens.
    expect(week4.low).toBeLessThan(together.independent(4).low);
    expect(week4.high).toBeGreaterThan(together.independent(4).high);
  });

  it("when the locations filled independently at one pace, then the interval stays about that of the independent sum", () => {
    const independent = forecastRegion(history(() => 1));
    const spread = independent.model.groups.residentieel?.rateSpread;
    // What is left is the sampling error of a month's rate fitted from one or two of that month (about 10%).
    expect(spread?.fill[3]).toBeLessThan(0.03);

    for (const week of [1, 4, 8]) {
      const w = independent.total.weeks[week - 1] as { low: number; high: number };
      expect(Math.abs(w.low - independent.independent(week).low), `week ${week}`).toBeLessThanOrEqual(2);
      expect(Math.abs(w.high - independent.independent(week).high), `week ${week}`).toBeLessThanOrEqual(2);
    }
  });

  it("when two locations share a group, then their shared parts add before squaring; in two groups they add as independent", () => {
    const location = (rateGroup: string) => ({
      locationId: 1,
      careType: "residentieel" as const,
      municipality: "Enschede" as const,
      rateGroup,
      capacity: 10,
      freeNow: 1,
      weeks: [
        {
          week: 1,
          date: "2026-03-23",
          plannedDepartures: 0,
          plannedOnly: 0,
          p: new Float64Array([1]),
          shared: { exit: 1, fill: 2 },
        },
      ],
    });
    // One group: (1 + 1)^2 + (2 + 2)^2; two groups: twice 1^2 + 2^2.
    expect(sharedVariance([location("residentieel"), location("residentieel")], 0)).toBeCloseTo(20, 12);
    expect(sharedVariance([location("residentieel"), location("residentieel:crisis")], 0)).toBeCloseTo(10, 12);
    // Neither spreads below 0 free places nor above the capacity.
    const sum = sumDistribution([location("residentieel"), location("residentieel")], 0);
    expect(sum.offset).toBe(0);
    expect(sum.offset + sum.p.length - 1).toBeLessThanOrEqual(20);
    expect(sum.p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("when a certain 50 is spread with variance 4, then the 80% interval is 50 -/+ about 1.28 standard deviations", () => {
    const spread = spreadBy({ offset: 50, p: new Float64Array([1]) }, 4, 100);
    const interval = interval80(spread.p);
    expect(spread.offset + interval.low).toBe(48);
    expect(spread.offset + interval.high).toBe(52);
    // No shared variance: the distribution is left as it is.
    const same = { offset: 3, p: new Float64Array([0.5, 0.5]) };
    expect(spreadBy(same, 0, 100)).toBe(same);
  });
});
