// The vacancy forecast model (shared/rules/forecast.ts): hand-made cases with known answers, and its contract with
// the monitor (intervals, aggregates, what a planned move does), on small histories and the demo region.
import { describe, expect, it } from "vitest";
import { generateDemoData } from "../../server/db/seed/generate.js";
import { toHistoryInput } from "../../server/db/seed/planning.js";
import type { Certainty, PlanAction } from "../../shared/domain.js";
import {
  aggregateForecast,
  type ForecastModel,
  fitForecastModel,
  forecastLocation,
  type HistoryInput,
  type LocationDistribution,
  type LocationState,
  type OpenPlannedMove,
  summarizeLocation,
} from "../../shared/rules/forecast.js";
import { sumDistribution } from "../../shared/rules/forecast-aggregate.js";
import { interval80 } from "../../shared/rules/forecast-distribution.js";
import { indexHistory, MATCH_WINDOW_DAYS, openMovesAt, stateAt } from "../../shared/rules/forecast-history.js";

const DAY = 86_400_000;
const origin = new Date("2026-03-16T10:30:00Z");
const dayAfter = (days: number) => new Date(origin.getTime() + days * DAY).toISOString().slice(0, 10);
const empty: HistoryInput = { locations: [], events: [], planning: [] };

// A residential group of the region, not one of the demo's locations (their own pace would apply).
const group: LocationState = {
  id: 9001,
  careType: "residentieel",
  municipality: "Enschede",
  crisis: false,
  capacity: 10,
  occupied: 9,
  reserved: 0,
};
const departure = (expectedDate: string, certainty: Certainty = "zeker"): OpenPlannedMove => ({
  locationId: group.id,
  direction: "uitstroom",
  expectedDate,
  certainty,
});

/** A model in which nothing moves except planned moves, and a zeker one happens exactly on its date. */
function stillModel(): ForecastModel {
  const model = fitForecastModel(empty, origin);
  for (const g of Object.values(model.groups)) {
    g.exitRate = g.exitRate.map(() => 0);
    g.fillRate = g.fillRate.map(() => 0);
  }
  for (const bucket of model.realisation.uitstroom.zeker.byLead) {
    bucket.byOffsetDay = bucket.byOffsetDay.map((_, i) => (i === MATCH_WINDOW_DAYS ? 1 : 0));
  }
  return model;
}

const width = (w: { low: number; high: number }) => w.high - w.low;
const sum = (p: Float64Array) => p.reduce((a, b) => a + b, 0);

// The demo region (a third of it) with its history: what the live service fits and forecasts from.
const demo = toHistoryInput(generateDemoData({ now: origin, seed: 11, scale: 0.3 }));
const demoModel = fitForecastModel(demo.history, origin);
const demoIndex = indexHistory(demo.history);
const demoForecasts = [...demoIndex.timelines.values()].map((t) => {
  const state = stateAt(t, origin.getTime(), demo.municipalities.get(t.id) ?? "Enschede") as LocationState;
  const planned = openMovesAt(demoIndex.movesByLocation.get(t.id) ?? [], origin.getTime());
  return forecastLocation(demoModel, state, planned, origin);
});

describe("forecastLocation", () => {
  it("when two zeker departures fall next week and nothing else moves, then 2 more places are free in weeks 1-12", () => {
    const planned = [departure(dayAfter(3)), departure(dayAfter(4))];

    const forecast = summarizeLocation(forecastLocation(stillModel(), group, planned, origin));

    expect(forecast.freeNow).toBe(1);
    expect(forecast.weeks.map((w) => w.week)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    for (const week of forecast.weeks) {
      expect(week.expected).toBeCloseTo(3, 9);
      expect([week.low, week.high]).toEqual([3, 3]);
      expect(week.plannedDepartures).toBe(2);
    }
    expect(forecast.weeks[0]?.date).toBe(dayAfter(7));
    expect(forecast.weeks[11]?.date).toBe(dayAfter(84));
  });

  it("when the departures are planned for week 3, then they count from week 3 on, not before", () => {
    const planned = [departure(dayAfter(17)), departure(dayAfter(18))];

    const weeks = summarizeLocation(forecastLocation(stillModel(), group, planned, origin)).weeks;

    expect(weeks.slice(0, 2).map((w) => w.expected)).toEqual([1, 1]);
    expect(weeks.slice(0, 2).map((w) => w.plannedDepartures)).toEqual([0, 0]);
    expect(weeks[2]?.expected).toBeCloseTo(3, 9);
  });

  it("when places come and go as in the history, then the 80% interval widens with the horizon", () => {
    const forecast = summarizeLocation(forecastLocation(demoModel, group, [], origin));

    const widths = forecast.weeks.map(width);
    expect(widths[11]).toBeGreaterThan(widths[0] as number);
    for (let w = 1; w < widths.length; w++) expect(widths[w]).toBeGreaterThanOrEqual(widths[w - 1] as number);
    for (const week of forecast.weeks) {
      expect(week.low).toBeLessThanOrEqual(week.high);
      expect(week.expected).toBeGreaterThanOrEqual(0);
      expect(week.expected).toBeLessThanOrEqual(group.capacity);
    }
  });

  it("when more places are taken and reserved than there are, or more departures are planned than occupants, then free is never negative", () => {
    const overfull = { ...group, capacity: 4, occupied: 4, reserved: 1 };
    const planned = Array.from({ length: 6 }, (_, i) => departure(dayAfter(2 + i)));

    const d = forecastLocation(demoModel, overfull, planned, origin);

    expect(d.freeNow).toBe(0);
    for (const week of d.weeks) {
      expect(week.p).toHaveLength(5);
      expect(Math.min(...week.p)).toBeGreaterThanOrEqual(0);
      expect(sum(week.p)).toBeCloseTo(1, 9);
    }
    const summary = summarizeLocation(d);
    expect(Math.min(...summary.weeks.map((w) => w.low))).toBeGreaterThanOrEqual(0);
    expect(Math.max(...summary.weeks.map((w) => w.high))).toBeLessThanOrEqual(4);
  });

  it("when a planned move is dated before today, then it is left out (it happened, or waits to be moved)", () => {
    const withOld = forecastLocation(stillModel(), group, [departure(dayAfter(-2))], origin);
    const without = forecastLocation(stillModel(), group, [], origin);

    expect(summarizeLocation(withOld)).toEqual(summarizeLocation(without));
  });
});

describe("planned moves as the planning history records them", () => {
  // One full location with one zeker departure registered, then (perhaps) cancelled or moved, all before the origin.
  const history = (...later: { action: PlanAction; expectedDate: string }[]): HistoryInput => ({
    locations: [{ id: 1, careType: "residentieel", crisis: false, createdAt: new Date(origin.getTime() - 90 * DAY) }],
    events: [
      {
        locationId: 1,
        at: new Date(origin.getTime() - 90 * DAY),
        kind: "locatie-aangemaakt",
        capacity: 10,
        occupied: 10,
        reserved: 0,
      },
    ],
    planning: [{ action: "gepland" as PlanAction, expectedDate: dayAfter(5) }, ...later].map((e, i) => ({
      locationId: 1,
      direction: "uitstroom" as const,
      plannedId: 7,
      certainty: "zeker" as const,
      at: new Date(origin.getTime() - (10 - i) * DAY),
      ...e,
    })),
  });
  const forecastFrom = (h: HistoryInput) => {
    const index = indexHistory(h);
    const t = index.timelines.get(1);
    const state = stateAt(t as NonNullable<typeof t>, origin.getTime(), "Almelo") as LocationState;
    const planned = openMovesAt(index.movesByLocation.get(1) ?? [], origin.getTime());
    return summarizeLocation(forecastLocation(stillModel(), state, planned, origin)).weeks;
  };

  it("when the departure stands, then its place is expected free from week 1", () => {
    expect(forecastFrom(history())[0]?.expected).toBeCloseTo(1, 9);
  });

  it("when the departure was cancelled, then no place is expected free", () => {
    const weeks = forecastFrom(history({ action: "geannuleerd", expectedDate: dayAfter(5) }));
    expect(weeks.map((w) => w.expected)).toEqual(new Array(12).fill(0));
  });

  it("when the departure was moved to week 6, then its place is expected free from week 6 on", () => {
    const weeks = forecastFrom(history({ action: "verplaatst", expectedDate: dayAfter(38) }));
    expect(weeks.slice(0, 5).map((w) => w.expected)).toEqual([0, 0, 0, 0, 0]);
    expect(weeks[5]?.expected).toBeCloseTo(1, 9);
  });

  it("when a cancellation is registered only after the origin, then the forecast at the origin does not know it yet", () => {
    const h = history();
    h.planning.push({ ...(h.planning[0] as HistoryInput["planning"][number]), action: "geannuleerd", at: origin });
    expect(forecastFrom(h)[0]?.expected).toBeCloseTo(1, 9);
  });
});

describe("fitForecastModel", () => {
  // Twenty zeker departures registered two weeks ahead; either each one comes true on its date or each is cancelled.
  function registrations(cometrue: boolean): HistoryInput {
    const start = origin.getTime() - 400 * DAY;
    const h: HistoryInput = {
      locations: [{ id: 1, careType: "residentieel", crisis: false, createdAt: new Date(start) }],
      events: [
        { locationId: 1, at: new Date(start), kind: "locatie-aangemaakt", capacity: 10, occupied: 10, reserved: 0 },
      ],
      planning: [],
    };
    for (let i = 0; i < 20; i++) {
      const exitAt = start + (20 + i * 15) * DAY;
      const expectedDate = new Date(exitAt).toISOString().slice(0, 10);
      const registration = { locationId: 1, direction: "uitstroom" as const, plannedId: i + 1, expectedDate };
      h.planning.push({ ...registration, action: "gepland", certainty: "zeker", at: new Date(exitAt - 14 * DAY) });
      if (cometrue) {
        const counts = { capacity: 10, occupied: 9, reserved: 0 };
        h.events.push({ locationId: 1, at: new Date(exitAt), kind: "plek-vrijgekomen", ...counts });
        h.events.push({ locationId: 1, at: new Date(exitAt + 3 * DAY), kind: "plek-bezet", ...counts, occupied: 10 });
      } else {
        h.planning.push({ ...registration, action: "geannuleerd", certainty: "zeker", at: new Date(exitAt - 2 * DAY) });
      }
    }
    // The provider confirmed its numbers yesterday: the history runs up to the origin.
    const confirmed = { capacity: 10, occupied: 10, reserved: 0, kind: "ongewijzigd-bevestigd" as const };
    h.events.push({ locationId: 1, at: new Date(origin.getTime() - DAY), ...confirmed });
    return h;
  }

  it("when zeker registrations came true in the history, then a new one counts for more than when they were cancelled", () => {
    const planned = [departure(dayAfter(10))];
    const expectedIn = (h: HistoryInput) =>
      summarizeLocation(forecastLocation(fitForecastModel(h, origin), { ...group, occupied: 10 }, planned, origin))
        .weeks[1]?.expected as number;

    const kept = expectedIn(registrations(true));
    const cancelled = expectedIn(registrations(false));

    expect(kept).toBeGreaterThan(0.5);
    expect(cancelled).toBeLessThan(0.35);
  });

  it("when history after `until` is added, then the fitted model is the same", () => {
    const until = new Date(origin.getTime() - 30 * DAY);
    const cut = {
      ...demo.history,
      events: demo.history.events.filter((e) => e.at < until),
      planning: demo.history.planning.filter((e) => e.at < until),
    };

    expect(fitForecastModel(demo.history, until)).toEqual(fitForecastModel(cut, until));
  });

  it("when crisis intakes peak in winter, then a crisis bed's fitted January fill rate is above its July rate", () => {
    const crisis = demoModel.groups["residentieel:crisis"];
    expect(crisis?.fillRate[0]).toBeGreaterThan((crisis?.fillRate[6] as number) * 1.3);
    // The model is plain JSON: it survives storing and sending.
    expect(JSON.parse(JSON.stringify(demoModel))).toEqual(demoModel);
  });
});

describe("aggregateForecast", () => {
  const summaries = demoForecasts.map(summarizeLocation);
  const expectedSum = (careType: string | null, municipality: string | null, week: number) =>
    summaries
      .filter(
        (s) =>
          (careType === null || s.careType === careType) && (municipality === null || s.municipality === municipality),
      )
      .reduce((total, s) => total + (s.weeks[week]?.expected ?? 0), 0);

  it("when locations are summed per care type and gemeente, then the expected values add up exactly", () => {
    for (const [careType, municipality] of [
      [null, null],
      ["residentieel", null],
      [null, "Enschede"],
      ["pleegzorg", "Hengelo"],
    ] as const) {
      const total = aggregateForecast(demoForecasts, careType, municipality);
      const members = summaries.filter(
        (s) =>
          (careType === null || s.careType === careType) && (municipality === null || s.municipality === municipality),
      );
      expect(total.locations).toBe(members.length);
      expect(total.capacity).toBe(members.reduce((a, s) => a + s.capacity, 0));
      expect(total.freeNow).toBe(members.reduce((a, s) => a + s.freeNow, 0));
      total.weeks.forEach((week, i) => {
        expect(week.expected).toBeCloseTo(expectedSum(careType, municipality, i), 9);
        expect(week.plannedDepartures).toBe(members.reduce((a, s) => a + (s.weeks[i]?.plannedDepartures ?? 0), 0));
        expect(week.low).toBeGreaterThanOrEqual(0);
        expect(week.low).toBeLessThanOrEqual(week.high);
        expect(week.high).toBeLessThanOrEqual(total.capacity);
      });
    }
  });

  it("when a group holds more than 2,000 places, then the normal approximation gives about the exact interval", () => {
    // Six copies of the region: over 2,000 places, where the exact sum is replaced by the normal approximation.
    const large: LocationDistribution[] = [0, 1, 2, 3, 4, 5].flatMap((copy) =>
      demoForecasts.map((d) => ({ ...d, locationId: d.locationId + copy * 10_000 })),
    );
    const approximate = aggregateForecast(large, null, null);
    expect(approximate.capacity).toBeGreaterThan(2000);
    const region = aggregateForecast(demoForecasts, null, null);
    expect(region.capacity).toBeLessThanOrEqual(2000);

    approximate.weeks.forEach((week, i) => {
      const one = region.weeks[i] as (typeof region.weeks)[number];
      expect(week.expected).toBeCloseTo(6 * one.expected, 6);
      // Against the exact sum of the same locations with their shared spread: the approximation ignores the sum's
      // skew, so allow 2 places.
      const exact = sumDistribution(large, i);
      const interval = interval80(exact.p);
      expect(Math.abs(week.low - (exact.offset + interval.low))).toBeLessThanOrEqual(2);
      expect(Math.abs(week.high - (exact.offset + interval.high))).toBeLessThanOrEqual(2);
    });
    expect(width(approximate.weeks[11] as { low: number; high: number })).toBeGreaterThan(
      width(approximate.weeks[0] as { low: number; high: number }),
    );
  });
});
