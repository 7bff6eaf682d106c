// npx tsx tests/forecast/worlds/measure.ts [days] [span] [world...]: the backtest of the test worlds at 1-12 weeks
// ahead, per horizon: the combination's MAE over persistence's (region total and worst care type) and the 80% band's
// coverage pooled over the care types' sums. For the tables in docs/forecast-accuracy.md; not a test.
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
  console.log(`\n### ${name}: ${result.origins.length} origins, ${seconds} s\n`);
  console.log(
    "| weeks | total: combination / persistence | model / persistence | worst care type | in band (care types) | in band (total) |",
  );
  console.log("| ---: | ---: | ---: | ---: | ---: | ---: |");
  const types = result.regional.filter((r) => r.careType !== null);
  for (const h of horizons) {
    const total = result.regional.find((r) => r.careType === null && r.weeksAhead === h);
    const atH = types.filter((r) => r.weeksAhead === h);
    const worst = atH.reduce((a, r) => (r.combination / r.persistence > a.combination / a.persistence ? r : a));
    const ratio = (r: BacktestRow) => (r.combination / r.persistence).toFixed(3);
    const cells = [
      h,
      total ? ratio(total) : "-",
      total ? (total.model / total.persistence).toFixed(3) : "-",
      `${worst.careType} ${ratio(worst)}`,
      pct(pooled(atH).coverage),
      total?.coverage == null ? "-" : pct(total.coverage),
    ];
    console.log(`| ${cells.join(" | ")} |`);
  }
  console.log(`\nPooled over care types and horizons: ${pct(pooled(types).coverage)} of ${pooled(types).banded}`);
}
