// `npm run bench:start`: what starting one server costs, from its sources under tsx and from the build (`npm start`).
// Starts server/main.ts (node --import tsx) and dist/server/main.js (node) START_RUNS times each, alternating, on the
// same database, and prints the time from spawn to the first 200 of /healthz and the heap after two full collections
// once ready, with the ratio built/tsx. The heap is read by a preloaded hook (bench/start-usage.mjs), not the server.
// Database: a PGlite folder seeded by a first start that is not counted; BENCH_DATABASE_URL (an admin URL of a
// PostgreSQL server) -> a scratch database there instead, so PGlite's own heap is left out. START_SNAPSHOTS=dir writes a
// heap snapshot of the last start of each mode there.
import { type ChildProcess, execFileSync, fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createScratchDatabase, type TestDatabase } from "../tests/support/database.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const RUNS = Number(process.env.START_RUNS ?? 5);
const MODES = {
  tsx: { script: "server/main.ts", execArgv: ["--import", "tsx"] },
  built: { script: "dist/server/main.js", execArgv: ["--enable-source-maps"] },
} as const;
type Mode = keyof typeof MODES;

interface Usage {
  heapUsed: number;
  heapTotal: number;
  rss: number;
  external: number;
  arrayBuffers: number;
  gc: boolean;
}
interface Start {
  readyMs: number;
  usage: Usage;
}

const mib = (bytes: number) => bytes / 2 ** 20;

async function waitHealthy(url: string, child: ChildProcess) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before /healthz answered`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

function ask<T>(child: ChildProcess, message: object, type: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (reply: { type: string }) => {
      if (reply.type !== type) return;
      child.off("message", on);
      resolve(reply as T);
    };
    child.on("message", on);
    child.send(message);
  });
}

async function start(mode: Mode, env: NodeJS.ProcessEnv, snapshot?: string): Promise<Start> {
  const { script, execArgv } = MODES[mode];
  const started = performance.now();
  const child = fork(script, [], {
    cwd: root,
    execArgv: [...execArgv, "--expose-gc", "--import", "./bench/start-usage.mjs"],
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`${mode}: exited with ${code} before listening`)));
      createInterface({ input: child.stdout! }).on("line", (line) => {
        const listening = /"msg":"listening"/.test(line) && /"url":"([^"]+)"/.exec(line);
        if (listening) resolve(listening[1]!);
      });
    });
    await waitHealthy(url, child);
    const readyMs = performance.now() - started;
    const usage = await ask<Usage>(child, { op: "usage" }, "usage");
    if (snapshot) await ask(child, { op: "snapshot", file: snapshot }, "snapshot");
    return { readyMs, usage };
  } finally {
    child.kill("SIGTERM");
    const code = await exited;
    if (code !== 0) console.error(`${mode}: exit code ${code} after SIGTERM`);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function main() {
  console.log("building dist/server (scripts/build-server.mjs)");
  execFileSync(process.execPath, ["scripts/build-server.mjs"], { cwd: root, stdio: "inherit" });
  const folder = mkdtempSync(join(tmpdir(), "start-cost-"));
  let scratch: TestDatabase | undefined;
  const adminUrl = process.env.BENCH_DATABASE_URL;
  try {
    const env: NodeJS.ProcessEnv = { DEMO_SEED: "auto", MFA_REQUIRED_ROLES: "" };
    if (adminUrl) {
      scratch = await createScratchDatabase(adminUrl, "tw_start");
      env.DATABASE_URL = scratch.url;
    } else env.PGLITE_DIR = resolve(folder, "pglite");
    const snapshots = process.env.START_SNAPSHOTS ? resolve(process.env.START_SNAPSHOTS) : undefined;
    console.log(`database: ${adminUrl ? "PostgreSQL (scratch)" : "PGlite folder"}; seeding with a first start`);
    await start("built", env);
    const results: Record<Mode, Start[]> = { tsx: [], built: [] };
    for (let i = 0; i < RUNS; i++) {
      for (const mode of ["tsx", "built"] as const) {
        const last = i === RUNS - 1 && snapshots;
        const result = await start(mode, env, last ? join(snapshots, `start-${mode}.heapsnapshot`) : undefined);
        results[mode].push(result);
        console.log(
          `${mode.padEnd(5)} #${i + 1}: ready ${result.readyMs.toFixed(0)} ms, heapUsed ${mib(result.usage.heapUsed).toFixed(1)} MiB, rss ${mib(result.usage.rss).toFixed(0)} MiB`,
        );
      }
    }
    const row = (mode: Mode) => {
      const r = results[mode];
      return {
        readyMs: median(r.map((x) => x.readyMs)),
        heapMiB: median(r.map((x) => mib(x.usage.heapUsed))),
        rssMiB: median(r.map((x) => mib(x.usage.rss))),
        externalMiB: median(r.map((x) => mib(x.usage.external))),
      };
    };
    const tsx = row("tsx");
    const built = row("built");
    console.log(
      `\nmedians of ${RUNS} starts each (load average ${(await import("node:os"))
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")})`,
    );
    console.log("| | ready (ms) | heapUsed (MiB) | rss (MiB) | external (MiB) |");
    console.log("| --- | --: | --: | --: | --: |");
    for (const [name, r] of [
      ["tsx (sources)", tsx],
      ["built (dist)", built],
    ] as const) {
      console.log(
        `| ${name} | ${r.readyMs.toFixed(0)} | ${r.heapMiB.toFixed(1)} | ${r.rssMiB.toFixed(0)} | ${r.externalMiB.toFixed(1)} |`,
      );
    }
    console.log(
      `| built/tsx | ${(built.readyMs / tsx.readyMs).toFixed(2)} | ${(built.heapMiB / tsx.heapMiB).toFixed(2)} | ${(built.rssMiB / tsx.rssMiB).toFixed(2)} | |`,
    );
  } finally {
    await scratch?.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
