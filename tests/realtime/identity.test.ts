// Open sockets follow the identity they were opened with, on every node: two server processes share PostgreSQL and
// Redis; what ends a session or token on one (or in the database) ends its sockets on the other.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, sessions, users } from "../../server/db/schema.js";
import { IDENTITY_ENDED_DETAIL } from "../../server/realtime/identity.js";
import type { Account, CreatedToken } from "../../shared/schemas/auth.js";
import { addAccount, type Caller, signIn } from "../support/auth.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";
import { api, type ClientSocket, connectSocket, eventually } from "../support/server.js";
import { TEST_REDIS_URL } from "../support/services.js";

/** A socket with the reason it was closed, once it is. */
async function watched(url: string, as: Caller) {
  const socket = await connectSocket(url, as);
  const state = { socket, reason: undefined as string | undefined };
  socket.on("disconnect", (reason) => {
    state.reason = reason;
  });
  return state;
}
type Watched = Awaited<ReturnType<typeof watched>>;

const cut = (s: Watched, timeoutMs = 5000) => eventually(() => s.reason !== undefined, timeoutMs);

describe("two processes: an ended identity ends its sockets on the other process at once", () => {
  let database: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  let admin: Caller;
  let providerId: number;
  const open: ClientSocket[] = [];

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    // The periodic check is pushed far out: what happens here happens because of the action itself.
    const env = { DATABASE_URL: database.url!, REDIS_URL: TEST_REDIS_URL, SOCKET_IDENTITY_CHECK_SECONDS: "600" };
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    providerId = (await addLocation(database.db)).providerId;
    admin = await signIn(a.url, (await addAccount(database.db, "beheerder")).email);
  });
  afterAll(async () => {
    for (const s of open) s.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.close();
  });

  /** A new account of this role signed in on process A, and a socket of it on process B. */
  const userOnB = async (role: "regisseur" | "aanbieder" = "regisseur") => {
    const account = await addAccount(database.db, role, role === "aanbieder" ? providerId : null);
    const caller = await signIn(a.url, account.email);
    const socket = await watched(b.url, caller);
    open.push(socket.socket);
    return { account, caller, socket };
  };
  const bystanderOnB = async () => (await userOnB()).socket;

  it("when a token is revoked on process A, then its socket on process B is disconnected and a new one refused", async () => {
    const created = await api<CreatedToken>(a.url, `/api/providers/${providerId}/tokens`, {
      body: { name: "Planningssysteem" },
      as: admin,
    });
    const socket = await watched(b.url, { token: created.body.token });
    open.push(socket.socket);
    const bystander = await bystanderOnB();

    const res = await api(a.url, `/api/tokens/${created.body.id}/revoke`, { method: "POST", as: admin });

    expect(res.status).toBe(200);
    await cut(socket);
    expect(socket.reason).toBe("io server disconnect");
    expect(bystander.socket.connected).toBe(true);
    await expect(connectSocket(b.url, { token: created.body.token })).rejects.toThrow(/Niet ingelogd/);
  });

  it("when an account is disabled on process A, then its socket on process B is disconnected", async () => {
    const { account, caller, socket } = await userOnB();
    const bystander = await bystanderOnB();

    const res = await api<Account>(a.url, `/api/accounts/${account.id}/disable`, { method: "POST", as: admin });

    expect(res.status).toBe(200);
    await cut(socket);
    expect(socket.reason).toBe("io server disconnect");
    expect(bystander.socket.connected).toBe(true);
    expect((await api(b.url, "/api/auth/me", { as: caller })).status).toBe(401);
  });

  it("when the user logs out on process A, then the session's socket on process B is disconnected, not those of the account's other session", async () => {
    const { account, caller, socket } = await userOnB();
    const bystander = await bystanderOnB();
    // The same account signed in a second time (another browser): its own session, its own socket on B.
    const otherSession = await watched(b.url, await signIn(a.url, account.email));
    open.push(otherSession.socket);

    const res = await api(a.url, "/api/auth/logout", { method: "POST", as: caller });

    expect(res.status).toBe(200);
    await cut(socket);
    expect(bystander.socket.connected).toBe(true);
    expect(otherSession.socket.connected).toBe(true);
  });

  it("when the beheerder changes an account's role on process A, then its socket on process B is disconnected and it signs in again with the new role", async () => {
    const { account, caller, socket } = await userOnB("regisseur");
    const bystander = await bystanderOnB();

    const res = await api<Account>(a.url, `/api/accounts/${account.id}`, {
      method: "PATCH",
      body: { role: "aanbieder", providerId },
      as: admin,
    });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: account.id, role: "aanbieder", providerId });
    await cut(socket);
    expect(socket.reason).toBe("io server disconnect");
    expect(bystander.socket.connected).toBe(true);
    // The old session carried the old role: it is gone on HTTP too.
    expect((await api(b.url, "/api/auth/me", { as: caller })).status).toBe(401);
    const again = await signIn(b.url, account.email);
    expect("user" in again && again.user.role).toBe("aanbieder");
  });

  it("when a session is removed in the database before any check came by, then a sync on its socket is refused, audited and the socket cut", async () => {
    const { account, caller, socket } = await userOnB();
    // Valid a moment ago: the same socket was answered.
    const before = await socket.socket.timeout(3000).emitWithAck("capacity:sync", { afterSeq: 0 });
    expect(before.ok).toBe(true);
    await database.db.delete(sessions).where(eq(sessions.userId, account.id));

    const answer = await socket.socket.timeout(3000).emitWithAck("capacity:sync", { afterSeq: 0 });

    expect(answer).toEqual({ ok: false, error: expect.stringMatching(/log opnieuw in/) });
    expect(answer).not.toHaveProperty("events");
    await cut(socket);
    const refused = await database.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.actor, `user:${account.id}`),
          eq(auditLog.action, "socket.capacity.sync"),
          eq(auditLog.outcome, "geweigerd"),
        ),
      );
    expect(refused).toHaveLength(1);
    // The audit log names who and why, never the cookie's secret or the session's key.
    const secret = "cookie" in caller ? caller.cookie.split("=")[1]! : "";
    expect(JSON.stringify(refused)).not.toContain(secret);
    expect(refused[0]?.detail).toBe(IDENTITY_ENDED_DETAIL);
  });

  it("when a session is removed in the database, then a subscribe on its socket is refused as well", async () => {
    const { account, socket } = await userOnB();
    await database.db.delete(sessions).where(eq(sessions.userId, account.id));

    const answer = await socket.socket.timeout(3000).emitWithAck("capacity:subscribe", { scope: "capaciteit-totalen" });

    expect(answer).toEqual({ ok: false, error: expect.stringMatching(/log opnieuw in/) });
    await cut(socket);
  });
});

describe("two processes: each checks its own sockets every half second", () => {
  let database: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  const open: ClientSocket[] = [];

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    const env = {
      DATABASE_URL: database.url!,
      REDIS_URL: TEST_REDIS_URL,
      SOCKET_IDENTITY_CHECK_SECONDS: "0.5",
      // 0.05 minutes = 3 s without HTTP activity ends a session.
      SESSION_IDLE_MINUTES: "0.05",
    };
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  });
  afterAll(async () => {
    for (const s of open) s.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.close();
  });

  const userOnB = async () => {
    const account = await addAccount(database.db, "regisseur");
    const caller = await signIn(a.url, account.email);
    const socket = await watched(b.url, caller);
    open.push(socket.socket);
    return { account, caller, socket };
  };
  /** Only the rule under test may end the session: it was seen over HTTP "just now" for the next hour. */
  const notIdle = (userId: number) =>
    database.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() + 3_600_000) })
      .where(eq(sessions.userId, userId));

  it("when a session goes idle past SESSION_IDLE_MINUTES, then its socket is disconnected by the check although it stayed open", async () => {
    // Taken before signing in: the session's last use is at or after this, and connecting the socket can take long.
    const signedInAt = Date.now();
    const { caller, socket } = await userOnB();
    // A socket alone does not keep the session alive: it is cut once the session is idle on HTTP too.
    await cut(socket, 10_000);
    expect(Date.now() - signedInAt).toBeGreaterThanOrEqual(2500);
    expect(socket.reason).toBe("io server disconnect");
    expect((await api(b.url, "/api/auth/me", { as: caller })).status).toBe(401);
  });

  it("when a session passes its maximum age, then its socket is disconnected by the check", async () => {
    const { account, socket } = await userOnB();
    await notIdle(account.id);
    await new Promise((r) => setTimeout(r, 1200));
    expect(socket.socket.connected).toBe(true);

    await database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, account.id));

    await cut(socket, 3000);
    expect(socket.reason).toBe("io server disconnect");
  });

  it("when an account is disabled directly in the database, then its socket is disconnected by the check", async () => {
    const { account, socket } = await userOnB();
    await notIdle(account.id);

    await database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, account.id));

    await cut(socket, 3000);
  });

  it("when an account's role is changed directly in the database, then its socket is disconnected by the check", async () => {
    const { account, socket } = await userOnB();
    await notIdle(account.id);

    await database.db.update(users).set({ role: "beleid" }).where(eq(users.id, account.id));

    await cut(socket, 3000);
  });
});
