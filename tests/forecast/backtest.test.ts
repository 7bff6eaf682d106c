// The backtest on a small generated region: replaying a year of forecasts, the model must beat "nothing changes"
// and its 80% intervals must hold about 80% of what happened.
import { beforeAll, describe, expect, it } from "vitest";
import { generateDemoData } from "../../server/db/seed/generate.js";
import { toHistoryInput } from "../../server/db/seed/planning.js";
import { type BacktestResult, formatBacktest, runBacktest } from "../../server/features/forecast/backtest.js";
import { CARE_TYPES } from "../../shared/domain.js";

const now = new Date("2026-11-23T10:30:00Z");
let result: BacktestResult;

beforeAll(() => {
  const { history, municipalities } = toHistoryInput(generateDemoData({ now, seed: 5, scale: 0.4 }));
  result = runBacktest(history, municipalities);
});

const row = (rows: BacktestResult["locations"], weeksAhead: number) => {
  const found = rows.find((r) => r.careType === null && r.weeksAhead === weeksAhead);
  if (!found) throw new Error(`no overall row for ${weeksAhead} weeks`);
  return found;
};

describe("runBacktest on a generated region", () => {
  it("when forecasts are replayed every 2 weeks over the last year, then every care type and horizon is checked", () => {
    expect(result.origins).toHaveLength(26);
    const first = Date.parse(result.origins[0] as string);
    const last = Date.parse(result.origins[25] as string);
    expect((last - first) / (7 * 86_400_000)).toBe(50);
    // The last origin leaves room for the 8-week horizon before the history ends.
    expect(last).toBeLessThan(now.getTime() - 8 * 7 * 86_400_000);
    for (const careType of [null, ...CARE_TYPES]) {
      for (const weeksAhead of [1, 2, 4, 8]) {
        const r = result.locations.find((x) => x.careType === careType && x.weeksAhead === weeksAhead);
        expect(r?.forecasts, `${careType} ${weeksAhead}`).toBeGreaterThan(0);
      }
    }
  });

  it("when compared 4 weeks ahead, then the model's expected free places beat persistence and planned-only", () => {
    for (const rows of [result.locations, result.regional]) {
      const fourWeeks = row(rows, 4);
      expect(fourWeeks.model).toBeLessThan(fourWeeks.persistence);
      expect(fourWeeks.model).toBeLessThan(fourWeeks.plannedOnly);
    }
    // Further ahead the gap grows: free places drift away from today's.
    const eight = row(result.locations, 8);
    expect(eight.persistence - eight.model).toBeGreaterThan(
      row(result.locations, 1).persistence - row(result.locations, 1).model,
    );
  });

  it("when the 80% intervals are checked, then they hold about 80% of what happened", () => {
    for (const weeksAhead of [1, 2, 4, 8]) {
      const locations = row(result.locations, weeksAhead);
      // Whole-number intervals of a few places hold more than 80%: P(free = 0) alone is often above 80%.
      expect(locations.coverage).toBeGreaterThan(0.8);
      expect(locations.coverage).toBeLessThan(0.99);
      // The randomised PIT corrects for that: 80% when the distributions are right.
      expect(locations.calibration).toBeGreaterThan(0.72);
      expect(locations.calibration).toBeLessThan(0.88);
      // Region totals over 26 origins: a few misses more or less move this by 4% each.
      expect(row(result.regional, weeksAhead).coverage).toBeGreaterThan(0.5);
      expect(row(result.regional, weeksAhead).coverage).toBeLessThan(0.98);
    }
  });

  it("when printed, then the table has a row per care type and horizon", () => {
    const table = formatBacktest(result.locations);
    expect(table.split("\n")).toHaveLength(2 + result.locations.length);
    expect(table).toContain("| alle | 4 |");
  });
});
