// Doorstroom on the monitor: a request that records where the youth lives now (a zorgvorm, nothing more), placed
// through the CPWV, counts as doorstroom in the month of placement, and as "naar thuisnabijer" when the place is more
// home-like than where the youth came from. A request without it is instroom from home only.
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client.js";
import { placementRequests, requestTransitions } from "../../server/db/schema.js";
import type { FlowMonth, Monitor } from "../../shared/schemas/monitor.js";
import type { PlacementRequest } from "../../shared/schemas/placements.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { placedRequest, requestInput } from "../support/placements.js";
import { api, startTestServer, type TestServer } from "../support/server.js";

describe.each(BACKENDS)("doorstroom on %s", (backend) => {
  let server: TestServer;
  let db: Db;
  let regisseur: Caller;
  beforeAll(async () => {
    server = await startTestServer(backend);
    db = server.database.db;
    regisseur = await loginAs(server, "regisseur");
  });
  afterAll(async () => server?.close());

  /** This month's flows for the filter. */
  async function thisMonth(query: Record<string, string>): Promise<FlowMonth | undefined> {
    // As a regisseur, who sees every cell: the places here are two in Almelo, a cell policy staff get merged.
    const res = await api<Monitor>(server.url, `/api/monitor?${new URLSearchParams(query)}`, { as: regisseur });
    expect(res.status).toBe(200);
    const month = res.body.to.slice(0, 7);
    return res.body.flows.find((f) => f.month === month);
  }

  it("when youths from Hellendoorn are placed, then doorstroom counts those who lived in a zorgvorm, by their woongemeente and the zorgvorm of the new place", async () => {
    // The places are in Almelo: the gemeente filter means the youth's woongemeente, as for the other request figures.
    const small = await addLocation(db, { careType: "kleinschalig-wonen", municipality: "Almelo", capacity: 6 });
    const group = await addLocation(db, { careType: "residentieel", municipality: "Almelo", capacity: 10 });
    const youth = { homeMunicipality: "Hellendoorn", homePostcode: "7441" } as const;

    const stepDown = await placedRequest(server, regisseur, small, {
      ...youth,
      currentCareType: "jeugdzorgplus",
      acceptableCareTypes: ["kleinschalig-wonen"],
    });
    const stepUp = await placedRequest(server, regisseur, group, {
      ...youth,
      currentCareType: "gezinshuis",
      acceptableCareTypes: ["residentieel"],
    });
    const fromHome = await placedRequest(server, regisseur, group, { ...youth, acceptableCareTypes: ["residentieel"] });

    expect([stepDown, stepUp, fromHome].map((r) => [r.status, r.currentCareType])).toEqual([
      ["geplaatst", "jeugdzorgplus"],
      ["geplaatst", "gezinshuis"],
      ["geplaatst", null],
    ]);
    expect(await thisMonth({ municipality: "Hellendoorn" })).toMatchObject({ doorstroom: 2, naarThuisnabijer: 1 });
    // The zorgvorm filter is the place taken, not the one the youth came from.
    expect(await thisMonth({ municipality: "Hellendoorn", careType: "kleinschalig-wonen" })).toMatchObject({
      doorstroom: 1,
      naarThuisnabijer: 1,
    });
    expect(await thisMonth({ municipality: "Hellendoorn", careType: "residentieel" })).toMatchObject({
      doorstroom: 1,
      naarThuisnabijer: 0,
    });
    expect(await thisMonth({ municipality: "Hellendoorn", careType: "jeugdzorgplus" })).toMatchObject({
      doorstroom: 0,
    });
    // Almelo took the three places, but none of these youths lives there.
    expect(await thisMonth({ municipality: "Almelo" })).toMatchObject({ instroom: 3, doorstroom: 0 });
    expect(await thisMonth({})).toMatchObject({ instroom: 3, viaCpwv: 3, doorstroom: 2, naarThuisnabijer: 1 });
    const [stored] = await db
      .select({ currentCareType: placementRequests.currentCareType })
      .from(placementRequests)
      .where(eq(placementRequests.id, stepDown.id));
    expect(stored?.currentCareType).toBe("jeugdzorgplus");
  });

  it("when the youth's current zorgvorm is not a care type, then 400 names body.currentCareType and nothing is written", async () => {
    const before = await rows();
    const refused: (string | null)[] = [];
    for (const currentCareType of ["thuis", "Residentieel", "", 3]) {
      const input = requestInput();
      const res = await api<Problem>(server.url, "/api/requests", {
        body: { ...input, currentCareType },
        as: regisseur,
      });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(res.body.errors?.map((e) => e.field)).toEqual(["body.currentCareType"]);
      refused.push(input.caseNumber);
    }
    expect(await rows()).toEqual(before);
    const listed = await api<PlacementRequest[]>(server.url, "/api/requests", { as: regisseur });
    expect(listed.body.filter((r) => refused.includes(r.caseNumber))).toEqual([]);
  });

  it("when the API is described, then a request may carry currentCareType and always answers with it", async () => {
    type Schema = { properties: Record<string, { anyOf?: { enum?: string[] }[] }>; required?: string[] };
    const res = await api<{ components: { schemas: Record<string, Schema> } }>(server.url, "/api/openapi.json");
    const { CreatePlacementRequest: create, PlacementRequest: answer } = res.body.components.schemas;
    expect(JSON.stringify(create?.properties.currentCareType)).toContain('"jeugdzorgplus"');
    expect(create?.required ?? []).not.toContain("currentCareType");
    expect(answer?.required).toContain("currentCareType");
  });

  async function rows() {
    const [requests] = await db.select({ n: count() }).from(placementRequests);
    const [transitions] = await db.select({ n: count() }).from(requestTransitions);
    return { requests: requests?.n, transitions: transitions?.n };
  }
});
