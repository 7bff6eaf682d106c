// Providers change free places through the API: every change is checked, logged and pushed; bad input writes nothing.
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capacityEvents, locations } from "../../server/db/schema.js";
import type { Location, LocationList } from "../../shared/schemas/capacity.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import {
  api,
  type ClientSocket,
  connectSocket,
  nextEvent,
  startTestServer,
  type TestServer,
} from "../support/server.js";

describe.each(BACKENDS)("capacity API on %s", (backend) => {
  let server: TestServer;
  // A beheerder may change any location: these tests are about capacity, not about who may change it.
  let admin: Caller;
  const call = <T = unknown>(path: string, init: Parameters<typeof api>[2] = {}) =>
    api<T>(server.url, path, { as: admin, ...init });
  let socket: ClientSocket;
  beforeAll(async () => {
    server = await startTestServer(backend);
    admin = await loginAs(server, "beheerder");
    socket = await connectSocket(server.url, admin);
  });
  afterAll(async () => {
    socket?.disconnect();
    await server?.close();
  });

  const eventCount = async () => (await server.database.db.select({ n: count() }).from(capacityEvents))[0]?.n;
  const stored = async (id: number) => (await call<Location>(`/api/locations/${id}`)).body;

  it("when a provider sets the free places, then the location, the log and every board show it", async () => {
    const location = await addLocation(server.database.db, { capacity: 10, occupied: 8 });
    const pushed = nextEvent(socket, (e) => e.locationId === location.id);

    const res = await call<Location>(`/api/locations/${location.id}/availability`, {
      method: "PUT",
      body: { version: location.version, free: 4 },
    });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: location.id,
      free: 4,
      occupied: 6,
      capacity: 10,
      version: location.version + 1,
    });
    const event = await pushed;
    expect(event).toMatchObject({
      kind: "vrije-plekken-gewijzigd",
      free: 4,
      occupied: 6,
      version: location.version + 1,
    });
    const list = await call<LocationList>("/api/locations");
    expect(list.body.seq).toBeGreaterThanOrEqual(event.seq);
    expect(list.body.locations.find((l) => l.id === location.id)?.free).toBe(4);
  });

  it("when the version is stale, then 409 with the current state and nothing is written", async () => {
    const location = await addLocation(server.database.db, { capacity: 6, occupied: 2 });
    await call(`/api/locations/${location.id}/availability`, {
      method: "PUT",
      body: { version: location.version, free: 3 },
    });
    const before = await eventCount();

    const res = await call<Problem>(`/api/locations/${location.id}/availability`, {
      method: "PUT",
      body: { version: location.version, free: 1 },
    });

    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/verouderd/);
    expect(res.body.current).toMatchObject({ id: location.id, free: 3, version: location.version + 1 });
    expect(await eventCount()).toBe(before);
    expect((await stored(location.id)).free).toBe(3);
  });

  it("when more places are declared free than capacity minus reserved, then 422 and nothing is written", async () => {
    const location = await addLocation(server.database.db, { capacity: 4, occupied: 1, reserved: 1 });
    const before = await eventCount();
    const res = await call<Problem>(`/api/locations/${location.id}/availability`, {
      method: "PUT",
      body: { version: location.version, free: 4 },
    });
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/hoogstens 3/);
    expect(await eventCount()).toBe(before);
  });

  it.each([
    ["a negative number", { version: 1, free: -1 }, "body.free"],
    ["a string", { version: 1, free: "3" }, "body.free"],
    ["a fraction", { version: 1, free: 1.5 }, "body.free"],
    ["a huge number", { version: 1, free: 1e12 }, "body.free"],
    ["a missing version", { free: 2 }, "body.version"],
    ["an extra key", { version: 1, free: 2, occupied: 0 }, "body.occupied"],
    ["null", null, "body"],
  ])("when the body has %s, then 400 naming the field and nothing is written", async (_, body, field) => {
    const location = await addLocation(server.database.db);
    const before = await eventCount();
    const res = await call<Problem>(`/api/locations/${location.id}/availability`, {
      method: "PUT",
      body,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.field)).toContain(field);
    expect(await eventCount()).toBe(before);
    expect(await stored(location.id)).toMatchObject({ free: 5, version: 1 });
  });

  it("when the body is NaN, malformed JSON or oversized, then a 4xx problem and nothing is written", async () => {
    const location = await addLocation(server.database.db);
    const before = await eventCount();
    const path = `/api/locations/${location.id}/availability`;
    const nan = await call<Problem>(path, { method: "PUT", rawBody: '{"version":1,"free":NaN}' });
    const huge = await call<Problem>(path, {
      method: "PUT",
      rawBody: JSON.stringify({ version: 1, free: 2, padding: "x".repeat(100_000) }),
    });
    expect(nan.status).toBe(400);
    expect(nan.body.title).toBe("Ongeldige JSON");
    expect(huge.status).toBe(413);
    expect(huge.body.detail).toMatch(/te groot/);
    expect(await eventCount()).toBe(before);
  });

  it("when the location id is not a number or does not exist, then 400 or 404", async () => {
    const bad = await call<Problem>("/api/locations/abc/availability", {
      method: "PUT",
      body: { version: 1, free: 1 },
    });
    const missing = await call<Problem>("/api/locations/999999/availability", {
      method: "PUT",
      body: { version: 1, free: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.field).toBe("params.id");
    expect(missing.status).toBe(404);
  });

  it("when 20 'one place taken' requests race for 5 free places, then exactly 5 win and the log has 5 gapless events", async () => {
    const location = await addLocation(server.database.db, { capacity: 8, occupied: 3 });
    const seqBefore = (await call<LocationList>("/api/locations")).body.seq;

    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        call<Problem>(`/api/locations/${location.id}/occupancy`, {
          method: "POST",
          body: { change: "bezet" },
        }),
      ),
    );

    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(15);
    expect(results.find((r) => r.status === 409)?.body.detail).toMatch(/Geen 1 vrije plek/);
    expect(await stored(location.id)).toMatchObject({ free: 0, occupied: 8, version: 6 });
    const events = await server.database.db.select().from(capacityEvents);
    const mine = events.filter((e) => e.locationId === location.id).sort((a, b) => a.seq - b.seq);
    expect(mine.map((e) => e.occupied)).toEqual([4, 5, 6, 7, 8]);
    const all = events.map((e) => e.seq).filter((s) => s > seqBefore);
    expect(all.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5].map((i) => seqBefore + i));
  });

  it("when a place is freed, then free goes up; freeing more than is occupied is refused", async () => {
    const location = await addLocation(server.database.db, { capacity: 3, occupied: 1 });
    const ok = await call<Location>(`/api/locations/${location.id}/occupancy`, {
      method: "POST",
      body: { change: "vrijgekomen" },
    });
    const refused = await call<Problem>(`/api/locations/${location.id}/occupancy`, {
      method: "POST",
      body: { change: "vrijgekomen" },
    });
    expect(ok.body.free).toBe(3);
    expect(refused.status).toBe(409);
  });

  it("when a provider confirms unchanged numbers, then last-confirmed moves and counts stay", async () => {
    const old = new Date(Date.now() - 10 * 24 * 3_600_000);
    const location = await addLocation(server.database.db, { lastConfirmedAt: old });
    const res = await call<Location>(`/api/locations/${location.id}/confirm`, {
      method: "POST",
      body: { version: location.version },
    });
    expect(res.status).toBe(200);
    expect(Date.parse(res.body.lastConfirmedAt)).toBeGreaterThan(old.getTime());
    expect(res.body).toMatchObject({ free: 5, version: location.version + 1 });
  });

  it("the database itself refuses counts that would make free negative", async () => {
    const location = await addLocation(server.database.db, { capacity: 2, occupied: 2 });
    const { eq } = await import("drizzle-orm");
    await expect(
      server.database.db.update(locations).set({ occupied: 3 }).where(eq(locations.id, location.id)),
    ).rejects.toThrow();
  });

  it("the event log refuses updates and deletes", async () => {
    const location = await addLocation(server.database.db);
    await call(`/api/locations/${location.id}/occupancy`, { method: "POST", body: { change: "bezet" } });
    await expect(server.database.db.delete(capacityEvents)).rejects.toThrow();
  });
});
