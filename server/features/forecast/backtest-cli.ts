// npm run forecast:backtest [-- --seed N --scale X --now ISO --step 2 --span 52]: the backtest on the demo history,
// generated in memory by the same generator as the seed (no database), printed as markdown tables.
import os from "node:os";
import { parseArgs } from "node:util";
import { DEFAULT_SEED, generateDemoData } from "../../db/seed/generate.js";
import { toHistoryInput } from "../../db/seed/planning.js";
import { formatBacktest, runBacktest } from "./backtest.js";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: String(DEFAULT_SEED) },
    scale: { type: "string", default: "1" },
    // A fixed default keeps the printed figures reproducible.
    now: { type: "string", default: "2026-11-23T10:30:00Z" },
    step: { type: "string", default: "2" },
    span: { type: "string", default: "52" },
  },
});
const number = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`--${name} must be a positive number, got ${values[name]}`);
    process.exit(2);
  }
  return n;
};
const now = new Date(values.now);
if (Number.isNaN(now.getTime())) {
  console.error(`--now must be a date, got ${values.now}`);
  process.exit(2);
}

let started = performance.now();
const data = generateDemoData({ now, seed: number("seed"), scale: number("scale") });
const { history, municipalities } = toHistoryInput(data);
const generatedMs = performance.now() - started;
started = performance.now();
const result = runBacktest(history, municipalities, { stepWeeks: number("step"), spanWeeks: number("span") });
const backtestMs = performance.now() - started;

const first = result.origins[0]?.slice(0, 10);
const last = result.origins[result.origins.length - 1]?.slice(0, 10);
console.log(
  `Demo history: seed ${values.seed}, scale ${values.scale}, now ${now.toISOString()}: ${history.locations.length} ` +
    `locations, ${history.events.length} capacity events, ${history.planning.length} planning events ` +
    `(${Math.round(generatedMs)} ms).`,
);
console.log(`${result.origins.length} origins, every ${values.step} weeks from ${first} to ${last}.`);
console.log(`\nPer location (free places of one location):\n\n${formatBacktest(result.locations)}`);
console.log(`\nPer care type, summed over the region:\n\n${formatBacktest(result.regional)}`);
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
console.log(`\nBacktest ${Math.round(backtestMs)} ms on ${cpu}, ${os.cpus().length} cores, node ${process.version}.`);
