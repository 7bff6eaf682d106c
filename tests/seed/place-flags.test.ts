// The demo's soort plek (#22 part 7): the seeded region has logeer-/respijtplekken among its gezinshuizen and
// foster families, and the worklist a respite request whose matches are those places only, and one asking behandeling.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.js";
import { openDatabase } from "../../server/db/client.js";
import { demoEmail, seedDemoAccounts } from "../../server/db/seed/accounts.js";
import { seedDemo } from "../../server/db/seed/seed.js";
import { seedDemoWorklist } from "../../server/db/seed/worklist.js";
import type { LocationList } from "../../shared/schemas/capacity.js";
import type { MatchList, PlacementRequest } from "../../shared/schemas/placements.js";
import { type Caller, signIn } from "../support/auth.js";
import type { TestDatabase } from "../support/database.js";
import { api, startAppOn } from "../support/server.js";

const PASSWORD = "demo-soort-plek-2026";

let database: TestDatabase;
let server: Awaited<ReturnType<typeof startAppOn>>;
let regisseur: Caller;
let open: PlacementRequest[];
let board: LocationList["locations"];

beforeAll(async () => {
  database = await openDatabase({});
  await seedDemo(database.db, { now: new Date(), seed: 42 });
  await seedDemoAccounts(database.db, PASSWORD);
  await seedDemoWorklist(database.db, loadConfig({}), { seed: 42 });
  server = await startAppOn(database);
  regisseur = await signIn(server.url, demoEmail("regisseur"), PASSWORD);
  open = (await api<PlacementRequest[]>(server.url, "/api/requests", { as: regisseur })).body;
  board = (await api<LocationList>(server.url, "/api/locations", { as: regisseur })).body.locations;
}, 120_000);

afterAll(async () => {
  await server?.close();
  await database?.close();
});

const matchesOf = async (id: number) =>
  (await api<MatchList>(server.url, `/api/requests/${id}/matches?limit=500`, { as: regisseur })).body.matches;

describe("the demo's soort plek", () => {
  it("when the board is opened, then gezinshuizen and deeltijd foster families include logeer-/respijtplekken, and 16+ groups kamertraining", () => {
    const respite = board.filter((l) => l.flags.includes("logeer-respijt"));
    expect(new Set(respite.map((l) => l.careType))).toEqual(new Set(["gezinshuis", "pleegzorg"]));
    expect(respite.some((l) => l.free > 0)).toBe(true);
    expect(board.filter((l) => l.flags.includes("kamertraining")).every((l) => l.ageMin >= 16)).toBe(true);
  });

  it("when the regisseur matches the respite request, then only respijt places are listed, and other searches list none", async () => {
    const respite = open.find((r) => r.status === "zoekend" && r.flags.includes("logeer-respijt"));
    expect(respite).toBeDefined();
    const respiteIds = new Set(board.filter((l) => l.flags.includes("logeer-respijt")).map((l) => l.id));

    const listed = await matchesOf(respite?.id ?? 0);

    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((m) => respiteIds.has(m.locationId) && m.flags.includes("logeer-respijt"))).toBe(true);
    for (const other of open.filter((r) => r.status === "zoekend" && !r.flags.includes("logeer-respijt"))) {
      expect((await matchesOf(other.id)).some((m) => respiteIds.has(m.locationId))).toBe(false);
    }
  });

  it("when the regisseur matches the request asking behandeling, then places with behandeling are among its matches", async () => {
    const treatment = open.find((r) => r.status === "zoekend" && r.flags.includes("behandeling"));
    expect(treatment).toBeDefined();
    const listed = await matchesOf(treatment?.id ?? 0);
    expect(listed.some((m) => m.flags.includes("behandeling"))).toBe(true);
  });
});
