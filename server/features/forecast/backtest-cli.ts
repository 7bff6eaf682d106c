// npm run forecast:backtest [-- --history FILE | --seed N --scale X --now ISO] [--step 1 --span 52 --horizons 1,2,4,8]:
// the backtest, printed as markdown tables, on a history file (npm run forecast:export-history writes one; the format
// is historyFileSchema) or, without --history, on the demo history generated in memory by the seed's generator.
import { readFile } from "node:fs/promises";
import os from "node:os";
import { parseArgs } from "node:util";
import type { LocationMunicipality } from "../../../shared/domain.js";
import type { HistoryInput } from "../../../shared/rules/forecast.js";
import { HistoryFileError, parseHistoryFile } from "../../../shared/rules/forecast-history-file.js";
import { FORECAST_WEEKS } from "../../../shared/schemas/forecast.js";
import { DEFAULT_SEED, generateDemoData } from "../../db/seed/generate.js";
import { toHistoryInput } from "../../db/seed/planning.js";
import { formatBacktest, runBacktest } from "./backtest.js";

const { values } = parseArgs({
  options: {
    history: { type: "string" },
    seed: { type: "string", default: String(DEFAULT_SEED) },
    scale: { type: "string", default: "1" },
    // A fixed default keeps the printed figures reproducible.
    now: { type: "string", default: "2026-11-23T10:30:00Z" },
    step: { type: "string", default: "1" },
    span: { type: "string", default: "52" },
    // Weeks ahead to report, up to the 12 the forecast shows.
    horizons: { type: "string", default: "1,2,4,8" },
  },
});
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};
const number = (name: "seed" | "scale" | "step" | "span") => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n <= 0) fail(`--${name} must be a positive number, got ${values[name]}`);
  return n;
};

async function loadHistory(): Promise<{
  history: HistoryInput;
  municipalities: Map<number, LocationMunicipality>;
  source: string;
}> {
  if (values.history) {
    const text = await readFile(values.history, "utf8").catch((err: Error) =>
      fail(`${values.history}: ${err.message}`),
    );
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return fail(`${values.history} is geen JSON: ${(err as Error).message}`);
    }
    try {
      return { ...parseHistoryFile(json), source: `History file ${values.history}` };
    } catch (err) {
      if (err instanceof HistoryFileError) return fail(`${values.history}: ${err.message}`);
      throw err;
    }
  }
  const now = new Date(values.now);
  if (Number.isNaN(now.getTime())) fail(`--now must be a date, got ${values.now}`);
  const data = generateDemoData({ now, seed: number("seed"), scale: number("scale") });
  const source = `Demo history: seed ${values.seed}, scale ${values.scale}, now ${now.toISOString()}`;
  return { ...toHistoryInput(data), source };
}

let started = performance.now();
const { history, municipalities, source } = await loadHistory();
const loadedMs = performance.now() - started;
if (history.events.length === 0) fail("De historie heeft geen capaciteitsgebeurtenissen: niets te toetsen.");
started = performance.now();
const horizons = String(values.horizons)
  .split(",")
  .map((h) => Number(h.trim()));
if (horizons.some((h) => !Number.isInteger(h) || h < 1 || h > FORECAST_WEEKS)) {
  fail(`--horizons must be whole weeks from 1 to ${FORECAST_WEEKS}, comma-separated, got ${values.horizons}`);
}
const result = runBacktest(history, municipalities, {
  stepWeeks: number("step"),
  spanWeeks: number("span"),
  horizons,
});
const backtestMs = performance.now() - started;

const first = result.origins[0]?.slice(0, 10);
const last = result.origins[result.origins.length - 1]?.slice(0, 10);
console.log(
  `${source}: ${history.locations.length} locations, ${history.events.length} capacity events, ` +
    `${history.planning.length} planning events (${Math.round(loadedMs)} ms).`,
);
console.log(`${result.origins.length} origins, every ${values.step} weeks from ${first} to ${last}.`);
console.log(`\nPer location (free places of one location):\n\n${formatBacktest(result.locations)}`);
console.log(`\nPer care type, summed over the region:\n\n${formatBacktest(result.regional)}`);
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
console.log(`\nBacktest ${Math.round(backtestMs)} ms on ${cpu}, ${os.cpus().length} cores, node ${process.version}.`);
