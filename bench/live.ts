// npm run bench:live [-- --clients 1000 --rate 20 --duration 20 --rounds 3 --warmup 3 --locations 300 --backend
// pglite] (or BENCH_CLIENTS, ..., BENCH_BACKEND; DATABASE_URL = a PostgreSQL server to bench on, in a throwaway
// database). Prints figures; exits 0 on a missed target, 1 only when the bench itself breaks. Update-to-client latency
// and server CPU per delivered event of the real app against a bare socket.io server, same clients/rate, both up at
// once and measured in turns (--duration each, in --rounds windows); the verdict is their ratios (bench/report.ts).

import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type ClientPool, connectClients } from "./clients.js";
import { type Child, killAllChildren, measureUsage, startChild, type Usage } from "./ipc.js";
import {
  inTurns,
  loadAverage,
  machineBusyMs,
  notes,
  numberOption,
  type Options,
  percentiles,
  progress,
  type RunResult,
  resultTable,
  runBench,
  setupTable,
  verdict,
} from "./report.js";
import { createWriter, httpSender, mergeWrites, type SendUpdate, type WriteResult, type Writer } from "./writer.js";

const DRAIN_MS = 5_000;
const children = new Set<Child>();
const pools = new Set<ClientPool>();

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      clients: { type: "string", short: "n" },
      rate: { type: "string", short: "m" },
      duration: { type: "string", short: "d" },
      warmup: { type: "string" },
      rounds: { type: "string" },
      locations: { type: "string" },
      backend: { type: "string" },
    },
  });
  const env = process.env;
  const number = (name: keyof typeof values, fallback: number, min: number, integer = true) =>
    numberOption(values, name, fallback, min, integer);
  const databaseUrl = env.DATABASE_URL || undefined;
  const backend = values.backend ?? env.BENCH_BACKEND ?? (databaseUrl ? "postgres" : "pglite");
  if (backend !== "pglite" && backend !== "postgres") throw new Error(`--backend must be pglite or postgres`);
  if (backend === "postgres" && !databaseUrl) throw new Error("--backend postgres needs DATABASE_URL");
  return {
    clients: number("clients", 1000, 1, true),
    rate: number("rate", 20, 0.1, false),
    duration: number("duration", 20, 1, false),
    warmup: number("warmup", 3, 0, false),
    rounds: number("rounds", 3, 1, true),
    locations: number("locations", 300, 1, true),
    backend,
    ...(backend === "postgres" ? { databaseUrl } : {}),
  };
}

async function launch(name: string, script: string, options: Options): Promise<Child> {
  progress(`starting ${name}`);
  const child = await startChild(name, fileURLToPath(new URL(script, import.meta.url)), {
    ...process.env,
    BENCH_LOCATIONS: String(options.locations),
    BENCH_DATABASE_URL: options.databaseUrl ?? "",
  });
  children.add(child);
  return child;
}

/** A server with its clients connected and warmed up: measured in windows, then closed. */
interface Live {
  name: string;
  child: Child;
  pool: ClientPool;
  writer: Writer;
  before: Usage;
  connected: Usage;
  windows: Window[];
}

interface Window {
  write: WriteResult;
  wallMs: number;
  serverCpuMs: number;
  benchCpuMs: number;
  busyMs: number;
  loopDelayP99Ms: { server: number; bench: number };
}

const usageOf = async (child: Child, gc = true) => (await child.request("usage", { gc })) as Usage;

/** Connects the clients and warms up. */
async function open(name: string, child: Child, send: SendUpdate, options: Options): Promise<Live> {
  const before = await usageOf(child);
  progress(`${name}: connecting ${options.clients} clients`);
  const started = Date.now();
  const pool = await connectClients(`http://127.0.0.1:${child.port}`, options.clients, {
    headers: { cookie: child.headers.cookie ?? "" },
    onProgress: (n) => {
      if (n % 250 === 0 || n === options.clients) progress(`${name}: ${n} connected`);
    },
  });
  pools.add(pool);
  progress(`${name}: all connected in ${Date.now() - started} ms`);
  const connected = await usageOf(child);
  const writer = createWriter(child.locationIds, send);
  if (options.warmup > 0) {
    progress(`${name}: warm-up ${options.warmup} s`);
    await writer.run(options.rate, options.warmup);
    await sleep(500);
  }
  return { name, child, pool, writer, before, connected, windows: [] };
}

/** Writes at the fixed rate for one window and waits for its deliveries; the server's CPU is read around it. */
async function measure(live: Live, options: Options, seconds: number): Promise<void> {
  const { child, pool } = live;
  progress(`${live.name}: measuring ${Number(seconds.toFixed(1))} s at ${options.rate} updates/s`);
  const serverCpu = (await usageOf(child, false)).cpuMs;
  const benchCpu = measureUsage(false).cpuMs;
  const machineBusy = machineBusyMs();
  const measureStart = performance.now();
  const already = pool.delivered();
  pool.record(Date.now());
  const write = await live.writer.run(options.rate, seconds);
  const deadline = Date.now() + DRAIN_MS;
  while (pool.delivered() < already + write.acknowledged * options.clients && Date.now() < deadline) await sleep(50);
  pool.record(Number.POSITIVE_INFINITY);
  const wallMs = performance.now() - measureStart;
  const benchUsage = measureUsage(false);
  const serverUsage = await usageOf(child, false);
  live.windows.push({
    write,
    wallMs,
    serverCpuMs: serverUsage.cpuMs - serverCpu,
    benchCpuMs: benchUsage.cpuMs - benchCpu,
    busyMs: machineBusyMs() - machineBusy,
    loopDelayP99Ms: { server: serverUsage.loopDelayP99Ms, bench: benchUsage.loopDelayP99Ms },
  });
}

/** The server's figures over all its windows; closes its clients. */
async function finish(live: Live, options: Options): Promise<RunResult> {
  const { pool, windows } = live;
  try {
    const total = (f: (w: Window) => number) => windows.reduce((n, w) => n + f(w), 0);
    const wallMs = total((w) => w.wallMs);
    const serverCpuMs = total((w) => w.serverCpuMs);
    const server = serverCpuMs / wallMs;
    const bench = total((w) => w.benchCpuMs) / wallMs;
    const write = mergeWrites(windows.map((w) => w.write));
    const afterRun = await usageOf(live.child);
    const result = {
      clients: options.clients,
      latency: percentiles(pool.latencies()),
      write,
      delivered: pool.delivered(),
      expected: write.acknowledged * options.clients,
      disconnects: pool.disconnects(),
      outOfOrder: pool.outOfOrder(),
      cpu: { server, bench, other: Math.max(0, total((w) => w.busyMs) / wallMs - server - bench) },
      // The worst window's: a p99 over the windows together is not kept.
      loopDelayP99Ms: {
        server: Math.max(...windows.map((w) => w.loopDelayP99Ms.server)),
        bench: Math.max(...windows.map((w) => w.loopDelayP99Ms.bench)),
      },
      serverCpuMs,
      loadAverage: loadAverage(),
    };
    pool.close();
    await sleep(1_000);
    const heap = {
      before: live.before,
      connected: live.connected,
      afterRun,
      afterDisconnect: await usageOf(live.child),
    };
    return { ...result, heap };
  } finally {
    pool.close();
    pools.delete(pool);
  }
}

async function stopChild(child: Child) {
  await child.stop();
  children.delete(child);
}

function killEverything(signal: NodeJS.Signals) {
  progress(`${signal}: closing clients and killing the servers`);
  for (const pool of pools) pool.close();
  killAllChildren();
  process.exit(130);
}

async function main() {
  const options = readOptions();
  process.once("SIGINT", killEverything);
  process.once("SIGTERM", killEverything);
  try {
    // Both servers up at once, each with its own clients, measured in turns (ours, bare; bare, ours; ...): a phase of
    // the shared machine lasts minutes and weighs on both alike (docs/benchmarks.md).
    const app = await launch(`app server (${options.backend})`, "./server-process.ts", options);
    const bareServer = await launch("bare socket.io server", "./bare-server.ts", options);
    const lives = [
      await open("ours", app, httpSender(`http://127.0.0.1:${app.port}`, app.headers), options),
      await open("bare", bareServer, httpSender(`http://127.0.0.1:${bareServer.port}`), options),
    ];
    await inTurns(lives, options.rounds, (live) => measure(live, options, options.duration / options.rounds));
    const [ours, bare] = [await finish(lives[0] as Live, options), await finish(lives[1] as Live, options)];
    await stopChild(app);
    await stopChild(bareServer);

    console.log(`\nLive update latency, ${new Date().toISOString()}\n`);
    console.log(setupTable(options));
    console.log();
    console.log(resultTable(ours, bare));
    console.log();
    for (const line of notes({ ours, bare })) console.log(line);
    console.log(verdict(options, ours, bare));
  } finally {
    for (const pool of pools) pool.close();
    await Promise.all([...children].map(stopChild));
  }
}

await runBench(main);
