// npm run bench:scale [-- --clients 10000 --nodes 3 --rate 100 --seconds 30 --warmup 15 --locations 300 --workers 4
//   --baselines yes|no] (or BENCH_CLIENTS, ..., BENCH_BASELINES; "no" runs only the app on N nodes, e.g. to profile
// it, without the one-node and bare socket.io runs; DATABASE_URL:
// the PostgreSQL server to bench on, in a throwaway database, default postgres://postgres@127.0.0.1:5432/postgres).
// Room-scoped clients at scale: the app on N processes behind one private Redis, the same on one process, and bare
// socket.io with the same fan-out on one process and on N processes with the same Redis adapter. Prints server CPU
// per delivered event and per change, latency, delivery, heap per node; the verdict is the app's ratios to bare
// socket.io doing the same work (bench/scale-report.ts). Exits 0 on a missed target, 1 only when the bench breaks.

import { randomBytes } from "node:crypto";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { users } from "../server/db/schema.js";
import { hashPassword } from "../server/features/auth/passwords.js";
import { CARE_TYPES, MUNICIPALITY_NAMES } from "../shared/domain.js";
import { type RedisServer, startRedisServer } from "../tests/support/redis-server.js";
import { signIn } from "./api.js";
import { SEQ_HEADER } from "./bare-intake.js";
import { type Change, type Child, killAllChildren, startChild, type Usage } from "./ipc.js";
import { type SeededLocation, seedLocations } from "./region.js";
import { loadAverage, machineBusyMs, numberOption, percentiles, progress, runBench } from "./report.js";
import { type ClientWorkers, startClientWorkers } from "./scale-clients.js";
import { notes, resultTable, type ScaleOptions, type ScaleRun, setupTable, verdict } from "./scale-report.js";
import type { Scope } from "./scale-worker.js";
import { openScratch, type Scratch } from "./scratch.js";
import { createWriter, httpSender, type SendUpdate } from "./writer.js";

const DRAIN_MS = 10_000;
/** Every care type x gemeente of the region: client j watches SCOPES[j % SCOPES.length]. */
const SCOPES: Scope[] = CARE_TYPES.flatMap((careType) =>
  MUNICIPALITY_NAMES.map((municipality) => ({ careType, municipality })),
);
const scopeKey = (s: Scope) => `${s.careType}|${s.municipality}`;

const children = new Set<Child>();
const workerSets = new Set<ClientWorkers>();
let cleanup: (() => Promise<void>) | undefined;

function readOptions(): ScaleOptions {
  const { values } = parseArgs({
    options: Object.fromEntries(
      ["clients", "nodes", "rate", "seconds", "warmup", "locations", "workers", "baselines"].map((k) => [
        k,
        { type: "string" },
      ]),
    ) as Record<string, { type: "string" }>,
  });
  const number = (name: string, fallback: number, min: number, integer = true) =>
    numberOption(values, name, fallback, min, integer);
  return {
    clients: number("clients", 10_000, 1),
    nodes: number("nodes", 3, 1),
    rate: number("rate", 100, 0.1, false),
    seconds: number("seconds", 30, 1, false),
    // Long enough for V8 to finish optimising the update path: with 3 s, the nodes spent 9% of their CPU compiling
    // in the first half of the measurement and took a fifth more CPU than in its second half (README, bench:scale).
    warmup: number("warmup", 15, 0, false),
    locations: number("locations", 300, 1),
    workers: number("workers", 4, 1),
    baselines: yesNo(values.baselines ?? process.env.BENCH_BASELINES ?? "yes", "baselines"),
    adminUrl: process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres",
  };
}

function yesNo(value: unknown, name: string): boolean {
  if (value === "yes" || value === "no") return value === "yes";
  throw new Error(`--${name} takes yes or no, not ${String(value)}`);
}

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
  kind: "app" | "bare";
  nodes: number;
}

async function startServers(scenario: Scenario, setup: Setup): Promise<Child[]> {
  const env: Record<string, string> =
    scenario.kind === "bare"
      ? { BENCH_SCOPES: JSON.stringify(setup.region.map((l) => [l.id, l.careType, l.municipality])) }
      : { DATABASE_URL: setup.scratch.url.toString() };
  if (scenario.nodes > 1) env.REDIS_URL = setup.redis.url;
  const script = scenario.kind === "bare" ? "./scale-bare.ts" : "./scale-node.ts";
  // One at a time: the app's nodes serialise their migrations on start anyway.
  const nodes: Child[] = [];
  for (let i = 0; i < scenario.nodes; i++)
    nodes.push(await launch(`${scenario.kind} node ${i + 1}/${scenario.nodes}`, script, env));
  return nodes;
}

/** Connect the clients, warm up, write at the fixed rate, wait for delivery, measure heaps. */
async function run(scenario: Scenario, setup: Setup): Promise<ScaleRun> {
  const { options, region } = setup;
  const nodes = await startServers(scenario, setup);
  try {
    const urls = nodes.map((n) => `http://127.0.0.1:${n.port}`);
    const headers =
      scenario.kind === "app" ? await signIn(urls[0] as string, setup.admin.email, setup.admin.password) : {};
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
      onProgress: (n) => {
        if (n - shown < 1000 && n !== options.clients) return;
        shown = n;
        progress(`${scenario.name}: ${n} connected`);
      },
    });
    workerSets.add(clients);
    try {
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
      let counting = false;
      const acked = new Map<number, number>();
      const writer = createWriter(
        region.map((l) => l.id),
        async (locationId, change) => {
          await (senders[next++ % senders.length] as SendUpdate)(locationId, change);
          if (counting) acked.set(locationId, (acked.get(locationId) ?? 0) + 1);
        },
        undefined,
        setup.nextChange,
      );
      if (options.warmup > 0) {
        progress(`${scenario.name}: warm-up ${options.warmup} s`);
        await writer.run(options.rate, options.warmup);
        await sleep(500);
      }
      progress(`${scenario.name}: measuring ${options.seconds} s at ${options.rate} updates/s`);
      const cpuBefore = await usages(nodes, false);
      const loadBefore = { machine: machineBusyMs(), clients: await clients.cpuMs(), bench: process.cpuUsage() };
      const measureStart = performance.now();
      counting = true;
      await clients.record(Date.now());
      const write = await writer.run(options.rate, options.seconds);
      counting = false;
      const expected = expectedDeliveries(acked, region, options.clients);
      const deadline = Date.now() + DRAIN_MS;
      while ((await clients.delivered()) < expected && Date.now() < deadline) await sleep(100);
      await clients.record(Number.POSITIVE_INFINITY);
      const wallMs = performance.now() - measureStart;
      const cpuAfter = await usages(nodes, false);
      const loadAverageAfter = loadAverage();
      const bench = process.cpuUsage(loadBefore.bench);
      const load = {
        machine: (machineBusyMs() - loadBefore.machine) / wallMs / os.cpus().length,
        clients: ((await clients.cpuMs()) - loadBefore.clients) / wallMs,
        bench: (bench.user + bench.system) / 1000 / wallMs,
      };
      const stats = await clients.stats();
      const afterRun = await usages(nodes, true);
      return {
        name: scenario.name,
        kind: scenario.kind,
        nodes: nodes.length,
        clients: options.clients,
        connectMs,
        latency: percentiles(Float64Array.from(stats.latencies)),
        write,
        delivered: stats.delivered,
        expected,
        disconnects: stats.disconnects,
        outOfOrder: stats.outOfOrder,
        heads: stats.heads,
        heap: {
          before: before.map((u) => u.heapUsed),
          connected: connected.map((u) => u.heapUsed),
          afterRun: afterRun.map((u) => u.heapUsed),
        },
        cpu: cpuAfter.map((u, i) => (u.cpuMs - (cpuBefore[i]?.cpuMs ?? 0)) / wallMs),
        cpuMs: cpuAfter.map((u, i) => u.cpuMs - (cpuBefore[i]?.cpuMs ?? 0)),
        loopDelayP99Ms: cpuAfter.map((u) => u.loopDelayP99Ms),
        loadAverage: loadAverageAfter,
        load,
      };
    } finally {
      await clients.close();
      workerSets.delete(clients);
    }
  } finally {
    await Promise.all(nodes.map(stopChild));
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
    const scenarios: Scenario[] = [
      { name: `app, ${nodes}`, kind: "app", nodes: options.nodes },
      ...(options.baselines && several ? [{ name: "app, 1 node", kind: "app", nodes: 1 } as const] : []),
      ...(options.baselines ? [{ name: "bare, 1 node", kind: "bare", nodes: 1 } as const] : []),
      ...(options.baselines && several
        ? [{ name: `bare, ${nodes}`, kind: "bare", nodes: options.nodes } as const]
        : []),
    ];
    const runs: ScaleRun[] = [];
    const failed: string[] = [];
    // A run that breaks (clients that cannot connect on a crowded machine) is reported; the others still count.
    for (const scenario of scenarios) {
      try {
        runs.push(await run(scenario, setup));
      } catch (err) {
        failed.push(`${scenario.name}: the run failed (${err instanceof Error ? err.message : String(err)}).`);
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
