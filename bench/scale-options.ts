// The options of bench:scale, from its arguments and BENCH_* variables (bench/scale.ts says what each does).
import { parseArgs } from "node:util";
import { numberOption } from "./report.js";

export interface ScaleOptions {
  clients: number;
  nodes: number;
  rate: number;
  /** Seconds measured per setup, in `rounds` windows taking turns with the setup it is compared with. */
  seconds: number;
  rounds: number;
  warmup: number;
  locations: number;
  workers: number;
  /** Also run the app on one node and the bare socket.io server. */
  baselines: boolean;
  /** Also run the floor on one node (bench/scale-floor.ts): the stack's cost of a change, nothing of the app. */
  floor: boolean;
  adminUrl: string;
}

export function readOptions(): ScaleOptions {
  const { values } = parseArgs({
    options: Object.fromEntries(
      ["clients", "nodes", "rate", "seconds", "rounds", "warmup", "locations", "workers", "baselines", "floor"].map(
        (k) => [k, { type: "string" }],
      ),
    ) as Record<string, { type: "string" }>,
  });
  const number = (name: string, fallback: number, min: number, integer = true) =>
    numberOption(values, name, fallback, min, integer);
  return {
    clients: number("clients", 10_000, 1),
    nodes: number("nodes", 3, 1),
    rate: number("rate", 100, 0.1, false),
    seconds: number("seconds", 30, 1, false),
    rounds: number("rounds", 3, 1),
    // Long enough for V8 to finish optimising the update path: with 3 s, the nodes spent 9% of their CPU compiling
    // in the first half of the measurement and took a fifth more CPU than in its second half (README, bench:scale).
    warmup: number("warmup", 15, 0, false),
    locations: number("locations", 300, 1),
    workers: number("workers", 4, 1),
    baselines: yesNo(values.baselines ?? process.env.BENCH_BASELINES ?? "yes", "baselines"),
    floor: yesNo(values.floor ?? process.env.BENCH_FLOOR ?? "no", "floor"),
    adminUrl: process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres",
  };
}

function yesNo(value: unknown, name: string): boolean {
  if (value === "yes" || value === "no") return value === "yes";
  throw new Error(`--${name} takes yes or no, not ${String(value)}`);
}
