// /readyz tells a load balancer whether this process can serve: it names the dependency that is down, and answers
// quickly even then. Failures show up in the error counters of /metrics.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Readiness } from "../../server/observability/health.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { type Caller, loginAs } from "../support/auth.js";
import { freePort } from "../support/redis-server.js";
import { api, eventually, startTestServer, type TestServer } from "../support/server.js";
import { reachable, TEST_POSTGRES_URL, TEST_REDIS_URL } from "../support/services.js";
import { sample, scrape } from "./scrape.js";

const readyz = (server: TestServer) => api<Readiness>(server.url, "/readyz");

/** A throwaway redis-server on this port, answering once this resolves. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
  await eventually(() => reachable(`redis://127.0.0.1:${port}`));
  return child;
}

describe("readiness", () => {
  const servers: TestServer[] = [];
  // The Redis that was missing; it comes up later, so the app can also be seen to recover and to shut down cleanly.
  let missingRedis: { port: number; process?: ChildProcess } | undefined;
  afterAll(async () => {
    if (missingRedis && !missingRedis.process) missingRedis.process = await startRedis(missingRedis.port);
    await Promise.all(servers.map((s) => s.close()));
    if (missingRedis?.process) {
      const exited = once(missingRedis.process, "exit");
      missingRedis.process.kill();
      await exited;
    }
  });
  const start = async (...args: Parameters<typeof startTestServer>) => {
    const server = await startTestServer(...args);
    servers.push(server);
    return server;
  };

  it("with PostgreSQL and Redis up, then 200 and both checks ok", async () => {
    const server = await start("postgres", { env: { REDIS_URL: TEST_REDIS_URL } });
    // Ready once the Redis connection is up, a moment after start.
    await eventually(async () => (await readyz(server)).status === 200);
    const res = await readyz(server);
    expect(res.body).toEqual({ status: "ok", checks: { database: "ok", redis: "ok" } });
    expect((await api(server.url, "/healthz")).status).toBe(200);
  });

  it("without REDIS_URL, then 200 with redis 'niet ingesteld'", async () => {
    const server = await start("pglite");
    const res = await readyz(server);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", checks: { database: "ok", redis: "niet ingesteld" } });
  });

  it("when Redis cannot be reached, then 503 naming redis and Redis errors are counted; 200 once it is back", async () => {
    missingRedis = { port: await freePort() };
    const server = await start("pglite", { env: { REDIS_URL: `redis://127.0.0.1:${missingRedis.port}` } });
    const res = await readyz(server);
    expect(res.status).toBe(503);
    expect(res.body.status).toBe("niet gereed");
    expect(res.body.checks.database).toBe("ok");
    expect(["fout", "time-out"]).toContain(res.body.checks.redis);
    // /healthz only says the process lives: a load balancer restarts on that, routes on /readyz.
    expect((await api(server.url, "/healthz")).status).toBe(200);
    await eventually(async () => sample(await scrape(server.url), "wijzer_redis_errors_total") > 0);

    missingRedis.process = await startRedis(missingRedis.port);
    await eventually(async () => (await readyz(server)).status === 200);
    expect((await readyz(server)).body.checks).toEqual({ database: "ok", redis: "ok" });
  });
});

describe("readiness when PostgreSQL refuses connections", () => {
  let server: TestServer;
  let admin: Caller;
  const superuser = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
  const name = () => new URL(server.database.url!).pathname.slice(1);
  const allowConnections = (allow: boolean) =>
    superuser.unsafe(`ALTER DATABASE ${name()} WITH ALLOW_CONNECTIONS ${allow}`);
  beforeAll(async () => {
    server = await startTestServer("postgres");
    admin = await loginAs(server, "beheerder");
  });
  afterAll(async () => {
    if (server) await allowConnections(true).catch(() => {});
    await server?.close();
    await superuser.end();
  });

  it("then 503 naming the database, errors counted per source, and ready again once it is back", async () => {
    const before = await scrape(server.url);
    await allowConnections(false);
    await superuser`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${name()}`;

    const res = await readyz(server);
    expect(res.status).toBe(503);
    expect(res.body.status).toBe("niet gereed");
    expect(["fout", "time-out"]).toContain(res.body.checks.database);
    expect(res.body.checks.redis).toBe("niet ingesteld");

    // A signed-in request needs its session from the database: it fails, and says which request it was.
    const failed = await api<Problem>(server.url, "/api/locations", { as: admin });
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(failed.body.requestId).toBe(failed.headers.get("x-request-id"));

    const during = await scrape(server.url);
    const errors = (text: string, source: string) => sample(text, "wijzer_database_errors_total", { source });
    expect(errors(during, "readiness")).toBe(errors(before, "readiness") + 1);
    expect(errors(during, "request")).toBe(errors(before, "request") + 1);

    await allowConnections(true);
    await eventually(async () => (await readyz(server)).status === 200);
  });
});
