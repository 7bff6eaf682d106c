// A redis-server of the test's own on a free port, without persistence, so SIGKILL loses everything it held, as a
// crashed broker would. restart() brings a fresh, empty one up on the same port.
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import { reachable } from "./services.js";

export interface RedisServer {
  url: string;
  port: number;
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const spawnOne = async () => {
    const proc = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning"],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    child = proc;
    await waitUntil(() => reachable(url, 200), `redis-server on port ${port}`);
  };
  const end = async (signal: NodeJS.Signals) => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
    proc.kill(signal);
    await exited;
  };

  await spawnOne();
  return {
    url,
    port,
    kill: () => end("SIGKILL"),
    restart: spawnOne,
    stop: () => end("SIGTERM"),
  };
}
