// The parent side of the scale bench's client workers: the clients run in a few processes of their own, so their
// work spreads over the cores as a real audience's would, and the bench process stays free to write and measure.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Scope, WorkerReply, WorkerRequest, WorkerStats } from "./scale-worker.js";

type Op = WorkerRequest["op"];
type Args<O extends Op> = Omit<Extract<WorkerRequest, { op: O }>, "id" | "op">;

export interface ClientWorkers {
  record(fromMs: number): Promise<void>;
  /** Events recorded so far, over all clients (cheap: for polling). */
  delivered(): Promise<number>;
  stats(): Promise<WorkerStats>;
  /** CPU time the workers have used so far, together, in ms. */
  cpuMs(): Promise<number>;
  close(): Promise<void>;
  /** SIGKILL, for signal handlers. */
  kill(): void;
}

const script = fileURLToPath(new URL("./scale-worker.ts", import.meta.url));

function startWorker(onProgress: (connected: number) => void) {
  const proc: ChildProcess = fork(script, [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  proc.on("message", (message: WorkerReply) => {
    if (message.type === "progress") return onProgress(message.connected);
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiting?.resolve(message.result);
    else waiting?.reject(new Error(`client worker: ${message.error}`));
  });
  proc.once("exit", (code, signal) => {
    for (const p of pending.values()) p.reject(new Error(`client worker exited (code ${code}, signal ${signal})`));
    pending.clear();
  });
  const request = <O extends Op>(op: O, args: Args<O>) =>
    new Promise<unknown>((resolve, reject) => {
      if (!proc.connected) return reject(new Error("client worker is not running"));
      const id = nextId++;
      pending.set(id, { resolve, reject });
      proc.send({ ...args, id, op });
    });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  return { proc, request, exited };
}

/** Starts `workers` processes and connects `clients` clients through them: client j to urls[j % n], scope j % scopes. */
export async function startClientWorkers(options: {
  workers: number;
  urls: string[];
  clients: number;
  scopes: Scope[];
  headers: Record<string, string>;
  syncFrom?: number;
  onProgress?(connected: number): void;
}): Promise<ClientWorkers> {
  const count = Math.max(1, Math.min(options.workers, options.clients));
  const connected = new Array<number>(count).fill(0);
  const workers = Array.from({ length: count }, (_, w) =>
    startWorker((n) => {
      connected[w] = n;
      options.onProgress?.(connected.reduce((a, b) => a + b, 0));
    }),
  );
  const kill = () => {
    for (const w of workers) if (w.proc.exitCode === null) w.proc.kill("SIGKILL");
  };
  const share = Math.ceil(options.clients / count);
  try {
    await Promise.all(
      workers.map((w, i) =>
        w.request("connect", {
          urls: options.urls,
          first: i * share,
          count: Math.max(0, Math.min(share, options.clients - i * share)),
          scopes: options.scopes,
          headers: options.headers,
          syncFrom: options.syncFrom,
        }),
      ),
    );
  } catch (err) {
    kill();
    throw err;
  }
  const sumOver = async (op: "delivered" | "cpu") =>
    ((await Promise.all(workers.map((w) => w.request(op, {})))) as number[]).reduce((a, b) => a + b, 0);
  return {
    record: async (fromMs) => {
      await Promise.all(workers.map((w) => w.request("record", { fromMs })));
    },
    delivered: () => sumOver("delivered"),
    cpuMs: () => sumOver("cpu"),
    stats: async () => {
      const all = (await Promise.all(workers.map((w) => w.request("stats", {})))) as WorkerStats[];
      return {
        delivered: all.reduce((n, s) => n + s.delivered, 0),
        disconnects: all.reduce((n, s) => n + s.disconnects, 0),
        outOfOrder: all.reduce((n, s) => n + s.outOfOrder, 0),
        heads: all.reduce((n, s) => n + s.heads, 0),
        latencies: all.flatMap((s) => s.latencies),
      };
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.request("close", {}).catch(() => {})));
      const force = setTimeout(kill, 5_000);
      await Promise.all(workers.map((w) => w.exited));
      clearTimeout(force);
    },
    kill,
  };
}
