// The beheerder changes an account's role and provider: audited with before and after, the account's sessions and
// sockets end, and a bad change is refused with nothing written.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, sessions, users } from "../../server/db/schema.js";
import type { Account } from "../../shared/schemas/auth.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { addAccount, type Caller, loginAs, signIn } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { api, connectSocket, eventually, startTestServer, type TestServer } from "../support/server.js";

describe("changing an account's role and provider", () => {
  let server: TestServer;
  let admin: Caller;
  let providerId: number;
  beforeAll(async () => {
    server = await startTestServer("pglite");
    admin = await loginAs(server, "beheerder");
    providerId = (await addLocation(server.database.db)).providerId;
  });
  afterAll(async () => server?.close());

  const db = () => server.database.db;
  const patch = (id: number, body: unknown, as: Caller = admin) =>
    api<Account & Problem>(server.url, `/api/accounts/${id}`, { method: "PATCH", body, as });
  const changesOf = (id: number) =>
    db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "account.gewijzigd"), eq(auditLog.objectId, String(id))));

  it("when the beheerder makes a regisseur an aanbieder, then the change is audited with before and after and the account's sessions and sockets end", async () => {
    const account = await addAccount(db(), "regisseur");
    const caller = await signIn(server.url, account.email);
    const socket = await connectSocket(server.url, caller);

    const res = await patch(account.id, { role: "aanbieder", providerId });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: account.id, role: "aanbieder", providerId, disabled: false });
    const [row] = await db().select().from(users).where(eq(users.id, account.id));
    expect(row).toMatchObject({ role: "aanbieder", providerId });
    const [entry, ...more] = await changesOf(account.id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ outcome: "succes", objectType: "account", role: "beheerder" });
    expect(entry?.detail).toBe(`rol regisseur -> aanbieder; aanbieder geen -> ${providerId}`);
    expect(await db().select().from(sessions).where(eq(sessions.userId, account.id))).toEqual([]);
    await eventually(() => !socket.connected, 5000);
    expect((await api(server.url, "/api/auth/me", { as: caller })).status).toBe(401);
  });

  it("when the change asks for what the account already has, then nothing is written and its session stays", async () => {
    const account = await addAccount(db(), "beleid");
    const caller = await signIn(server.url, account.email);

    const res = await patch(account.id, { role: "beleid" });

    expect(res.status).toBe(200);
    expect(await changesOf(account.id)).toEqual([]);
    expect((await api(server.url, "/api/auth/me", { as: caller })).status).toBe(200);
  });

  it("when the change is malformed, names an unknown provider or account, or is the beheerder's own, then a clear problem is answered and nothing is written", async () => {
    const account = await addAccount(db(), "regisseur");
    const caller = await signIn(server.url, account.email);
    const adminId = "user" in admin ? admin.user.id : 0;
    const cases: [number, unknown, number, RegExp][] = [
      [account.id, { role: "aanbieder" }, 400, /providerId/],
      [account.id, { role: "regisseur", providerId }, 400, /providerId/],
      [account.id, { role: "directeur" }, 400, /role/],
      [account.id, { role: "beleid", email: "x@test.twente.nl" }, 400, /email/],
      [account.id, {}, 400, /role/],
      [account.id, { role: "aanbieder", providerId: 999_999 }, 404, /Aanbieder 999999 bestaat niet/],
      [999_999, { role: "beleid" }, 404, /Account 999999 bestaat niet/],
      [adminId, { role: "beleid" }, 422, /eigen rol/],
    ];

    for (const [id, body, status, detail] of cases) {
      const res = await patch(id, body);
      expect({ body, status: res.status }).toEqual({ body, status });
      expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
      expect(res.body.detail).toMatch(detail);
    }

    const [row] = await db().select().from(users).where(eq(users.id, account.id));
    expect(row).toMatchObject({ role: "regisseur", providerId: null });
    expect(await changesOf(account.id)).toEqual([]);
    expect(await changesOf(adminId)).toEqual([]);
    expect((await api(server.url, "/api/auth/me", { as: caller })).status).toBe(200);
    expect((await api(server.url, "/api/auth/me", { as: admin })).status).toBe(200);
  });

  it("when someone other than the beheerder tries, then 403 and the role stays", async () => {
    const account = await addAccount(db(), "verwijzer");
    const regisseur = await loginAs(server, "regisseur");

    const res = await patch(account.id, { role: "beheerder" }, regisseur);

    expect(res.status).toBe(403);
    const [row] = await db().select().from(users).where(eq(users.id, account.id));
    expect(row?.role).toBe("verwijzer");
  });
});
