// Figures of the scale bench: one column per run (the app on N nodes and on one node, bare socket.io on one node and
// on N nodes), and the verdict: the app's ratios to bare socket.io doing the same work (issue 25), with the absolute
// target printed as information.
import os from "node:os";
import { costOf, fixed, type Percentiles, percentiles, ratioCheck, ratioVerdict, table } from "./report.js";
import type { ScaleOptions } from "./scale-options.js";
import type { WriteResult } from "./writer.js";

export interface ScaleRun {
  name: string;
  kind: "app" | "bare" | "floor";
  nodes: number;
  clients: number;
  connectMs: number;
  latency: Percentiles | undefined;
  write: WriteResult;
  delivered: number;
  expected: number;
  disconnects: number;
  outOfOrder: number;
  /** capacity:head messages the clients received while measuring. */
  heads: number;
  /** heapUsed per node (bytes): before the clients, with them connected, after the run. */
  heap: { before: number[]; connected: number[]; afterRun: number[] };
  /** CPU per node while measuring, as a share of one core. */
  cpu: number[];
  /** CPU time per node while measuring, in ms (each node's process.cpuUsage over IPC). */
  cpuMs: number[];
  /** Event-loop delay p99 per node while measuring, in ms. */
  loopDelayP99Ms: number[];
  /** The machine's 1-minute load average when the measurement ended. */
  loadAverage: number;
  /**
   * While measuring: how busy the machine's cores were (share of all of them), and what the load generator took of
   * them (shares of one core): the client workers, and this process (the writer). It shares the cores with the nodes.
   */
  load: { machine: number; clients: number; bench: number };
}

/** Absolute targets (information) and the ratios to bare socket.io (the verdict). */
export const TARGET = {
  clients: 10_000,
  rate: 100,
  p99Ms: 100,
  heapMiBPer10k: 150,
  cpuPerDeliveryOfBare: 1.3,
  p99OfBare: 3,
  heapOfBare: 1.2,
};

const mib = (bytes: number) => bytes / 2 ** 20;
const ms = (value: number | undefined) => (value === undefined ? "n/a" : String(Math.round(value)));
const perNode = (values: number[], f: (v: number) => string) => values.map(f).join(" / ");
const percent = (share: number) => (share * 100).toFixed(0);
const lost = (r: ScaleRun) => Math.max(0, r.expected - r.delivered);

/** Below this many clients the heap they add is lost in the collector's noise: no projection. */
const PROJECT_FROM_CLIENTS = 1000;

/**
 * Each node's heap projected to TARGET.clients clients over all nodes: its heap before the clients plus what its
 * share of the clients added, scaled up. At the full size of the target this is simply the measured heap.
 */
export function projectedHeapMiB(r: ScaleRun): number[] | undefined {
  if (r.clients < PROJECT_FROM_CLIENTS) return undefined;
  const scale = TARGET.clients / r.clients;
  return r.heap.before.map((before, i) => mib(before + ((r.heap.connected[i] ?? before) - before) * scale));
}

export function setupTable(options: ScaleOptions, postgres: string): string {
  const cpus = os.cpus();
  const rows = [
    [
      "machine",
      `${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    ],
    ["runtime", `node ${process.version} (${process.platform}/${process.arch})`],
    [
      "clients",
      `${options.clients}, in ${options.workers} worker processes, each subscribed to one care type x gemeente`,
    ],
    ["updates/s", `${options.rate} through POST /api/locations/:id/occupancy, round-robin over the nodes`],
    [
      "duration",
      `${options.seconds} s per setup (+ ${options.warmup} s warm-up), in ${options.rounds} windows taking turns with the setup it is compared with`,
    ],
    ["database", `PostgreSQL ${postgres}, ${options.locations} locations`],
    ["broker", `a private redis-server (app on ${options.nodes} nodes); none on 1 node and for bare socket.io`],
  ];
  return table(["setup", "value"], rows, [false, false]);
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
/** Server CPU of all nodes together per delivered event (us) and per acknowledged change (ms). */
export const costOfRun = (r: ScaleRun) => costOf(sum(r.cpuMs), r.delivered, r.write.acknowledged);

export function resultTable(runs: ScaleRun[]): string {
  const row = (label: string, f: (r: ScaleRun) => string) => [label, ...runs.map(f)];
  const lat = (k: keyof Percentiles) => row(`latency ${k} (ms)`, (r) => ms(r.latency?.[k]));
  const rows = [
    row("nodes", (r) => String(r.nodes)),
    row("server CPU per delivered event, all nodes (us)", (r) => fixed(costOfRun(r).usPerDelivery, 1)),
    row("server CPU per change, all nodes (ms)", (r) => fixed(costOfRun(r).msPerChange, 2)),
    row("event-loop delay p99 per node (ms)", (r) => perNode(r.loopDelayP99Ms, (v) => v.toFixed(0))),
    row("load average (1 min) at the end", (r) => r.loadAverage.toFixed(2)),
    row("clients connected in (s)", (r) => (r.connectMs / 1000).toFixed(1)),
    lat("p50"),
    lat("p90"),
    lat("p99"),
    lat("max"),
    row("events delivered/expected", (r) => `${r.delivered}/${r.expected}`),
    row("events lost", (r) => String(lost(r))),
    row("updates acked/scheduled", (r) => `${r.write.acknowledged}/${r.write.scheduled}`),
    row("updates/s sustained", (r) => (r.write.acknowledged / (r.write.elapsedMs / 1000)).toFixed(1)),
    row("update ack p50/p99 (ms)", (r) => {
      const p = percentiles(r.write.ackMs);
      return p ? `${ms(p.p50)}/${ms(p.p99)}` : "n/a";
    }),
    row("client disconnects", (r) => String(r.disconnects)),
    // Heads are the periodic "log is at seq N" a socket hears when it was not sent anything as new.
    row("capacity:head per client per minute", (r) =>
      ((r.heads / r.clients) * (60_000 / Math.max(1, r.write.elapsedMs))).toFixed(1),
    ),
    row("heapUsed per node, before clients (MiB)", (r) => perNode(r.heap.before, (b) => mib(b).toFixed(0))),
    row("heapUsed per node, clients connected (MiB)", (r) => perNode(r.heap.connected, (b) => mib(b).toFixed(0))),
    row("heapUsed per node, after run (MiB)", (r) => perNode(r.heap.afterRun, (b) => mib(b).toFixed(0))),
    row(`heapUsed per node at ${TARGET.clients} clients (MiB, projected)`, (r) => {
      const projected = projectedHeapMiB(r);
      return projected ? perNode(projected, (v) => v.toFixed(0)) : "n/a";
    }),
    row("CPU per node while measuring (% of a core)", (r) => perNode(r.cpu, percent)),
    row("CPU of client workers / writer (% of a core)", (r) => perNode([r.load.clients, r.load.bench], percent)),
    row(`machine busy while measuring (% of ${os.cpus().length} cores)`, (r) => percent(r.load.machine)),
  ];
  return table(["metric", ...runs.map((r) => r.name)], rows, [false, ...runs.map(() => true)]);
}

/** Lines explaining failed updates, disconnects and a late schedule, if any. */
export function notes(runs: ScaleRun[]): string[] {
  const lines: string[] = [];
  for (const r of runs) {
    const reasons = [...r.write.failures].map(([reason, n]) => `${n}x ${reason}`).join(", ");
    if (r.write.failed > 0) lines.push(`${r.name}: ${r.write.failed} updates failed (${reasons}).`);
    if (r.write.skipped > 0) lines.push(`${r.name}: ${r.write.skipped} updates skipped (server fell behind).`);
    if (r.write.maxLagMs > 50)
      lines.push(`${r.name}: the writer's schedule ran up to ${ms(r.write.maxLagMs)} ms late.`);
    if (r.disconnects > 0) lines.push(`${r.name}: ${r.disconnects} clients disconnected during the run.`);
    if (r.outOfOrder > 0) lines.push(`${r.name}: ${r.outOfOrder} deliveries arrived out of sequence order.`);
    if (r.delivered > r.expected) {
      lines.push(
        `${r.name}: ${r.delivered - r.expected} more deliveries than expected (failed updates that committed).`,
      );
    }
  }
  return lines;
}

/**
 * The verdict (issue 25), as ratios to bare socket.io in the same run: CPU per delivered event <= 1.3x on one node and
 * on N nodes; p99 within 3x on one node and within 3x of bare on N nodes with the same Redis adapter; the heap of one
 * node holding all the clients within 1.2x. Then the absolute target, as information. Never throws.
 */
export function verdict(options: ScaleOptions, runs: ScaleRun[]): string {
  const find = (kind: ScaleRun["kind"], nodes: number) => runs.find((r) => r.kind === kind && r.nodes === nodes);
  const heapOf = (r: ScaleRun | undefined) => (r ? Math.max(...(projectedHeapMiB(r) ?? [Number.NaN])) : undefined);
  const checks = [];
  for (const nodes of [...new Set([1, options.nodes])]) {
    const [app, bare] = [find("app", nodes), find("bare", nodes)];
    const on = `on ${nodes} node${nodes > 1 ? "s" : ""}`;
    if (!app || !bare) {
      // Only the app on N nodes runs without baselines; a pair that should have run and did not is no pass.
      if (options.baselines) checks.push({ met: false, text: `ratios ${on} not measured (a run failed)` });
      continue;
    }
    checks.push(
      ratioCheck(
        `CPU per delivered event ${on}`,
        costOfRun(app).usPerDelivery,
        costOfRun(bare).usPerDelivery,
        TARGET.cpuPerDeliveryOfBare,
      ),
      ratioCheck(`p99 ${on}`, app.latency?.p99, bare.latency?.p99, TARGET.p99OfBare),
    );
    if (nodes === 1) {
      const [a, b] = [heapOf(app), heapOf(bare)];
      const valid = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : undefined);
      checks.push(ratioCheck(`heap of one node at ${TARGET.clients} clients`, valid(a), valid(b), TARGET.heapOfBare));
    }
  }
  const ratios =
    checks.length > 0 ? ratioVerdict(checks) : "Verdict: no baseline ran (--baselines no), so no ratio to judge.";
  const floor = floorLine(find("app", 1), find("bare", 1), find("floor", 1));
  const app = find("app", options.nodes);
  if (!app) return `${ratios}\nAbsolute target (information): the app on ${options.nodes} node(s) did not run.`;
  const misses: string[] = [];
  const rate = app.write.acknowledged / (app.write.elapsedMs / 1000);
  if (app.clients < TARGET.clients) misses.push(`ran with ${app.clients} clients (heap projected, if at all)`);
  if (options.rate < TARGET.rate || rate < TARGET.rate * 0.98) misses.push(`sustained ${rate.toFixed(1)} updates/s`);
  const p99 = app.latency?.p99;
  if (p99 === undefined || p99 > TARGET.p99Ms) misses.push(`p99 ${ms(p99)} ms > ${TARGET.p99Ms} ms`);
  const heap = Math.max(...(projectedHeapMiB(app) ?? []));
  if (heap > TARGET.heapMiBPer10k) misses.push(`heap ${heap.toFixed(0)} MiB on a node`);
  if (lost(app) > 0) misses.push(`${lost(app)} events lost`);
  const target =
    `${app.name}: ${TARGET.clients} room-scoped clients, ${TARGET.rate} updates/s, p99 <= ${TARGET.p99Ms} ms, ` +
    `heapUsed <= ${TARGET.heapMiBPer10k} MiB per node, no loss`;
  const info =
    misses.length === 0
      ? `Absolute target (information) met (${target}).`
      : `Absolute target (information) not met (${target}): ${misses.join("; ")}.`;
  return [ratios, floor, info].filter(Boolean).join("\n");
}

/** Where the floor lies between bare and the app on one node (information): the stack's share and the app's own. */
function floorLine(app?: ScaleRun, bare?: ScaleRun, floor?: ScaleRun): string | undefined {
  if (!app || !bare || !floor) return undefined;
  const [a, b, f] = [app, bare, floor].map((r) => costOfRun(r).usPerDelivery);
  const [ac, bc, fc] = [app, bare, floor].map((r) => costOfRun(r).msPerChange);
  if (!a || !b || !f || !ac || !bc || !fc) return undefined;
  return (
    `Floor (information): CPU per delivered event ${(f / b).toFixed(2)}x of bare, the app ${(a / f).toFixed(2)}x ` +
    `of the floor; per change beyond bare: the stack ${(fc - bc).toFixed(2)} ms, the app's own code ` +
    `${(ac - fc).toFixed(2)} ms more.`
  );
}
