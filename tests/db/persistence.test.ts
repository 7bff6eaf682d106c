// Nothing is lost at a restart: `npm start` on the embedded database keeps its data in a folder (data/pglite in the
// working directory unless PGLITE_DIR says otherwise), the demo seeds only an empty database, and two processes never
// open the same folder (PGlite is single-process: a second one would corrupt the files).
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { demoEmail } from "../../server/db/seed/accounts.js";
import type { Location, LocationList } from "../../shared/schemas/capacity.js";
import { signIn } from "../support/auth.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";
import { api } from "../support/server.js";
import { TEST_REDIS_KEY_PREFIX } from "../support/services.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const DEMO_PASSWORD = "persistence-demo-2026";
const START_TIMEOUT_MS = 120_000;

const scratch = mkdtempSync(join(tmpdir(), "wijzer-persistence-"));
const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  rmSync(scratch, { recursive: true, force: true });
});

interface Started {
  url: string;
  /** The messages the process logged up to now. */
  logged: string[];
  stop(): Promise<void>;
}

/**
 * server/main.ts as `npm start` runs it, but in another working directory: what the default folder means. (The
 * shared helper starts in the repository, where a default folder would be the developer's own database.)
 */
async function startIn(cwd: string, env: Record<string, string>): Promise<Started> {
  const { PGLITE_DIR: _unset, DATABASE_URL: _none, ...inherited } = process.env;
  const loader = join(root, "node_modules/tsx/dist/loader.mjs");
  const child = spawn(process.execPath, ["--import", loader, join(root, "server/main.ts")], {
    cwd,
    env: {
      ...inherited,
      TSX_TSCONFIG_PATH: join(root, "tsconfig.json"),
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      REDIS_KEY_PREFIX: TEST_REDIS_KEY_PREFIX,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  const logged: string[] = [];
  const stderr: string[] = [];
  child.stderr?.on("data", (chunk) => stderr.push(String(chunk)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start\n${stderr.join("")}`)), START_TIMEOUT_MS);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}\n${stderr.join("")}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!line.startsWith("{")) return;
      const log = JSON.parse(line) as { msg?: string; url?: string };
      if (log.msg) logged.push(log.msg);
      if (log.msg === "listening" && log.url) {
        clearTimeout(timer);
        resolve(log.url);
      }
    });
  });
  return {
    url,
    logged,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

const locationsOf = async (url: string, as: Awaited<ReturnType<typeof signIn>>) => {
  const res = await api<LocationList>(url, "/api/locations", { as });
  expect(res.status).toBe(200);
  return res.body;
};

describe("the embedded database on disk", () => {
  it(
    "when the region's data changes and `npm start` runs again, then the change is there and nothing is seeded again",
    async () => {
      const cwd = mkdtempSync(join(scratch, "start-"));
      const env = { DEMO_SEED: "auto", DEMO_PASSWORD };

      // First start on an empty (default) folder: the demo region is seeded.
      const first = await startIn(cwd, env);
      expect(first.logged).toContain("demo region seeded");
      const provider = await signIn(first.url, demoEmail("aanbieder"), DEMO_PASSWORD);
      const before = await locationsOf(first.url, provider);
      const providerId = "user" in provider ? provider.user.providerId : null;
      const own = before.locations.find((l) => l.providerId === providerId && l.capacity - l.reserved >= 2);
      if (!own) throw new Error("the demo aanbieder has no location with room to change");
      const free = own.free === 0 ? 1 : own.free - 1;
      const changed = await api<Location>(first.url, `/api/locations/${own.id}/availability`, {
        method: "PUT",
        body: { version: own.version, free },
        as: provider,
      });
      expect(changed.status).toBe(200);
      const after = await locationsOf(first.url, provider);
      await first.stop();
      expect(existsSync(join(cwd, "data/pglite/PG_VERSION"))).toBe(true);
      // A clean stop hands the folder back.
      expect(existsSync(join(cwd, "data/pglite.lock"))).toBe(false);

      // Second start on the same folder: the same accounts, the change, and not one seeded event more.
      const second = await startIn(cwd, env);
      try {
        expect(second.logged).not.toContain("demo region seeded");
        const again = await signIn(second.url, demoEmail("aanbieder"), DEMO_PASSWORD);
        const now = await locationsOf(second.url, again);
        expect(now.seq).toBe(after.seq);
        expect(now.locations.length).toBe(before.locations.length);
        const reloaded = now.locations.find((l) => l.id === own.id);
        expect(reloaded).toMatchObject({ free, version: changed.body.version, occupied: changed.body.occupied });
      } finally {
        await second.stop();
      }
    },
    4 * START_TIMEOUT_MS,
  );

  it("when PGLITE_DIR=memory, then nothing is written to disk", async () => {
    const cwd = mkdtempSync(join(scratch, "memory-"));
    const server = await startIn(cwd, { PGLITE_DIR: "memory", DEMO_SEED: "off" });
    await server.stop();
    expect(existsSync(join(cwd, "data"))).toBe(false);
    expect(existsSync(join(cwd, "memory"))).toBe(false);
  });
});

describe("one process per folder", () => {
  const nodes: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop().catch(() => {})));
  });

  it(
    "when a second server starts on a folder that one already has open, then it stops with an error naming the folder; once the first is gone (even killed), the folder opens again",
    async () => {
      const folder = join(scratch, "shared-folder");
      const first = await startServerProcess({ PGLITE_DIR: folder });
      nodes.push(first);

      // A second server that did start is stopped with the others, not left running.
      const refusal = await startServerProcess({ PGLITE_DIR: folder }).then(
        (second) => void nodes.push(second),
        (err: Error) => err,
      );
      expect(refusal?.message).toMatch(/server exited with 1/);
      expect(refusal?.message).toContain(`De PGlite-map ${folder} is al in gebruik door proces ${first.child.pid}`);
      // The first one never noticed: it still answers.
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);

      // Killed without a chance to clean up, its lock file stays behind; the next start sees its process is gone.
      await first.stop("SIGKILL");
      expect(existsSync(`${folder}.lock`)).toBe(true);
      const third = await startServerProcess({ PGLITE_DIR: folder });
      nodes.push(third);
      expect((await fetch(`${third.url}/healthz`)).status).toBe(200);
    },
    3 * START_TIMEOUT_MS,
  );
});
