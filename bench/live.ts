// npm run bench:live [-- --clients 1000 --rate 20 --duration 20 --warmup 3 --locations 300 --backend pglite]
// (or BENCH_CLIENTS, BENCH_RATE, BENCH_DURATION, BENCH_WARMUP, BENCH_LOCATIONS, BENCH_BACKEND; DATABASE_URL = a
// PostgreSQL server to bench on, in a throwaway database). Prints figures; exits 0 on a missed target, 1 only when the
// bench itself breaks. Update-to-client latency and server CPU per delivered event of the real app against a bare
// socket.io server, same clients/rate; the verdict is their ratios (bench/report.ts).

import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type ClientPool, connectClients } from "./clients.js";
import { type Child, killAllChildren, measureUsage, startChild, type Usage } from "./ipc.js";
import {
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
import { createWriter, httpSender, type SendUpdate } from "./writer.js";

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

/** Connect the clients, warm up, write at the fixed rate for the duration, wait for delivery, measure heaps. */
async function run(name: string, child: Child, send: SendUpdate, options: Options): Promise<RunResult> {
  const usage = async (gc = true) => (await child.request("usage", { gc })) as Usage;
  const before = await usage();
  progress(`${name}: connecting ${options.clients} clients`);
  const started = Date.now();
  const pool = await connectClients(`http://127.0.0.1:${child.port}`, options.clients, {
    headers: { cookie: child.headers.cookie ?? "" },
    onProgress: (n) => {
      if (n % 250 === 0 || n === options.clients) progress(`${name}: ${n} connected`);
    },
  });
  pools.add(pool);
  try {
    progress(`${name}: all connected in ${Date.now() - started} ms`);
    const connected = await usage();
    const writer = createWriter(child.locationIds, send);
    if (options.warmup > 0) {
      progress(`${name}: warm-up ${options.warmup} s`);
      await writer.run(options.rate, options.warmup);
      await sleep(500);
    }
    progress(`${name}: measuring ${options.duration} s at ${options.rate} updates/s`);
    const serverCpu = (await usage(false)).cpuMs;
    const benchCpu = measureUsage(false).cpuMs;
    const machineBusy = machineBusyMs();
    const measureStart = performance.now();
    pool.record(Date.now());
    const write = await writer.run(options.rate, options.duration);
    const expected = write.acknowledged * options.clients;
    const deadline = Date.now() + DRAIN_MS;
    while (pool.delivered() < expected && Date.now() < deadline) await sleep(50);
    pool.record(Number.POSITIVE_INFINITY);
    const wallMs = performance.now() - measureStart;
    const benchUsage = measureUsage(false);
    const busy = machineBusyMs() - machineBusy;
    const serverUsage = await usage(false);
    const serverCpuMs = serverUsage.cpuMs - serverCpu;
    const server = serverCpuMs / wallMs;
    const bench = (benchUsage.cpuMs - benchCpu) / wallMs;
    const cpu = { server, bench, other: Math.max(0, busy / wallMs - server - bench) };
    const loopDelayP99Ms = { server: serverUsage.loopDelayP99Ms, bench: benchUsage.loopDelayP99Ms };
    const afterRun = await usage();
    const result = {
      clients: options.clients,
      latency: percentiles(pool.latencies()),
      write,
      delivered: pool.delivered(),
      expected,
      disconnects: pool.disconnects(),
      outOfOrder: pool.outOfOrder(),
      cpu,
      loopDelayP99Ms,
      serverCpuMs,
      loadAverage: loadAverage(),
    };
    pool.close();
    await sleep(1_000);
    return { ...result, heap: { before, connected, afterRun, afterDisconnect: await usage() } };
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
    const app = await launch(`app server (${options.backend})`, "./server-process.ts", options);
    const ours = await run("ours", app, httpSender(`http://127.0.0.1:${app.port}`, app.headers), options);
    await stopChild(app);

    const bareServer = await launch("bare socket.io server", "./bare-server.ts", options);
    const bare = await run("bare", bareServer, httpSender(`http://127.0.0.1:${bareServer.port}`), options);
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
