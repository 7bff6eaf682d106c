// The deployment the fault tests break: a scratch PostgreSQL database, a redis-server of their own, N server
// processes (server/main.ts, as `npm start` runs it) and a round-robin TCP proxy in front as the load balancer.
// Optionally the nodes reach PostgreSQL through a cuttable proxy. Node logs go to files, named in the test output.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import type { Db } from "../../server/db/client.js";
import { createScratchDatabase, type TestDatabase } from "../support/database.js";
import { type RedisServer, startRedisServer } from "../support/redis-server.js";
import { TEST_POSTGRES_URL } from "../support/services.js";
import { type CuttableProxy, type LoadBalancer, startCuttableProxy, startRoundRobinProxy } from "./tcp-proxy.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
export const DEMO_PASSWORD = "faults-demo-password";

/** Seconds since the harness module was loaded, for a readable timeline in the test output. */
const t0 = Date.now();
export function say(message: string) {
  console.log(`[faults +${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}`);
}

export interface Node {
  name: string;
  url: string;
  port: number;
  logFile: string;
  alive(): boolean;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url} exited with ${child.exitCode} before /healthz answered`);
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url}/healthz did not answer 200 within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startNode(name: string, env: Record<string, string>, logDir: string): Promise<Node> {
  const logFile = join(logDir, `${name}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn", MFA_REQUIRED_ROLES: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const end = async (signal: NodeJS.Signals) => {
    if (!alive()) return;
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.kill(signal);
    await exited;
    clearTimeout(force);
  };

  // With LOG_LEVEL=warn main.ts still prints one plain line with its URL once it listens.
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not listen within 120 s; see ${logFile}`)), 120_000);
    child.once("exit", (code, signal) =>
      reject(new Error(`${name} exited (code ${code}, signal ${signal}) before listening; see ${logFile}`)),
    );
    createInterface({ input: child.stdout! }).on("line", (line) => {
      log.write(`${line}\n`);
      const listening = /^Beschikbaarheidswijzer Twente: (http:\/\/\S+)$/.exec(line);
      if (listening?.[1]) {
        clearTimeout(timer);
        resolve(listening[1]);
      }
    });
  }).catch(async (err) => {
    await end("SIGKILL");
    throw err;
  });
  await waitHealthy(url, child, 30_000);
  return {
    name,
    url,
    port: Number(new URL(url).port),
    logFile,
    alive,
    kill: () => end("SIGKILL"),
    stop: () => end("SIGTERM"),
  };
}

export interface Cluster {
  database: TestDatabase;
  databaseName: string;
  redis: RedisServer;
  nodes: Node[];
  /** The load balancer's URL: what clients and the writer talk to. */
  url: string;
  lb: LoadBalancer;
  /** Between the nodes and PostgreSQL, when asked for. */
  dbProxy?: CuttableProxy;
  logDir: string;
  /** pg_terminate_backend of every connection to the scratch database, from an admin connection; returns how many. */
  terminateDatabaseConnections(): Promise<number>;
  close(): Promise<void>;
}

export interface ClusterOptions {
  nodes: number;
  /** "auto": the nodes seed the demo region (and demo accounts) into the empty database. */
  demoSeed: "auto" | "off";
  /** Route the nodes' PostgreSQL connections through a cuttable proxy. */
  cuttableDatabase?: boolean;
  /** Runs on the migrated, empty database before any node starts (fixtures). */
  prepare?(db: Db): Promise<void>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const logDir = mkdtempSync(join(tmpdir(), "faults-"));
  const cleanup: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  };
  try {
    const database = await createScratchDatabase(TEST_POSTGRES_URL, "tw_faults");
    cleanup.push(() => database.close());
    const databaseUrl = new URL(database.url!);
    const databaseName = databaseUrl.pathname.slice(1);
    await options.prepare?.(database.db);

    const redis = await startRedisServer();
    cleanup.push(() => redis.stop());

    let dbProxy: CuttableProxy | undefined;
    if (options.cuttableDatabase) {
      dbProxy = await startCuttableProxy({ host: databaseUrl.hostname, port: Number(databaseUrl.port || 5432) });
      cleanup.push(() => dbProxy!.close());
      databaseUrl.hostname = "127.0.0.1";
      databaseUrl.port = String(dbProxy.port);
    }

    const env = {
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: redis.url,
      DEMO_SEED: options.demoSeed,
      DEMO_PASSWORD,
    };
    const nodes: Node[] = [];
    cleanup.push(() => Promise.all(nodes.map((n) => n.stop())));
    // Together, as a deployment starts them; the startup lock serialises migrations and the seed.
    const started = await Promise.allSettled(
      Array.from({ length: options.nodes }, (_, i) => startNode(`node-${i + 1}`, env, logDir)),
    );
    for (const s of started) if (s.status === "fulfilled") nodes.push(s.value);
    const failed = started.find((s) => s.status === "rejected");
    if (failed) throw failed.reason;

    const lb = await startRoundRobinProxy(nodes.map((n) => ({ host: "127.0.0.1", port: n.port })));
    cleanup.push(() => lb.close());
    say(`cluster up: ${nodes.map((n) => n.url).join(", ")}, load balancer :${lb.port}, redis :${redis.port}`);
    say(`node logs in ${logDir}`);

    const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
    cleanup.push(() => admin.end({ timeout: 5 }));

    return {
      database,
      databaseName,
      redis,
      nodes,
      url: `http://127.0.0.1:${lb.port}`,
      lb,
      dbProxy,
      logDir,
      terminateDatabaseConnections: async () => {
        const [row] = await admin<{ terminated: number }[]>`
          SELECT (count(*) FILTER (WHERE pg_terminate_backend(pid)))::int AS terminated FROM pg_stat_activity
          WHERE datname = ${databaseName} AND pid <> pg_backend_pid()`;
        return row?.terminated ?? 0;
      },
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
