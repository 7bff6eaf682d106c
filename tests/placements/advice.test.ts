// The matchadvies and the map of a request's matches: what they show, who may have them, that every fetch and every
// print is in the audit log, and that the map's tiles (and the CSP) follow MAP_TILE_URL.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../server/db/schema.js";
import type { Advice, MatchMap } from "../../shared/schemas/advice.js";
import type { PlacementRequest, Reservation } from "../../shared/schemas/placements.js";
import { type Caller, loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { ambulantRecord, requestInput, searchingRequest } from "../support/placements.js";
import { api, startTestServer, type TestServer } from "../support/server.js";

describe("matchadvies", () => {
  let server: TestServer;
  let regisseur: Caller;
  let verwijzer: Caller;
  beforeAll(async () => {
    server = await startTestServer("pglite");
    regisseur = await loginAs(server, "regisseur");
    verwijzer = await loginAs(server, "verwijzer");
  });
  afterAll(async () => server?.close());

  const auditOf = (requestId: number, action: string) =>
    server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectId, String(requestId)), eq(auditLog.action, action)));

  it("when a regisseur opens the advice of a searching request, then it holds codes, the record, options and the choice, and the fetch is audited", async () => {
    const place = await addLocation(server.database.db, { careType: "gezinshuis", capacity: 4, occupied: 2 });
    const request = await searchingRequest(server.url, verwijzer, { complex: true, characteristics: ["trauma"] });
    const reserved = await api<Reservation>(server.url, `/api/requests/${request.id}/reservations`, {
      body: { locationId: place.id },
      as: regisseur,
    });
    expect(reserved.status).toBe(200);

    const res = await api<Advice>(server.url, `/api/requests/${request.id}/advice`, { as: regisseur });

    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const advice = res.body;
    expect(advice.request).toMatchObject({ caseNumber: request.caseNumber, age: 14, characteristics: ["trauma"] });
    expect(advice.request.ambulantAlternatives).toEqual([expect.objectContaining({ type: ambulantRecord.type })]);
    expect(advice.request.explanatoryAnalysis).toEqual({ madeOn: "2026-10-01", madeBy: "Gedragswetenschapper GI" });
    expect(advice.options?.fitting).toBeGreaterThan(0);
    expect(advice.options?.matches[0]?.explanation.length).toBeGreaterThan(0);
    expect(advice.choice).toMatchObject({ locationId: place.id, status: "open" });
    expect(advice.madeBy).toBe((regisseur as { user: { name: string } }).user.name);
    // Codes only: nothing in the answer is a field for a name or a BSN.
    expect(JSON.stringify(advice)).not.toMatch(/"(name|bsn|firstName|lastName)"/i);
    const [entry] = await auditOf(request.id, "verzoek.advies-opgevraagd");
    expect(entry).toMatchObject({ outcome: "succes", onBehalfOf: request.caseNumber });
  });

  it("when the advice is printed, then the print is audited apart from the fetch", async () => {
    const request = await searchingRequest(server.url, verwijzer);
    const res = await api(server.url, `/api/requests/${request.id}/advice/printed`, { method: "POST", as: verwijzer });
    expect(res.status).toBe(200);
    expect(await auditOf(request.id, "verzoek.advies-afgedrukt")).toHaveLength(1);
    expect(await auditOf(request.id, "verzoek.advies-opgevraagd")).toHaveLength(0);
  });

  it("when the request is still a concept, then the advice says why there are no options", async () => {
    const created = await api<PlacementRequest>(server.url, "/api/requests", { body: requestInput(), as: verwijzer });
    const res = await api<Advice>(server.url, `/api/requests/${created.body.id}/advice`, { as: verwijzer });
    expect(res.status).toBe(200);
    expect(res.body.options).toBeNull();
    expect(res.body.optionsNote).toMatch(/ambulant/);
  });

  it("when another verwijzer asks for the advice, then it answers as if the request did not exist and logs the refusal", async () => {
    const request = await searchingRequest(server.url, verwijzer);
    const other = await loginAs(server, "verwijzer");
    const res = await api(server.url, `/api/requests/${request.id}/advice`, { as: other });
    const printed = await api(server.url, `/api/requests/${request.id}/advice/printed`, { method: "POST", as: other });
    expect([res.status, printed.status]).toEqual([404, 404]);
    expect(await auditOf(request.id, "verzoek.advies-opgevraagd")).toHaveLength(0);
    expect(await auditOf(request.id, "verzoek.advies-afgedrukt")).toHaveLength(0);
  });

  it("when a request id is not a number or does not exist, then 400 and 404", async () => {
    expect((await api(server.url, "/api/requests/abc/advice", { as: regisseur })).status).toBe(400);
    expect((await api(server.url, "/api/requests/999999/advice", { as: regisseur })).status).toBe(404);
  });

  it("when the regisseur opens the map, then home, school and the matched places with coordinates come, without tiles by default", async () => {
    const place = await addLocation(server.database.db, { careType: "gezinshuis", capacity: 4, occupied: 1 });
    const request = await searchingRequest(server.url, regisseur, { homePostcode: "7511", schoolPostcode: "7551" });

    const res = await api<MatchMap>(server.url, `/api/requests/${request.id}/map`, { as: regisseur });

    expect(res.status).toBe(200);
    expect(res.body.tiles).toBeNull();
    expect(res.body.home).toMatchObject({ postcode: "7511" });
    expect(res.body.school).toMatchObject({ postcode: "7551" });
    expect(res.body.places).toContainEqual(
      expect.objectContaining({ locationId: place.id, lat: 52.22, lon: 6.89, availableFrom: null }),
    );
    expect(await auditOf(request.id, "verzoek.kaart-bekeken")).toHaveLength(1);
    // Nothing outside may be loaded: images from this origin and data: only.
    const page = await fetch(`${server.url}/healthz`);
    expect(page.headers.get("content-security-policy")).toMatch(/img-src 'self' data:;/);
  });

  it("when a verwijzer asks for the map, then 403: the map is the regisseur's search", async () => {
    const request = await searchingRequest(server.url, verwijzer);
    expect((await api(server.url, `/api/requests/${request.id}/map`, { as: verwijzer })).status).toBe(403);
  });
});

describe("matchadvies map with MAP_TILE_URL", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("pglite", {
      env: { MAP_TILE_URL: "https://{s}.tiles.example.org/{z}/{x}/{y}.png", MAP_TILE_ATTRIBUTION: "© Voorbeeld" },
    });
  });
  afterAll(async () => server?.close());

  it("when a tile source is set, then the map gets it and the CSP allows that host for images, nothing more", async () => {
    const regisseur = await loginAs(server, "regisseur");
    const request = await searchingRequest(server.url, regisseur);
    const res = await api<MatchMap>(server.url, `/api/requests/${request.id}/map`, { as: regisseur });
    expect(res.body.tiles).toEqual({
      url: "https://{s}.tiles.example.org/{z}/{x}/{y}.png",
      attribution: "© Voorbeeld",
    });
    const csp = (await fetch(`${server.url}/healthz`)).headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/img-src 'self' data: https:\/\/\*\.tiles\.example\.org;/);
    expect(csp).toMatch(/script-src 'self';/);
  });
});
