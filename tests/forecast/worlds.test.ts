// The forecast on four histories with different dynamics (#23 items 2, 3 and 7): the demo generator's, and three the
// model does not assume (heavy-tailed stays with one-at-a-time intake and slipping plans, weekly batch reporting, a
// crisis wave with capacity cuts). Each is replayed week by week with only what was known then, at every horizon the
// forecast shows (1-12 weeks), over the origins with at least a year of history before them: the last 104 of the
// three test worlds (three years, so the band and the weights also face a history that drifts for two years) and the
// last 52 of the demo's two. The forecast users see is never more than 5% worse than "nothing changes", better where
// the model is clearly better, and its 80% band holds about 80%.
import { describe, expect, it } from "vitest";
import { type BacktestResult, formatBacktest, runBacktest } from "../../server/features/forecast/backtest.js";
import { CARE_TYPES } from "../../shared/domain.js";
import { FORECAST_WEEKS } from "../../shared/schemas/forecast.js";
import { WORLDS } from "./worlds/worlds.js";

const HORIZONS = Array.from({ length: FORECAST_WEEKS }, (_, i) => i + 1);
const YEARS = { demo: 2, "heavy-tail": 3, "batch-reporting": 3, "regime-shift": 3 } as const;

/** Share inside the band over rows, weighted by how many forecasts had a band from history. */
function pooledCoverage(rows: BacktestResult["regional"]) {
  let banded = 0;
  let inside = 0;
  for (const r of rows) {
    banded += r.forecasts * r.calibrated;
    inside += (r.coverage ?? 0) * r.forecasts * r.calibrated;
  }
  return { banded, coverage: inside / banded };
}

describe.each(Object.entries(WORLDS))("the forecast on the %s history", (name, make) => {
  const years = YEARS[name as keyof typeof YEARS];
  // The demo generator makes two years; the test worlds three (365 days a year, so the last origin's weeks fit).
  const world = name === "demo" ? make() : make(years * 365);
  const span = (years - 1) * 52;
  const result = runBacktest(world.history, world.municipalities, {
    modelBands: false,
    horizons: HORIZONS,
    spanWeeks: span,
  });
  const row = (careType: string | null, weeksAhead: number) =>
    result.regional.find((r) => r.careType === careType && r.weeksAhead === weeksAhead);

  it("when replayed, then the combination is at most 5% worse than persistence at every horizon, for the region and every care type", () => {
    expect(result.origins.length).toBe(span);
    for (const careType of [null, ...CARE_TYPES]) {
      for (const weeksAhead of HORIZONS) {
        const r = row(careType, weeksAhead);
        expect(r, `${name} ${careType ?? "alle"} ${weeksAhead}`).toBeDefined();
        if (!r) continue;
        expect(r.forecasts).toBeGreaterThanOrEqual(span - 2);
        expect(
          r.combination,
          `${name} ${careType ?? "alle"} ${weeksAhead} weeks:\n${formatBacktest([r])}`,
        ).toBeLessThanOrEqual(1.05 * r.persistence);
      }
    }
  });

  it("when the model is clearly better than persistence for the region, then so is the combination", () => {
    // Clearly: the model's own error at most 0.9 x persistence's (on the demo at 3-12 weeks, none on the others).
    const skilled = HORIZONS.map((h) => row(null, h)).filter((r) => r && r.model <= 0.9 * r.persistence);
    if (name === "demo") expect(skilled.length).toBeGreaterThanOrEqual(8);
    let combination = 0;
    let persistence = 0;
    for (const r of skilled) {
      if (!r) continue;
      expect(r.combination, `${name} total ${r.weeksAhead} weeks:\n${formatBacktest([r])}`).toBeLessThan(r.persistence);
      combination += r.combination;
      persistence += r.persistence;
    }
    // And not just barely: over those horizons, at least 5% of persistence's error gained.
    if (skilled.length > 0) expect(combination, name).toBeLessThanOrEqual(0.95 * persistence);
  });

  it("when the 80% bands are checked at every horizon, then they hold 75-85% of what happened", () => {
    // Six care types' sums: per horizon about 600 banded forecasts (300 on the demo), 7,000 (3,600) in all. Pooled
    // over the horizons within 75-85%; per horizon within 72-88% (sd about 1.6-2.3% if independent, more as the six
    // sums and neighbouring origins err alike).
    const types = result.regional.filter((r) => r.careType !== null);
    const all = pooledCoverage(types);
    expect(all.banded).toBeGreaterThan(HORIZONS.length * span * 5);
    expect(all.coverage, name).toBeGreaterThanOrEqual(0.75);
    expect(all.coverage, name).toBeLessThanOrEqual(0.85);
    for (const weeksAhead of HORIZONS) {
      const { coverage } = pooledCoverage(types.filter((r) => r.weeksAhead === weeksAhead));
      expect(coverage, `${name} ${weeksAhead} weeks`).toBeGreaterThanOrEqual(0.72);
      expect(coverage, `${name} ${weeksAhead} weeks`).toBeLessThanOrEqual(0.88);
    }
    // The region total has one forecast per origin, and forecasts h weeks ahead from neighbouring origins share most
    // of their weeks: about n / h independent ones (52 / 12, four, at 12 weeks on the demo), too few for 75-85% at a
    // horizon. Per horizon within 2.5 binomial sd of 80% for n / h forecasts (66-94% at 1 week on 52 origins, no
    // bound at all from about 6 weeks there); pooled over the horizons, where far more are independent, 70-90%.
    const totals = result.regional.filter((r) => r.careType === null);
    for (const r of totals) {
      const margin = 2.5 * Math.sqrt((0.16 * r.weeksAhead) / r.forecasts);
      expect(r.coverage, `${name} total ${r.weeksAhead} weeks`).toBeGreaterThanOrEqual(0.8 - margin);
      expect(r.coverage, `${name} total ${r.weeksAhead} weeks`).toBeLessThanOrEqual(0.8 + margin);
    }
    const total = pooledCoverage(totals).coverage;
    expect(total, `${name} total`).toBeGreaterThanOrEqual(0.7);
    expect(total, `${name} total`).toBeLessThanOrEqual(0.9);
  });
});
