// npm run bench:scale [-- --clients 10000 --nodes 3 --rate 100 --seconds 30 --rounds 3 --warmup 15 --locations 300
//   --workers 4 --baselines yes|no --floor no|yes] (or BENCH_CLIENTS, ..., BENCH_FLOOR; --baselines no runs only the
// app on N nodes, e.g. to profile it; --floor yes adds bench/scale-floor.ts to the one-node comparison; DATABASE_URL:
// the PostgreSQL server to bench on, in a throwaway database, default postgres://postgres@127.0.0.1:5432/postgres).
// Room-scoped clients at scale: the app on N processes behind one private Redis, the same on one process, and bare
// socket.io with the same fan-out on one process and on N processes with the same Redis adapter. The app and bare on
// the same number of processes are up at once, each with its own clients, and measured in turns: --seconds each, in
// --rounds windows. Prints server CPU per delivered event and per change, latency, delivery, heap per node; the
// verdict is the app's ratios to bare socket.io doing the same work (bench/scale-report.ts). Exits 0 on a missed
// target, 1 only when the bench breaks.

import { randomBytes } from "node:crypto";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { users } from "../server/db/schema.js";
import { hashPassword } from "../server/features/auth/passwords.js";
import { CARE_TYPES, MUNICIPALITY_NAMES } from "../shared/domain.js";
import { type RedisServer, startRedisServer } from "../tests/support/redis-server.js";
import { call, signIn } from "./api.js";
import { SEQ_HEADER } from "./bare-intake.js";
import { type Change, type Child, killAllChildren, startChild, type Usage } from "./ipc.js";
import { type SeededLocation, seedLocations } from "./region.js";
import { inTurns, loadAverage, machineBusyMs, percentiles, progress, runBench } from "./report.js";
import { type ClientWorkers, startClientWorkers } from "./scale-clients.js";
import { readOptions, type ScaleOptions } from "./scale-options.js";
import { notes, resultTable, type ScaleRun, setupTable, verdict } from "./scale-report.js";
import type { Scope } from "./scale-worker.js";
import { openScratch, type Scratch } from "./scratch.js";
import { createWriter, httpSender, mergeWrites, type SendUpdate, type WriteResult, type Writer } from "./writer.js";

const DRAIN_MS = 10_000;
/** Every care type x gemeente of the region: client j watches SCOPES[j % SCOPES.length]. */
const SCOPES: Scope[] = CARE_TYPES.flatMap((careType) =>
  MUNICIPALITY_NAMES.map((municipality) => ({ careType, municipality })),
);
const scopeKey = (s: Scope) => `${s.careType}|${s.municipality}`;

const children = new Set<Child>();
const workerSets = new Set<ClientWorkers>();
let cleanup: (() => Promise<void>) | undefined;

async function launch(name: string, script: string, env: Record<string, string>): Promise<Child> {
  progress(`starting ${name}`);
  const child = await startChild(name, fileURLToPath(new URL(script, import.meta.url)), { ...process.env, ...env });
  children.add(child);
  return child;
}

async function stopChild(child: Child) {
  await child.stop();
  children.delete(child);
}

const usages = async (nodes: Child[], gc: boolean) =>
  (await Promise.all(nodes.map((n) => n.request("usage", { gc }, 60_000)))) as Usage[];

interface Setup {
  options: ScaleOptions;
  scratch: Scratch;
  redis: RedisServer;
  region: SeededLocation[];
  admin: { email: string; password: string };
  /** Each location's next change, carried from run to run: the app's runs share one database. */
  nextChange: Map<number, Change>;
}

interface Scenario {
  name: string;
  kind: ScaleRun["kind"];
  nodes: number;
}

async function startServers(scenario: Scenario, setup: Setup): Promise<Child[]> {
  const scopes = { BENCH_SCOPES: JSON.stringify(setup.region.map((l) => [l.id, l.careType, l.municipality])) };
  const database = { DATABASE_URL: setup.scratch.url.toString() };
  const env: Record<string, string> = {
    ...(scenario.kind === "app" ? {} : scopes),
    ...(scenario.kind === "bare" ? {} : database),
  };
  if (scenario.nodes > 1) env.REDIS_URL = setup.redis.url;
  // The app and bare run side by side on one Redis: each on channels of its own, so neither hears the other's events.
  if (scenario.kind === "bare") env.BENCH_REDIS_KEY = "bench-bare-socket.io";
  const script = { app: "./scale-node.ts", bare: "./scale-bare.ts", floor: "./scale-floor.ts" }[scenario.kind];
  // One at a time: the app's nodes serialise their migrations on start anyway.
  const nodes: Child[] = [];
  for (let i = 0; i < scenario.nodes; i++)
    nodes.push(await launch(`${scenario.kind} node ${i + 1}/${scenario.nodes}`, script, env));
  return nodes;
}

/** A scenario with its servers up, its clients connected and warmed up: measured in windows, then closed. */
interface Live {
  scenario: Scenario;
  nodes: Child[];
  clients: ClientWorkers;
  writer: Writer;
  /** Acknowledged updates per location while a window is open (what the clients must have been sent). */
  acked: Map<number, number>;
  counting: boolean;
  connectMs: number;
  heap: { before: number[]; connected: number[] };
  windows: Window[];
}

/** One measurement window of a scenario. */
interface Window {
  write: WriteResult;
  expected: number;
  wallMs: number;
  cpuMs: number[];
  loopDelayP99Ms: number[];
  machineBusyMs: number;
  clientsCpuMs: number;
  benchCpuMs: number;
}

/** Starts the scenario's servers, connects its clients and warms it up. */
async function open(scenario: Scenario, setup: Setup): Promise<Live> {
  const { options, region } = setup;
  const nodes = await startServers(scenario, setup);
  try {
    const urls = nodes.map((n) => `http://127.0.0.1:${n.port}`);
    const headers =
      scenario.kind === "app" ? await signIn(urls[0] as string, setup.admin.email, setup.admin.password) : {};
    // A board loads the counts, then syncs its feed from their seq (client/src/lib/capacity-feed.ts): so do the
    // app's clients, and a node knows what each has.
    const syncFrom =
      scenario.kind === "app"
        ? (await call<{ seq: number }>(urls[0] as string, "/api/capacity/summary", headers)).seq
        : undefined;
    const before = await usages(nodes, true);
    progress(`${scenario.name}: connecting ${options.clients} clients`);
    const started = Date.now();
    let shown = 0;
    const clients = await startClientWorkers({
      workers: options.workers,
      urls,
      clients: options.clients,
      scopes: SCOPES,
      headers: headers.cookie ? { cookie: headers.cookie } : {},
      syncFrom,
      onProgress: (n) => {
        if (n - shown < 1000 && n !== options.clients) return;
        shown = n;
        progress(`${scenario.name}: ${n} connected`);
      },
    });
    workerSets.add(clients);
    const connectMs = Date.now() - started;
    const connected = await usages(nodes, true);
    // The same requests to bare socket.io; the bench numbers its events, so its processes share one sequence as the
    // app's nodes share the log's.
    let seq = 0;
    const numbered = () => ({ [SEQ_HEADER]: String(++seq) });
    const senders: SendUpdate[] = urls.map((url) =>
      scenario.kind === "app" ? httpSender(url, headers) : httpSender(url, {}, undefined, numbered),
    );
    let next = 0;
    const live: Live = {
      scenario,
      nodes,
      clients,
      acked: new Map(),
      counting: false,
      connectMs,
      heap: { before: before.map((u) => u.heapUsed), connected: connected.map((u) => u.heapUsed) },
      windows: [],
      writer: createWriter(
        region.map((l) => l.id),
        async (locationId, change) => {
          await (senders[next++ % senders.length] as SendUpdate)(locationId, change);
          if (live.counting) live.acked.set(locationId, (live.acked.get(locationId) ?? 0) + 1);
        },
        undefined,
        // The app's runs share one database; bare counts in memory, afresh in each process.
        scenario.kind === "app" ? setup.nextChange : new Map(),
      ),
    };
    if (options.warmup > 0) {
      progress(`${scenario.name}: warm-up ${options.warmup} s`);
      await live.writer.run(options.rate, options.warmup);
      await sleep(500);
    }
    return live;
  } catch (err) {
    await Promise.all(nodes.map(stopChild));
    throw err;
  }
}

/** Writes at the fixed rate for one window and waits for its deliveries; the servers' CPU is read around it. */
async function measure(live: Live, setup: Setup, seconds: number): Promise<void> {
  const { options, region } = setup;
  const { nodes, clients } = live;
  progress(`${live.scenario.name}: measuring ${seconds} s at ${options.rate} updates/s`);
  live.acked.clear();
  const cpuBefore = await usages(nodes, false);
  const machineBefore = machineBusyMs();
  const clientsBefore = await clients.cpuMs();
  const benchBefore = process.cpuUsage();
  const started = performance.now();
  live.counting = true;
  await clients.record(Date.now());
  const write = await live.writer.run(options.rate, seconds);
  live.counting = false;
  const expected = expectedDeliveries(live.acked, region, options.clients);
  const already = live.windows.reduce((n, w) => n + w.expected, 0);
  const deadline = Date.now() + DRAIN_MS;
  while ((await clients.delivered()) < already + expected && Date.now() < deadline) await sleep(100);
  await clients.record(Number.POSITIVE_INFINITY);
  const wallMs = performance.now() - started;
  const cpuAfter = await usages(nodes, false);
  const bench = process.cpuUsage(benchBefore);
  live.windows.push({
    write,
    expected,
    wallMs,
    cpuMs: cpuAfter.map((u, i) => u.cpuMs - (cpuBefore[i]?.cpuMs ?? 0)),
    loopDelayP99Ms: cpuAfter.map((u) => u.loopDelayP99Ms),
    machineBusyMs: machineBusyMs() - machineBefore,
    clientsCpuMs: (await clients.cpuMs()) - clientsBefore,
    benchCpuMs: (bench.user + bench.system) / 1000,
  });
}

/** The scenario's figures over all its windows; stops its clients and servers. */
async function finish(live: Live, setup: Setup): Promise<ScaleRun> {
  const { nodes, clients, windows } = live;
  try {
    const stats = await clients.stats();
    const afterRun = await usages(nodes, true);
    const total = (f: (w: Window) => number) => windows.reduce((n, w) => n + f(w), 0);
    const perNode = (f: (w: Window) => number[], combine: (a: number, b: number) => number) =>
      nodes.map((_, i) => windows.map((w) => f(w)[i] ?? 0).reduce(combine));
    const wallMs = total((w) => w.wallMs);
    const cpuMs = perNode(
      (w) => w.cpuMs,
      (a, b) => a + b,
    );
    return {
      name: live.scenario.name,
      kind: live.scenario.kind,
      nodes: nodes.length,
      clients: setup.options.clients,
      connectMs: live.connectMs,
      latency: percentiles(Float64Array.from(stats.latencies)),
      write: mergeWrites(windows.map((w) => w.write)),
      delivered: stats.delivered,
      expected: total((w) => w.expected),
      disconnects: stats.disconnects,
      outOfOrder: stats.outOfOrder,
      heads: stats.heads,
      heap: { ...live.heap, afterRun: afterRun.map((u) => u.heapUsed) },
      cpu: cpuMs.map((ms) => ms / wallMs),
      cpuMs,
      // The worst window's: a per-node p99 over the windows together is not kept.
      loopDelayP99Ms: perNode(
        (w) => w.loopDelayP99Ms,
        (a, b) => Math.max(a, b),
      ),
      loadAverage: loadAverage(),
      load: {
        machine: total((w) => w.machineBusyMs) / wallMs / os.cpus().length,
        clients: total((w) => w.clientsCpuMs) / wallMs,
        bench: total((w) => w.benchCpuMs) / wallMs,
      },
    };
  } finally {
    await clients.close();
    workerSets.delete(clients);
    await Promise.all(nodes.map(stopChild));
  }
}

/**
 * The scenarios of one comparison, all connected at once and measured in turns (A B, B A, A B, ...): a phase of the
 * shared machine that lasts minutes weighs on both alike. Measured one after the other, the same code's ratio moved
 * 1.37x -> 1.79x between runs (docs/benchmarks.md).
 */
async function runTogether(group: Scenario[], setup: Setup): Promise<ScaleRun[]> {
  const lives: Live[] = [];
  try {
    for (const scenario of group) lives.push(await open(scenario, setup));
    const { rounds, seconds } = setup.options;
    await inTurns(lives, rounds, (live) => measure(live, setup, seconds / rounds));
    const runs: ScaleRun[] = [];
    while (lives.length > 0) runs.push(await finish(lives.shift() as Live, setup));
    return runs;
  } finally {
    for (const live of lives) {
      live.clients.kill();
      workerSets.delete(live.clients);
      await Promise.all(live.nodes.map(stopChild));
    }
  }
}

/** Each acknowledged update reaches every client watching its location's care type x gemeente. */
function expectedDeliveries(acked: Map<number, number>, region: SeededLocation[], clients: number): number {
  const watchers = new Map<string, number>();
  SCOPES.forEach((scope, i) => {
    watchers.set(scopeKey(scope), Math.floor(clients / SCOPES.length) + (i < clients % SCOPES.length ? 1 : 0));
  });
  let expected = 0;
  for (const location of region) expected += (acked.get(location.id) ?? 0) * (watchers.get(scopeKey(location)) ?? 0);
  return expected;
}

async function prepare(options: ScaleOptions): Promise<Setup> {
  progress("starting a private redis-server");
  const redis = await startRedisServer();
  let scratch: Scratch | undefined;
  try {
    scratch = await openScratch(options.adminUrl, `tw_scale_${randomBytes(4).toString("hex")}`, 4, progress);
    const region = await seedLocations(scratch.database.db, options.locations);
    const admin = { email: "bench@bench.twente.nl", password: randomBytes(16).toString("hex") };
    await scratch.database.db.insert(users).values({
      email: admin.email,
      name: "Bench",
      role: "beheerder",
      passwordHash: await hashPassword(admin.password),
    });
    await scratch.database.close();
    return { options, scratch, redis, region, admin, nextChange: new Map() };
  } catch (err) {
    await scratch?.drop();
    await redis.stop();
    throw err;
  }
}

function killEverything(signal: NodeJS.Signals) {
  progress(`${signal}: killing clients, servers and redis`);
  for (const workers of workerSets) workers.kill();
  killAllChildren();
  void (cleanup?.() ?? Promise.resolve()).finally(() => process.exit(130));
}

async function main() {
  const options = readOptions();
  process.once("SIGINT", killEverything);
  process.once("SIGTERM", killEverything);
  const setup = await prepare(options);
  cleanup = async () => {
    await setup.redis.stop();
    await setup.scratch.drop();
  };
  try {
    const several = options.nodes > 1;
    const nodes = `${options.nodes} node${several ? "s" : ""}`;
    const app = (n: number): Scenario => ({ name: `app, ${n === 1 ? "1 node" : nodes}`, kind: "app", nodes: n });
    const bare = (n: number): Scenario => ({ name: `bare, ${n === 1 ? "1 node" : nodes}`, kind: "bare", nodes: n });
    // Each comparison measured together: the app and bare socket.io on N nodes, then on one node (with the floor).
    const one = [
      app(1),
      bare(1),
      ...(options.floor ? [{ name: "floor, 1 node", kind: "floor", nodes: 1 } as const] : []),
    ];
    const groups: Scenario[][] = !options.baselines
      ? [[app(options.nodes)]]
      : several
        ? [[app(options.nodes), bare(options.nodes)], one]
        : [one];
    const runs: ScaleRun[] = [];
    const failed: string[] = [];
    // A comparison that breaks (clients that cannot connect on a crowded machine) is reported; the others still count.
    for (const group of groups) {
      try {
        runs.push(...(await runTogether(group, setup)));
      } catch (err) {
        const names = group.map((g) => g.name).join(" and ");
        failed.push(`${names}: the run failed (${err instanceof Error ? err.message : String(err)}).`);
        progress(failed.at(-1) as string);
      }
    }
    if (runs.length === 0) throw new Error(failed.join(" "));

    console.log(`\nRoom-scoped live updates at scale, ${new Date().toISOString()}\n`);
    console.log(setupTable(options, setup.scratch.version));
    console.log();
    console.log(resultTable(runs));
    console.log();
    for (const line of [...failed, ...notes(runs)]) console.log(line);
    console.log(verdict(options, runs));
  } finally {
    for (const workers of workerSets) workers.kill();
    await Promise.all([...children].map(stopChild));
    await cleanup();
  }
}

await runBench(main);
