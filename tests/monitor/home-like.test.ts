// Thuis, tenzij on the monitor: of the placements answered in the period, the share placed in the most home-like care
// type that fitted freely, and per coded reason the others; youths, so beleid gets nothing for a care type of too few
// locations (small cells), as for the declines.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HomeLikeExceptionReason } from "../../shared/domain.js";
import { SMALL_CELL_NOTE } from "../../shared/rules/small-cells.js";
import type { Monitor } from "../../shared/schemas/monitor.js";
import type { CreateRequest, Reservation } from "../../shared/schemas/placements.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api, startTestServer, type TestServer } from "../support/server.js";

describe.each(BACKENDS)("placements in the most home-like fitting form on %s", (backend) => {
  let server: TestServer;
  let regisseur: Caller;
  let beleid: Caller;

  /** Reserved by the regisseur (with the reason, if given) and accepted by the location's provider. */
  async function place(
    location: { id: number; providerId: number },
    overrides: Partial<CreateRequest>,
    homeLikeReason?: HomeLikeExceptionReason,
  ): Promise<Reservation> {
    const request = await searchingRequest(server.url, regisseur, overrides);
    const reserved = await api<Reservation>(server.url, `/api/requests/${request.id}/reservations`, {
      body: { locationId: location.id, ...(homeLikeReason ? { homeLikeReason } : {}) },
      as: regisseur,
    });
    expect(reserved.status).toBe(200);
    const provider = await loginAs(server, "aanbieder", location.providerId);
    const accepted = await api(server.url, `/api/reservations/${reserved.body.id}/answer`, {
      body: { answer: "accepteren" },
      as: provider,
    });
    expect(accepted.status).toBe(200);
    return reserved.body;
  }

  beforeAll(async () => {
    server = await startTestServer(backend);
    regisseur = await loginAs(server, "regisseur");
    beleid = await loginAs(server, "beleid");
    const db = server.database.db;
    // residentieel: 4 locations, a whole cell; gezinshuis: 1 location, too few for beleid, merged with the 3 of
    // kleinschalig wonen (the smallest whole cell) into one "overig" cell.
    const groups = [];
    for (let i = 0; i < 4; i++)
      groups.push(await addLocation(db, { careType: "residentieel", municipality: "Almelo" }));
    for (let i = 0; i < 3; i++) await addLocation(db, { careType: "kleinschalig-wonen", municipality: "Hengelo" });
    const familyHome = await addLocation(db, { careType: "gezinshuis", municipality: "Almelo" });
    const [first, second] = groups;
    if (!first || !second) throw new Error("locations missing");

    // Each the most home-like care type that fitted: the only one the request accepts.
    await place(first, { acceptableCareTypes: ["residentieel"] });
    await place(familyHome, { acceptableCareTypes: ["gezinshuis"] });
    // The gezinshuis still has free places, so the residential group needs a reason.
    const passedOver = await place(second, { acceptableCareTypes: ["gezinshuis", "residentieel"] }, "afstand-school");
    expect(passedOver).toMatchObject({ homeLikeReason: "afstand-school", homeLikeBetter: "gezinshuis" });
  });
  afterAll(async () => server?.close());

  const monitor = async (query: string, as: Caller) => {
    const res = await api<Monitor>(server.url, `/api/monitor${query}`, { as });
    expect(res.status).toBe(200);
    return res.body;
  };
  const reasonCount = (m: Monitor, reason: HomeLikeExceptionReason) =>
    m.homeLike?.reasons.find((r) => r.reason === reason)?.placements;

  it("when a regisseur opens the monitor, then 2 of 3 placements count as most home-like and the reason once", async () => {
    const report = await monitor("", regisseur);
    expect(report.homeLike).toMatchObject({ placements: 3, mostHomeLike: 2, share: 0.667 });
    expect(report.homeLike?.reasons).toEqual([
      { reason: "afstand-school", placements: 1 },
      { reason: "broers-zussen", placements: 0 },
      { reason: "contra-indicatie", placements: 0 },
      { reason: "wachttijd", placements: 0 },
      { reason: "anders", placements: 0 },
    ]);
  });

  it("when filtered, then the care type of the place taken and the youth's woongemeente count", async () => {
    const residential = await monitor("?careType=residentieel", regisseur);
    expect(residential.homeLike).toMatchObject({ placements: 2, mostHomeLike: 1, share: 0.5 });
    expect(reasonCount(residential, "afstand-school")).toBe(1);
    // The places are in Almelo, the youths live in Enschede.
    expect((await monitor("?municipality=Enschede", regisseur)).homeLike).toMatchObject({ placements: 3 });
    expect((await monitor("?municipality=Almelo", regisseur)).homeLike).toMatchObject({ placements: 0, share: null });
    // A period before today's placements holds none.
    expect((await monitor("?from=2024-01-01&to=2024-12-31", regisseur)).homeLike?.placements).toBe(0);
  });

  it("when beleid singles out fewer than three locations, then the figure is withheld with the reason", async () => {
    expect((await monitor("", beleid)).homeLike).toMatchObject({ placements: 3, mostHomeLike: 2 });
    const residential = await monitor("?careType=residentieel", beleid);
    expect(residential.homeLike).toMatchObject({ placements: 2, mostHomeLike: 1 });

    const familyHomes = await monitor("?careType=gezinshuis", beleid);
    expect(familyHomes.homeLike).toBeNull();
    expect(familyHomes.suppressed).toContainEqual({ figure: "thuisnabij", note: SMALL_CELL_NOTE });
    // The regisseur may see locations: nothing withheld.
    expect((await monitor("?careType=gezinshuis", regisseur)).homeLike).toMatchObject({ placements: 1 });
  });
});
