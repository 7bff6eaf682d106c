// Sessions: logout ends them everywhere, tampered or expired cookies get nothing, writes need the CSRF token, and
// guessing passwords is throttled without telling whether an account exists.
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../server/db/schema.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { addAccount, type Caller, loginAs, signIn, TEST_PASSWORD } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { api, connectSocket, eventually, startTestServer, type TestServer } from "../support/server.js";
import { TEST_REDIS_URL } from "../support/services.js";

describe("sessions", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("pglite");
  });
  afterAll(async () => server?.close());

  it("when a user logs out, then the session is gone on HTTP and the user's open sockets are disconnected", async () => {
    const caller = await loginAs(server, "regisseur");
    const sockets = await Promise.all([connectSocket(server.url, caller), connectSocket(server.url, caller)]);
    for (const s of sockets) s.io.reconnection(false);
    const bystander = await connectSocket(server.url, await loginAs(server, "regisseur"));

    const res = await api(server.url, "/api/auth/logout", { method: "POST", as: caller });

    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(/wijzer_sessie=;/);
    await eventually(() => sockets.every((s) => !s.connected));
    expect(bystander.connected).toBe(true);
    expect((await api(server.url, "/api/locations", { as: caller })).status).toBe(401);
    await expect(connectSocket(server.url, caller)).rejects.toThrow(/Niet ingelogd/);
    bystander.disconnect();
  });

  it("when the session cookie is tampered with, then HTTP answers 401 and the socket handshake is refused", async () => {
    const caller = await loginAs(server, "beleid");
    if (!("cookie" in caller)) throw new Error("expected a session");
    const tampered = { ...caller, cookie: `${caller.cookie.slice(0, -2)}xy` };
    expect((await api(server.url, "/api/locations", { as: tampered })).status).toBe(401);
    await expect(connectSocket(server.url, tampered)).rejects.toThrow(/Niet ingelogd/);
    expect((await api(server.url, "/api/locations", { as: caller })).status).toBe(200);
  });

  it("when a write comes without the CSRF token or from a foreign origin, then 403 and nothing changes", async () => {
    const location = await addLocation(server.database.db);
    const admin = await loginAs(server, "beheerder");
    if (!("cookie" in admin)) throw new Error("expected a session");
    const path = `/api/locations/${location.id}/occupancy`;
    const noCsrf = await api<Problem>(server.url, path, {
      body: { change: "bezet" },
      headers: { cookie: admin.cookie },
    });
    const foreign = await api<Problem>(server.url, path, {
      body: { change: "bezet" },
      as: admin,
      headers: { origin: "https://evil.example" },
    });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.detail).toMatch(/CSRF/);
    expect(foreign.status).toBe(403);
    const after = await api<{ version: number }>(server.url, `/api/locations/${location.id}`, { as: admin });
    expect(after.body.version).toBe(location.version);
  });
});

describe("session timeouts", () => {
  let server: TestServer;
  beforeAll(async () => {
    // 0.02 minutes = 1.2 s of inactivity ends a session.
    server = await startTestServer("pglite", { env: { SESSION_IDLE_MINUTES: "0.02" } });
  });
  afterAll(async () => server?.close());

  it("when a session is idle for longer than the limit, then it is rejected on HTTP and on the socket", async () => {
    const caller = await loginAs(server, "regisseur");
    expect((await api(server.url, "/api/auth/me", { as: caller })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await api(server.url, "/api/auth/me", { as: caller })).status).toBe(401);
    await expect(connectSocket(server.url, caller)).rejects.toThrow(/Niet ingelogd/);
  });
});

describe.each(["memory", "redis"] as const)("login throttling (%s)", (store) => {
  let server: TestServer;
  beforeAll(async () => {
    // Long enough that 20 argon2 checks on a busy machine fit in one window; the test waits what Retry-After says.
    const env: Record<string, string> = { LOGIN_MAX_FAILURES: "10", LOGIN_WINDOW_SECONDS: "6" };
    if (store === "redis") env.REDIS_URL = TEST_REDIS_URL;
    server = await startTestServer("pglite", { env });
    // Until its Redis connections are up the throttle counts in memory (its insurance), and the count would split.
    if (store === "redis") await eventually(async () => (await api(server.url, "/readyz")).status === 200);
  });
  afterAll(async () => server?.close());

  it("when 20 wrong passwords come in a row, then the rest is throttled with 429, all is logged, and the right password works after the window", async () => {
    const account = await addAccount(server.database.db, "regisseur");
    const attempt = (password: string) =>
      api<Problem>(server.url, "/api/auth/login", { body: { email: account.email, password } });

    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await attempt(`fout-${i}`)).status);
    const blocked = await attempt(TEST_PASSWORD);

    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(10).fill(429));
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toMatch(/^\d+$/);
    const logged = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "login"), eq(auditLog.objectId, String(account.id))));
    expect(logged.filter((e) => e.outcome === "mislukt")).toHaveLength(10);
    const refusals = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "login"), eq(auditLog.outcome, "geweigerd")));
    expect(refusals.filter((e) => e.detail?.includes(account.email))).toHaveLength(11);

    const retryAfter = Number((await attempt(TEST_PASSWORD)).headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(6);
    await new Promise((r) => setTimeout(r, retryAfter * 1000 + 100));
    expect((await attempt(TEST_PASSWORD)).status).toBe(200);
  });

  it("when the account does not exist, then the answer is the same as for a wrong password", async () => {
    const account = await addAccount(server.database.db, "beleid");
    const wrong = await api<Problem>(server.url, "/api/auth/login", {
      body: { email: account.email, password: "nee" },
    });
    const unknown = await api<Problem>(server.url, "/api/auth/login", {
      body: { email: "bestaat-niet@test.twente.nl", password: "nee" },
    });
    expect(unknown.status).toBe(wrong.status);
    // Everything but the request's own id (each answer names its request for the logs).
    const { requestId: unknownId, ...unknownRest } = unknown.body;
    const { requestId: wrongId, ...wrongRest } = wrong.body;
    expect(unknownId).not.toBe(wrongId);
    expect(unknownRest).toEqual(wrongRest);
  });
});

it("a signed-in session also works for a second login of the same account (two devices)", async () => {
  const server = await startTestServer("pglite");
  try {
    const account = await addAccount(server.database.db, "regisseur");
    const first: Caller = await signIn(server.url, account.email);
    const second: Caller = await signIn(server.url, account.email);
    expect((await api(server.url, "/api/auth/me", { as: first })).status).toBe(200);
    expect((await api(server.url, "/api/auth/me", { as: second })).status).toBe(200);
  } finally {
    await server.close();
  }
});

describe("one session per login for the roles in SINGLE_SESSION_ROLES (default beheerder)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("pglite");
  });
  afterAll(async () => server?.close());

  it("when a beheerder logs in again, then the earlier session answers 401 and its socket is closed", async () => {
    const account = await addAccount(server.database.db, "beheerder");
    const first = await signIn(server.url, account.email);
    const socket = await connectSocket(server.url, first);
    socket.io.reconnection(false);

    const second = await signIn(server.url, account.email);

    expect((await api(server.url, "/api/auth/me", { as: first })).status).toBe(401);
    expect((await api(server.url, "/api/auth/me", { as: second })).status).toBe(200);
    await eventually(() => !socket.connected);
    const [entry] = await server.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, "login"), eq(auditLog.objectId, String(account.id)), eq(auditLog.outcome, "succes")),
      )
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(entry?.detail).toBe("1 eerdere sessie(s) beëindigd");
  });

  it("when a regisseur logs in again, then both sessions stay", async () => {
    const account = await addAccount(server.database.db, "regisseur");
    const first = await signIn(server.url, account.email);
    const second = await signIn(server.url, account.email);
    expect((await api(server.url, "/api/auth/me", { as: first })).status).toBe(200);
    expect((await api(server.url, "/api/auth/me", { as: second })).status).toBe(200);
  });

  it("when SINGLE_SESSION_ROLES is empty, then a beheerder keeps both sessions", async () => {
    const open = await startTestServer("pglite", { env: { SINGLE_SESSION_ROLES: "" } });
    try {
      const account = await addAccount(open.database.db, "beheerder");
      const first = await signIn(open.url, account.email);
      await signIn(open.url, account.email);
      expect((await api(open.url, "/api/auth/me", { as: first })).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});
