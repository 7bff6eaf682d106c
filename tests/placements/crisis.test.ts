// Crisis places (domain.md, "Running a region"): kept for crisis intake, so a regular request takes one only by
// exception, with a coded reason that is kept, audited and counted in the monitor; a crisis request takes them first
// and needs no reason.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, locations, reservations } from "../../server/db/schema.js";
import { SMALL_CELL_NOTE } from "../../shared/rules/small-cells.js";
import type { Advice } from "../../shared/schemas/advice.js";
import type { Monitor } from "../../shared/schemas/monitor.js";
import type { MatchList, Reservation } from "../../shared/schemas/placements.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api, startTestServer, type TestServer } from "../support/server.js";

type Location = Awaited<ReturnType<typeof addLocation>>;

describe.each(BACKENDS)("crisis places in reserving and the monitor on %s", (backend) => {
  let server: TestServer;
  let regisseur: Caller;
  let beleid: Caller;
  /** Kleinschalig wonen in Hengelo: one free place, and it is the location's one crisis place. */
  let crisisOnly: Location;
  /** Kleinschalig wonen in Hengelo: every place a crisis place, all free. */
  let crisisBeds: Location;
  /** Kleinschalig wonen in Hengelo: four free, one of them a crisis place, so three regular ones. */
  let regular: Location;
  /** A gezinshuis in Hengelo with one regular place free. */
  let familyHome: Location;

  beforeAll(async () => {
    server = await startTestServer(backend);
    regisseur = await loginAs(server, "regisseur");
    beleid = await loginAs(server, "beleid");
    const db = server.database.db;
    crisisOnly = await addLocation(db, {
      careType: "kleinschalig-wonen",
      municipality: "Hengelo",
      capacity: 4,
      occupied: 3,
      crisisPlaces: 1,
    });
    crisisBeds = await addLocation(db, {
      careType: "kleinschalig-wonen",
      municipality: "Hengelo",
      capacity: 3,
      occupied: 0,
      crisisPlaces: 3,
    });
    regular = await addLocation(db, {
      careType: "kleinschalig-wonen",
      municipality: "Hengelo",
      capacity: 6,
      occupied: 2,
      crisisPlaces: 1,
    });
    familyHome = await addLocation(db, { careType: "gezinshuis", municipality: "Hengelo", capacity: 2, occupied: 1 });
  });
  afterAll(async () => server?.close());

  const matches = async (requestId: number) => {
    const res = await api<MatchList>(server.url, `/api/requests/${requestId}/matches`, { as: regisseur });
    expect(res.status).toBe(200);
    return res.body.matches;
  };
  const reserve = (requestId: number, body: Record<string, unknown>) =>
    api<Reservation & { detail?: string }>(server.url, `/api/requests/${requestId}/reservations`, {
      body,
      as: regisseur,
    });
  const auditOf = async (reservationId: number) => {
    const [row] = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "reservering.gemaakt"), eq(auditLog.objectId, String(reservationId))));
    return row;
  };
  const reservationsOf = (requestId: number) =>
    server.database.db.select().from(reservations).where(eq(reservations.requestId, requestId));

  it("when a regular request sees a location whose only free place is a crisis place, then it is listed after the regular places, flagged as an exception", async () => {
    const req = await searchingRequest(server.url, regisseur, { acceptableCareTypes: ["kleinschalig-wonen"] });
    const list = await matches(req.id);
    const ids = list.map((m) => m.locationId);
    const only = list.find((m) => m.locationId === crisisOnly.id);
    expect(only).toMatchObject({ crisisPlace: true, crisisException: true });
    expect(list.find((m) => m.locationId === regular.id)).toMatchObject({ crisisPlace: false, crisisException: false });
    expect(ids.indexOf(regular.id)).toBeLessThan(ids.indexOf(crisisOnly.id));
  });

  it("when a regular request reserves that crisis place without a reason, then 422 names the rule and nothing is written; with a coded reason it is kept and audited", async () => {
    const req = await searchingRequest(server.url, regisseur, { acceptableCareTypes: ["kleinschalig-wonen"] });

    const refused = await reserve(req.id, { locationId: crisisOnly.id });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain("Deze plek is een crisisplek");
    expect(refused.body.detail).toContain("crisisReason");
    expect(await reservationsOf(req.id)).toEqual([]);
    const [untouched] = await server.database.db.select().from(locations).where(eq(locations.id, crisisOnly.id));
    expect(untouched).toMatchObject({ reserved: 0, free: 1 });

    expect((await reserve(req.id, { locationId: crisisOnly.id, crisisReason: "liever-wel" })).status).toBe(400);

    const made = await reserve(req.id, { locationId: crisisOnly.id, crisisReason: "geen-reguliere-plek" });
    expect(made.status).toBe(200);
    expect(made.body.crisisReason).toBe("geen-reguliere-plek");
    const [row] = await reservationsOf(req.id);
    expect(row).toMatchObject({ crisisReason: "geen-reguliere-plek", locationId: crisisOnly.id });
    expect((await auditOf(made.body.id))?.detail).toBe("crisisplek voor regulier verzoek: geen-reguliere-plek");

    // The provider accepts: the youth is placed on the crisis place.
    const provider = await loginAs(server, "aanbieder", crisisOnly.providerId);
    const accepted = await api(server.url, `/api/reservations/${made.body.id}/answer`, {
      body: { answer: "accepteren" },
      as: provider,
    });
    expect(accepted.status).toBe(200);

    // The matchadvies shows the choice with its crisis reason.
    const advice = await api<Advice>(server.url, `/api/requests/${req.id}/advice`, { as: regisseur });
    expect(advice.status).toBe(200);
    expect(advice.body.choice).toMatchObject({ locationId: crisisOnly.id, crisisReason: "geen-reguliere-plek" });
  });

  it("when a regular request reserves a regular place and sends a crisis reason anyway, then the reason is ignored", async () => {
    const req = await searchingRequest(server.url, regisseur, { acceptableCareTypes: ["kleinschalig-wonen"] });
    const made = await reserve(req.id, { locationId: regular.id, crisisReason: "anders" });
    expect(made.status).toBe(200);
    expect(made.body.crisisReason).toBeNull();
    expect((await reservationsOf(req.id))[0]?.crisisReason).toBeNull();
    expect((await auditOf(made.body.id))?.detail ?? null).toBeNull();
  });

  it("when a crisis request searches, then free crisis places rank first, before a more home-like regular place", async () => {
    const req = await searchingRequest(server.url, regisseur, {
      urgency: "crisis",
      acceptableCareTypes: ["gezinshuis", "kleinschalig-wonen"],
    });
    const list = await matches(req.id);
    const ids = list.map((m) => m.locationId);
    expect(list.find((m) => m.locationId === crisisBeds.id)).toMatchObject({
      crisisPlace: true,
      crisisException: false,
    });
    expect(list.find((m) => m.locationId === familyHome.id)).toMatchObject({ crisisPlace: false });
    expect(ids.indexOf(crisisBeds.id)).toBeLessThan(ids.indexOf(familyHome.id));
  });

  it("when a crisis request reserves a crisis place, then no reason is asked and none is kept", async () => {
    const req = await searchingRequest(server.url, regisseur, {
      urgency: "crisis",
      acceptableCareTypes: ["kleinschalig-wonen"],
    });
    const made = await reserve(req.id, { locationId: crisisBeds.id, crisisReason: "veiligheid" });
    expect(made.status).toBe(200);
    expect(made.body.crisisReason).toBeNull();
    expect((await auditOf(made.body.id))?.detail ?? null).toBeNull();
  });

  it("when a crisis request takes a crisis place while a more home-like regular place is free, then no thuis-tenzij reason is asked", async () => {
    const req = await searchingRequest(server.url, regisseur, {
      urgency: "crisis",
      acceptableCareTypes: ["gezinshuis", "kleinschalig-wonen"],
    });
    const made = await reserve(req.id, { locationId: crisisBeds.id });
    expect(made.status).toBe(200);
    expect(made.body.homeLikeReason).toBeNull();
  });

  const monitor = async (query: string, as: Caller) => {
    const res = await api<Monitor>(server.url, `/api/monitor${query}`, { as });
    expect(res.status).toBe(200);
    return res.body;
  };

  it("when the monitor is read, then the crisis place taken by a regular request counts once, with its reason and placement", async () => {
    const report = await monitor("", regisseur);
    expect(report.crisisForRegular).toMatchObject({ reservations: 1, placed: 1 });
    expect(report.crisisForRegular?.reasons).toEqual([
      { reason: "geen-reguliere-plek", reservations: 1, placed: 1 },
      { reason: "veiligheid", reservations: 0, placed: 0 },
      { reason: "broers-zussen", reservations: 0, placed: 0 },
      { reason: "overbrugging", reservations: 0, placed: 0 },
      { reason: "anders", reservations: 0, placed: 0 },
    ]);
    // Care type of the place; the youth's woongemeente (Enschede), not the location's (Hengelo).
    expect((await monitor("?careType=gezinshuis", regisseur)).crisisForRegular?.reservations).toBe(0);
    expect((await monitor("?municipality=Enschede", regisseur)).crisisForRegular?.reservations).toBe(1);
    expect((await monitor("?municipality=Hengelo", regisseur)).crisisForRegular?.reservations).toBe(0);
    expect((await monitor("?from=2024-01-01&to=2024-12-31", regisseur)).crisisForRegular?.reservations).toBe(0);
  });

  it("when beleid singles out fewer than three locations, then the crisis figure is withheld with the reason", async () => {
    // The region as a whole is no small cell; the one gezinshuis is (merged with kleinschalig wonen for beleid).
    expect((await monitor("", beleid)).crisisForRegular?.reservations).toBe(1);
    const familyHomes = await monitor("?careType=gezinshuis", beleid);
    expect(familyHomes.crisisForRegular).toBeNull();
    expect(familyHomes.suppressed).toContainEqual({ figure: "crisis-regulier", note: SMALL_CELL_NOTE });
  });
});
