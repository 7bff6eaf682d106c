// npx tsx tests/forecast/worlds/measure.ts [days] [span] [world...]: the backtest of the test worlds at 1-12 weeks
// ahead, per horizon: the region total's MAE (model, combination, persistence), the worst care type's ratio to
// persistence, and the 80% band's coverage (care types' sums pooled, region total, single locations). For the tables
// in docs/forecast-accuracy.md; not a test.
import { type BacktestRow, runBacktest } from "../../../server/features/forecast/backtest.js";
import { FORECAST_WEEKS } from "../../../shared/schemas/forecast.js";
import { demoWorld, WORLDS } from "./worlds.js";

const [daysArg, spanArg, ...names] = process.argv.slice(2);
const days = Number(daysArg ?? 1095);
const span = Number(spanArg ?? 104);
const horizons = Array.from({ length: FORECAST_WEEKS }, (_, i) => i + 1);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function pooled(rows: readonly BacktestRow[]) {
  let banded = 0;
  let inside = 0;
  for (const r of rows) {
    banded += r.forecasts * r.calibrated;
    inside += (r.coverage ?? 0) * r.forecasts * r.calibrated;
  }
  return { banded, coverage: banded > 0 ? inside / banded : Number.NaN };
}

for (const [name, make] of Object.entries(WORLDS)) {
  if (names.length > 0 && !names.includes(name)) continue;
  const started = performance.now();
  const world = name === "demo" ? demoWorld() : make(days);
  // The demo generator makes two years: its last year is the part with a year of history before it.
  const spanWeeks = name === "demo" ? 52 : span;
  const result = runBacktest(world.history, world.municipalities, { modelBands: false, horizons, spanWeeks });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const { locations, events, planning } = world.history;
  console.log(
    `\n### ${name}: ${locations.length} locations, ${events.length} capacity events, ${planning.length} planning ` +
      `events; ${result.origins.length} origins (${seconds} s)\n`,
  );
  console.log(
    "| weeks | total: MAE model | MAE combination | MAE persistence | combination / persistence | worst care type: combination / persistence | in 80% band: care types' sums | region total | single locations |",
  );
  console.log("| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |");
  const types = result.regional.filter((r) => r.careType !== null);
  for (const h of horizons) {
    const total = result.regional.find((r) => r.careType === null && r.weeksAhead === h);
    const atH = types.filter((r) => r.weeksAhead === h);
    const worst = atH.reduce((a, r) => (r.combination / r.persistence > a.combination / a.persistence ? r : a));
    const ratio = (r: BacktestRow) => (r.combination / r.persistence).toFixed(2);
    const locations = result.locations.find((r) => r.careType === null && r.weeksAhead === h);
    const cells = [
      h,
      total ? total.model.toFixed(2) : "-",
      total ? total.combination.toFixed(2) : "-",
      total ? total.persistence.toFixed(2) : "-",
      total ? ratio(total) : "-",
      `${worst.careType} ${ratio(worst)}`,
      pct(pooled(atH).coverage),
      total?.coverage == null ? "-" : pct(total.coverage),
      locations?.coverage == null ? "-" : pct(locations.coverage),
    ];
    console.log(`| ${cells.join(" | ")} |`);
  }
  const totals = result.regional.filter((r) => r.careType === null);
  console.log(
    `\nPooled over the horizons: care types' sums ${pct(pooled(types).coverage)} of ${pooled(types).banded} banded, ` +
      `region total ${pct(pooled(totals).coverage)} of ${pooled(totals).banded}.`,
  );
}
