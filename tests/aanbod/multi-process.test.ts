// Two server processes, one PostgreSQL, one Redis: a location opened through one process is on the other's board
// and in its match results at once, without a restart of either.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Provider } from "../../shared/schemas/aanbod.js";
import type { Location } from "../../shared/schemas/capacity.js";
import type { MatchList } from "../../shared/schemas/placements.js";
import { addAccount, signIn } from "../support/auth.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { randomAgbCode } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";
import { api, type ClientSocket, connectSocket, nextEvent } from "../support/server.js";
import { TEST_REDIS_URL } from "../support/services.js";

describe("a location opened on one process, seen on the other", () => {
  let database: TestDatabase;
  let nodes: ServerProcess[] = [];
  let board: ClientSocket | undefined;

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    const env = { DATABASE_URL: database.url!, REDIS_URL: TEST_REDIS_URL };
    nodes = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  });
  afterAll(async () => {
    board?.disconnect();
    await Promise.all(nodes.map((n) => n.stop()));
    await database?.close();
  });

  it("when the beheerder opens a location on node A, then node B's board hears it and B's matches include it", async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const beheerder = await signIn(a.url, (await addAccount(database.db, "beheerder")).email);
    const regisseur = await signIn(b.url, (await addAccount(database.db, "regisseur")).email);
    const searching = await searchingRequest(b.url, regisseur, {
      age: 9,
      acceptableCareTypes: ["gezinshuis"],
      characteristics: [],
    });
    // Node B's match index is loaded before the location exists.
    const first = await api<MatchList>(b.url, `/api/requests/${searching.id}/matches`, { as: regisseur });
    expect(first.status).toBe(200);
    board = await connectSocket(b.url, regisseur);
    const provider = await api<Provider>(a.url, "/api/providers", {
      body: { name: "Gezinshuis Twee Processen", agbCode: randomAgbCode(), kind: "gezinshuis" },
      as: beheerder,
    });
    const pushed = nextEvent(
      board,
      (e) => e.kind === "locatie-aangemaakt" && e.location?.providerId === provider.body.id,
    );

    const created = await api<Location>(a.url, "/api/locations", {
      body: {
        providerId: provider.body.id,
        code: "GH-1",
        name: "Gezinshuis Twee Processen",
        careType: "gezinshuis",
        municipality: "Enschede",
        postcode: "7511",
        ageMin: 4,
        ageMax: 18,
        capacity: 3,
      },
      as: beheerder,
    });

    expect(created.status).toBe(201);
    expect((await pushed).location).toMatchObject({ id: created.body.id, name: "Gezinshuis Twee Processen" });
    const after = await api<MatchList>(b.url, `/api/requests/${searching.id}/matches`, { as: regisseur });
    expect(after.body.matches.map((m) => m.locationId)).toContain(created.body.id);
  });
});
