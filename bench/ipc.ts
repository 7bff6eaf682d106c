// The parent <-> child protocol of the live bench: a server runs as its own process (its own heap), says "ready" with
// its port, and answers numbered requests over the fork IPC channel.
import { type ChildProcess, fork } from "node:child_process";
import { type IntervalHistogram, monitorEventLoopDelay } from "node:perf_hooks";
import { compiled, runsCompiled } from "./build.js";

export type Change = "bezet" | "vrijgekomen";

export type Request = { id: number; op: "usage"; gc: boolean } | { id: number; op: "stop" };

export interface Usage {
  heapUsed: number;
  rss: number;
  /** CPU time (user + system) the process has used so far. */
  cpuMs: number;
  /** Whether global.gc ran before measuring (the child has --expose-gc). */
  gc: boolean;
  /** Event-loop delay p99 since the previous measurement, in ms. */
  loopDelayP99Ms: number;
}

/** Event-loop delay of this process; measureUsage reads and restarts it. */
export const loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();

export type ChildMessage =
  | { type: "ready"; port: number; locationIds: number[]; headers: Record<string, string> }
  | { type: "reply"; id: number; ok: true; result?: unknown }
  | { type: "reply"; id: number; ok: false; error: string }
  | { type: "fatal"; error: string };

type Op = Request extends infer R ? (R extends { op: infer O } ? O : never) : never;
type Args<O extends Op> = Omit<Extract<Request, { op: O }>, "id" | "op">;

// ---------- child side ----------

function send(message: ChildMessage) {
  // With a callback a closed channel (parent gone) is not an 'error' event; the 'disconnect' handler then exits.
  if (process.connected) process.send?.(message, undefined, {}, () => {});
}

/** Child: report fatal errors, exit with the parent, answer requests with the handlers. */
export function serveParent(handlers: { [O in Op]: (args: Args<O>) => unknown | Promise<unknown> }) {
  if (!process.send) throw new Error("start me with child_process.fork");
  process.on("disconnect", () => process.exit(0));
  process.on("message", async (raw: Request) => {
    try {
      const handler = handlers[raw.op] as (args: Request) => unknown;
      send({ type: "reply", id: raw.id, ok: true, result: await handler(raw) });
    } catch (err) {
      send({ type: "reply", id: raw.id, ok: false, error: String(err) });
    }
  });
}

/** headers: what a client must send to be let in (the app server's session cookie and CSRF token). */
export function sendReady(port: number, locationIds: number[], headers: Record<string, string> = {}) {
  send({ type: "ready", port, locationIds, headers });
}

export function failFatally(err: unknown) {
  send({ type: "fatal", error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  setTimeout(() => process.exit(1), 100);
}

/** Process usage; with collect, after a full collection (when --expose-gc is on) so heap figures are stable. */
export function measureUsage(collect: boolean): Usage {
  const cpu = process.cpuUsage();
  const gc = collect ? (globalThis as { gc?: () => void }).gc : undefined;
  if (gc) {
    gc();
    gc();
  }
  const { heapUsed, rss } = process.memoryUsage();
  const loopDelayP99Ms = loopDelay.count > 0 ? loopDelay.percentile(99) / 1e6 : 0;
  loopDelay.reset();
  return { heapUsed, rss, cpuMs: (cpu.user + cpu.system) / 1000, gc: Boolean(gc), loopDelayP99Ms };
}

// ---------- parent side ----------

/** Every forked child still running, so a signal handler can kill them even before they are ready. */
const running = new Set<ChildProcess>();

export function killAllChildren() {
  for (const proc of running) proc.kill("SIGKILL");
}

export interface Child {
  name: string;
  port: number;
  locationIds: number[];
  headers: Record<string, string>;
  request<O extends Op>(op: O, args: Args<O>, timeoutMs?: number): Promise<unknown>;
  /** Asks the child to close itself; kills it when it does not exit in time. Idempotent. */
  stop(): Promise<void>;
  /** Immediate SIGKILL, for signal handlers. */
  kill(): void;
}

/** Forks a bench child, compiled (bench/build.ts) or under tsx, with --expose-gc, and waits for its "ready". */
export function startChild(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  readyTimeoutMs = 120_000,
): Promise<Child> {
  const compile = runsCompiled();
  const proc: ChildProcess = fork(compile ? compiled(script) : script, [], {
    // BENCH_NODE_ARGS: extra node options for the children, e.g. "--cpu-prof" to profile them.
    execArgv: [
      ...(compile ? ["--enable-source-maps"] : ["--import", "tsx"]),
      "--expose-gc",
      ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean),
    ],
    env,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  running.add(proc);
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  proc.once("exit", () => running.delete(proc));
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }>();
  let nextId = 1;
  let stopping: Promise<void> | undefined;

  const failAll = (error: Error) => {
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    pending.clear();
  };
  proc.once("exit", (code, signal) => failAll(new Error(`${name} exited (code ${code}, signal ${signal})`)));

  const kill = () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
  };

  return new Promise<Child>((resolve, reject) => {
    const readyTimer = setTimeout(() => {
      kill();
      reject(new Error(`${name} was not ready within ${readyTimeoutMs} ms`));
    }, readyTimeoutMs);
    proc.once("exit", (code, signal) => {
      clearTimeout(readyTimer);
      reject(new Error(`${name} exited before it was ready (code ${code}, signal ${signal})`));
    });
    proc.on("error", (err) => {
      clearTimeout(readyTimer);
      kill();
      reject(err);
    });
    proc.on("message", (message: ChildMessage) => {
      if (message.type === "fatal") {
        clearTimeout(readyTimer);
        reject(new Error(`${name} failed: ${message.error}`));
        kill();
      } else if (message.type === "ready") {
        clearTimeout(readyTimer);
        resolve(child(message.port, message.locationIds, message.headers));
      } else {
        const waiting = pending.get(message.id);
        if (!waiting) return;
        pending.delete(message.id);
        clearTimeout(waiting.timer);
        if (message.ok) waiting.resolve(message.result);
        else waiting.reject(new Error(`${name}: ${message.error}`));
      }
    });
  });

  function child(port: number, locationIds: number[], headers: Record<string, string>): Child {
    const request: Child["request"] = (op, args, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        if (!proc.connected) return reject(new Error(`${name} is not running`));
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${name}: ${op} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        proc.send({ ...args, id, op });
      });
    const stop = () => {
      stopping ??= (async () => {
        const force = setTimeout(kill, 10_000);
        await request("stop", {}, 10_000).catch(() => kill());
        await exited;
        clearTimeout(force);
      })();
      return stopping;
    };
    return { name, port, locationIds, headers, request, stop, kill };
  }
}
