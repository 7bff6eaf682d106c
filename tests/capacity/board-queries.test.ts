// What the board and verwijzers read: filtered lists, aggregate counts, the event log, and the OpenAPI contract.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { summarizeCapacity } from "../../shared/rules/capacity.js";
import type { CapacitySummary, EventPage, LocationList } from "../../shared/schemas/capacity.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { type Caller, loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { api, startTestServer, type TestServer } from "../support/server.js";

describe("board queries", () => {
  let server: TestServer;
  // A beheerder may change any location: these tests are about capacity, not about who may change it.
  let admin: Caller;
  const call = <T = unknown>(path: string, init: Parameters<typeof api>[2] = {}) =>
    api<T>(server.url, path, { as: admin, ...init });
  beforeAll(async () => {
    server = await startTestServer("pglite");
    admin = await loginAs(server, "beheerder");
    const db = server.database.db;
    await addLocation(db, { careType: "gezinshuis", municipality: "Almelo", capacity: 4, occupied: 4 });
    await addLocation(db, { careType: "gezinshuis", municipality: "Hengelo", capacity: 3, occupied: 1 });
    await addLocation(db, { careType: "residentieel", municipality: "Almelo", capacity: 10, occupied: 7, reserved: 1 });
  });
  afterAll(async () => server?.close());

  it("when filtering by care type, municipality and only-free, then only matching locations come back", async () => {
    const gezinshuis = await call<LocationList>("/api/locations?careType=gezinshuis");
    const almeloFree = await call<LocationList>("/api/locations?municipality=Almelo&onlyFree=true");
    expect(gezinshuis.body.locations.map((l) => l.municipality).sort()).toEqual(["Almelo", "Hengelo"]);
    expect(almeloFree.body.locations).toHaveLength(1);
    expect(almeloFree.body.locations[0]).toMatchObject({ careType: "residentieel", free: 2, reserved: 1 });
  });

  it("when a filter value is unknown, then 400 names the parameter", async () => {
    const res = await call<Problem>("/api/locations?careType=kasteel&colour=red");
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.field).sort()).toEqual(["query.careType", "query.colour"]);
  });

  it("the summary adds up per care type and per municipality", async () => {
    const { body } = await call<CapacitySummary>("/api/capacity/summary");
    expect(body.total).toEqual({ locations: 3, capacity: 17, free: 4 });
    expect(body.byCareType.gezinshuis).toEqual({ locations: 2, capacity: 7, free: 2 });
    expect(body.byMunicipality.Almelo).toEqual({ locations: 2, capacity: 14, free: 2 });
    expect(body.byMunicipality.Losser).toEqual({ locations: 0, capacity: 0, free: 0 });
    // The server counts in SQL; the board counts its live list: both must tell the same totals.
    const { body: list } = await call<LocationList>("/api/locations");
    expect(body).toEqual(summarizeCapacity(list.locations, list.seq));
  });

  it("the event log pages from a sequence number", async () => {
    const { body: list } = await call<LocationList>("/api/locations");
    const id = list.locations[1]!.id;
    await call(`/api/locations/${id}/occupancy`, { method: "POST", body: { change: "bezet" } });
    await call(`/api/locations/${id}/occupancy`, { method: "POST", body: { change: "vrijgekomen" } });
    const page = await call<EventPage>(`/api/events?after=${list.seq}&limit=1`);
    expect(page.body.events).toHaveLength(1);
    expect(page.body.events[0]).toMatchObject({ seq: list.seq + 1, kind: "plek-bezet", locationId: id });
    expect(page.body.seq).toBe(list.seq + 2);
  });

  it("GET /api/openapi.json describes every route with its schemas", async () => {
    const { status, body } = await api<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      server.url,
      "/api/openapi.json",
    );
    expect(status).toBe(200);
    expect(body.openapi).toBe("3.1.0");
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        "/api/capacity/summary",
        "/api/events",
        "/api/locations",
        "/api/locations/{id}",
        "/api/locations/{id}/availability",
        "/api/locations/{id}/confirm",
        "/api/locations/{id}/occupancy",
      ]),
    );
    const declared = new Set(server.app.routes.map((r) => r.path.replace(/:(\w+)/g, "{$1}")));
    expect(new Set(Object.keys(body.paths))).toEqual(declared);
    const put = body.paths["/api/locations/{id}/availability"]?.put as { requestBody: unknown; responses: object };
    expect(JSON.stringify(put.requestBody)).toContain("SetAvailability");
    expect(Object.keys(put.responses)).toEqual(expect.arrayContaining(["200", "400", "409", "422"]));
    // A route that creates answers 201, and the document says so.
    const planned = body.paths["/api/locations/{id}/planned"]?.post as { responses: object };
    expect(Object.keys(planned.responses)).toContain("201");
    expect(Object.keys(planned.responses)).not.toContain("200");
  });

  it("an unknown API path is a 404 problem, not the client app", async () => {
    const res = await call<Problem>("/api/nope");
    expect(res.status).toBe(404);
    expect(res.body.title).toBe("Niet gevonden");
  });
});
