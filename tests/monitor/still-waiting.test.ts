// Requests still waiting: the monitor counts open requests by the age of the request, per care type and woongemeente;
// placed and withdrawn ones are done; a care type of too few locations is withheld from beleid (small cells).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { placementRequests } from "../../server/db/schema.js";
import { ageBucket } from "../../server/features/monitor/still-waiting.js";
import type { CareType, Municipality, RequestStatus } from "../../shared/domain.js";
import type { Monitor, StillWaiting } from "../../shared/schemas/monitor.js";
import type { PlacementRequest } from "../../shared/schemas/placements.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { requestInput, searchingRequest } from "../support/placements.js";
import { api, startTestServer, type TestServer } from "../support/server.js";

const DAY_MS = 86_400_000;

describe("age bucket of a waiting request", () => {
  const now = new Date("2026-03-02T12:00:00Z");
  const madeDaysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  it("counts whole weeks since the request was made, the last bucket open-ended", () => {
    expect(ageBucket(madeDaysAgo(0), now)).toBe(0);
    expect(ageBucket(madeDaysAgo(6.9), now)).toBe(0);
    expect(ageBucket(madeDaysAgo(7), now)).toBe(1);
    expect(ageBucket(madeDaysAgo(14), now)).toBe(2);
    expect(ageBucket(madeDaysAgo(55), now)).toBe(3);
    expect(ageBucket(madeDaysAgo(90), now)).toBe(4);
    expect(ageBucket(madeDaysAgo(91), now)).toBe(5);
    expect(ageBucket(madeDaysAgo(800), now)).toBe(5);
  });
});

describe.each(BACKENDS)("requests still waiting in the monitor on %s", (backend) => {
  let server: TestServer;
  let regisseur: Caller;
  let beleid: Caller;

  /** A request made `daysAgo` days ago, in the given status (set in the database, as time and work would have). */
  async function requestOf(
    careTypes: CareType[],
    homeMunicipality: Municipality,
    daysAgo: number,
    status?: RequestStatus,
  ): Promise<void> {
    const overrides = { acceptableCareTypes: careTypes, homeMunicipality };
    const id =
      status === "concept"
        ? (await api<PlacementRequest>(server.url, "/api/requests", { body: requestInput(overrides), as: regisseur }))
            .body.id
        : (await searchingRequest(server.url, regisseur, overrides)).id;
    await server.database.db
      .update(placementRequests)
      .set({ createdAt: new Date(Date.now() - daysAgo * DAY_MS), ...(status ? { status } : {}) })
      .where(eq(placementRequests.id, id));
  }

  beforeAll(async () => {
    server = await startTestServer(backend);
    regisseur = await loginAs(server, "regisseur");
    beleid = await loginAs(server, "beleid");
    const db = server.database.db;
    // gezinshuis: 4 locations, a whole cell; kleinschalig wonen: 1 location, too few for beleid (merged with
    // residentieel's 3 into one "overig" cell).
    for (let i = 0; i < 4; i++) await addLocation(db, { careType: "gezinshuis", municipality: "Enschede" });
    for (let i = 0; i < 3; i++) await addLocation(db, { careType: "residentieel", municipality: "Almelo" });
    await addLocation(db, { careType: "kleinschalig-wonen", municipality: "Hengelo" });

    await requestOf(["gezinshuis"], "Enschede", 3);
    await requestOf(["gezinshuis"], "Enschede", 9, "concept");
    await requestOf(["gezinshuis", "kleinschalig-wonen"], "Hengelo", 20);
    await requestOf(["kleinschalig-wonen"], "Almelo", 100, "opgeschaald");
    // Done: not waiting any more.
    await requestOf(["gezinshuis"], "Enschede", 30, "geplaatst");
    await requestOf(["kleinschalig-wonen"], "Almelo", 30, "ingetrokken");
  });
  afterAll(async () => server?.close());

  const monitor = async (query: string, as: Caller) => {
    const res = await api<Monitor>(server.url, `/api/monitor${query}`, { as });
    expect(res.status).toBe(200);
    return res.body;
  };
  const counts = (w: StillWaiting | null) => w?.buckets.map((b) => b.requests);
  const careType = (w: StillWaiting | null, t: CareType) => w?.byCareType.find((g) => g.careType === t);
  const municipality = (w: StillWaiting | null, m: Municipality) => w?.byMunicipality.find((g) => g.municipality === m);

  it("when a regisseur opens the monitor, then open requests count by age, per care type they accept and per woongemeente", async () => {
    const { stillWaiting } = await monitor("", regisseur);

    expect(stillWaiting?.requests).toBe(4);
    expect(stillWaiting?.buckets.map((b) => b.id)).toEqual(["0-1", "1-2", "2-4", "4-8", "8-13", "13+"]);
    expect(counts(stillWaiting)).toEqual([1, 1, 1, 0, 0, 1]);
    expect(careType(stillWaiting, "gezinshuis")).toEqual({
      careType: "gezinshuis",
      requests: 3,
      buckets: [1, 1, 1, 0, 0, 0],
      note: null,
    });
    expect(careType(stillWaiting, "kleinschalig-wonen")).toMatchObject({ requests: 2, buckets: [0, 0, 1, 0, 0, 1] });
    expect(careType(stillWaiting, "pleegzorg")).toMatchObject({ requests: 0 });
    expect(municipality(stillWaiting, "Enschede")).toMatchObject({ requests: 2, buckets: [1, 1, 0, 0, 0, 0] });
    expect(municipality(stillWaiting, "Almelo")).toMatchObject({ requests: 1, buckets: [0, 0, 0, 0, 0, 1] });
    expect(stillWaiting?.byMunicipality).toHaveLength(14);
  });

  it("when filtered by gemeente or care type, then only those requests count", async () => {
    const enschede = (await monitor("?municipality=Enschede", regisseur)).stillWaiting;
    expect(enschede?.requests).toBe(2);
    expect(enschede?.byMunicipality.map((g) => g.municipality)).toEqual(["Enschede"]);
    const kleinschalig = (await monitor("?careType=kleinschalig-wonen", regisseur)).stillWaiting;
    expect(kleinschalig?.requests).toBe(2);
    expect(kleinschalig?.byCareType.map((g) => g.careType)).toEqual(["kleinschalig-wonen"]);
  });

  it("when beleid looks, then a care type of too few locations is withheld with the reason, the rest shows", async () => {
    const region = await monitor("", beleid);
    expect(region.stillWaiting?.requests).toBe(4);
    expect(careType(region.stillWaiting, "kleinschalig-wonen")).toEqual({
      careType: "kleinschalig-wonen",
      requests: null,
      buckets: null,
      note: "Te weinig locaties (minder dan 3) om te tonen",
    });
    expect(careType(region.stillWaiting, "gezinshuis")).toMatchObject({ requests: 3, note: null });

    const kleinschalig = await monitor("?careType=kleinschalig-wonen", beleid);
    expect(kleinschalig.stillWaiting).toBeNull();
    expect(kleinschalig.suppressed).toContainEqual({
      figure: "nog-wachtend",
      note: "Te weinig locaties (minder dan 3) om te tonen",
    });
  });
});
