// Figures of the live bench: percentiles, the aligned (Markdown) tables, CPU per operation, and the verdicts: ratios
// to the bare socket.io baseline of the same run (issue 25), the absolute targets printed as information.
import os from "node:os";
import type { Usage } from "./ipc.js";
import type { WriteResult } from "./writer.js";

export interface Options {
  clients: number;
  rate: number;
  /** Seconds measured per server, in `rounds` windows taking turns with the other server. */
  duration: number;
  rounds: number;
  warmup: number;
  locations: number;
  backend: "pglite" | "postgres";
  databaseUrl?: string;
}

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface RunResult {
  clients: number;
  latency: Percentiles | undefined;
  write: WriteResult;
  delivered: number;
  expected: number;
  disconnects: number;
  outOfOrder: number;
  /** CPU used while measuring, as a share of one core: the server, this (client) process, everything else. */
  cpu: { server: number; bench: number; other: number };
  /** Event-loop delay p99 while measuring, in ms: the server process and this (client) process. */
  loopDelayP99Ms: { server: number; bench: number };
  /** CPU time (user + system) the server process used while measuring, in ms (its process.cpuUsage over IPC). */
  serverCpuMs: number;
  /** The machine's 1-minute load average when the measurement ended: the figures are only as quiet as this. */
  loadAverage: number;
  heap: { before: Usage; connected: Usage; afterRun: Usage; afterDisconnect: Usage };
}

/** Absolute targets (information) and the ratios to bare socket.io of the same run (the verdict). */
export const TARGET = {
  clients: 1000,
  rate: 20,
  p99Ms: 50,
  ofBare: 1.5,
  cpuPerDeliveryOfBare: 1.3,
  loopDelayOfBare: 1.5,
};

/** Server CPU per operation: microseconds per delivered event and milliseconds per acknowledged change. */
export interface Cost {
  usPerDelivery: number | undefined;
  msPerChange: number | undefined;
}

export function costOf(cpuMs: number, delivered: number, changes: number): Cost {
  return {
    usPerDelivery: delivered > 0 ? (cpuMs * 1000) / delivered : undefined,
    msPerChange: changes > 0 ? cpuMs / changes : undefined,
  };
}

/** The 1-minute load average now (printed with every figure: the machine may be shared). */
export const loadAverage = () => os.loadavg()[0] ?? 0;

/** A ratio a/b as "1.23x" ("n/a" when either is unknown). */
export const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? "n/a" : b === 0 ? (a === 0 ? "1.00x" : "inf") : `${(a / b).toFixed(2)}x`;

/** A figure with the given number of decimals, "n/a" when unknown. */
export const fixed = (value: number | undefined, digits: number) =>
  value === undefined ? "n/a" : value.toFixed(digits);

/**
 * One ratio verdict: "name a/b = r <= limit" when met, and whether it was. Unknown figures count as missed.
 */
export function ratioCheck(name: string, a: number | undefined, b: number | undefined, limit: number) {
  const met = a !== undefined && b !== undefined && b > 0 && a / b <= limit;
  return { met, text: `${name} ${ratio(a, b)} of bare (<= ${limit}x)` };
}

/** The verdict line of a list of ratio checks: each with "met" or "MISSED". */
export function ratioVerdict(checks: { met: boolean; text: string }[]): string {
  const all = checks.map((c) => `${c.text} ${c.met ? "met" : "MISSED"}`).join("; ");
  return `Verdict ${checks.every((c) => c.met) ? "MET" : "NOT met"}: ${all}.`;
}

/** Nearest-rank percentiles of the samples (sorted in place). */
export function percentiles(samples: Float64Array): Percentiles | undefined {
  if (samples.length === 0) return undefined;
  samples.sort();
  const at = (p: number) =>
    samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)] ?? Number.NaN;
  return { p50: at(50), p90: at(90), p99: at(99), max: samples[samples.length - 1] ?? Number.NaN };
}

/** A Markdown table with padded columns: readable in a terminal, pasteable into the README. */
export function table(header: string[], rows: string[][], rightAlign: boolean[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const pad = (cell: string, c: number) =>
    rightAlign[c] ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0);
  const line = (cells: string[]) => `| ${cells.map(pad).join(" | ")} |`;
  const rule = `|${widths.map((w, c) => (rightAlign[c] ? `${"-".repeat(w + 1)}:` : `:${"-".repeat(w + 1)}`)).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const ms = (value: number | undefined) => (value === undefined ? "n/a" : String(Math.round(value)));

export function setupTable(options: Options): string {
  const cpus = os.cpus();
  const rows = [
    [
      "machine",
      `${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    ],
    ["runtime", `node ${process.version} (${process.platform}/${process.arch})`],
    ["clients", String(options.clients)],
    ["updates/s", String(options.rate)],
    [
      "duration",
      `${options.duration} s per server (+ ${options.warmup} s warm-up), in ${options.rounds} windows taking turns`,
    ],
    ["backend", `${options.backend}, ${options.locations} locations`],
  ];
  return table(["setup", "value"], rows, [false, false]);
}

export function resultTable(ours: RunResult, bare: RunResult): string {
  const lat = (k: keyof Percentiles) => [`latency ${k} (ms)`, ms(ours.latency?.[k]), ms(bare.latency?.[k])];
  const sustained = (r: RunResult) => (r.write.acknowledged / (r.write.elapsedMs / 1000)).toFixed(1);
  const heap = (label: string, k: keyof RunResult["heap"]) => [
    `heapUsed ${label} (MiB)`,
    mib(ours.heap[k].heapUsed),
    mib(bare.heap[k].heapUsed),
    ratio(ours.heap[k].heapUsed, bare.heap[k].heapUsed),
  ];
  const cost = (r: RunResult) => costOf(r.serverCpuMs, r.delivered, r.write.acknowledged);
  const [oc, bc] = [cost(ours), cost(bare)];
  const rows = [
    [
      "server CPU per delivered event (us)",
      fixed(oc.usPerDelivery, 1),
      fixed(bc.usPerDelivery, 1),
      ratio(oc.usPerDelivery, bc.usPerDelivery),
    ],
    [
      "server CPU per change (ms)",
      fixed(oc.msPerChange, 2),
      fixed(bc.msPerChange, 2),
      ratio(oc.msPerChange, bc.msPerChange),
    ],
    ["server CPU per change beyond bare (ms)", fixed(diff(oc.msPerChange, bc.msPerChange), 2), "", ""],
    [
      "event-loop delay p99, server (ms)",
      ms(ours.loopDelayP99Ms.server),
      ms(bare.loopDelayP99Ms.server),
      ratio(ours.loopDelayP99Ms.server, bare.loopDelayP99Ms.server),
    ],
    ["load average (1 min) at the end", ours.loadAverage.toFixed(2), bare.loadAverage.toFixed(2), ""],
    [...lat("p50"), ratio(ours.latency?.p50, bare.latency?.p50)],
    [...lat("p90"), ratio(ours.latency?.p90, bare.latency?.p90)],
    [...lat("p99"), ratio(ours.latency?.p99, bare.latency?.p99)],
    [...lat("max"), ratio(ours.latency?.max, bare.latency?.max)],
    ["updates/s sustained", sustained(ours), sustained(bare), ""],
    ["update ack p50/p99 (ms)", ack(ours), ack(bare), ""],
    ["updates acked/scheduled", acked(ours), acked(bare), ""],
    ["events delivered/expected", `${ours.delivered}/${ours.expected}`, `${bare.delivered}/${bare.expected}`, ""],
    ["events lost", String(lost(ours)), String(lost(bare)), ""],
    ["server CPU (% of a core)", pct(ours.cpu.server), pct(bare.cpu.server), ratio(ours.cpu.server, bare.cpu.server)],
    ["bench clients CPU (% of a core)", pct(ours.cpu.bench), pct(bare.cpu.bench), ""],
    ["other load on machine (% of a core)", pct(ours.cpu.other), pct(bare.cpu.other), ""],
    ["event-loop delay p99, clients (ms)", ms(ours.loopDelayP99Ms.bench), ms(bare.loopDelayP99Ms.bench), ""],
    heap("before clients", "before"),
    heap("clients connected", "connected"),
    heap("after run", "afterRun"),
    heap("after disconnect", "afterDisconnect"),
  ];
  return table(["metric", "ours", "bare socket.io", "ours/bare"], rows, [false, true, true, true]);
}

const pct = (share: number) => (share * 100).toFixed(0);
const diff = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a - b);
const ack = (r: RunResult) => {
  const p = percentiles(r.write.ackMs);
  return p ? `${ms(p.p50)}/${ms(p.p99)}` : "n/a";
};

/** CPU time all cores have spent busy since boot, in ms (to see load from other processes). */
export function machineBusyMs(): number {
  return os.cpus().reduce((sum, { times: t }) => sum + t.user + t.nice + t.sys + t.irq, 0);
}
const acked = (r: RunResult) =>
  `${r.write.acknowledged}/${r.write.scheduled}${r.write.skipped ? ` (${r.write.skipped} skipped)` : ""}`;

/** Lines explaining failed updates and a late schedule, if any. */
export function notes(runs: Record<string, RunResult>): string[] {
  const lines: string[] = [];
  for (const [name, r] of Object.entries(runs)) {
    const reasons = [...r.write.failures].map(([reason, n]) => `${n}x ${reason}`).join(", ");
    if (r.write.failed > 0) lines.push(`${name}: ${r.write.failed} updates failed (${reasons}).`);
    if (r.write.maxLagMs > 50) lines.push(`${name}: the writer's schedule ran up to ${ms(r.write.maxLagMs)} ms late.`);
    if (r.cpu.other > 0.25) {
      lines.push(`${name}: other processes used ${pct(r.cpu.other)}% of a core meanwhile; rerun on a quiet machine.`);
    }
    if (r.disconnects > 0) lines.push(`${name}: ${r.disconnects} clients disconnected during the run.`);
    if (r.outOfOrder > 0) lines.push(`${name}: ${r.outOfOrder} deliveries arrived out of sequence order.`);
    if (r.delivered > r.expected) {
      lines.push(`${name}: ${r.delivered - r.expected} more deliveries than expected (failed updates that committed).`);
    }
  }
  return lines;
}
const lost = (r: RunResult) => Math.max(0, r.expected - r.delivered);

/**
 * The verdict (issue 25): CPU per delivered event, p99 and event-loop delay p99 as ratios to bare socket.io in the
 * same run; then the absolute target, as information. Never throws: a miss is a figure, not a failure.
 */
export function verdict(options: Options, ours: RunResult, bare: RunResult): string {
  const cost = (r: RunResult) => costOf(r.serverCpuMs, r.delivered, r.write.acknowledged).usPerDelivery;
  const ratios = ratioVerdict([
    ratioCheck("CPU per delivered event", cost(ours), cost(bare), TARGET.cpuPerDeliveryOfBare),
    ratioCheck("p99", ours.latency?.p99, bare.latency?.p99, TARGET.ofBare),
    ratioCheck("event-loop delay p99", ours.loopDelayP99Ms.server, bare.loopDelayP99Ms.server, TARGET.loopDelayOfBare),
  ]);
  const misses: string[] = [];
  const rate = ours.write.acknowledged / (ours.write.elapsedMs / 1000);
  const p99 = ours.latency?.p99;
  if (ours.clients < TARGET.clients) misses.push(`ran with ${ours.clients} clients, target needs ${TARGET.clients}`);
  if (options.rate < TARGET.rate || rate < TARGET.rate * 0.98) misses.push(`sustained ${rate.toFixed(1)} updates/s`);
  if (p99 === undefined || p99 > TARGET.p99Ms) misses.push(`p99 ${ms(p99)} ms > ${TARGET.p99Ms} ms`);
  if (lost(ours) > 0) misses.push(`${lost(ours)} events lost`);
  const target = `${TARGET.clients} clients, ${TARGET.rate} updates/s, p99 <= ${TARGET.p99Ms} ms, no loss`;
  const info =
    misses.length === 0
      ? `Absolute target (information) met (${target}).`
      : `Absolute target (information) not met (${target}): ${misses.join("; ")}.`;
  return `${ratios}\n${info}`;
}

/** Runs a bench's main: a failure prints and exits 1; a stray handle left afterwards must not keep it alive. */
/** Progress lines go to stderr, so stdout holds only the report. */
export const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

/**
 * Setups compared with each other take turns being measured, `rounds` windows each (A B / B A / A B ...): a phase of
 * this shared machine lasts minutes, and so weighs on all of them alike instead of on whichever ran during it.
 */
export async function inTurns<T>(
  setups: readonly T[],
  rounds: number,
  window: (setup: T, round: number) => Promise<void>,
) {
  for (let round = 0; round < rounds; round++) {
    for (const setup of round % 2 === 0 ? setups : [...setups].reverse()) await window(setup, round);
  }
}

export async function runBench(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  }
  setTimeout(() => process.exit(), 5_000).unref();
}

/**
 * Reads a numeric bench option: --name on the command line, else BENCH_NAME in the environment, else the fallback;
 * anything else than a number >= min (an integer unless `integer` is false) stops the bench with a clear message.
 */
export function numberOption(
  values: Record<string, unknown>,
  name: string,
  fallback: number,
  min: number,
  integer = true,
): number {
  const given = values[name];
  const raw =
    (typeof given === "string" ? given : undefined) ??
    process.env[`BENCH_${name.toUpperCase().replace("-", "_")}`] ??
    String(fallback);
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new Error(`--${name} must be ${integer ? "an integer" : "a number"} >= ${min}, got "${raw}"`);
  }
  return value;
}
