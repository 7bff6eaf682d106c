// How bench:match sends its calls and measures them: closed-loop callers or open-loop arrivals, latency and CPU per
// phase with the writer running alongside, and the comparison of an API answer with the reference.
import { setTimeout as sleep } from "node:timers/promises";
import type { MatchList } from "../shared/schemas/placements.js";
import { inParallel } from "./api.js";
import { cpuMsOfCommand } from "./app-server.js";
import type { PhaseResult, Sample } from "./match-report.js";
import { machineBusyMs, percentiles, progress } from "./report.js";
import type { Writer } from "./writer.js";

const servicesCpuMs = () => cpuMsOfCommand("postgres") + cpuMsOfCommand("redis-server");

/** CPU time used so far by the server processes together, in ms (a bench child reports it over IPC). */
export type Cpu = { cpuMs(): number | Promise<number> };

/** How calls are sent: `call` gets each id with the moment its latency counts from. */
export type Drive = (ids: number[], call: (id: number, since: number) => Promise<void>) => Promise<void>;

/** `callers` callers, each sending its next call when its last one is answered (closed loop: saturates). */
export const callersDrive =
  (callers: number): Drive =>
  (ids, call) =>
    inParallel(ids, callers, (id) => call(id, performance.now()));

/**
 * Calls arriving at `perSecond`, each on its own schedule however long earlier ones take (open loop); latency
 * counts from the scheduled moment, so a backlog shows in the figures instead of slowing the arrivals down.
 */
export const arrivalsDrive =
  (perSecond: number): Drive =>
  async (ids, call) => {
    const start = performance.now();
    const calls: Promise<void>[] = [];
    for (const [i, id] of ids.entries()) {
      const at = start + (i * 1000) / perSecond;
      const wait = at - performance.now();
      if (wait > 0) await sleep(wait);
      calls.push(call(id, at));
    }
    await Promise.all(calls);
  };

/** Sends `fn` for every id as `drive` says, the writer writing at `rate` meanwhile (0: none). */
export async function measure(
  name: string,
  ids: number[],
  drive: Drive,
  fn: (id: number) => Promise<Sample>,
  writer: Writer,
  rate: number,
  server: Cpu,
): Promise<PhaseResult> {
  const stop = new AbortController();
  const serverCpu = await server.cpuMs();
  const benchCpu = process.cpuUsage();
  const servicesCpu = servicesCpuMs();
  const busy = machineBusyMs();
  const started = performance.now();
  const writing = rate > 0 ? writer.run(rate, 24 * 3600, stop.signal) : undefined;
  const latencies: number[] = [];
  const matches: number[] = [];
  const bytes: number[] = [];
  const failures = new Map<string, number>();
  let done = 0;
  await drive(ids, async (id, t0) => {
    try {
      const sample = await fn(id);
      latencies.push(performance.now() - t0);
      matches.push(sample.matches);
      bytes.push(sample.bytes);
    } catch (err) {
      const reason = err instanceof Error ? err.message.slice(0, 80) : String(err);
      failures.set(reason, (failures.get(reason) ?? 0) + 1);
    }
    done += 1;
    if (done % Math.max(1, Math.ceil(ids.length / 8)) === 0 || done === ids.length)
      progress(`${name}: ${done}/${ids.length}`);
  });
  const wallMs = performance.now() - started;
  stop.abort();
  const write = await writing;
  const server_ = ((await server.cpuMs()) - serverCpu) / wallMs;
  const benchUsage = process.cpuUsage(benchCpu);
  const bench = (benchUsage.user + benchUsage.system) / 1000 / wallMs;
  const machine = (machineBusyMs() - busy) / wallMs;
  const services = (servicesCpuMs() - servicesCpu) / wallMs;
  return {
    name,
    latency: percentiles(Float64Array.from(latencies)),
    calls: latencies.length,
    failed: ids.length - latencies.length,
    failures,
    wallMs,
    matches: percentiles(Float64Array.from(matches)),
    bytes: percentiles(Float64Array.from(bytes)),
    write,
    cpu: { server: server_, bench, services, other: Math.max(0, machine - server_ - bench - services) },
    samples: { latencies, matches, bytes },
  };
}

/** Windows of one setup, measured in turns with another, as one phase: calls, time and CPU added up. */
export function mergeWindows(windows: PhaseResult[]): PhaseResult {
  const [first] = windows;
  if (!first) throw new Error("no windows to merge");
  const wallMs = windows.reduce((sum, w) => sum + w.wallMs, 0);
  // CPU shares weighted by each window's length: the share over the windows together.
  const share = (key: keyof PhaseResult["cpu"]) => windows.reduce((sum, w) => sum + w.cpu[key] * w.wallMs, 0) / wallMs;
  const failures = new Map<string, number>();
  for (const w of windows) for (const [reason, n] of w.failures) failures.set(reason, (failures.get(reason) ?? 0) + n);
  const all = (key: keyof PhaseResult["samples"]) => windows.flatMap((w) => w.samples[key]);
  const samples = { latencies: all("latencies"), matches: all("matches"), bytes: all("bytes") };
  return {
    name: first.name,
    latency: percentiles(Float64Array.from(samples.latencies)),
    calls: windows.reduce((sum, w) => sum + w.calls, 0),
    failed: windows.reduce((sum, w) => sum + w.failed, 0),
    failures,
    wallMs,
    matches: percentiles(Float64Array.from(samples.matches)),
    bytes: percentiles(Float64Array.from(samples.bytes)),
    write: undefined,
    cpu: { server: share("server"), bench: share("bench"), services: share("services"), other: share("other") },
    samples,
  };
}

/** The processes' CPU while nobody calls them, as a share of one core over `ms`: their timers and upkeep. */
export async function idleShare(server: Cpu, ms = 2_000): Promise<number> {
  const before = await server.cpuMs();
  await sleep(ms);
  return ((await server.cpuMs()) - before) / ms;
}

/** Waits until the server has worked off what timed-out writes left queued (below 10% of a core for 0.5 s). */
export async function settle(server: Cpu, maxMs = 60_000) {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const before = await server.cpuMs();
    await sleep(500);
    if (((await server.cpuMs()) - before) / 500 < 0.1 || Date.now() > deadline) return;
  }
}

/** Compares the API's match list with the reference's; returns the first difference or undefined. */
export function difference(api: MatchList, reference: Omit<MatchList, "watching">): string | undefined {
  if (api.excluded !== reference.excluded) return `excluded ${api.excluded} vs ${reference.excluded}`;
  if (api.matches.length !== reference.matches.length)
    return `matches ${api.matches.length} vs ${reference.matches.length}`;
  for (let i = 0; i < api.matches.length; i++) {
    const a = api.matches[i] ?? {};
    const r = reference.matches[i] ?? {};
    const keys = [...new Set([...Object.keys(a), ...Object.keys(r)])].sort();
    const [sa, sr] = [JSON.stringify(a, keys), JSON.stringify(r, keys)];
    if (sa !== sr) return `match #${i + 1}: ${sa.slice(0, 120)} vs ${sr.slice(0, 120)}`;
  }
  return undefined;
}
