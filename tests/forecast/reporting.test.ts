// Reporting behaviour is data (#23 item 4): a location's rhythm of updates and how stale it is, and a forecast that
// starts earlier by the weeks it has not reported.
import { describe, expect, it } from "vitest";
import {
  fitForecastModel,
  forecastFromLastReport,
  forecastLocation,
  type HistoryInput,
  type LocationState,
} from "../../shared/rules/forecast.js";
import { indexHistory, reportingAt, unreportedWeeks } from "../../shared/rules/forecast-history.js";

const DAY = 86_400_000;
const start = Date.parse("2026-01-05T10:00:00Z");

/** A location that reports every `everyDays` days from the start, `updates` times. */
function reporting(everyDays: number, updates: number): HistoryInput {
  return {
    locations: [{ id: 1, careType: "residentieel", crisis: false, createdAt: new Date(start) }],
    events: Array.from({ length: updates }, (_, i) => ({
      locationId: 1,
      at: new Date(start + i * everyDays * DAY),
      kind: "ongewijzigd-bevestigd" as const,
      capacity: 10,
      occupied: 8,
      reserved: 0,
    })),
    planning: [],
  };
}

describe("reporting rhythm", () => {
  it("when a location reports every 2 days and then is silent for 3 weeks, then 3 weeks of changes count as unreported", () => {
    const timeline = indexHistory(reporting(2, 20)).timelines.get(1);
    if (!timeline) throw new Error("no timeline");
    const lastAt = start + 19 * 2 * DAY;
    const r = reportingAt(timeline, lastAt + 23 * DAY);
    expect(r).toEqual({ cadenceMs: 2 * DAY, lastAt });
    expect(unreportedWeeks(r, lastAt + 23 * DAY)).toBe(3);
    // Within its rhythm nothing is missing.
    expect(unreportedWeeks(r, lastAt + DAY)).toBe(0);
  });

  it("when a location reports once a week in a batch, then five days after its report it is up to date", () => {
    const timeline = indexHistory(reporting(7, 12)).timelines.get(1);
    if (!timeline) throw new Error("no timeline");
    const lastAt = start + 11 * 7 * DAY;
    expect(unreportedWeeks(reportingAt(timeline, lastAt + 5 * DAY), lastAt + 5 * DAY)).toBe(0);
    expect(unreportedWeeks(reportingAt(timeline, lastAt + 20 * DAY), lastAt + 20 * DAY)).toBe(2);
  });

  it("when numbers are two weeks unreported, then the forecast is the one from two weeks earlier, read from today", () => {
    const history = reporting(2, 30);
    const origin = new Date(start + 90 * DAY);
    const model = fitForecastModel(history, origin);
    const state: LocationState = {
      id: 1,
      careType: "residentieel",
      municipality: "Hengelo",
      crisis: false,
      capacity: 10,
      occupied: 10,
      reserved: 0,
    };
    const shifted = forecastFromLastReport(model, state, [], origin, 2);
    const earlier = forecastLocation(model, state, [], new Date(origin.getTime() - 14 * DAY), 14);
    expect(shifted.weeks).toHaveLength(12);
    expect(shifted.weeks.map((w) => w.week)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(shifted.weeks[0]?.date).toBe(new Date(origin.getTime() + 7 * DAY).toISOString().slice(0, 10));
    expect([...(shifted.weeks[0]?.p ?? [])]).toEqual([...(earlier.weeks[2]?.p ?? [])]);
    // A full location expects more free places when its changes of the last two weeks are still to come in.
    const plain = forecastLocation(model, state, [], origin);
    const mean = (p: Float64Array) => p.reduce((sum, q, k) => sum + k * q, 0);
    expect(mean(shifted.weeks[0]?.p as Float64Array)).toBeGreaterThan(mean(plain.weeks[0]?.p as Float64Array));
  });
});
