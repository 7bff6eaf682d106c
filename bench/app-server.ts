// The real server for the matching bench: server/main.ts in its own process, as `npm start` runs it (built into
// dist/server/main.js, without the client build), against a given database. Port 0; the port is read from the line
// main.ts prints when listening.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface AppServer {
  url: string;
  pid: number;
  /** CPU time (user + system) the server process has used so far, in ms (from /proc). */
  cpuMs(): number;
  stop(): Promise<void>;
}

const root = fileURLToPath(new URL("..", import.meta.url));
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat; 0 when it is gone. */
function cpuMsOf(pid: number | string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU time used so far by all processes with this command name (e.g. every "postgres" backend), in ms. */
export function cpuMsOfCommand(command: string): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === command) total += cpuMsOf(entry);
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

let built = false;

/** Builds dist/server from the source once per bench process, so a bench never runs yesterday's build. */
function buildServer() {
  if (built) return;
  execFileSync(process.execPath, ["scripts/build-server.mjs"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  built = true;
}

/** nodeArgs: extra node options for the server, e.g. ["--cpu-prof"] to profile it (BENCH_SERVER_NODE_ARGS). */
export function startAppServer(
  env: Record<string, string>,
  nodeArgs: string[] = [],
  readyTimeoutMs = 120_000,
): Promise<AppServer> {
  buildServer();
  const proc: ChildProcess = spawn(process.execPath, [...nodeArgs, "--enable-source-maps", "dist/server/main.js"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DEMO_SEED: "off",
      LOG_LEVEL: "warn",
      MFA_REQUIRED_ROLES: "",
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const pid = proc.pid;
  if (pid === undefined) throw new Error("could not start server/main.ts");

  const cpuMs = () => cpuMsOf(pid);
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const force = setTimeout(() => proc.kill("SIGKILL"), 10_000);
    proc.kill("SIGTERM");
    await exited;
    clearTimeout(force);
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`server/main.ts did not listen within ${readyTimeoutMs} ms`));
    }, readyTimeoutMs);
    proc.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server/main.ts exited before listening (code ${code}, signal ${signal})`));
    });
    let buffered = "";
    proc.stdout?.setEncoding("utf8");
    proc.stdout?.on("data", (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const listening = /^Beschikbaarheidswijzer Twente: (http:\/\/\S+)$/.exec(line);
        if (listening?.[1]) {
          clearTimeout(timer);
          resolve({ url: listening[1], pid, cpuMs, stop });
        } else if (line.trim()) process.stderr.write(`[server] ${line}\n`);
        newline = buffered.indexOf("\n");
      }
    });
  });
}
