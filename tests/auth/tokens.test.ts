// Provider API tokens: shown once, stored hashed, scoped to one provider, revocable, and every use logged.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens, auditLog, capacityEvents, idempotencyKeys } from "../../server/db/schema.js";
import type { ApiToken, CreatedToken } from "../../shared/schemas/auth.js";
import type { Location } from "../../shared/schemas/capacity.js";
import { type Caller, loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { api, connectSocket, startTestServer, type TestServer } from "../support/server.js";

describe("provider API tokens", () => {
  let server: TestServer;
  let own: Awaited<ReturnType<typeof addLocation>>;
  let foreign: Awaited<ReturnType<typeof addLocation>>;
  let providerStaff: Caller;
  beforeAll(async () => {
    server = await startTestServer("pglite");
    own = await addLocation(server.database.db, { capacity: 8, occupied: 4 });
    foreign = await addLocation(server.database.db, { capacity: 8, occupied: 4 });
    providerStaff = await loginAs(server, "aanbieder", own.providerId);
  });
  afterAll(async () => server?.close());

  const create = async (name = "Planningssysteem") => {
    const res = await api<CreatedToken>(server.url, `/api/providers/${own.providerId}/tokens`, {
      body: { name },
      as: providerStaff,
    });
    expect(res.status).toBe(200);
    return res.body;
  };
  const setFree = async (as: Caller, locationId: number, free: number) => {
    const current = (await api<Location>(server.url, `/api/locations/${locationId}`, { as: providerStaff })).body;
    return api<{ detail?: string }>(server.url, `/api/locations/${locationId}/availability`, {
      method: "PUT",
      body: { version: current.version, free },
      as,
    });
  };

  it("when a token is created, then its secret is shown once and only a hash is stored", async () => {
    const created = await create();
    expect(created.token).toMatch(/^bwt_[A-Za-z0-9_-]{40,}$/);
    expect(created.token.startsWith(created.prefix)).toBe(true);

    const listed = await api<ApiToken[]>(server.url, `/api/providers/${own.providerId}/tokens`, { as: providerStaff });
    const again = listed.body.find((t) => t.id === created.id);
    expect(again).toBeDefined();
    expect(JSON.stringify(listed.body)).not.toContain(created.token);

    const [row] = await server.database.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.token.slice(created.prefix.length));
  });

  it("when a token is created under an Idempotency-Key, then the stored answer of that key does not hold the secret", async () => {
    const res = await api<CreatedToken>(server.url, `/api/providers/${own.providerId}/tokens`, {
      body: { name: "Met sleutel" },
      as: providerStaff,
      headers: { "Idempotency-Key": "token-met-sleutel-1" },
    });
    expect(res.status).toBe(200);
    const kept = await server.database.db.select().from(idempotencyKeys);
    expect(kept.some((k) => JSON.stringify(k.body ?? "").includes(res.body.token))).toBe(false);
  });

  it("when the provider's system pushes availability with its token, then it works for its own locations, is logged, and names the token", async () => {
    const { id, token } = await create();
    const res = await setFree({ token }, own.id, 3);
    expect(res.status).toBe(200);

    const events = await server.database.db.select().from(capacityEvents).where(eq(capacityEvents.locationId, own.id));
    expect(events.at(-1)?.actor).toBe(`token:${id}`);
    const uses = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "token.gebruik"), eq(auditLog.actor, `token:${id}`)));
    expect(uses.length).toBeGreaterThan(0);
    const [row] = await server.database.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(row?.lastUsedAt).not.toBeNull();
  });

  it("when a token is used again within a minute, then its last use is not written again; after a minute it is", async () => {
    const { id, token } = await create();
    const lastUse = async () =>
      (await server.database.db.select().from(apiTokens).where(eq(apiTokens.id, id)))[0]?.lastUsedAt ?? null;
    expect((await setFree({ token }, own.id, 2)).status).toBe(200);
    const first = await lastUse();
    expect(first).not.toBeNull();

    expect((await setFree({ token }, own.id, 3)).status).toBe(200);
    expect(await lastUse(), "a second use within the minute writes nothing").toEqual(first);

    const longAgo = new Date(Date.now() - 5 * 60_000);
    await server.database.db.update(apiTokens).set({ lastUsedAt: longAgo }).where(eq(apiTokens.id, id));
    expect((await setFree({ token }, own.id, 2)).status).toBe(200);
    expect((await lastUse())?.getTime()).toBeGreaterThan(longAgo.getTime() + 60_000);
  });

  it("when a token is used on another provider's location, then 403, nothing changes, and the denial is logged", async () => {
    const { id, token } = await create();
    const before = (await api<Location>(server.url, `/api/locations/${foreign.id}`, { as: providerStaff })).body;
    const res = await setFree({ token }, foreign.id, 1);
    expect(res.status).toBe(403);
    const after = (await api<Location>(server.url, `/api/locations/${foreign.id}`, { as: providerStaff })).body;
    expect(after).toEqual(before);
    const denials = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.outcome, "geweigerd"), eq(auditLog.actor, `token:${id}`)));
    expect(denials).toHaveLength(1);
  });

  it("when a token is revoked, then HTTP and the socket refuse it, and the revocation is logged", async () => {
    const { id, token } = await create();
    expect((await setFree({ token }, own.id, 2)).status).toBe(200);
    const revoked = await api<ApiToken>(server.url, `/api/tokens/${id}/revoke`, { method: "POST", as: providerStaff });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();

    const refused = await setFree({ token }, own.id, 1);
    expect(refused.status).toBe(401);
    await expect(connectSocket(server.url, { token })).rejects.toThrow();
    const revocations = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectType, "api-token"), eq(auditLog.objectId, String(id))));
    expect(revocations.map((r) => r.action)).toContain("token.ingetrokken");
  });

  it("when another provider's staff asks for these tokens, then 403; revoking one, then 404 as for a missing token", async () => {
    const { id } = await create();
    const stranger = await loginAs(server, "aanbieder", foreign.providerId);
    expect((await api(server.url, `/api/providers/${own.providerId}/tokens`, { as: stranger })).status).toBe(403);
    expect((await api(server.url, `/api/tokens/${id}/revoke`, { method: "POST", as: stranger })).status).toBe(404);
    const [row] = await server.database.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(row?.revokedAt).toBeNull();
  });
});
