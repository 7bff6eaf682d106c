// A planning system sets many of its provider's locations in one call: a result per location, each change through the
// single update's path (event, push, audit), one Idempotency-Key for the whole answer, never another provider's place.
import { and, count, eq, gt, max, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client.js";
import { auditLog, capacityEvents, idempotencyKeys, locations } from "../../server/db/schema.js";
import type { CapacityEvent } from "../../shared/schemas/capacity.js";
import type { BulkAvailabilityAnswer, BulkAvailabilityItem } from "../../shared/schemas/capacity-bulk.js";
import type { Reservation } from "../../shared/schemas/placements.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import {
  api,
  type ClientSocket,
  connectSocket,
  eventually,
  startTestServer,
  type TestServer,
} from "../support/server.js";

/** A location of the given provider (the fixture makes a provider of its own; the location moves over). */
async function locationOf(db: Db, providerId: number, counts: { capacity: number; occupied: number }) {
  const made = await addLocation(db, counts);
  const [moved] = await db.update(locations).set({ providerId }).where(eq(locations.id, made.id)).returning();
  return moved!;
}

describe.each(BACKENDS)("bulk availability on %s", (backend) => {
  let server: TestServer;
  let db: Db;
  let admin: Caller;
  /** A regisseur's board: it must hear every applied change as a normal capacity change. */
  let board: ClientSocket;
  const pushed: CapacityEvent[] = [];

  beforeAll(async () => {
    server = await startTestServer(backend);
    db = server.database.db;
    admin = await loginAs(server, "beheerder");
    board = await connectSocket(server.url, await loginAs(server, "regisseur"));
    board.on("capacity:changed", (e) => pushed.push(e));
    // Starting the server (migrations on PGlite) took over a minute on a loaded machine.
  }, 180_000);
  afterAll(async () => {
    board?.disconnect();
    await server?.close();
  });

  /** A provider with a few locations and an API token of its own, made through the API as a provider would. */
  async function provider(n = 3) {
    const first = await addLocation(db, { capacity: 10, occupied: 8 });
    const rest = [];
    for (let i = 1; i < n; i++) rest.push(await locationOf(db, first.providerId, { capacity: 10, occupied: 8 }));
    const made = await api<{ token: string }>(server.url, `/api/providers/${first.providerId}/tokens`, {
      body: { name: "Planningssysteem" },
      as: admin,
    });
    expect(made.status).toBe(200);
    return { providerId: first.providerId, locations: [first, ...rest], token: { token: made.body.token } };
  }

  const put = (providerId: number, items: BulkAvailabilityItem[], as: Caller, key?: string) =>
    api<BulkAvailabilityAnswer & Problem>(server.url, `/api/providers/${providerId}/availability`, {
      method: "PUT",
      body: { items },
      as,
      headers: key ? { "idempotency-key": key } : {},
    });
  const written = async () => ({
    events: (await db.select({ n: count() }).from(capacityEvents))[0]!.n,
    // Every use of a token is on record (token.gebruik): what a call did is the rest.
    audit: (await db.select({ n: count() }).from(auditLog).where(ne(auditLog.action, "token.gebruik")))[0]!.n,
    lastAudit: (await db.select({ n: max(auditLog.id) }).from(auditLog))[0]!.n ?? 0,
  });
  const stored = async (id: number) => (await db.select().from(locations).where(eq(locations.id, id)))[0]!;

  it("when items are applied, stale and refused in one call, then each gets its own result in order and only the applied ones are written", async () => {
    const {
      providerId,
      locations: [fresh, moved, closed, full],
      token,
    } = await provider(4);
    const stranger = await addLocation(db);
    // Another writer moved this one on since the planning system read it.
    await db
      .update(locations)
      .set({ occupied: 7, version: moved!.version + 1 })
      .where(eq(locations.id, moved!.id));
    await db.update(locations).set({ closedOn: "2026-01-05" }).where(eq(locations.id, closed!.id));
    const seqBefore = (await db.select({ n: max(capacityEvents.seq) }).from(capacityEvents))[0]!.n ?? 0;
    const before = await written();

    const res = await put(
      providerId,
      [
        { locationId: fresh!.id, version: fresh!.version, free: 4 },
        { locationId: moved!.id, version: moved!.version, free: 5 },
        { locationId: closed!.id, version: closed!.version, free: 1 },
        { locationId: full!.id, version: full!.version, free: 11 },
        { locationId: stranger.id, version: stranger.version, free: 1 },
        { locationId: 2_000_000_000, version: 1, free: 1 },
      ],
      token,
      "bulk-gemengd",
    );

    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ applied: 1, stale: 1, refused: 4 });
    const [applied, stale, ...refused] = res.body.results;
    expect(applied).toMatchObject({
      locationId: fresh!.id,
      status: "applied",
      location: { free: 4, occupied: 6, version: fresh!.version + 1 },
    });
    expect(stale).toMatchObject({
      locationId: moved!.id,
      status: "stale",
      location: { version: moved!.version + 1, free: 3, capacity: 10, occupied: 7 },
    });
    expect(refused.map((r) => [r.locationId, r.status === "refused" && r.reason])).toEqual([
      [closed!.id, "closed"],
      [full!.id, "out-of-range"],
      [stranger.id, "other-provider"],
      [2_000_000_000, "unknown-location"],
    ]);
    expect(refused.every((r) => r.status === "refused" && r.detail.length > 0)).toBe(true);
    // Written: the one applied change, with its event and audit entry; the stale one kept its counts.
    expect((await stored(fresh!.id)).occupied).toBe(6);
    expect(await stored(moved!.id)).toMatchObject({ occupied: 7, version: moved!.version + 1 });
    expect(await stored(stranger.id)).toMatchObject({ occupied: stranger.occupied, version: stranger.version });
    const events = await db.select().from(capacityEvents).where(gt(capacityEvents.seq, seqBefore));
    expect(events.map((e) => e.locationId)).toEqual([fresh!.id]);
    // The other provider's location is a refusal on record, as a single call's would be.
    const denials = await db
      .select()
      .from(auditLog)
      .where(and(gt(auditLog.id, before.lastAudit), eq(auditLog.outcome, "geweigerd")));
    expect(denials.map((d) => d.objectId)).toEqual([String(stranger.id)]);
  });

  it("when the same call is sent again under its key, then the same answer comes back and nothing more is written", async () => {
    const { providerId, locations: own, token } = await provider(2);
    const items = own.map((l, i) => ({ locationId: l.id, version: l.version, free: i + 1 }));
    const first = await put(providerId, items, token, "bulk-herhaald");
    expect(first.body.counts).toEqual({ applied: 2, stale: 0, refused: 0 });
    const after = await written();

    // The key is settled just after the answer leaves: until then a retry hears "still in progress" (409).
    let again = await put(providerId, items, token, "bulk-herhaald");
    await eventually(async () => {
      if (again.status !== 409) return true;
      again = await put(providerId, items, token, "bulk-herhaald");
      return false;
    });

    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect({ ...(await written()), lastAudit: 0 }).toEqual({ ...after, lastAudit: 0 });
  });

  it("when a call's answer was lost with its process, then a retry under the key reports its changes applied without making them again", async () => {
    const { providerId, locations: own, token } = await provider(2);
    const [done, notYet] = own;
    const items = [{ locationId: done!.id, version: done!.version, free: 2 }];
    expect((await put(providerId, items, token, "bulk-verloren")).body.counts.applied).toBe(1);
    // The answer is kept beside sending it: let that write land first, or it would undo the loss made below.
    await eventually(async () => {
      const [key] = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, "bulk-verloren"));
      return key?.status != null;
    });
    // As if the process died after the commit, before keeping the answer: the claim is old and holds nothing.
    await db
      .update(idempotencyKeys)
      .set({ status: null, body: null, claimedAt: new Date(Date.now() - 3600_000) })
      .where(eq(idempotencyKeys.key, "bulk-verloren"));
    const before = await written();

    const retry = await put(providerId, items, token, "bulk-verloren");

    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect(retry.body.results).toEqual([
      { locationId: done!.id, status: "applied", location: expect.objectContaining({ free: 2 }) },
    ]);
    expect((await written()).events).toBe(before.events);
    expect(await stored(notYet!.id)).toMatchObject({ version: notYet!.version });
  });

  it("when changes are applied, then every board hears each one as a normal capacity change, in the order sent", async () => {
    const { providerId, locations: own, token } = await provider(3);
    const items = own.map((l) => ({ locationId: l.id, version: l.version, free: 5 }));
    const ids = own.map((l) => l.id);

    const res = await put(providerId, items, token);

    expect(res.body.counts.applied).toBe(3);
    await eventually(() => pushed.filter((e) => ids.includes(e.locationId)).length === 3);
    const heard = pushed.filter((e) => ids.includes(e.locationId));
    expect(heard.map((e) => e.locationId)).toEqual(ids);
    expect(heard.every((e) => e.kind === "vrije-plekken-gewijzigd" && e.free === 5)).toBe(true);
    expect(heard.map((e) => e.seq)).toEqual([...heard.map((e) => e.seq)].sort((a, b) => a - b));
  });

  it("when a call frees places a reservation waits for, then the reservation takes them as with a single update", async () => {
    const full = await addLocation(db, { capacity: 4, occupied: 4, careType: "kleinschalig-wonen" });
    const staff = await loginAs(server, "aanbieder", full.providerId);
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const departure = { direction: "uitstroom", expectedDate: inAWeek, certainty: "zeker" };
    expect((await api(server.url, `/api/locations/${full.id}/planned`, { body: departure, as: staff })).status).toBe(
      201,
    );
    const regisseur = await loginAs(server, "regisseur");
    const request = await searchingRequest(server.url, regisseur, { acceptableCareTypes: ["kleinschalig-wonen"] });
    const reserved = await api<Reservation>(server.url, `/api/requests/${request.id}/reservations`, {
      body: { locationId: full.id },
      as: regisseur,
    });
    expect(reserved.body).toMatchObject({ awaiting: 1 });
    const version = (await stored(full.id)).version;

    const res = await put(full.providerId, [{ locationId: full.id, version, free: 2 }], staff);

    expect(res.body.results).toEqual([
      expect.objectContaining({ status: "applied", location: expect.objectContaining({ free: 1, reserved: 1 }) }),
    ]);
    const after = await api<Reservation[]>(server.url, `/api/requests/${request.id}/reservations`, { as: regisseur });
    expect(after.body.find((r) => r.id === reserved.body.id)).toMatchObject({ awaiting: 0 });
  });

  it("when a provider's token names another provider, then 403, the refusal is on record and nothing is written", async () => {
    const mine = await provider(1);
    const theirs = await provider(1);
    const target = theirs.locations[0]!;
    const before = await written();

    const res = await put(theirs.providerId, [{ locationId: target.id, version: target.version, free: 1 }], mine.token);

    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await stored(target.id)).toMatchObject({ version: target.version, occupied: target.occupied });
    expect((await written()).events).toBe(before.events);
    const [denial] = await db
      .select()
      .from(auditLog)
      .where(and(gt(auditLog.id, before.lastAudit), eq(auditLog.outcome, "geweigerd")));
    expect(denial).toMatchObject({ action: "availability.bulk", objectType: "aanbieder" });
  });

  it("when an aanbieder signed in sends its own locations, then they are applied as with its token", async () => {
    const { providerId, locations: own } = await provider(2);
    const staff = await loginAs(server, "aanbieder", providerId);
    const res = await put(
      providerId,
      own.map((l) => ({ locationId: l.id, version: l.version, free: 0 })),
      staff,
    );
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ applied: 2, stale: 0, refused: 0 });
  });

  it("when a location is named twice or there are too many items, then 422 naming the field and nothing is written", async () => {
    const { providerId, locations: own, token } = await provider(2);
    const [a, b] = own;
    const before = await written();

    const twice = await put(
      providerId,
      [
        { locationId: a!.id, version: a!.version, free: 1 },
        { locationId: b!.id, version: b!.version, free: 1 },
        { locationId: a!.id, version: a!.version, free: 2 },
      ],
      token,
    );
    const many = await put(
      providerId,
      Array.from({ length: 501 }, (_, i) => ({ locationId: 1_000_000 + i, version: 1, free: 1 })),
      token,
    );

    expect(twice.status).toBe(422);
    expect(twice.body.errors).toEqual([{ field: "body.items.2.locationId", message: expect.stringContaining("0") }]);
    expect(many.status).toBe(422);
    expect(many.body.errors?.[0]?.field).toBe("body.items");
    expect({ ...(await written()), lastAudit: 0 }).toEqual({ ...before, lastAudit: 0 });
  });
});
