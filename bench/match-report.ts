// Printing the matching bench: setup, results, the comparison with the naive baseline, and the verdict on server CPU
// per call as a ratio to the bare baseline of the same run (issue 25), with the absolute target.
import os from "node:os";
import { CARE_TYPES } from "../shared/domain.js";
import type { CreateRequest } from "../shared/schemas/placements.js";
import type { SeedSummary } from "./match-data.js";
import { fixed, type Percentiles, percentiles, ratio, table } from "./report.js";
import type { WriteResult } from "./writer.js";

export interface Options {
  locations: number;
  requests: number;
  callers: number;
  rate: number;
  nodes: number;
  arrivals: number;
  baselineRequests: number;
  adminUrl: string;
  redisUrl: string | undefined;
  seed: number;
  /** Windows in which ours and bare, without the writer, take turns being measured (each the whole order). */
  rounds: number;
  serverNodeArgs: string[];
}

export interface Sample {
  bytes: number;
  matches: number;
}

export interface PhaseResult {
  name: string;
  latency: Percentiles | undefined;
  calls: number;
  failed: number;
  failures: Map<string, number>;
  wallMs: number;
  matches: Percentiles | undefined;
  bytes: Percentiles | undefined;
  write: WriteResult | undefined;
  /** CPU used meanwhile, as a share of one core: server, this process, PostgreSQL + Redis, everything else. */
  cpu: { server: number; bench: number; services: number; other: number };
  /** The samples the percentiles come from, kept so that windows measured in turns add up to one phase. */
  samples: { latencies: number[]; matches: number[]; bytes: number[] };
}

export const int = (n: number) => Math.round(n).toLocaleString("en-US");
export const ms = (n: number | undefined) => (n === undefined ? "n/a" : n < 10 ? n.toFixed(1) : String(Math.round(n)));
export const pct = (share: number) => `${Math.round(share * 100)}`;
/** Server CPU per answered call, in ms. */
export const cpuPerCall = (r: PhaseResult) => (r.cpu.server * r.wallMs) / Math.max(1, r.calls);
/** The absolute target (information beside the ratio): server CPU per match call without the writer. */
export const TARGET_CPU_PER_CALL_MS = 2.5;
export const loadAtStart = os.loadavg();

export function setupTable(options: Options, data: SeedSummary, requests: string, pg: string) {
  const cpus = os.cpus();
  const byType = CARE_TYPES.map((t) => `${t} ${int(data.byCareType[t])}`).join(", ");
  const machine =
    `${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB ` +
    `RAM; load average ${loadAtStart.map((l) => l.toFixed(2)).join(" ")} at start`;
  return table(
    ["setup", "value"],
    [
      ["machine", machine],
      ["runtime", `node ${process.version} (${process.platform}/${process.arch}); ${pg}`],
      [
        "server",
        `server/main.ts, ${options.nodes === 1 ? "1 process" : `${options.nodes} processes called round robin`}, ` +
          `${options.redisUrl ? "Redis adapter (sessions in PostgreSQL)" : "no Redis"}; the bare matcher on as many`,
      ],
      ["regions", `${data.regions} jeugdregio's, ${int(data.providers)} providers (seeded in ${int(data.ms)} ms)`],
      ["locations", `${int(data.locations)}: ${byType}`],
      [
        "places",
        `${int(data.places)}, ${int(data.free)} free at ${int(data.withFree)} locations; ` +
          `${int(data.departures)} planned departures (${int(data.cancelledDepartures)} cancelled)`,
      ],
      ["requests", requests],
      [
        "load",
        `${options.callers} concurrent callers; writer: ${options.rate} updates/s through POST ` +
          `/api/locations/:id/occupancy (beheerder), round robin over the ${int(data.writerLocationIds.length)} ` +
          `locations with a free place`,
      ],
    ],
    [false, false],
  );
}

export function describeRequests(items: { input: CreateRequest }[]) {
  const tally = (key: (i: CreateRequest) => string) => {
    const counts = new Map<string, number>();
    for (const { input } of items) counts.set(key(input), (counts.get(key(input)) ?? 0) + 1);
    return [...counts]
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
  };
  const types = items.reduce((n, { input }) => n + input.acceptableCareTypes.length, 0) / items.length;
  return (
    `${items.length} zoekend, made through the API as a regisseur; ${tally((i) => i.urgency)}; ` +
    `${tally((i) => (i.age < 12 ? "age 0-11" : i.age < 18 ? "age 12-17" : "age 18+"))}; ` +
    `${types.toFixed(1)} acceptable care types on average; ` +
    `${items.filter(({ input }) => input.siblings > 0).length} with siblings; Twente PC4 home postcodes`
  );
}

/** ours and bare: the runs without the writer (bare: bench/match-bare-server.ts). */
export function cpuVerdict(ours: PhaseResult, bare: PhaseResult, options: Options): string {
  const [o, b] = [cpuPerCall(ours), cpuPerCall(bare)];
  const met = ours.failed === 0 && o <= TARGET_CPU_PER_CALL_MS;
  return (
    `Server CPU per match call without the writer, both on ${options.nodes} process${options.nodes > 1 ? "es called round robin" : ""}: ` +
    `ours ${fixed(o, 2)} ms, bare ${fixed(b, 2)} ms, ` +
    `ours/bare ${ratio(o, b)} (${fixed(o - b, 2)} ms beyond bare).\n` +
    `Target (absolute) <= ${TARGET_CPU_PER_CALL_MS} ms server CPU per call at ${int(options.locations)} locations ` +
    `without the writer: ${met ? "MET" : "NOT met"} (${fixed(o, 2)} ms).`
  );
}

export function resultTable(ours: PhaseResult[], naive: PhaseResult, options: Options) {
  const runs = [...ours, naive];
  // The baseline ran back to back with the writer: compared with ours under the same load.
  const same = ours.find((r) => r.name === "ours, writer");
  const row = (label: string, cell: (r: PhaseResult) => string, last = "") => [label, ...runs.map(cell), last];
  const lat = (k: keyof Percentiles) =>
    row(`latency ${k} (ms)`, (r) => ms(r.latency?.[k]), ratio(naive.latency?.[k], same?.latency?.[k]));
  const throughput = (r: PhaseResult) => r.calls / (r.wallMs / 1000);
  const write = (r: PhaseResult, f: (w: WriteResult) => string) => (r.write ? f(r.write) : "-");
  const heads: Record<string, string> = {
    "ours, no writer": `ours, ${options.callers} callers, no writer`,
    "ours, writer": `ours, ${options.callers} callers, writer`,
    "ours, arriving": `ours, ${options.arrivals}/s arriving, writer`,
    "bare, no writer": `bare (${options.nodes} process${options.nodes > 1 ? "es" : ""}), ${options.callers} callers, no writer`,
    "naive, writer": `naive, ${options.callers} callers, writer`,
  };
  return table(
    ["metric", ...runs.map((r) => heads[r.name] ?? r.name), "naive/ours (callers, writer)"],
    [
      row("calls measured (failed)", (r) => `${r.calls} (${r.failed})`),
      lat("p50"),
      lat("p90"),
      lat("p99"),
      lat("max"),
      row(
        "throughput (matches/s)",
        (r) => throughput(r).toFixed(1),
        ratio(same && throughput(same), throughput(naive)),
      ),
      row("wall time (s)", (r) => (r.wallMs / 1000).toFixed(1)),
      row("matches per request p50 / max", (r) => `${ms(r.matches?.p50)} / ${ms(r.matches?.max)}`),
      row(
        "response JSON p50 / max (kB)",
        (r) => `${ms((r.bytes?.p50 ?? 0) / 1000)} / ${ms((r.bytes?.max ?? 0) / 1000)}`,
      ),
      row("writer updates/s acknowledged", (r) =>
        write(r, (w) => (w.elapsedMs > 0 ? (w.acknowledged / (w.elapsedMs / 1000)).toFixed(1) : "0")),
      ),
      row("writer acked / failed / skipped", (r) => write(r, (w) => `${w.acknowledged} / ${w.failed} / ${w.skipped}`)),
      row("writer ack p50 / p99 (ms)", (r) =>
        write(r, (w) => {
          const p = percentiles(w.ackMs);
          return p ? `${ms(p.p50)} / ${ms(p.p99)}` : "n/a";
        }),
      ),
      row("server processes CPU (% of a core)", (r) => pct(r.cpu.server)),
      row("server CPU per call (ms)", (r) => (r === naive ? "-" : fixed(cpuPerCall(r), 2))),
      row("bench process CPU (% of a core)", (r) => pct(r.cpu.bench)),
      row("PostgreSQL + Redis CPU (% of a core)", (r) => pct(r.cpu.services)),
      row("other processes CPU (% of a core)", (r) => pct(r.cpu.other)),
    ],
    [false, ...runs.map(() => true), true],
  );
}
