// `npm start` runs the build (dist/server/main.js, scripts/build-server.mjs), not the sources: this starts that file as
// a deployment would, on an embedded PGlite in a folder of its own, seeds the demo region, signs in as two demo
// accounts (one with a password, one with the published authenticator key as well, which loads otplib from the
// bundle), reads the live list and the API documents, and stops it with SIGTERM. `npm test` builds first; run alone
// (npx vitest run) this builds the server when dist/server has none.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_EMAIL_DOMAIN, DEMO_TOTP_SECRET } from "../../shared/demo.js";
import { signIn } from "../support/auth.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const MAIN = join(root, "dist/server/main.js");
const PASSWORD = "compiled-start-demo";

interface Started {
  child: ChildProcess;
  url: string;
  /** Every log line the process printed, parsed. */
  logs: { level: number; msg?: string }[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startBuilt(folder: string): Promise<Started> {
  const child = spawn(process.execPath, ["--enable-source-maps", MAIN], {
    // From another folder than the repository: the bundle must find its migrations and worker beside itself.
    cwd: folder,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      // The embedded database, whatever the environment running the tests points at.
      DATABASE_URL: "",
      REDIS_URL: "",
      PGLITE_DIR: join(folder, "pglite"),
      DEMO_SEED: "auto",
      DEMO_PASSWORD: PASSWORD,
      MFA_REQUIRED_ROLES: "regisseur,beheerder",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stderr: string[] = [];
  child.stderr?.on("data", (chunk) => stderr.push(String(chunk)));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const logs: Started["logs"] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not listening within 150 s\n${stderr.join("")}`)), 150_000);
    child.once("exit", (code) => reject(new Error(`exited with ${code} before listening\n${stderr.join("")}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!line.startsWith("{")) return;
      const log = JSON.parse(line) as { level: number; msg?: string; url?: string };
      logs.push(log);
      if (log.msg === "listening" && log.url) {
        clearTimeout(timer);
        resolve({ child, url: log.url, logs, exit });
      }
    });
  });
}

describe("the compiled server (npm start)", () => {
  const folder = mkdtempSync(join(tmpdir(), "compiled-start-"));
  let server: Started | undefined;

  beforeAll(() => {
    if (!existsSync(MAIN))
      execFileSync(process.execPath, ["scripts/build-server.mjs"], { cwd: root, stdio: "inherit" });
  }, 120_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill("SIGKILL");
      await server.exit;
    }
    rmSync(folder, { recursive: true, force: true });
  });

  it("has the forecast evaluation's worker beside main.js, where the service starts it by URL", () => {
    expect(existsSync(join(root, "dist/server/evaluation-worker.js"))).toBe(true);
    expect(existsSync(join(root, "dist/server/migrations"))).toBe(true);
  });

  it("starts on an embedded database, serves signed-in reads, and stops on SIGTERM with exit code 0", async () => {
    server = await startBuilt(folder);
    const { url } = server;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(server.logs.some((l) => l.msg === "demo region seeded")).toBe(true);

    const regisseurLogin = await fetch(`${url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: `regisseur@${DEMO_EMAIL_DOMAIN}`, password: PASSWORD }),
    });
    expect(regisseurLogin.status).toBe(200);
    expect(await regisseurLogin.json()).toEqual({ step: "code" });
    const challenge = regisseurLogin.headers
      .getSetCookie()
      .find((c) => c.startsWith("wijzer_aanmelding="))
      ?.split(";")[0];
    expect(challenge).toBeDefined();
    const code = await generate({ secret: DEMO_TOTP_SECRET });
    const second = await fetch(`${url}/api/auth/login/code`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: challenge! },
      body: JSON.stringify({ code }),
    });
    expect(second.status).toBe(200);
    const regisseur = second.headers
      .getSetCookie()
      .find((c) => c.startsWith("wijzer_sessie="))
      ?.split(";")[0];

    const list = await fetch(`${url}/api/locations`, { headers: { cookie: regisseur! } });
    expect(list.status).toBe(200);
    const { seq, locations } = (await list.json()) as { seq: number; locations: { name: string }[] };
    expect(seq).toBeGreaterThanOrEqual(0);
    expect(locations.length).toBeGreaterThan(10);
    expect(locations.every((l) => typeof l.name === "string" && l.name.length > 0)).toBe(true);

    // A role without a second factor signs in with the password alone, and a wrong password is refused.
    const aanbieder = await signIn(url, `aanbieder@${DEMO_EMAIL_DOMAIN}`, PASSWORD);
    expect("user" in aanbieder && aanbieder.user.role).toBe("aanbieder");
    const wrong = await fetch(`${url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: `aanbieder@${DEMO_EMAIL_DOMAIN}`, password: "not-the-password" }),
    });
    expect(wrong.status).toBe(401);

    // The API documents are made on their first request.
    const openapi = (await (await fetch(`${url}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(openapi.paths["/api/locations"]).toBeDefined();
    const asyncapi = (await (await fetch(`${url}/api/asyncapi.json`)).json()) as { asyncapi: string };
    expect(asyncapi.asyncapi).toMatch(/^3\./);

    server.child.kill("SIGTERM");
    expect(await server.exit).toEqual({ code: 0, signal: null });
    expect(server.logs.filter((l) => l.level >= 50)).toEqual([]);
  }, 200_000);
});
