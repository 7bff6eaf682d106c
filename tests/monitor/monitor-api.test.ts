// The beschikbaarheidsmonitor against hand-made logs and requests: every figure is exactly what the data says, filters
// leave the rest out, and only policy staff, regisseurs and the beheerder may look.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client.js";
import { locations, placementRequests } from "../../server/db/schema.js";
import type { Monitor } from "../../shared/schemas/monitor.js";
import type { Reservation } from "../../shared/schemas/placements.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { addAccount, type Caller, loginAs } from "../support/auth.js";
import { logEvent, loggedLocation } from "../support/capacity-log.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api, startTestServer, type TestServer } from "../support/server.js";

const DAY_MS = 86_400_000;

describe.each(BACKENDS)("monitor API on %s", (backend) => {
  let server: TestServer;
  let db: Db;
  let beleid: Caller;
  let regisseur: Caller;
  beforeAll(async () => {
    server = await startTestServer(backend, { env: { ESCALATE_AFTER_DECLINES: "3", STALE_AFTER_HOURS: "72" } });
    db = server.database.db;
    beleid = await loginAs(server, "beleid");
    regisseur = await loginAs(server, "regisseur");
  });
  afterAll(async () => server?.close());

  // Figures are read as a regisseur, who may see locations and so every cell however small; what policy staff get for
  // small cells is tests/monitor/small-cells.test.ts.
  async function monitor(query: Record<string, string>, as: Caller = regisseur) {
    const res = await api<Monitor>(server.url, `/api/monitor?${new URLSearchParams(query)}`, { as });
    expect(res.status).toBe(200);
    return res.body;
  }

  it("when two places came free in March and one was taken, then March shows uitstroom 2 and instroom 1, by Dutch calendar", async () => {
    // Counts before the period must carry into it: this one never changes within it.
    await loggedLocation(
      db,
      "2024-06-03T09:00:00Z",
      { careType: "residentieel", municipality: "Losser" },
      { capacity: 3, occupied: 3 },
    );
    const group = await loggedLocation(
      db,
      "2025-01-07T09:00:00Z",
      { careType: "residentieel", municipality: "Losser" },
      {
        capacity: 6,
        occupied: 4,
      },
    );
    await logEvent(db, group.id, "2025-03-05T10:00:00Z", "plek-vrijgekomen", { capacity: 6, occupied: 3 });
    await logEvent(db, group.id, "2025-03-20T10:00:00Z", "plek-vrijgekomen", { capacity: 6, occupied: 2 });
    await logEvent(db, group.id, "2025-03-25T10:00:00Z", "plek-bezet", { capacity: 6, occupied: 3 });
    // 00:30 on 1 April in Amsterdam (summer time): April's, not March's.
    await logEvent(db, group.id, "2025-03-31T22:30:00Z", "plek-vrijgekomen", { capacity: 6, occupied: 2 });
    await logEvent(db, group.id, "2025-04-10T10:00:00Z", "plek-gereserveerd", {
      capacity: 6,
      occupied: 2,
      reserved: 1,
    });

    const report = await monitor({ municipality: "Losser", from: "2025-01-01", to: "2025-04-30" });

    expect(report.flows).toEqual([
      { month: "2025-01", instroom: 0, uitstroom: 0, viaCpwv: 0, doorstroom: 0, naarThuisnabijer: 0 },
      { month: "2025-02", instroom: 0, uitstroom: 0, viaCpwv: 0, doorstroom: 0, naarThuisnabijer: 0 },
      { month: "2025-03", instroom: 1, uitstroom: 2, viaCpwv: 0, doorstroom: 0, naarThuisnabijer: 0 },
      { month: "2025-04", instroom: 0, uitstroom: 1, viaCpwv: 0, doorstroom: 0, naarThuisnabijer: 0 },
    ]);
    const week = (monday: string) => report.occupancy.find((w) => w.week === monday);
    expect(report.occupancy[0]?.week).toBe("2024-12-30");
    expect(report.occupancy.at(-1)?.week).toBe("2025-04-28");
    expect(report.occupancy).toHaveLength(18);
    expect(week("2024-12-30")).toEqual({ week: "2024-12-30", capacity: 3, occupied: 3, reserved: 0, free: 0 });
    expect(week("2025-01-06")).toMatchObject({ capacity: 9, occupied: 7, free: 2 });
    expect(week("2025-03-03")).toMatchObject({ occupied: 6, free: 3 });
    expect(week("2025-03-17")).toMatchObject({ occupied: 5, free: 4 });
    expect(week("2025-03-24")).toMatchObject({ occupied: 6, free: 3 });
    expect(week("2025-03-31")).toMatchObject({ occupied: 5, free: 4 });
    expect(week("2025-04-07")).toEqual({ week: "2025-04-07", capacity: 9, occupied: 5, reserved: 1, free: 3 });
    // The last week is what the locations table says now.
    const [now] = await db
      .select({ occupied: sql<number>`sum(${locations.occupied})::int` })
      .from(locations)
      .where(eq(locations.municipality, "Losser"));
    expect(report.occupancy.at(-1)?.occupied).toBe(now?.occupied);
  });

  it("when filtered by municipality and care type, then the other municipalities and care types are left out", async () => {
    const tubbergen = await loggedLocation(
      db,
      "2025-05-01T08:00:00Z",
      { careType: "residentieel", municipality: "Tubbergen" },
      {
        capacity: 10,
        occupied: 8,
      },
    );
    const family = await loggedLocation(
      db,
      "2025-05-01T08:00:00Z",
      { careType: "gezinshuis", municipality: "Tubbergen" },
      {
        capacity: 3,
        occupied: 1,
      },
    );
    const dinkelland = await loggedLocation(
      db,
      "2025-05-01T08:00:00Z",
      { careType: "residentieel", municipality: "Dinkelland" },
      {
        capacity: 8,
        occupied: 5,
      },
    );
    await logEvent(db, tubbergen.id, "2025-05-12T09:00:00Z", "plek-bezet", { capacity: 10, occupied: 9 });
    await logEvent(db, family.id, "2025-05-13T09:00:00Z", "vrije-plekken-gewijzigd", { capacity: 3, occupied: 3 });
    await logEvent(db, dinkelland.id, "2025-05-14T09:00:00Z", "plek-bezet", { capacity: 8, occupied: 7 });
    const period = { from: "2025-05-01", to: "2025-05-31" };

    const inTubbergen = await monitor({ ...period, municipality: "Tubbergen" });
    const familyOnly = await monitor({ ...period, municipality: "Tubbergen", careType: "gezinshuis" });
    const inDinkelland = await monitor({ ...period, municipality: "Dinkelland" });

    expect(inTubbergen.flows).toEqual([
      { month: "2025-05", instroom: 3, uitstroom: 0, viaCpwv: 0, doorstroom: 0, naarThuisnabijer: 0 },
    ]);
    expect(inTubbergen.occupancy.at(-1)).toMatchObject({ capacity: 13, occupied: 12, free: 1 });
    expect(inTubbergen.compliance.map((c) => c.providerId).sort()).toEqual(
      [tubbergen.providerId, family.providerId].sort(),
    );
    expect(familyOnly).toMatchObject({ careType: "gezinshuis", municipality: "Tubbergen" });
    expect(familyOnly.flows).toEqual([
      { month: "2025-05", instroom: 2, uitstroom: 0, viaCpwv: 0, doorstroom: 0, naarThuisnabijer: 0 },
    ]);
    expect(familyOnly.compliance.map((c) => c.providerId)).toEqual([family.providerId]);
    expect(inDinkelland.flows).toEqual([
      { month: "2025-05", instroom: 2, uitstroom: 0, viaCpwv: 0, doorstroom: 0, naarThuisnabijer: 0 },
    ]);
    expect(inDinkelland.compliance.map((c) => c.providerId)).toEqual([dinkelland.providerId]);
  });

  it("when providers decline and accept through the product, then declines count by reason, the escalation by month, and the placement in waiting time and CPWV instroom", async () => {
    const reasons = ["groepssamenstelling", "personeel", "groepssamenstelling"] as const;
    const youth = await searchingRequest(server.url, regisseur, {
      homeMunicipality: "Wierden",
      acceptableCareTypes: ["kleinschalig-wonen"],
    });
    const elsewhere = await searchingRequest(server.url, regisseur, { homeMunicipality: "Almelo" });
    const reserveAndAnswer = async (requestId: number, answer: object) => {
      const place = await addLocation(db, { careType: "kleinschalig-wonen", municipality: "Wierden", capacity: 6 });
      const provider = await loginAs(server, "aanbieder", place.providerId);
      const made = await api<Reservation>(server.url, `/api/requests/${requestId}/reservations`, {
        body: { locationId: place.id },
        as: regisseur,
      });
      expect(made.status).toBe(200);
      const answered = await api(server.url, `/api/reservations/${made.body.id}/answer`, {
        body: answer,
        as: provider,
      });
      expect(answered.status).toBe(200);
    };
    for (const reason of reasons) await reserveAndAnswer(youth.id, { answer: "weigeren", reason });
    await reserveAndAnswer(elsewhere.id, { answer: "weigeren", reason: "leeftijd" });
    await reserveAndAnswer(youth.id, { answer: "accepteren" });

    const forYouths = await monitor({ municipality: "Wierden" });
    const thisMonth = forYouths.to.slice(0, 7);

    expect(Object.fromEntries((forYouths.declines ?? []).map((d) => [d.reason, d.declines]))).toEqual({
      "geen-plek-meer": 0,
      "contra-indicatie": 0,
      groepssamenstelling: 2,
      leeftijd: 0,
      "zorgzwaarte-te-hoog": 0,
      personeel: 1,
      "gezinshuisouder-past-niet": 0,
      "jeugdige-of-ouders-weigeren": 0,
      anders: 0,
    });
    expect(forYouths.escalations.at(-1)).toEqual({ month: thisMonth, escalations: 1 });
    expect(forYouths.escalations.reduce((n, e) => n + e.escalations, 0)).toBe(1);
    expect(forYouths.waiting?.placements).toBe(1);
    expect(forYouths.waiting?.buckets.find((b) => b.id === "0-1")?.placements).toBe(1);
    expect(forYouths.flows.at(-1)).toMatchObject({ month: thisMonth, instroom: 1, viaCpwv: 1 });
    // The Almelo youth's decline is Almelo's, and another care type filters the Wierden ones out.
    const almelo = await monitor({ municipality: "Almelo" });
    expect(almelo.declines?.find((d) => d.reason === "leeftijd")?.declines).toBe(1);
    expect(almelo.declines?.reduce((n, d) => n + d.declines, 0)).toBe(1);
    const otherCare = await monitor({ municipality: "Wierden", careType: "residentieel" });
    expect(otherCare.declines?.reduce((n, d) => n + d.declines, 0)).toBe(0);
    expect(otherCare.escalations.reduce((n, e) => n + e.escalations, 0)).toBe(0);
  });

  it("when placements waited half a day, three days and twenty days, then the buckets, median and p90 say so", async () => {
    const place = await addLocation(db, { careType: "gezinshuis", municipality: "Oldenzaal" });
    const owner = await addAccount(db, "verwijzer");
    const placedAt = new Date("2025-09-10T12:00:00Z");
    for (const [i, days] of [0.5, 3, 20].entries()) {
      await db.insert(placementRequests).values({
        caseNumber: `MON-${backend.toUpperCase()}-${i}`,
        createdBy: owner.id,
        age: 10,
        gender: "jongen",
        homeMunicipality: "Oldenzaal",
        homePostcode: "7570",
        urgency: "regulier",
        wantedStart: "2025-09-01",
        characteristics: [],
        acceptableCareTypes: ["gezinshuis"],
        complex: false,
        status: "geplaatst",
        placedAt,
        placedLocationId: place.id,
        createdAt: new Date(placedAt.getTime() - days * DAY_MS),
      });
    }

    const report = await monitor({ municipality: "Oldenzaal", from: "2025-09-01", to: "2025-09-30" });
    const outside = await monitor({ municipality: "Oldenzaal", from: "2025-10-01", to: "2025-10-31" });

    expect(report.waiting).toMatchObject({ placements: 3, medianDays: 3, p90Days: 20 });
    expect(Object.fromEntries((report.waiting?.buckets ?? []).map((b) => [b.id, b.placements]))).toEqual({
      "0-1": 1,
      "1-7": 1,
      "7-14": 0,
      "14-28": 1,
      "28-56": 0,
      "56-91": 0,
      "91+": 0,
    });
    expect(outside.waiting?.placements).toBe(0);
  });

  it("when one of a provider's locations was not confirmed for ten days, then its compliance counts it stale", async () => {
    const fresh = await addLocation(db, { municipality: "Haaksbergen", lastConfirmedAt: new Date() });
    const staleSince = new Date(Date.now() - 10 * DAY_MS);
    await db.insert(locations).values({
      providerId: fresh.providerId,
      code: "VEROUDERD",
      name: `Verouderd ${backend}`,
      careType: "residentieel",
      municipality: "Haaksbergen",
      postcode: "7481",
      lat: 52.16,
      lon: 6.74,
      ageMin: 12,
      ageMax: 18,
      capacity: 8,
      lastConfirmedAt: staleSince,
    });
    const neighbour = await addLocation(db, { municipality: "Haaksbergen", lastConfirmedAt: new Date() });

    const report = await monitor({ municipality: "Haaksbergen" });

    const own = report.compliance.find((c) => c.providerId === fresh.providerId);
    expect(own).toMatchObject({ locations: 2, stale: 1, oldestConfirmedAt: staleSince.toISOString() });
    expect(report.compliance.find((c) => c.providerId === neighbour.providerId)).toMatchObject({ stale: 0 });
    // Worst first.
    expect(report.compliance[0]?.providerId).toBe(fresh.providerId);
  });

  it("when numbers went unconfirmed for stretches, then the share in time is the part of the period they were fresh", async () => {
    const location = await loggedLocation(
      db,
      "2025-05-01T10:00:00Z",
      { careType: "driemilieu", municipality: "Borne" },
      {
        capacity: 10,
        occupied: 9,
      },
    );
    // Five days to the next confirmation (two of them stale), two days, then nothing until after the period.
    await logEvent(db, location.id, "2025-05-06T10:00:00Z", "ongewijzigd-bevestigd", { capacity: 10, occupied: 9 });
    await logEvent(db, location.id, "2025-05-08T10:00:00Z", "ongewijzigd-bevestigd", { capacity: 10, occupied: 9 });
    await logEvent(db, location.id, "2025-07-01T10:00:00Z", "ongewijzigd-bevestigd", { capacity: 10, occupied: 9 });

    const report = await monitor({
      municipality: "Borne",
      careType: "driemilieu",
      from: "2025-05-01",
      to: "2025-05-31",
    });

    // Covered from 1 May 10:00 to the end of 31 May in Amsterdam (22:00 UTC): 30.5 days, 2 + 20.5 of them stale.
    const row = report.compliance.find((c) => c.providerId === location.providerId);
    expect(row?.inTimeShare).toBeCloseTo(8 / 30.5, 2);
  });

  it("when no period is given, then it covers the last 24 months up to today", async () => {
    const report = await monitor({});
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam" }).format(new Date());
    expect(report.to).toBe(today);
    expect(report.flows).toHaveLength(24);
    expect(report.from).toBe(`${report.flows[0]?.month}-01`);
    expect(report.flows.at(-1)?.month).toBe(today.slice(0, 7));
    expect(report).toMatchObject({ careType: null, municipality: null, staleAfterHours: 72 });
  });

  it("when the period ends before it starts or spans more than five years, then 400 names the field", async () => {
    const fields = async (query: string) => {
      const res = await api<Problem>(server.url, `/api/monitor?${query}`, { as: beleid });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      return res.body.errors?.map((e) => e.field);
    };
    expect(await fields("from=2025-05-01&to=2025-04-01")).toEqual(["query.to"]);
    expect(await fields("from=2015-01-01&to=2025-01-01")).toEqual(["query.from"]);
    // Up to today, by default: still too long.
    expect(await fields("from=2015-01-01")).toEqual(["query.from"]);
  });

  it("when a verwijzer or an aanbieder asks, then 403; regisseur, beleid and beheerder get the aggregates", async () => {
    const place = await addLocation(db);
    const callers = {
      verwijzer: await loginAs(server, "verwijzer"),
      aanbieder: await loginAs(server, "aanbieder", place.providerId),
      regisseur,
      beleid,
      beheerder: await loginAs(server, "beheerder"),
    };
    const statuses: Record<string, number> = {};
    for (const [role, as] of Object.entries(callers))
      statuses[role] = (await api(server.url, "/api/monitor", { as })).status;
    expect(statuses).toEqual({ verwijzer: 403, aanbieder: 403, regisseur: 200, beleid: 200, beheerder: 200 });
    const body = JSON.stringify((await api(server.url, "/api/monitor", { as: beleid })).body);
    expect(body).not.toMatch(/caseNumber|TEST-|MON-/);
  });
});
