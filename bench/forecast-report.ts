// Printing the forecast bench: the setup, the incremental update against the naive full recompute, the steps of a
// full recompute, and the verdict against the target.
import os from "node:os";
import type { DataSet, RecomputeTimes } from "./forecast-data.js";
import type { ChangeSample } from "./forecast-live.js";
import { type Percentiles, percentiles, table } from "./report.js";

/** Visible to clients within 1 s of the change (issue "Vacancy forecast and the beschikbaarheidsmonitor"). */
export const TARGET_MS = 1000;

export interface Options {
  locations: number;
  changes: number;
  repetitions: number;
  adminUrl: string;
  redisUrl: string | undefined;
  seed: number;
}

export interface Figures {
  data: DataSet;
  postgres: string;
  /** os.loadavg()[0] when the bench started, when the evaluation began, when the quiet changes began, at the end. */
  load: { start: number; evaluation: number; incremental: number; end: number };
  /** From the server listening to its first GET /api/forecast answer (its own full build), and its RSS then. */
  serverFirstForecastMs: number;
  /** From the server listening to its rolling evaluation being ready. */
  serverEvaluationMs: number;
  serverRssMiB: number;
  /** Server RSS (MiB) after its build, at its peak while the evaluation ran, and once it was done. */
  rss: { build: number; evaluationPeak: number; afterEvaluation: number };
  /** While the evaluation ran: the server's main thread's nice value and the highest of its other threads. */
  threadNice: { main: number; worker: number };
  /** Changes timed while the evaluation ran (its worker thread busy), by mode. */
  during: { push: ChangeSample[]; ask: ChangeSample[] };
  full: { service: number[]; steps: RecomputeTimes[]; refit: RecomputeTimes[] };
  /** One change on a warm service in this process: the refresh, then the aggregated answer. */
  incremental: { refreshMs: number[]; answerMs: number[] };
  push: ChangeSample[];
  ask: ChangeSample[];
  /** Server CPU (ms) per change in each mode. */
  serverCpuPerChangeMs: { push: number; ask: number };
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "n/a" : int(n));
const stats = (values: number[]) => percentiles(Float64Array.from(values));
const load = (n: number) => n.toFixed(2);

export function setupTable(o: Options, f: Figures): string {
  const cpus = os.cpus();
  const d = f.data;
  const rows = [
    [
      "machine",
      `${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores, ${int(os.totalmem() / 2 ** 30)} GiB RAM`,
    ],
    ["runtime", `node ${process.version} (${process.platform}/${process.arch})`],
    ["database", f.postgres],
    ["redis adapter", o.redisUrl ?? "off"],
    [
      "load average (1 min)",
      `${load(f.load.start)} at start, ${load(f.load.evaluation)} as the evaluation began, ` +
        `${load(f.load.incremental)} before the quiet changes, ${load(f.load.end)} at the end`,
    ],
    [
      "data set",
      `${int(d.locations)} locations (${int(d.places)} places) of ${int(d.providers)} providers, ` +
        `demo generator x${d.scale.toFixed(2)}, seed ${o.seed}`,
    ],
    ["history", `${int(d.capacityEvents)} capacity events since ${d.historyFrom.toISOString().slice(0, 10)}`],
    [
      "planning",
      `${int(d.planningEvents)} planning events; ${int(d.plannedDepartures)} planned departures, ` +
        `${int(d.plannedAdmissions)} admissions`,
    ],
    ["data set built", `generated in ${ms(d.generateMs)} ms, written in ${ms(d.insertMs)} ms`],
    [
      "server",
      `server/main.ts; first GET /api/forecast ${ms(f.serverFirstForecastMs)} ms after it listened, rolling ` +
        `evaluation (worker thread) ready after ${ms(f.serverEvaluationMs)} ms`,
    ],
    [
      "server memory (RSS)",
      `${int(f.rss.build)} MiB after the build, ${int(f.rss.evaluationPeak)} MiB at the peak of the evaluation, ` +
        `${int(f.rss.afterEvaluation)} MiB once it was done`,
    ],
    [
      "thread priority",
      `while the evaluation ran: main thread nice ${f.threadNice.main}, lowest-priority other thread ` +
        `(the evaluation's worker) nice ${f.threadNice.worker}`,
    ],
    [
      "changes",
      `${o.changes} waiting for forecast:changed, ${o.changes} asking at once; ` +
        `${o.repetitions} full recompute${o.repetitions === 1 ? "" : "s"}`,
    ],
  ];
  return table(["setup", "value"], rows, [false, false]);
}

function row(name: string, values: number[], naive?: Percentiles): string[] {
  const p = stats(values);
  const times = naive && p ? naive.p50 / p.p50 : undefined;
  const ratio = times === undefined ? "" : `${times.toFixed(times < 10 ? 1 : 0)}x`;
  return [name, String(values.length), ms(p?.p50), ms(p?.p99), ms(p?.max), ratio];
}

export function resultTable(f: Figures): string {
  const naive = stats(f.full.service);
  const all = [...f.push, ...f.ask];
  const rows = [
    row(
      "ours: change answered (POST or PUT planned departure)",
      all.map((s) => s.ackMs),
    ),
    row(
      "ours: forecast:changed at the client",
      f.push.map((s) => s.pushMs),
    ),
    row(
      "ours: visible, client refetches on forecast:changed",
      f.push.map((s) => s.visibleMs),
      naive,
    ),
    row(
      "ours: visible, client asks right after the change",
      f.ask.map((s) => s.visibleMs),
      naive,
    ),
    row(
      "ours, evaluation running: visible, refetch on forecast:changed",
      f.during.push.map((s) => s.visibleMs),
      naive,
    ),
    row(
      "ours, evaluation running: visible, asks right after",
      f.during.ask.map((s) => s.visibleMs),
      naive,
    ),
    row("naive: full recompute per change (load, fit, all, groups)", f.full.service),
    row(
      "naive: every location re-forecast, fitted model kept",
      f.full.refit.map((t) => t.totalMs),
    ),
  ];
  return table(["ms from sending the change", "n", "p50", "p99", "max", "naive p50 / ours p50"], rows, [
    false,
    true,
    true,
    true,
    true,
    true,
  ]);
}

export function stepsTable(f: Figures): string {
  const step = (name: string, pick: (t: RecomputeTimes) => number) => {
    const p = stats(f.full.steps.map(pick));
    return [name, ms(p?.p50), ms(p?.max)];
  };
  const service = stats(f.full.service);
  const refresh = stats(f.incremental.refreshMs);
  const answer = stats(f.incremental.answerMs);
  const rows = [
    step("load history (every capacity and planning event)", (t) => t.loadMs),
    step("fit the model", (t) => t.fitMs),
    step("load every location's state and open planned moves", (t) => t.statesMs),
    step("forecast every location (12 weeks)", (t) => t.forecastMs),
    step("aggregate the region total", (t) => t.aggregateMs),
    step("total of the steps", (t) => t.totalMs),
    ["as the server does it: new service, GET /api/forecast (+ groups)", ms(service?.p50), ms(service?.max)],
    ["one change, warm service: refresh (the changed location)", ms(refresh?.p50), ms(refresh?.max)],
    ["one change, warm service: then GET /api/forecast (total + groups)", ms(answer?.p50), ms(answer?.max)],
  ];
  return table(["in process (server code, no HTTP)", "p50 (ms)", "max (ms)"], rows, [false, true, true]);
}

export function notes(f: Figures): string[] {
  const lines: string[] = [];
  const all = [...f.push, ...f.ask];
  const disagree = all.filter((s) => !s.locationAgrees).length;
  lines.push(
    `- The location's own forecast showed the change as soon as the total did for ${all.length - disagree}/` +
      `${all.length} changes.`,
  );
  const extra = all.filter((s) => s.gets > 1).length;
  if (extra > 0) lines.push(`- ${extra} changes needed more than one GET /api/forecast before it showed them.`);
  const gap = stats(f.push.map((s) => s.pushMs - s.ackMs));
  if (gap) {
    lines.push(
      `- forecast:changed came ${ms(gap.p50)} ms (p50) after the change was answered: the push is throttled\n` +
        "  to one a second after the previous push ended (server/realtime/throttle.ts), and each change here\n" +
        "  follows the previous one's push closely; a change after a quiet second is pushed at once.",
    );
  }
  lines.push(
    `- Server CPU per change: ${ms(f.serverCpuPerChangeMs.push)} ms waiting for the push, ` +
      `${ms(f.serverCpuPerChangeMs.ask)} ms asking at once\n  (the write, refreshing the changed location, ` +
      "the aggregate and the GETs).",
  );
  // The bench keeps about one core busy itself; more than the machine's cores means others were working too.
  const peak = Math.max(f.load.start, f.load.incremental, f.load.end);
  if (peak > os.cpus().length) {
    lines.push(
      `- Other processes were busy (load average up to ${load(peak)} on ${os.cpus().length} cores): ` +
        "figures are upper bounds; rerun on a quiet machine.",
    );
  }
  return lines;
}

/** p99 of visibility while the evaluation ran over the quiet p99, per mode, from the same run. */
export function evaluationRatio(f: Figures): string {
  const ratio = (during: ChangeSample[], quiet: ChangeSample[]) => {
    const d = stats(during.map((s) => s.visibleMs));
    const q = stats(quiet.map((s) => s.visibleMs));
    return d && q ? `${(d.p99 / q.p99).toFixed(2)}x (${ms(d.p99)} / ${ms(q.p99)} ms, n ${during.length})` : "n/a";
  };
  return (
    `- While the evaluation ran, p99 of visibility over the quiet p99: refetch on forecast:changed ` +
    `${ratio(f.during.push, f.push)}, asking at once ${ratio(f.during.ask, f.ask)}.`
  );
}

/** One line against the target, quiet and while the evaluation runs; a miss is a figure, not a failure. */
export function verdict(f: Figures): string {
  const met = (p: Percentiles | undefined) => p !== undefined && p.p99 <= TARGET_MS;
  const check = (samples: ChangeSample[]) => {
    const p = stats(samples.map((s) => s.visibleMs));
    return { ok: met(p), text: `p99 ${ms(p?.p99)} ms (${met(p) ? "met" : "missed"})` };
  };
  const parts = [
    ["refetch on forecast:changed", check(f.push)],
    ["asking right after the change", check(f.ask)],
    ["evaluation running, refetch", check(f.during.push)],
    ["evaluation running, asking", check(f.during.ask)],
  ] as const;
  const target = `incremental update visible to clients within ${int(TARGET_MS)} ms (p99)`;
  const detail = parts.map(([name, c]) => `${name} ${c.text}`).join(", ");
  return `Target ${parts.every(([, c]) => c.ok) ? "MET" : "NOT met"} (${target}): ${detail}.`;
}
