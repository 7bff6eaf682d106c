// Starts the real server as its own OS process (server/main.ts), for multi-process and fault tests.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { TEST_REDIS_KEY_PREFIX } from "./services.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Ends the process; rejects when it logged an unhandled rejection while it ran. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DEMO_SEED: "off",
      LOG_LEVEL: "info",
      REDIS_KEY_PREFIX: TEST_REDIS_KEY_PREFIX,
      MFA_REQUIRED_ROLES: "",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stderr: string[] = [];
  child.stderr?.on("data", (chunk) => stderr.push(String(chunk)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  // server/main.ts logs a promise that rejected with nobody to catch it; the test that stops the process fails on it.
  const unhandled: string[] = [];
  const lines = createInterface({ input: child.stdout! });
  const linesRead = new Promise((resolve) => lines.once("close", resolve));
  lines.on("line", (line) => {
    if (logOf(line)?.msg === "unhandled rejection") unhandled.push(line);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time\n${stderr.join("")}`)), 30_000);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}\n${stderr.join("")}`)));
    lines.on("line", (line) => {
      const log = logOf(line);
      if (log?.msg === "listening" && log.url) {
        clearTimeout(timer);
        resolve(log.url);
      }
    });
  });

  return {
    url,
    child,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
      // The last lines may still be on their way through the pipe after the exit.
      await linesRead;
      const found = unhandled.splice(0);
      if (found.length > 0) {
        throw new Error(`the server process logged ${found.length} unhandled rejection(s):\n${found.join("\n")}`);
      }
    },
  };
}

/** A pino log line of the server, or undefined for anything else it printed. */
function logOf(line: string): { msg?: string; url?: string } | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    return JSON.parse(line) as { msg?: string; url?: string };
  } catch {
    return undefined;
  }
}
