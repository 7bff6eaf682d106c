// Providers and locations managed through the API: every change is an event in the log, so boards, replay, totals
// and matches follow it live, without a reload or a restart. On PGlite and on PostgreSQL.
import { and, count, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, capacityEvents, locations } from "../../server/db/schema.js";
import type { Provider } from "../../shared/schemas/aanbod.js";
import type { CapacityEvent, CapacitySummary, Location } from "../../shared/schemas/capacity.js";
import type { MatchList } from "../../shared/schemas/placements.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation, randomAgbCode } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import {
  api,
  type ClientSocket,
  connectSocket,
  nextEvent,
  startTestServer,
  type TestServer,
} from "../support/server.js";

describe.each(BACKENDS)("managed providers and locations on %s", (backend) => {
  let server: TestServer;
  let beheerder: Caller;
  let regisseur: Caller;
  let board: ClientSocket;
  let code = 0;

  beforeAll(async () => {
    server = await startTestServer(backend);
    beheerder = await loginAs(server, "beheerder");
    regisseur = await loginAs(server, "regisseur");
    board = await connectSocket(server.url, regisseur);
  });
  afterAll(async () => {
    board?.disconnect();
    await server?.close();
  });

  const newProvider = async () => {
    const res = await api<Provider>(server.url, "/api/providers", {
      body: { name: `Aanbieder ${backend} ${++code}`, agbCode: randomAgbCode(), kind: "aanbieder" },
      as: beheerder,
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  /** A JeugdzorgPlus group for 14-17 in Enschede: the requests below ask for that care type only. */
  const open = async (providerId: number, extra: Record<string, unknown> = {}) =>
    api<Location & Problem>(server.url, "/api/locations", {
      body: {
        providerId,
        code: `G-${++code}`,
        name: `Groep ${code}`,
        careType: "jeugdzorgplus",
        municipality: "Enschede",
        postcode: "7511",
        ageMin: 14,
        ageMax: 17,
        targetGroups: ["machtiging-jz"],
        capacity: 4,
        ...extra,
      },
      as: beheerder,
    });
  const request = () =>
    searchingRequest(server.url, regisseur, {
      age: 15,
      acceptableCareTypes: ["jeugdzorgplus"],
      characteristics: ["machtiging-jz", "agressie"],
    });
  const matchesOf = async (requestId: number) => {
    const res = await api<MatchList>(server.url, `/api/requests/${requestId}/matches`, { as: regisseur });
    expect(res.status).toBe(200);
    return res.body.matches;
  };
  const patch = (id: number, body: Record<string, unknown>, as = beheerder) =>
    api<Location & Problem>(server.url, `/api/locations/${id}`, { method: "PATCH", body, as });
  const eventsOf = async (locationId: number) =>
    server.database.db.select().from(capacityEvents).where(eq(capacityEvents.locationId, locationId));

  it("when the beheerder opens a location, then a board hears it with the location and a fitting request matches it at once", async () => {
    const searching = await request();
    // The match index is loaded before the location exists: only its event can bring it in.
    await matchesOf(searching.id);
    const provider = await newProvider();
    const pushed = nextEvent(board, (e) => e.kind === "locatie-aangemaakt" && e.location?.providerId === provider.id);

    const created = await open(provider.id);

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: `G-${code}`, capacity: 4, free: 4, closedOn: null, version: 1 });
    const event = await pushed;
    expect(event).toMatchObject({ locationId: created.body.id, free: 4, location: { name: created.body.name } });
    const match = (await matchesOf(searching.id)).find((m) => m.locationId === created.body.id);
    expect(match).toMatchObject({ free: 4, providerName: provider.name });
  });

  it("when capacity and declared attributes change, then the board hears each and matches follow them", async () => {
    const provider = await newProvider();
    const location = (await open(provider.id)).body;
    const searching = await request();
    expect((await matchesOf(searching.id)).find((m) => m.locationId === location.id)?.contraIndications).toEqual([]);

    const grown = nextEvent(board, (e) => e.locationId === location.id && e.kind === "capaciteit-gewijzigd");
    const bigger = await patch(location.id, { version: 1, capacity: 6, crisisPlaces: 2 });
    expect(bigger.status).toBe(200);
    expect(await grown).toMatchObject({
      capacity: 6,
      free: 6,
      version: 2,
      location: { crisisPlaces: 2, crisis: true },
    });

    const declared = nextEvent(board, (e) => e.locationId === location.id && e.kind === "kenmerken-gewijzigd");
    expect((await patch(location.id, { version: 2, contraIndications: ["agressie"] })).status).toBe(200);
    expect((await declared).location?.contraIndications).toEqual(["agressie"]);
    // Rule 4: shown, flagged, not dropped.
    expect((await matchesOf(searching.id)).find((m) => m.locationId === location.id)?.contraIndications).toEqual([
      "agressie",
    ]);

    expect((await patch(location.id, { version: 3, ageMin: 16 })).status).toBe(200);
    expect((await matchesOf(searching.id)).map((m) => m.locationId)).not.toContain(location.id);

    // The audit entry holds the values before and after.
    const [entry] = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "locatie.gewijzigd"), eq(auditLog.objectId, String(location.id))))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(entry?.data).toEqual({ before: { ageMin: 14 }, after: { ageMin: 16 } });
  });

  it("when the capacity would drop below the places occupied plus reserved, then 422 names both and nothing is written", async () => {
    const location = await addLocation(server.database.db, { capacity: 10, occupied: 5, reserved: 2 });
    const before = await eventsOf(location.id);

    const res = await patch(location.id, { version: location.version, capacity: 6 });

    expect(res.status).toBe(422);
    expect(res.body.detail).toContain("Capaciteit 6");
    expect(res.body.detail).toContain("5 bezette plus 2 gereserveerde");
    const [row] = await server.database.db.select().from(locations).where(eq(locations.id, location.id));
    expect(row).toMatchObject({ capacity: 10, version: location.version });
    expect(await eventsOf(location.id)).toEqual(before);
  });

  it("when the version is stale, then 409 with the current location and nothing is written", async () => {
    const provider = await newProvider();
    const location = (await open(provider.id)).body;
    expect((await patch(location.id, { version: 1, name: "Eerst" })).status).toBe(200);

    const stale = await patch(location.id, { version: 1, name: "Later" });

    expect(stale.status).toBe(409);
    expect(stale.body.current).toMatchObject({ name: "Eerst", version: 2 });
  });

  it("when an aanbieder edits locations, then its own provider's change and another provider's are refused", async () => {
    const own = await addLocation(server.database.db);
    const other = await addLocation(server.database.db);
    const staff = await loginAs(server, "aanbieder", own.providerId);

    expect((await patch(own.id, { version: own.version, capacity: 12 }, staff)).status).toBe(200);
    const refused = await patch(other.id, { version: other.version, capacity: 12 }, staff);
    expect(refused.status).toBe(403);
    const [row] = await server.database.db.select().from(locations).where(eq(locations.id, other.id));
    expect(row?.capacity).toBe(other.capacity);
    // Nor does it open locations or create providers.
    expect((await api(server.url, "/api/providers", { body: {}, as: staff })).status).toBe(403);
  });

  it("when a location still holds youths, then closing is refused with the numbers and nothing is written", async () => {
    const location = await addLocation(server.database.db, { capacity: 8, occupied: 3, reserved: 1 });
    const before = await eventsOf(location.id);

    const res = await api<Problem>(server.url, `/api/locations/${location.id}/close`, {
      body: { version: location.version },
      as: beheerder,
    });

    expect(res.status).toBe(409);
    expect(res.body.detail).toContain("3 bezette en 1 gereserveerde");
    const [row] = await server.database.db.select().from(locations).where(eq(locations.id, location.id));
    expect(row?.closedOn).toBeNull();
    expect(await eventsOf(location.id)).toEqual(before);
  });

  it("when an empty location closes, then it leaves matches, the list and the totals live; reopened, it is back", async () => {
    const provider = await newProvider();
    const location = (await open(provider.id, { capacity: 3 })).body;
    const searching = await request();
    expect((await matchesOf(searching.id)).map((m) => m.locationId)).toContain(location.id);
    const totals = await connectSocket(server.url, regisseur);
    expect(await totals.timeout(2000).emitWithAck("capacity:subscribe", { scope: "capaciteit-totalen" })).toEqual({
      ok: true,
    });
    const summaries: CapacitySummary[] = [];
    totals.on("capacity:summary", (s) => summaries.push(s));
    const before = (await api<CapacitySummary>(server.url, "/api/capacity/summary", { as: regisseur })).body;
    const closedEvent = nextEvent(board, (e) => e.locationId === location.id && e.kind === "locatie-gesloten");

    const closed = await api<Location>(server.url, `/api/locations/${location.id}/close`, {
      body: { version: location.version },
      as: beheerder,
    });

    expect(closed.status).toBe(200);
    expect((await closedEvent).location?.closedOn).toBe(closed.body.closedOn);
    await expect
      .poll(() => summaries.at(-1)?.byCareType.jeugdzorgplus.capacity, { timeout: 5000 })
      .toBe(before.byCareType.jeugdzorgplus.capacity - 3);
    totals.disconnect();
    expect((await matchesOf(searching.id)).map((m) => m.locationId)).not.toContain(location.id);
    const list = await api<{ locations: Location[] }>(server.url, "/api/locations", { as: regisseur });
    expect(list.body.locations.map((l) => l.id)).not.toContain(location.id);
    // A closed location takes no places.
    const occupy = await api(server.url, `/api/locations/${location.id}/occupancy`, {
      body: { change: "bezet" },
      as: beheerder,
    });
    expect(occupy.status).toBe(409);

    const reopened = await api<Location>(server.url, `/api/locations/${location.id}/reopen`, {
      body: { version: closed.body.version },
      as: beheerder,
    });
    expect(reopened.status).toBe(200);
    expect((await matchesOf(searching.id)).map((m) => m.locationId)).toContain(location.id);
  });

  it("when a board reconnects, then replay (capacity:sync) brings the lifecycle events with their location", async () => {
    const provider = await newProvider();
    const { seq: from } = (await api<{ seq: number }>(server.url, "/api/locations", { as: regisseur })).body;
    const location = (await open(provider.id)).body;
    await patch(location.id, { version: 1, capacity: 5 });
    await api(server.url, `/api/locations/${location.id}/close`, { body: { version: 2 }, as: beheerder });
    await api(server.url, `/api/locations/${location.id}/reopen`, { body: { version: 3 }, as: beheerder });
    const late = await connectSocket(server.url, regisseur);

    const reply = (await late.timeout(3000).emitWithAck("capacity:sync", { afterSeq: from })) as {
      ok: true;
      events: CapacityEvent[];
    };
    late.disconnect();

    const own = reply.events.filter((e) => e.locationId === location.id);
    expect(own.map((e) => e.kind)).toEqual([
      "locatie-aangemaakt",
      "capaciteit-gewijzigd",
      "locatie-gesloten",
      "locatie-heropend",
    ]);
    expect(own.every((e) => e.location?.id === location.id)).toBe(true);
  });

  it("when a location lies outside the region, then it is counted apart and matches with its PC4's real distance, or none when the PC4 is unknown", async () => {
    const provider = await newProvider();
    const outside = await open(provider.id, {
      municipality: "buiten de regio",
      otherMunicipality: "Zwolle",
      postcode: "8011",
    });
    const unknown = await open(provider.id, {
      municipality: "buiten de regio",
      otherMunicipality: "Groningen",
      postcode: "9711",
    });
    expect(outside.status).toBe(201);
    // Zwolle's 8011 is in the shipped PC4 table (shared/pc4); Groningen's 9711 is not, so it stays unknown.
    expect(outside.body).toMatchObject({ otherMunicipality: "Zwolle" });
    expect(outside.body.lat).toBeCloseTo(52.5115, 3);
    expect(outside.body.lon).toBeCloseTo(6.0923, 3);
    expect(unknown.body).toMatchObject({ lat: null, lon: null });
    const searching = await request();

    const matches = await matchesOf(searching.id);
    const match = matches.find((m) => m.locationId === outside.body.id);

    // Home 7511 and school 7512 (Enschede) to Zwolle: about 64 km.
    expect(match).toMatchObject({ municipality: "buiten de regio" });
    for (const km of [match?.distanceHomeKm, match?.distanceSchoolKm]) {
      expect(km).toBeGreaterThan(58);
      expect(km).toBeLessThan(68);
    }
    const far = matches.find((m) => m.locationId === unknown.body.id);
    expect(far).toMatchObject({ distanceHomeKm: null, distanceSchoolKm: null });
    const summary = (await api<CapacitySummary>(server.url, "/api/capacity/summary", { as: regisseur })).body;
    expect(summary.byMunicipality["buiten de regio"].capacity).toBeGreaterThanOrEqual(4);
    // Without its gemeente it is refused, naming the field.
    const nameless = await open(provider.id, { municipality: "buiten de regio", postcode: "8011" });
    expect(nameless.status).toBe(400);
    expect(nameless.body.errors?.map((e) => e.field)).toContain("body.otherMunicipality");
  });

  it("when a code is taken at the provider or an AGB code at another, then 409 and nothing is added", async () => {
    const provider = await newProvider();
    const first = (await open(provider.id)).body;
    const [{ n: before }] = (await server.database.db.select({ n: count() }).from(locations)) as [{ n: number }];

    const again = await open(provider.id, { code: first.code });
    const twin = await api<Problem>(server.url, "/api/providers", {
      body: { name: "Tweeling", agbCode: provider.agbCode, kind: "aanbieder" },
      as: beheerder,
    });

    expect(again.status).toBe(409);
    expect(again.body.detail).toContain(first.code);
    expect(twin.status).toBe(409);
    expect(twin.body.detail).toContain(provider.agbCode);
    const [{ n: after }] = (await server.database.db.select({ n: count() }).from(locations)) as [{ n: number }];
    expect(after).toBe(before);
  });
});
