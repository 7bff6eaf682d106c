// The region's rules at the API: a JeugdzorgPlus place without a machtiging is listed as not allowed and refused on
// reserving (422 naming the rule); stale numbers rank after confirmed ones of the same care type.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, reservations } from "../../server/db/schema.js";
import type { MatchList, Reservation } from "../../shared/schemas/placements.js";
import { type Caller, loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api, startTestServer, type TestServer } from "../support/server.js";

describe("the region's rules in matching and reserving", () => {
  let server: TestServer;
  let regisseur: Caller;
  beforeAll(async () => {
    server = await startTestServer("pglite");
    regisseur = await loginAs(server, "regisseur");
  });
  afterAll(async () => server?.close());

  const matches = async (requestId: number) =>
    (await api<MatchList>(server.url, `/api/requests/${requestId}/matches`, { as: regisseur })).body.matches;
  const reserve = (requestId: number, body: Record<string, unknown>) =>
    api<Reservation & { detail?: string }>(server.url, `/api/requests/${requestId}/reservations`, {
      body,
      as: regisseur,
    });

  it("when a request has no machtiging-jz, then a JZ+ place is listed as not allowed and reserving it is refused", async () => {
    const jzPlus = await addLocation(server.database.db, { careType: "jeugdzorgplus" });
    const req = await searchingRequest(server.url, regisseur, { acceptableCareTypes: ["jeugdzorgplus"] });

    const listed = (await matches(req.id)).find((m) => m.locationId === jzPlus.id);
    expect(listed?.notAllowed).toEqual(["Geen machtiging JeugdzorgPlus"]);
    expect(listed?.explanation).toContain("niet toegestaan: Geen machtiging JeugdzorgPlus");

    const refused = await reserve(req.id, { locationId: jzPlus.id });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain("Geen machtiging JeugdzorgPlus");
    const held = await server.database.db.select().from(reservations).where(eq(reservations.requestId, req.id));
    expect(held).toEqual([]);
  });

  it("when the request has machtiging-jz, then the same JZ+ place is allowed and can be reserved", async () => {
    const jzPlus = await addLocation(server.database.db, { careType: "jeugdzorgplus" });
    const req = await searchingRequest(server.url, regisseur, {
      acceptableCareTypes: ["jeugdzorgplus"],
      characteristics: ["machtiging-jz"],
    });
    expect((await matches(req.id)).find((m) => m.locationId === jzPlus.id)?.notAllowed).toEqual([]);
    const made = await reserve(req.id, { locationId: jzPlus.id });
    expect(made.status).toBe(200);
    const [audit] = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "reservering.gemaakt"), eq(auditLog.objectId, String(made.body.id))));
    expect(audit?.onBehalfOf).toBe(req.caseNumber);
  });

  it("when a location's numbers are stale, then it ranks after a confirmed one of its care type and says since when", async () => {
    const stale = await addLocation(server.database.db, {
      careType: "kleinschalig-wonen",
      municipality: "Losser",
      lastConfirmedAt: new Date("2026-01-05T10:00:00Z"),
    });
    const confirmed = await addLocation(server.database.db, { careType: "kleinschalig-wonen", municipality: "Losser" });
    const req = await searchingRequest(server.url, regisseur, { acceptableCareTypes: ["kleinschalig-wonen"] });
    const list = (await matches(req.id)).filter((m) => [stale.id, confirmed.id].includes(m.locationId));
    expect(list.map((m) => m.locationId)).toEqual([confirmed.id, stale.id]);
    expect(list[1]).toMatchObject({ stale: true });
    expect(list[1]?.explanation.join(" ")).toContain("cijfers verouderd: sinds 2026-01-05 niet bevestigd");
  });

  it("when a gezinshuis place is free, then reserving a residential group needs a coded reason, which is kept and audited", async () => {
    const familyHome = await addLocation(server.database.db, { careType: "gezinshuis", municipality: "Borne" });
    const group = await addLocation(server.database.db, { careType: "residentieel", municipality: "Borne" });
    const req = await searchingRequest(server.url, regisseur, { acceptableCareTypes: ["gezinshuis", "residentieel"] });
    const listed = (await matches(req.id)).map((m) => m.locationId);
    expect(listed.indexOf(familyHome.id)).toBeLessThan(listed.indexOf(group.id));

    const refused = await reserve(req.id, { locationId: group.id });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain("Thuis, tenzij");
    expect(refused.body.detail).toContain("Gezinshuis");
    expect(await server.database.db.select().from(reservations).where(eq(reservations.requestId, req.id))).toEqual([]);

    const badCode = await reserve(req.id, { locationId: group.id, homeLikeReason: "liever-niet" });
    expect(badCode.status).toBe(400);

    const made = await reserve(req.id, { locationId: group.id, homeLikeReason: "afstand-school" });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ homeLikeReason: "afstand-school", homeLikeBetter: "gezinshuis" });
    const [row] = await server.database.db.select().from(reservations).where(eq(reservations.id, made.body.id));
    expect(row).toMatchObject({ homeLikeReason: "afstand-school", homeLikeBetter: "gezinshuis" });
    const [audit] = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "reservering.gemaakt"), eq(auditLog.objectId, String(made.body.id))));
    expect(audit?.detail).toBe("thuis, tenzij: afstand-school (vrij in gezinshuis)");
  });

  it("when the most home-like fitting type is reserved, then no reason is asked and none is kept", async () => {
    const familyHome = await addLocation(server.database.db, { careType: "gezinshuis", municipality: "Tubbergen" });
    const req = await searchingRequest(server.url, regisseur, { acceptableCareTypes: ["gezinshuis", "residentieel"] });
    const made = await reserve(req.id, { locationId: familyHome.id, homeLikeReason: "wachttijd" });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ homeLikeReason: null, homeLikeBetter: null });
  });

  it("when the more home-like places are full or stale, then the less home-like one needs no reason", async () => {
    await addLocation(server.database.db, { careType: "pleegzorg", capacity: 2, occupied: 2 });
    await addLocation(server.database.db, { careType: "pleegzorg", lastConfirmedAt: new Date("2026-01-05T10:00:00Z") });
    const group = await addLocation(server.database.db, { careType: "kleinschalig-wonen", municipality: "Wierden" });
    const req = await searchingRequest(server.url, regisseur, {
      acceptableCareTypes: ["pleegzorg", "kleinschalig-wonen"],
    });
    const made = await reserve(req.id, { locationId: group.id });
    expect(made.status).toBe(200);
    expect(made.body.homeLikeReason).toBeNull();
  });
});
