// The board's totals as a zorgvorm x gemeente matrix: every role sees the cells, crisis places apart, kept live.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crisisFreePlaces, summarizeCapacity } from "../../shared/rules/capacity.js";
import type { CapacitySummary, LocationList } from "../../shared/schemas/capacity.js";
import { type Caller, loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { api, connectSocket, startTestServer, type TestServer } from "../support/server.js";

describe("free crisis places of a location", () => {
  it("counts free places as crisis places first, up to the number the location declares", () => {
    expect(crisisFreePlaces({ free: 3, crisisPlaces: 2 })).toBe(2);
    expect(crisisFreePlaces({ free: 1, crisisPlaces: 2 })).toBe(1);
    expect(crisisFreePlaces({ free: 4, crisisPlaces: 0 })).toBe(0);
  });
});

describe("capacity summary matrix", () => {
  let server: TestServer;
  let beheerder: Caller;
  let verwijzer: Caller;
  let enschedeGezinshuis: { id: number };
  beforeAll(async () => {
    server = await startTestServer("pglite");
    beheerder = await loginAs(server, "beheerder");
    verwijzer = await loginAs(server, "verwijzer");
    const db = server.database.db;
    enschedeGezinshuis = await addLocation(db, {
      careType: "gezinshuis",
      municipality: "Enschede",
      capacity: 4,
      occupied: 3,
    });
    await addLocation(db, { careType: "gezinshuis", municipality: "Enschede", capacity: 3, occupied: 1 });
    await addLocation(db, { careType: "gezinshuis", municipality: "Hengelo", capacity: 2, occupied: 2 });
    // 10 places, 2 of them crisis places; 3 free, so both crisis places count as free.
    await addLocation(db, {
      careType: "residentieel",
      municipality: "Enschede",
      capacity: 10,
      occupied: 7,
      crisisPlaces: 2,
    });
    // 6 places, 3 crisis places, 1 free: one crisis place free.
    await addLocation(db, {
      careType: "residentieel",
      municipality: "Enschede",
      capacity: 6,
      occupied: 5,
      crisisPlaces: 3,
    });
  });
  afterAll(async () => server?.close());

  const summaryAs = async (caller: Caller) =>
    (await api<CapacitySummary>(server.url, "/api/capacity/summary", { as: caller })).body;

  it("when a verwijzer reads the totals, then each zorgvorm x gemeente cell has its free and total places", async () => {
    const summary = await summaryAs(verwijzer);
    expect(summary.cells).toEqual([
      {
        careType: "gezinshuis",
        municipality: "Enschede",
        locations: 2,
        capacity: 7,
        free: 3,
        crisisPlaces: 0,
        crisisFree: 0,
      },
      {
        careType: "gezinshuis",
        municipality: "Hengelo",
        locations: 1,
        capacity: 2,
        free: 0,
        crisisPlaces: 0,
        crisisFree: 0,
      },
      {
        careType: "residentieel",
        municipality: "Enschede",
        locations: 2,
        capacity: 16,
        free: 4,
        crisisPlaces: 5,
        crisisFree: 3,
      },
    ]);
    // The margins still add up to the same places.
    expect(summary.byCareType.gezinshuis).toEqual({ locations: 3, capacity: 9, free: 3 });
    expect(summary.byMunicipality.Enschede).toEqual({ locations: 4, capacity: 23, free: 7 });
  });

  it("the server's grouped count and the board's count of its live list give the same matrix", async () => {
    const summary = await summaryAs(beheerder);
    const { body: list } = await api<LocationList>(server.url, "/api/locations", { as: beheerder });
    expect(summary).toEqual(summarizeCapacity(list.locations, list.seq));
  });

  it("when places come free, then a verwijzer's totals socket receives the changed cell", async () => {
    const socket = await connectSocket(server.url, verwijzer);
    const summaries: CapacitySummary[] = [];
    socket.on("capacity:summary", (s) => summaries.push(s));
    expect(await socket.timeout(2000).emitWithAck("capacity:subscribe", { scope: "capaciteit-totalen" })).toEqual({
      ok: true,
    });

    const freed = await api(server.url, `/api/locations/${enschedeGezinshuis.id}/occupancy`, {
      method: "POST",
      body: { change: "vrijgekomen", places: 2 },
      as: beheerder,
    });

    expect(freed.status).toBe(200);
    const cellOf = (s: CapacitySummary | undefined) =>
      s?.cells.find((c) => c.careType === "gezinshuis" && c.municipality === "Enschede")?.free;
    await expect.poll(() => cellOf(summaries.at(-1)), { timeout: 5000 }).toBe(5);
    expect(cellOf(await summaryAs(verwijzer))).toBe(5);
    socket.disconnect();
  });
});
