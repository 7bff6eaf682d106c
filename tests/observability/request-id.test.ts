// One id per request, in the X-Request-Id header, in every log line of that request and in error bodies: a user's
// report ("requestId ...") leads straight to the server's log.
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../server/app.js";
import { loadConfig } from "../../server/config.js";
import { createLogger } from "../../server/logger.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { api, eventually } from "../support/server.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
type LogLine = { msg?: string; reqId?: unknown; req?: Record<string, unknown>; level: number; raw: string };

describe("request ids", () => {
  let database: TestDatabase;
  let app: App;
  let url: string;
  const lines: LogLine[] = [];
  const linesOf = (id: string) => lines.filter((l) => l.reqId === id);
  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    // The app's real logger, writing JSON lines into this array instead of stdout.
    const logger = createLogger("info", { write: (line: string) => lines.push({ ...JSON.parse(line), raw: line }) });
    app = createApp({ database, logger, config: loadConfig({}), clientDir: "/nonexistent" });
    await new Promise<void>((resolve) => app.httpServer.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await database?.close().catch(() => {});
  });

  it("when the caller sends a safe X-Request-Id, then it is echoed and logged with the request", async () => {
    const id = "lb-7f3a.2026:04_x";
    const res = await api(url, "/api/openapi.json", { headers: { "x-request-id": id } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe(id);
    await eventually(() => linesOf(id).some((l) => l.msg === "request completed"));
    // The completion line names the request itself.
    const completed = linesOf(id).find((l) => l.msg === "request completed");
    expect(completed?.req).toMatchObject({ id, method: "GET", url: "/api/openapi.json" });
  });

  it("when none is sent, or an unsafe one, then a fresh UUID", async () => {
    const unsafe = ["x".repeat(65), "a b", "<script>", ""];
    for (const headers of [{}, ...unsafe.map((id) => ({ "x-request-id": id }))]) {
      const res = await api(url, "/api/openapi.json", { headers });
      expect(res.headers.get("x-request-id")).toMatch(UUID);
    }
  });

  it("when a request fails, then the problem body names the request id", async () => {
    const given = await api<Problem>(url, "/api/locations/1", { headers: { "x-request-id": "report-42" } });
    expect(given.status).toBe(401);
    expect(given.body.requestId).toBe("report-42");

    const generated = await api<Problem>(url, "/api/auth/login", { body: { email: "geen-adres" } });
    expect(generated.status).toBe(400);
    expect(generated.body.requestId).toMatch(UUID);
    expect(generated.body.requestId).toBe(generated.headers.get("x-request-id"));
  });

  it("when the server fails inside a request, then its error line carries the request id too", async () => {
    // The database goes away under the running app: the login's account lookup fails.
    await database.close();
    const res = await api<Problem>(url, "/api/auth/login", {
      headers: { "x-request-id": "fault-1" },
      body: { email: "iemand@test.twente.nl", password: "lang-genoeg-wachtwoord" },
    });
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.body.requestId).toBe("fault-1");
    await eventually(() => linesOf("fault-1").some((l) => l.msg === "request errored"));
    const messages = linesOf("fault-1").map((l) => l.msg);
    // The handler's own error line, then pino-http's completion line: both with the id.
    expect(messages.length).toBeGreaterThanOrEqual(2);
    expect(messages.some((m) => m === "unhandled error" || m === "database unavailable")).toBe(true);
  });

  it("when a failing readiness check is logged, then that line carries the probe's request id once", async () => {
    // The database is closed (previous case): the readiness check fails and the app logs why, through req.log.
    const res = await api(url, "/readyz", { headers: { "x-request-id": "ready-1" } });
    expect(res.status).toBe(503);
    await eventually(() => linesOf("ready-1").some((l) => l.msg === "readiness check failed"));
    for (const line of linesOf("ready-1")) expect(line.raw.match(/"reqId"/g)).toHaveLength(1);
    // A line logged on the request's behalf carries its id, not the whole request again.
    expect(linesOf("ready-1").find((l) => l.msg === "readiness check failed")?.req).toBeUndefined();
    // Every such line names its own probe, no other request's.
    expect(lines.filter((l) => l.msg === "readiness check failed").every((l) => l.reqId === "ready-1")).toBe(true);
  });
});
