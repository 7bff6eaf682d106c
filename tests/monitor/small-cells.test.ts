// Small cells in the monitor and the waiting times: a beleidsmedewerker, who may not see locations, never reads in-,
// door- or uitstroom, waits or declines that describe one or two locations, under any filter; a regisseur still does;
// bezetting (counts of places) is the same for both.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CareType } from "../../shared/domain.js";
import { MIN_CELL_LOCATIONS } from "../../shared/rules/small-cells.js";
import type { Monitor } from "../../shared/schemas/monitor.js";
import type { Reservation } from "../../shared/schemas/placements.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { placedRequest, searchingRequest } from "../support/placements.js";
import { api, startTestServer, type TestServer } from "../support/server.js";
import { type CellFilter, cellFilters, SMALL_CELLS_REGION } from "../support/small-cells.js";

/** The seeded locations a selection holds. */
const locationsIn = (filter: CellFilter) =>
  SMALL_CELLS_REGION.filter(
    ([careType, municipality]) =>
      (!filter.careType || careType === filter.careType) &&
      (!filter.municipality || municipality === filter.municipality),
  ).reduce((n, [, , count]) => n + count, 0);

const describesFew = (locations: number) => locations > 0 && locations < MIN_CELL_LOCATIONS;

/** The movement figures a monitor answer carries (not null), found by walking all of it. */
function movementFigures(json: unknown, path = ""): string[] {
  if (json === null || typeof json !== "object") return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(json)) {
    const at = path ? `${path}.${key}` : key;
    if (["instroom", "uitstroom", "viaCpwv", "doorstroom", "naarThuisnabijer"].includes(key) && value !== null)
      found.push(key);
    else if ((key === "waiting" || key === "declines") && value !== null && path === "") found.push(key);
    else found.push(...movementFigures(value, at));
  }
  return [...new Set(found)];
}

describe.each(BACKENDS)("small cells in the monitor on %s", (backend) => {
  let server: TestServer;
  let beleid: Caller;
  let regisseur: Caller;
  beforeAll(async () => {
    server = await startTestServer(backend);
    beleid = await loginAs(server, "beleid");
    regisseur = await loginAs(server, "regisseur");
    for (const [careType, municipality, count] of SMALL_CELLS_REGION) {
      for (let i = 0; i < count; i++) {
        const place = await addLocation(server.database.db, { careType, municipality, capacity: 6, occupied: 4 });
        const youth = { homeMunicipality: municipality, acceptableCareTypes: [careType] };
        // A decline first (the place is free again after it), then a placement of a youth who lived in a gezinshuis.
        const declined = await searchingRequest(server.url, regisseur, youth);
        const made = await api<Reservation>(server.url, `/api/requests/${declined.id}/reservations`, {
          body: { locationId: place.id },
          as: regisseur,
        });
        expect(made.status).toBe(200);
        const provider = await loginAs(server, "aanbieder", place.providerId);
        const answer = { answer: "weigeren", reason: "groepssamenstelling" };
        const answered = await api(server.url, `/api/reservations/${made.body.id}/answer`, {
          body: answer,
          as: provider,
        });
        expect(answered.status).toBe(200);
        const placed = await placedRequest(server, regisseur, place, { ...youth, currentCareType: "gezinshuis" });
        expect(placed.status).toBe("geplaatst");
      }
    }
  }, 120_000);
  afterAll(async () => server?.close());

  const monitor = async (filter: CellFilter, as: Caller) => {
    const res = await api<Monitor>(server.url, `/api/monitor?${new URLSearchParams(filter)}`, { as });
    expect(res.status).toBe(200);
    return res.body;
  };

  it("when beleid looks under any filter, then no movement figure describes fewer than three locations, and bezetting is the regisseur's", async () => {
    for (const filter of cellFilters()) {
      const coarse = await monitor(filter, beleid);
      const detailed = await monitor(filter, regisseur);
      const label = JSON.stringify(filter);
      const shown = movementFigures(coarse);

      // In- and uitstroom count the places of the filter; doorstroom, waits and declines the places of the care type.
      // An empty selection describes nobody (its figures are zero); one or two locations must never show.
      if (shown.some((f) => ["instroom", "uitstroom", "viaCpwv"].includes(f)))
        expect(describesFew(locationsIn(filter)), `${label}: ${shown}`).toBe(false);
      if (shown.some((f) => ["doorstroom", "naarThuisnabijer", "waiting", "declines"].includes(f)))
        expect(describesFew(locationsIn({ careType: filter.careType })), `${label}: ${shown}`).toBe(false);
      for (const hidden of coarse.suppressed) expect(hidden.note, label).toMatch(/minder dan 3/);
      expect(coarse.suppressed.length > 0, label).toBe(shown.length < 7);
      // Counts of places are not movements.
      expect(coarse.occupancy, label).toEqual(detailed.occupancy);
      expect(coarse.compliance, label).toEqual(detailed.compliance);
      expect(coarse.locations, label).toBe(locationsIn(filter));
      expect(movementFigures(detailed), label).toHaveLength(7);
    }
  });

  it("when a regisseur looks at the one residentieel location in Almelo, then its flows are there; beleid reads a note instead", async () => {
    const filter: CellFilter = { careType: "residentieel", municipality: "Almelo" };
    const detailed = await monitor(filter, regisseur);
    const coarse = await monitor(filter, beleid);

    expect(detailed.flows.at(-1)).toMatchObject({ instroom: 1, viaCpwv: 1 });
    expect(coarse.flows.at(-1)).toMatchObject({ instroom: null, uitstroom: null, viaCpwv: null });
    expect(coarse.suppressed).toContainEqual({
      figure: "instroom-uitstroom",
      note: "Te weinig locaties (minder dan 3) om te tonen",
    });
    // The region as a whole is made of whole cells: everything shows, and adds up to the regisseur's figures.
    const region = await monitor({}, beleid);
    expect(region.suppressed).toEqual([]);
    expect(region.flows).toEqual((await monitor({}, regisseur)).flows);
    expect(region.waiting?.placements).toBe(13);
  });

  it("when beleid asks for waiting times, then care types of too few locations are only counted together, and the parts add up", async () => {
    type Stat = { placements: number };
    type Times = {
      total: Stat;
      byCareType: Record<string, Stat>;
      otherCareTypes: (Stat & { careTypes: string[]; note: string }) | null;
    };
    const coarse = (await api<Times>(server.url, "/api/placements/waiting-times", { as: beleid })).body;
    const detailed = (await api<Times>(server.url, "/api/placements/waiting-times", { as: regisseur })).body;

    for (const careType of Object.keys(coarse.byCareType))
      expect(locationsIn({ careType: careType as CareType }), careType).toBeGreaterThanOrEqual(MIN_CELL_LOCATIONS);
    const parts = Object.values(coarse.byCareType).reduce((n, s) => n + s.placements, 0);
    expect(parts + (coarse.otherCareTypes?.placements ?? 0)).toBe(coarse.total.placements);
    expect(coarse.total).toEqual(detailed.total);
    expect(coarse.otherCareTypes?.careTypes).toContain("kleinschalig-wonen");
    expect(detailed.byCareType["kleinschalig-wonen"]?.placements).toBe(2);
    expect(detailed.otherCareTypes).toBeNull();
  });
});
