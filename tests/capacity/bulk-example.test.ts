// The documented example of the bulk call works as printed: its generated client types are those of the served
// OpenAPI document, and it sets a provider's numbers on a live server over real HTTP with a provider's token.
import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushFreePlaces, wijzerClient } from "../../docs/examples/bulk-update.js";
import { API_TYPES_FILE, apiTypesOf } from "../../docs/examples/generate-api-types.js";
import type { Db } from "../../server/db/client.js";
import { locations } from "../../server/db/schema.js";
import { loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { api, startTestServer, type TestServer } from "../support/server.js";

describe("the bulk update example", () => {
  let server: TestServer;
  let db: Db;
  beforeAll(async () => {
    server = await startTestServer("pglite");
    db = server.database.db;
  }, 180_000);
  afterAll(async () => server?.close());

  it("when the API changes, then the committed client types are regenerated (npm run api:types) or this fails", async () => {
    const served = (await api<object>(server.url, "/api/openapi.json")).body;
    const committed = readFileSync(API_TYPES_FILE, "utf8");
    // Compared as text: a difference names the first line that drifted.
    expect(committed, "docs/examples/api-types.d.ts is out of date: run npm run api:types").toBe(
      await apiTypesOf(served),
    );
  }, 60_000);

  it("when a planning system runs the example with its token, then its numbers are set and a wrong one is refused", async () => {
    const first = await addLocation(db, { capacity: 8, occupied: 8 });
    const second = await addLocation(db, { capacity: 4, occupied: 1 });
    await db.update(locations).set({ providerId: first.providerId }).where(eq(locations.id, second.id));
    // Another provider's location of the same code is not the example's to touch.
    const stranger = await addLocation(db, { capacity: 8, occupied: 8 });
    await db.update(locations).set({ code: first.code }).where(eq(locations.id, stranger.id));
    const token = await api<{ token: string }>(server.url, `/api/providers/${first.providerId}/tokens`, {
      body: { name: "Planningssysteem" },
      as: await loginAs(server, "beheerder"),
    });

    const answer = await pushFreePlaces(
      wijzerClient(server.url, token.body.token),
      first.providerId,
      new Map([
        [first.code, 3],
        [second.code, 9],
      ]),
    );

    expect(answer.counts).toEqual({ applied: 1, stale: 0, refused: 1 });
    expect(answer.results).toEqual([
      expect.objectContaining({ locationId: first.id, status: "applied" }),
      expect.objectContaining({ locationId: second.id, status: "refused", reason: "out-of-range" }),
    ]);
    const stored = async (id: number) => (await db.select().from(locations).where(eq(locations.id, id)))[0]!;
    expect(await stored(first.id)).toMatchObject({ free: 3, occupied: 5 });
    expect(await stored(second.id)).toMatchObject({ occupied: 1, version: second.version });
    expect(await stored(stranger.id)).toMatchObject({ occupied: 8, version: stranger.version });
  }, 60_000);

  it("when someone else changes a location between the example's read and its call, then it sends that one again with the current version", async () => {
    const location = await addLocation(db, { capacity: 6, occupied: 6 });
    const token = await api<{ token: string }>(server.url, `/api/providers/${location.providerId}/tokens`, {
      body: { name: "Planningssysteem" },
      as: await loginAs(server, "beheerder"),
    });
    const client = wijzerClient(server.url, token.body.token);
    let changed = false;
    // Another writer, just after the example read the list: its first call carries a version that is no longer current.
    client.use({
      async onResponse({ request }) {
        if (changed || !request.url.endsWith("/api/locations")) return;
        changed = true;
        await db
          .update(locations)
          .set({ occupied: 5, version: location.version + 1 })
          .where(eq(locations.id, location.id));
      },
    });

    const answer = await pushFreePlaces(client, location.providerId, new Map([[location.code, 2]]));

    expect(changed).toBe(true);
    expect(answer.results).toEqual([
      expect.objectContaining({
        locationId: location.id,
        status: "applied",
        location: expect.objectContaining({ free: 2 }),
      }),
    ]);
    const [stored] = await db.select().from(locations).where(eq(locations.id, location.id));
    expect(stored).toMatchObject({ occupied: 4, version: location.version + 2 });
  }, 60_000);
});
