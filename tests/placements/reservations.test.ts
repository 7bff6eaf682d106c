// Reserving places: one winner for the last place, providers answer, unanswered reservations expire by themselves,
// repeated declines escalate, and an accepted one becomes a placement.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, reservations } from "../../server/db/schema.js";
import type { Location } from "../../shared/schemas/capacity.js";
import type { MatchList, PlacementRequest, Reservation } from "../../shared/schemas/placements.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api, connectSocket, nextEvent, startTestServer, type TestServer } from "../support/server.js";

// On PostgreSQL the ten reservations really run in parallel transactions; PGlite serialises them.
describe.each(BACKENDS)("reservations on %s", (backend) => {
  let server: TestServer;
  let regisseur: Caller;
  beforeAll(async () => {
    // Reservations keep the default answer time (48 h): a race or an answer slowed by a busy machine must not see a
    // reservation lapse under it. The expiry test moves its reservation's end back instead. Three declines escalate.
    server = await startTestServer(backend, { env: { ESCALATE_AFTER_DECLINES: "3" } });
    regisseur = await loginAs(server, "regisseur");
  });
  afterAll(async () => server?.close());

  const reserve = (requestId: number, locationId: number) =>
    api<Reservation & { detail?: string }>(server.url, `/api/requests/${requestId}/reservations`, {
      body: { locationId },
      as: regisseur,
    });
  const location = async (id: number) =>
    (await api<Location>(server.url, `/api/locations/${id}`, { as: regisseur })).body;
  const request = async (id: number) =>
    (await api<PlacementRequest>(server.url, `/api/requests/${id}`, { as: regisseur })).body;

  it("when 10 regisseurs reserve the last place at once, then exactly one wins", async () => {
    const last = await addLocation(server.database.db, { capacity: 6, occupied: 5 });
    const requests = await Promise.all(Array.from({ length: 10 }, () => searchingRequest(server.url, regisseur)));

    const results = await Promise.all(requests.map((r) => reserve(r.id, last.id)));

    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    expect(await location(last.id)).toMatchObject({ free: 0, reserved: 1, occupied: 5 });
  });

  it("when a reservation is not answered in time, then it frees the place by itself and the board sees it live", async () => {
    const loc = await addLocation(server.database.db, { capacity: 3, occupied: 2 });
    const req = await searchingRequest(server.url, regisseur);
    const board = await connectSocket(server.url, await loginAs(server, "beleid"));
    const reservedEvent = nextEvent(board, (e) => e.locationId === loc.id && e.kind === "plek-gereserveerd");
    const expiredEvent = nextEvent(board, (e) => e.locationId === loc.id && e.kind === "reservering-vervallen", 8000);

    const made = await reserve(req.id, loc.id);
    expect(made.status).toBe(200);
    expect(await reservedEvent).toMatchObject({ reserved: 1, free: 0 });
    // Its answer time runs out now; the sweeper (every 2 s, in the server) finds it.
    await server.database.db
      .update(reservations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(reservations.id, made.body.id));
    expect(await expiredEvent).toMatchObject({ reserved: 0, free: 1 });
    expect(await request(req.id)).toMatchObject({ status: "zoekend" });
    const [reservation] = (
      await api<Reservation[]>(server.url, `/api/requests/${req.id}/reservations`, { as: regisseur })
    ).body;
    expect(reservation?.status).toBe("verlopen");
    board.disconnect();
  });

  it("when providers decline three times, then the reasons are kept and the request is escalated", async () => {
    const req = await searchingRequest(server.url, regisseur);
    const reasons = ["groepssamenstelling", "personeel", "contra-indicatie"] as const;
    for (const reason of reasons) {
      const loc = await addLocation(server.database.db, { capacity: 4, occupied: 1 });
      const provider = await loginAs(server, "aanbieder", loc.providerId);
      const made = await reserve(req.id, loc.id);
      expect(made.status).toBe(200);
      const answered = await api<Reservation>(server.url, `/api/reservations/${made.body.id}/answer`, {
        body: { answer: "weigeren", reason },
        as: provider,
      });
      expect(answered.body).toMatchObject({ status: "geweigerd", declineReason: reason });
      expect(await location(loc.id)).toMatchObject({ reserved: 0, free: 3 });
    }
    const after = await request(req.id);
    expect(after).toMatchObject({ status: "opgeschaald", declines: 3 });
    const kept = await api<Reservation[]>(server.url, `/api/requests/${req.id}/reservations`, { as: regisseur });
    expect(kept.body.map((r) => r.declineReason).sort()).toEqual([...reasons].sort());
    expect(after.escalatedAt).not.toBeNull();
    // Escalated requests may still be matched: the RET looks for a place together with the providers.
    expect((await api<MatchList>(server.url, `/api/requests/${req.id}/matches`, { as: regisseur })).status).toBe(200);
  });

  it("when a provider declines with reason 'anders', then a note is required and the regisseur sees it", async () => {
    const req = await searchingRequest(server.url, regisseur);
    const loc = await addLocation(server.database.db, { capacity: 4, occupied: 1 });
    const provider = await loginAs(server, "aanbieder", loc.providerId);
    const made = await reserve(req.id, loc.id);
    const answer = (body: object) =>
      api<Reservation & { errors?: { field: string; message: string }[] }>(
        server.url,
        `/api/reservations/${made.body.id}/answer`,
        {
          body,
          as: provider,
        },
      );

    const bare = await answer({ answer: "weigeren", reason: "anders" });
    expect(bare.status).toBe(400);
    expect(bare.body.errors).toEqual([{ field: "body.note", message: expect.stringMatching(/toelichting/) }]);
    // Nothing was written: the reservation still holds the place.
    expect(await location(loc.id)).toMatchObject({ reserved: 1 });

    const noted = await answer({ answer: "weigeren", reason: "anders", note: "verbouwing" });
    expect(noted.body).toMatchObject({ status: "geweigerd", declineReason: "anders", declineNote: "verbouwing" });
    const seen = await api<Reservation[]>(server.url, `/api/requests/${req.id}/reservations`, { as: regisseur });
    expect(seen.body.find((r) => r.id === made.body.id)?.declineNote).toBe("verbouwing");
  });

  it("when the provider accepts, then the request is placed and the place is occupied", async () => {
    const loc = await addLocation(server.database.db, { capacity: 5, occupied: 2, careType: "gezinshuis" });
    const provider = await loginAs(server, "aanbieder", loc.providerId);
    const req = await searchingRequest(server.url, regisseur);
    const made = await reserve(req.id, loc.id);
    const own = await api<Reservation[]>(server.url, "/api/reservations", { as: provider });
    expect(own.body.map((r) => r.id)).toContain(made.body.id);
    expect(own.body.find((r) => r.id === made.body.id)?.youth).toEqual({
      age: 14,
      gender: "meisje",
      characteristics: [],
    });

    const accepted = await api<Reservation>(server.url, `/api/reservations/${made.body.id}/answer`, {
      body: { answer: "accepteren" },
      as: provider,
    });

    expect(accepted.body.status).toBe("geaccepteerd");
    expect(await location(loc.id)).toMatchObject({ occupied: 3, reserved: 0, free: 2 });
    const placed = await request(req.id);
    expect(placed.status).toBe("geplaatst");
    expect(placed.placedAt).not.toBeNull();
    const waits = await api<{ total: { placements: number } }>(server.url, "/api/placements/waiting-times", {
      as: regisseur,
    });
    expect(waits.body.total.placements).toBeGreaterThanOrEqual(1);
  });

  it("when the youth hits a contra-indication, then accepting needs the provider's explicit agreement", async () => {
    const loc = await addLocation(server.database.db, { capacity: 5, occupied: 2 });
    const { locations } = await import("../../server/db/schema.js");
    await server.database.db
      .update(locations)
      .set({ contraIndications: ["brandstichting"] })
      .where(eq(locations.id, loc.id));
    const provider = await loginAs(server, "aanbieder", loc.providerId);
    // Residentieel only: the gezinshuis of an earlier test still has free places ("thuis, tenzij" would ask a reason).
    const req = await searchingRequest(server.url, regisseur, {
      characteristics: ["brandstichting"],
      acceptableCareTypes: ["residentieel"],
    });
    const matches = await api<MatchList>(server.url, `/api/requests/${req.id}/matches`, { as: regisseur });
    expect(matches.body.matches.find((m) => m.locationId === loc.id)?.contraIndications).toEqual(["brandstichting"]);
    const made = await reserve(req.id, loc.id);
    const answer = (body: object) =>
      api<Reservation & { detail?: string }>(server.url, `/api/reservations/${made.body.id}/answer`, {
        body,
        as: provider,
      });

    const refused = await answer({ answer: "accepteren" });
    const agreed = await answer({ answer: "accepteren", contraIndicationsAgreed: true });

    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/uitdrukkelijke instemming/);
    expect(agreed.status).toBe(200);
  });

  it("when more locations fit than asked for, then the best come first and the total still counts them all", async () => {
    for (let i = 0; i < 3; i++) await addLocation(server.database.db, { capacity: 5, occupied: 2 });
    const req = await searchingRequest(server.url, regisseur);
    const path = `/api/requests/${req.id}/matches`;
    const all = await api<MatchList>(server.url, `${path}?limit=500`, { as: regisseur });
    const best = await api<MatchList>(server.url, `${path}?limit=2`, { as: regisseur });
    const tooMany = await api(server.url, `${path}?limit=501`, { as: regisseur });

    expect(all.body.fitting).toBeGreaterThanOrEqual(3);
    expect(all.body.matches).toHaveLength(all.body.fitting);
    expect(best.body.fitting).toBe(all.body.fitting);
    expect(best.body.excluded).toBe(all.body.excluded);
    expect(best.body.matches.map((m) => m.locationId)).toEqual(all.body.matches.slice(0, 2).map((m) => m.locationId));
    expect(tooMany.status).toBe(400);
  });

  it("when a request is withdrawn, then the list leaves it out unless finished ones are asked for", async () => {
    const req = await searchingRequest(server.url, regisseur);
    const withdrawn = await api(server.url, `/api/requests/${req.id}/transition`, {
      body: { to: "ingetrokken" },
      as: regisseur,
    });
    const open = await api<PlacementRequest[]>(server.url, "/api/requests", { as: regisseur });
    const all = await api<PlacementRequest[]>(server.url, "/api/requests?finished=true", { as: regisseur });
    const bad = await api(server.url, "/api/requests?finished=misschien", { as: regisseur });

    expect(withdrawn.status).toBe(200);
    expect(open.body.map((r) => r.id)).not.toContain(req.id);
    expect(open.body.every((r) => r.status !== "geplaatst" && r.status !== "ingetrokken")).toBe(true);
    expect(all.body.find((r) => r.id === req.id)?.status).toBe("ingetrokken");
    expect(bad.status).toBe(400);
  });

  it("when another provider answers a reservation, then 404 as for a missing one and nothing changes", async () => {
    const loc = await addLocation(server.database.db, { capacity: 5, occupied: 2 });
    const stranger = await loginAs(server, "aanbieder", (await addLocation(server.database.db)).providerId);
    const req = await searchingRequest(server.url, regisseur, { acceptableCareTypes: ["residentieel"] });
    const made = await reserve(req.id, loc.id);
    const res = await api(server.url, `/api/reservations/${made.body.id}/answer`, {
      body: { answer: "accepteren" },
      as: stranger,
    });
    expect(res.status).toBe(404);
    expect(await location(loc.id)).toMatchObject({ reserved: 1 });
  });

  it("every read, search and match of a request is in the audit log with its case number", async () => {
    const req = await searchingRequest(server.url, regisseur);
    await api(server.url, `/api/requests/${req.id}`, { as: regisseur });
    await api(server.url, "/api/requests", { as: regisseur });
    await api(server.url, `/api/requests/${req.id}/matches`, { as: regisseur });
    await api(server.url, `/api/requests/${req.id}/reservations`, { as: regisseur });
    const rows = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectType, "plaatsingsverzoek"), eq(auditLog.objectId, String(req.id))));
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "verzoek.gelezen",
        "verzoek.gezocht",
        "verzoek.gematcht",
        "verzoek.reserveringen-gelezen",
      ]),
    );
    expect(rows.every((r) => r.onBehalfOf === req.caseNumber)).toBe(true);
  });

  it("no answer about a request may be kept by a browser or proxy: every API answer is no-store, without an ETag", async () => {
    const req = await searchingRequest(server.url, regisseur);
    for (const path of [`/api/requests/${req.id}`, "/api/requests", `/api/requests/${req.id}/matches`, "/api/nope"]) {
      const res = await api(server.url, path, { as: regisseur });
      expect([path, res.headers.get("cache-control")]).toEqual([path, "no-store"]);
      expect(res.headers.get("etag"), path).toBeNull();
    }
    const broken = await api(server.url, `/api/requests/${req.id}/transition`, { as: regisseur, rawBody: "{oops" });
    expect([broken.status, broken.headers.get("cache-control")]).toEqual([400, "no-store"]);
  });

  it("a verwijzer sees only its own requests (another's is 404, as if missing); a provider and policy staff see none", async () => {
    const mine = await loginAs(server, "verwijzer");
    const other = await loginAs(server, "verwijzer");
    const req = await searchingRequest(server.url, mine);
    expect((await api(server.url, `/api/requests/${req.id}`, { as: mine })).status).toBe(200);
    expect((await api(server.url, `/api/requests/${req.id}`, { as: other })).status).toBe(404);
    const list = await api<PlacementRequest[]>(server.url, "/api/requests", { as: other });
    expect(list.body.map((r) => r.id)).not.toContain(req.id);
    expect((await api(server.url, "/api/requests", { as: await loginAs(server, "beleid") })).status).toBe(403);
    expect((await api(server.url, `/api/requests/${req.id}/matches`, { as: mine })).status).toBe(403);
  });
});
