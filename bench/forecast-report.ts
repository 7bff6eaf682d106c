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
  /** os.loadavg()[0] when the bench started, when the incremental phase started, at the end. */
  load: { start: number; incremental: number; end: number };
  /** From the server listening to its first GET /api/forecast answer (its own full build), and its RSS then. */
  serverFirstForecastMs: number;
  /** From the server listening to its rolling evaluation being ready (the changes are timed after it). */
  serverEvaluationMs: number;
  serverRssMiB: number;
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
      `${load(f.load.start)} at start, ${load(f.load.incremental)} before the changes, ${load(f.load.end)} at the end`,
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
        `evaluation ready after ${ms(f.serverEvaluationMs)} ms (changes timed after it)`,
    ],
    ["server memory", `${int(f.serverRssMiB)} MiB RSS with every distribution in memory`],
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

/** One line against the target; a miss is a figure, not a failure. */
export function verdict(f: Figures): string {
  const viaPush = stats(f.push.map((s) => s.visibleMs));
  const asking = stats(f.ask.map((s) => s.visibleMs));
  const met = (p: Percentiles | undefined) => p !== undefined && p.p99 <= TARGET_MS;
  const target = `incremental update visible to clients within ${int(TARGET_MS)} ms (p99)`;
  const detail =
    `refetch on forecast:changed p99 ${ms(viaPush?.p99)} ms (${met(viaPush) ? "met" : "missed"}), ` +
    `asking right after the change p99 ${ms(asking?.p99)} ms (${met(asking) ? "met" : "missed"})`;
  return `Target ${met(viaPush) && met(asking) ? "MET" : "NOT met"} (${target}): ${detail}.`;
}
