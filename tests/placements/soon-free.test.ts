// Reserving a place that comes free ("vrij per", #22 part 5): the reservation claims the provider's planned departure,
// so nobody else is offered it; when the place comes free it goes straight to the reservation; a cancelled or
// postponed departure lets the reservation lapse (vervallen) and tells the regisseur.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, plannedDepartures, reservations } from "../../server/db/schema.js";
import type { Location } from "../../shared/schemas/capacity.js";
import type { PlannedMove } from "../../shared/schemas/forecast.js";
import type { Inbox } from "../../shared/schemas/notifications.js";
import type { MatchList, PlacementRequest, Reservation } from "../../shared/schemas/placements.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api, eventually, startTestServer, type TestServer } from "../support/server.js";

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe.each(BACKENDS)("places that come free on %s", (backend) => {
  let server: TestServer;
  let regisseur: Caller;
  beforeAll(async () => {
    server = await startTestServer(backend);
    regisseur = await loginAs(server, "regisseur");
  });
  afterAll(async () => server?.close());

  type Problem = { detail?: string };
  const reserve = (requestId: number, locationId: number) =>
    api<Reservation & Problem>(server.url, `/api/requests/${requestId}/reservations`, {
      body: { locationId },
      as: regisseur,
    });
  const location = async (id: number) =>
    (await api<Location>(server.url, `/api/locations/${id}`, { as: regisseur })).body;
  const request = async (id: number) =>
    (await api<PlacementRequest>(server.url, `/api/requests/${id}`, { as: regisseur })).body;
  const reservationOf = async (requestId: number, id: number) =>
    (await api<Reservation[]>(server.url, `/api/requests/${requestId}/reservations`, { as: regisseur })).body.find(
      (r) => r.id === id,
    );
  const matchAt = async (requestId: number, locationId: number) =>
    (await api<MatchList>(server.url, `/api/requests/${requestId}/matches`, { as: regisseur })).body.matches.find(
      (m) => m.locationId === locationId,
    );
  // One care type only: a more home-like free place of another test must not ask a thuis-tenzij reason here.
  const searching = () => searchingRequest(server.url, regisseur, { acceptableCareTypes: ["kleinschalig-wonen"] });

  /** A full location whose provider expects one youth to leave in a week, for sure. */
  async function fullWithDeparture(date = inDays(7)) {
    const loc = await addLocation(server.database.db, { capacity: 4, occupied: 4, careType: "kleinschalig-wonen" });
    const provider = await loginAs(server, "aanbieder", loc.providerId);
    const planned = await api<PlannedMove>(server.url, `/api/locations/${loc.id}/planned`, {
      body: { direction: "uitstroom", expectedDate: date, certainty: "zeker" },
      as: provider,
    });
    expect(planned.status).toBe(201);
    return { loc, provider, departure: planned.body, date };
  }

  /** A searching request reserved per the departure's day. */
  async function reservedComing(date = inDays(7)) {
    const setup = await fullWithDeparture(date);
    const req = await searching();
    const made = await reserve(req.id, setup.loc.id);
    expect(made.status).toBe(200);
    return { ...setup, req, reservation: made.body };
  }

  const moveDeparture = (provider: Caller, id: number, expectedDate: string) =>
    api<PlannedMove & Problem>(server.url, `/api/planned/uitstroom/${id}`, {
      method: "PUT",
      body: { expectedDate, certainty: "zeker" },
      as: provider,
    });

  const lapsedNotices = async (requestId: number) =>
    (await api<Inbox>(server.url, "/api/notifications", { as: regisseur })).body.items.filter(
      (n) => n.kind === "reservering-vervallen" && n.link === `/verzoeken/${requestId}`,
    );

  it("when a regisseur reserves a place that comes free, then it is reserved per that day and offered to nobody else", async () => {
    const { loc, provider, departure, date } = await fullWithDeparture();
    const req = await searching();
    expect(await matchAt(req.id, loc.id)).toMatchObject({ availableFrom: date, certainty: "zeker" });

    const made = await reserve(req.id, loc.id);

    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ status: "open", availableFrom: date, awaiting: 1, places: 1 });
    // Nothing is free to hold yet: the place is not in the reserved count, and not shown free either.
    expect(await location(loc.id)).toMatchObject({ free: 0, reserved: 0, occupied: 4 });
    expect(new Date(made.body.expiresAt).getTime()).toBeGreaterThan(new Date(`${date}T00:00:00Z`).getTime());
    const [claimed] = await server.database.db
      .select()
      .from(plannedDepartures)
      .where(eq(plannedDepartures.id, departure.id));
    expect(claimed?.reservationId).toBe(made.body.id);
    const other = await searching();
    expect(await matchAt(other.id, loc.id)).toBeUndefined();
    expect((await reserve(other.id, loc.id)).status).toBe(409);
    const [audit] = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "reservering.gemaakt"), eq(auditLog.objectId, String(made.body.id))));
    expect(audit?.detail).toContain(`vrij per ${date}`);
    const waiting = (await api<Inbox>(server.url, "/api/notifications", { as: provider })).body.items;
    expect(waiting.find((n) => n.kind === "reservering-wacht")?.body).toMatch(/gereserveerd per \d+ \w+/);
  });

  it("when the provider accepts while the place still awaits its departure, then 409 says from when", async () => {
    const { provider, reservation, date } = await reservedComing();

    const early = await api<Problem>(server.url, `/api/reservations/${reservation.id}/answer`, {
      body: { answer: "accepteren" },
      as: provider,
    });

    expect(early.status).toBe(409);
    expect(early.body.detail).toContain(`komt pas vrij per ${date}`);
    expect(await reservationOf(reservation.requestId, reservation.id)).toMatchObject({ status: "open", awaiting: 1 });
  });

  it("when the departure happens, then the freed place goes to the reservation and the provider can accept", async () => {
    const { loc, provider, req, reservation } = await reservedComing();

    const freed = await api<Location>(server.url, `/api/locations/${loc.id}/occupancy`, {
      body: { change: "vrijgekomen", places: 1 },
      as: provider,
    });

    expect(freed.status).toBe(200);
    // Never free for anyone else: it moved straight into the reserved count.
    expect(freed.body).toMatchObject({ occupied: 3, reserved: 1, free: 0 });
    expect(await reservationOf(req.id, reservation.id)).toMatchObject({ status: "open", awaiting: 0 });
    const accepted = await api<Reservation>(server.url, `/api/reservations/${reservation.id}/answer`, {
      body: { answer: "accepteren" },
      as: provider,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe("geaccepteerd");
    expect(await request(req.id)).toMatchObject({ status: "geplaatst" });
    expect(await location(loc.id)).toMatchObject({ occupied: 4, reserved: 0, free: 0 });
  });

  it("when the provider sets more places free, then the waiting reservation takes what it awaits, the rest is free", async () => {
    const { loc, provider, req, reservation } = await reservedComing();
    const current = await location(loc.id);

    const set = await api<Location>(server.url, `/api/locations/${loc.id}/availability`, {
      method: "PUT",
      body: { version: current.version, free: 2 },
      as: provider,
    });

    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ free: 1, reserved: 1 });
    expect(await reservationOf(req.id, reservation.id)).toMatchObject({ awaiting: 0 });
  });

  it("when the claimed departure is cancelled, then the reservation lapses, the request searches again and the regisseur hears it", async () => {
    const { loc, provider, departure, req, reservation } = await reservedComing();

    const cancelled = await api(server.url, `/api/planned/uitstroom/${departure.id}/cancel`, {
      body: {},
      as: provider,
    });

    expect(cancelled.status).toBe(200);
    expect(await reservationOf(req.id, reservation.id)).toMatchObject({ status: "vervallen" });
    expect(await request(req.id)).toMatchObject({ status: "zoekend" });
    expect(await location(loc.id)).toMatchObject({ free: 0, reserved: 0, occupied: 4 });
    const [notice] = await lapsedNotices(req.id);
    expect(notice?.body).toMatch(/geannuleerd: de plek komt niet vrij per/);
    // Searching again: the request may reserve elsewhere.
    const elsewhere = await addLocation(server.database.db, {
      capacity: 3,
      occupied: 1,
      careType: "kleinschalig-wonen",
    });
    expect((await reserve(req.id, elsewhere.id)).status).toBe(200);
  });

  it("when the claimed departure moves past the day, then the reservation lapses and the departure counts for others again", async () => {
    const { loc, provider, departure, req, reservation } = await reservedComing(inDays(5));

    const moved = await moveDeparture(provider, departure.id, inDays(9));

    expect(moved.status).toBe(200);
    expect(await reservationOf(req.id, reservation.id)).toMatchObject({ status: "vervallen" });
    expect(await request(req.id)).toMatchObject({ status: "zoekend" });
    expect((await lapsedNotices(req.id))[0]?.body).toMatch(/verplaatst naar/);
    const other = await searching();
    expect(await matchAt(other.id, loc.id)).toMatchObject({ availableFrom: inDays(9) });
  });

  it("when the claimed departure moves earlier, then the reservation holds", async () => {
    const { provider, departure, req, reservation } = await reservedComing(inDays(8));

    const moved = await moveDeparture(provider, departure.id, inDays(4));

    expect(moved.status).toBe(200);
    expect(await reservationOf(req.id, reservation.id)).toMatchObject({ status: "open", awaiting: 1 });
    expect(await request(req.id)).toMatchObject({ status: "gereserveerd" });
    expect(await lapsedNotices(req.id)).toHaveLength(0);
  });

  it("when the provider declines a reservation that awaits its departure, then the departure is offered again", async () => {
    const { loc, provider, reservation, date } = await reservedComing();

    const declined = await api<Reservation>(server.url, `/api/reservations/${reservation.id}/answer`, {
      body: { answer: "weigeren", reason: "groepssamenstelling" },
      as: provider,
    });

    expect(declined.status).toBe(200);
    expect(await location(loc.id)).toMatchObject({ free: 0, reserved: 0 });
    const other = await searching();
    expect(await matchAt(other.id, loc.id)).toMatchObject({ availableFrom: date });
  });

  it("when the request is withdrawn, then its reservation gives the departure back", async () => {
    const { loc, req, date } = await reservedComing();

    const withdrawn = await api(server.url, `/api/requests/${req.id}/transition`, {
      body: { to: "ingetrokken" },
      as: regisseur,
    });

    expect(withdrawn.status).toBe(200);
    const other = await searching();
    expect(await matchAt(other.id, loc.id)).toMatchObject({ availableFrom: date });
  });

  it("when a reservation of a coming place expires after all, then it gives the departure back", async () => {
    const { loc, departure, req, reservation, date } = await reservedComing();
    // It would only expire an answer window after its day: the clock is moved by moving its time.
    await server.database.db
      .update(reservations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(reservations.id, reservation.id));

    await eventually(async () => (await reservationOf(req.id, reservation.id))?.status === "verlopen");

    const [released] = await server.database.db
      .select()
      .from(plannedDepartures)
      .where(eq(plannedDepartures.id, departure.id));
    expect(released?.reservationId).toBeNull();
    expect(await location(loc.id)).toMatchObject({ free: 0, reserved: 0 });
    const other = await searching();
    expect(await matchAt(other.id, loc.id)).toMatchObject({ availableFrom: date });
  });

  it("when two regisseurs reserve the same coming place at once, then exactly one gets it", async () => {
    const { loc } = await fullWithDeparture();
    const [a, b] = await Promise.all([searching(), searching()]);
    if (!a || !b) throw new Error("requests missing");

    const results = await Promise.all([reserve(a.id, loc.id), reserve(b.id, loc.id)]);

    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const claims = await server.database.db
      .select()
      .from(plannedDepartures)
      .where(eq(plannedDepartures.locationId, loc.id));
    const winner = results.find((r) => r.status === 200)?.body.id;
    expect(claims.map((d) => d.reservationId)).toEqual([winner]);
  });
});
