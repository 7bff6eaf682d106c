// Small cells in the forecast: a verwijzer or a beleidsmedewerker, who may not see locations, never reads planned
// departures of a care type x gemeente cell of one or two locations, under any filter; a regisseur still gets every
// cell; free places and capacity are the same for everyone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { amsterdamToday } from "../../shared/calendar.js";
import { MIN_CELL_LOCATIONS, publishCells } from "../../shared/rules/small-cells.js";
import type { Forecast, GroupForecast } from "../../shared/schemas/forecast.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { api, startTestServer, type TestServer } from "../support/server.js";
import { cellFilters, SMALL_CELLS_REGION } from "../support/small-cells.js";

function day(offsetDays: number): string {
  return new Date(Date.parse(`${amsterdamToday()}T00:00:00Z`) + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** Every object in the answer that holds forecast weeks: the total and the groups, wherever they sit. */
function groupsIn(json: unknown): GroupForecast[] {
  if (Array.isArray(json)) return json.flatMap(groupsIn);
  if (!json || typeof json !== "object") return [];
  const found = Object.values(json).flatMap(groupsIn);
  return "weeks" in json && Array.isArray(json.weeks) ? [json as GroupForecast, ...found] : found;
}

const showsDepartures = (g: GroupForecast) => g.weeks.some((w) => w.plannedDepartures !== null);
const places = (g: GroupForecast) => ({ locations: g.locations, capacity: g.capacity, freeNow: g.freeNow });
const sumOf = (groups: GroupForecast[]) =>
  groups.reduce(
    (s, g) => ({
      locations: s.locations + g.locations,
      capacity: s.capacity + g.capacity,
      freeNow: s.freeNow + g.freeNow,
    }),
    { locations: 0, capacity: 0, freeNow: 0 },
  );

describe.each(BACKENDS)("small cells in the forecast on %s", (backend) => {
  let server: TestServer;
  let callers: Record<"verwijzer" | "beleid" | "regisseur", Caller>;
  beforeAll(async () => {
    server = await startTestServer(backend);
    const admin = await loginAs(server, "beheerder");
    let n = 0;
    for (const [careType, municipality, count] of SMALL_CELLS_REGION) {
      for (let i = 0; i < count; i++) {
        n += 1;
        const location = await addLocation(server.database.db, { careType, municipality, capacity: 6, occupied: 5 });
        // Every location plans a departure (and every other one an admission): each cell has movements to hide.
        const moves = [{ direction: "uitstroom", expectedDate: day(3 + (n % 4)), certainty: "zeker" }];
        if (n % 2 === 0) moves.push({ direction: "instroom", expectedDate: day(9), certainty: "waarschijnlijk" });
        for (const body of moves) {
          const res = await api(server.url, `/api/locations/${location.id}/planned`, { body, as: admin });
          expect(res.status).toBe(201);
        }
      }
    }
    callers = {
      verwijzer: await loginAs(server, "verwijzer"),
      beleid: await loginAs(server, "beleid"),
      regisseur: await loginAs(server, "regisseur"),
    };
  });
  afterAll(async () => server?.close());

  const forecast = async (query: Record<string, string>, as: Caller) => {
    const res = await api<Forecast>(server.url, `/api/forecast?${new URLSearchParams(query)}`, { as });
    expect(res.status).toBe(200);
    return res.body;
  };

  it.each(["verwijzer", "beleid"] as const)(
    "when a %s asks under any filter, then no group of fewer than three locations shows planned departures, and free places still add up",
    async (role) => {
      for (const query of cellFilters()) {
        const coarse = await forecast(query, callers[role]);
        const detailed = await forecast(query, callers.regisseur);
        const label = JSON.stringify(query);

        for (const group of groupsIn(coarse).filter(showsDepartures))
          expect(group.locations, `${label}: ${JSON.stringify(group)}`).toBeGreaterThanOrEqual(MIN_CELL_LOCATIONS);
        for (const group of groupsIn(coarse).filter((g) => g.locations > 0 && !showsDepartures(g)))
          expect(group.suppressed, label).toMatch(/minder dan 3/);
        // Counts of places are not movements: the same total for everyone, and the groups hold every location once.
        expect(places(coarse.total), label).toEqual(places(detailed.total));
        expect(sumOf(coarse.groups), label).toEqual(places(coarse.total));
        expect(
          coarse.total.weeks.map((w) => w.expected),
          label,
        ).toEqual(detailed.total.weeks.map((w) => w.expected));
      }
    },
  );

  it("when a verwijzer asks for the whole region, then small cells are merged per care type or into one 'overig' group and the departures still add up to the region's", async () => {
    const coarse = await forecast({}, callers.verwijzer);
    const detailed = await forecast({}, callers.regisseur);

    expect(coarse.total.suppressed).toBeUndefined();
    expect(coarse.total.weeks.map((w) => w.plannedDepartures)).toEqual(
      detailed.total.weeks.map((w) => w.plannedDepartures),
    );
    coarse.total.weeks.forEach((week, i) => {
      expect(coarse.groups.reduce((n, g) => n + (g.weeks[i]?.plannedDepartures ?? Number.NaN), 0)).toBe(
        week.plannedDepartures,
      );
    });
    expect(
      coarse.groups.map((g) => [g.careType, g.municipality, g.locations, g.merged?.municipalities ?? null]),
    ).toEqual([
      ["gezinshuis", null, 5, ["Borne", "Hengelo"]],
      ["residentieel", null, 3, ["Almelo", "Hengelo"]],
      [null, null, 5, ["Enschede", "Hengelo"]],
    ]);
    expect(coarse.groups.at(-1)?.merged?.careTypes).toEqual(["kleinschalig-wonen", "residentieel"]);
    expect(coarse.total.weeks.at(-1)?.plannedDepartures).toBe(13);
  });

  it("when a regisseur asks, then every care type x gemeente cell is there, also of one or two locations", async () => {
    const detailed = await forecast({}, callers.regisseur);
    expect(detailed.groups.map((g) => [g.careType, g.municipality, g.locations])).toEqual([
      ["gezinshuis", "Borne", 1],
      ["gezinshuis", "Hengelo", 4],
      ["kleinschalig-wonen", "Hengelo", 2],
      ["residentieel", "Almelo", 1],
      ["residentieel", "Enschede", 3],
      ["residentieel", "Hengelo", 2],
    ]);
    expect(detailed.groups.every((g) => g.weeks.at(-1)?.plannedDepartures === g.locations)).toBe(true);
    const one = await forecast({ careType: "residentieel", municipality: "Almelo" }, callers.regisseur);
    expect(one.total.weeks.at(-1)?.plannedDepartures).toBe(1);
    const hidden = await forecast({ careType: "residentieel", municipality: "Almelo" }, callers.verwijzer);
    expect(hidden.total.weeks.map((w) => w.plannedDepartures)).toEqual(Array(12).fill(null));
    expect(hidden.total.suppressed).toBe("Te weinig locaties (minder dan 3) om te tonen");
  });
});

describe("the small-cells partition", () => {
  it("when cells of every size are partitioned, then each part has at least three locations and holds every cell once", () => {
    const cells = SMALL_CELLS_REGION.map(([careType, municipality, locations]) => ({
      careType,
      municipality,
      locations,
    }));
    for (let drop = 0; drop <= cells.length; drop++) {
      const some = cells.filter((_, i) => i !== drop);
      const parts = publishCells(some);
      expect(parts.every((p) => p.locations >= MIN_CELL_LOCATIONS)).toBe(true);
      expect(parts.flatMap((p) => p.members).length).toBe(some.length);
      expect(parts.reduce((n, p) => n + p.locations, 0)).toBe(some.reduce((n, c) => n + c.locations, 0));
    }
    // A region of two locations: one part, too small, so nothing it holds is shown.
    expect(publishCells([{ careType: "gezinshuis", municipality: "Borne", locations: 2 }])).toMatchObject([
      { locations: 2, members: [{ municipality: "Borne" }] },
    ]);
  });
});
