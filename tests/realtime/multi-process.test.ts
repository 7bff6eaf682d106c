// Two server processes behind one Redis: a change made on one reaches a board connected to the other, and the
// totals a verwijzer's page shows on the other.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CapacitySummary, Location } from "../../shared/schemas/capacity.js";
import { addAccount, signIn } from "../support/auth.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";
import { api, type ClientSocket, connectSocket, nextEvent } from "../support/server.js";
import { TEST_REDIS_URL } from "../support/services.js";

describe("two processes, one PostgreSQL, one Redis", () => {
  let database: TestDatabase;
  let nodes: ServerProcess[] = [];
  let socket: ClientSocket;
  let totalsSocket: ClientSocket;

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    const env = { DATABASE_URL: database.url!, REDIS_URL: TEST_REDIS_URL };
    nodes = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  });
  afterAll(async () => {
    socket?.disconnect();
    totalsSocket?.disconnect();
    await Promise.all(nodes.map((n) => n.stop()));
    await database?.close();
  });

  it("when a provider updates on node A, then a board socket on node B receives the event", async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const location = await addLocation(database.db, { capacity: 10, occupied: 9 });
    const provider = await addAccount(database.db, "aanbieder", location.providerId);
    const regisseur = await addAccount(database.db, "regisseur");
    // Sessions live in the database: a login on node A is valid on node B.
    const asProvider = await signIn(a.url, provider.email);
    socket = await connectSocket(b.url, await signIn(a.url, regisseur.email));
    const pushed = nextEvent(socket, (e) => e.locationId === location.id);

    const res = await api<Location>(a.url, `/api/locations/${location.id}/availability`, {
      method: "PUT",
      body: { version: location.version, free: 3 },
      as: asProvider,
    });

    expect(res.status).toBe(200);
    const event = await pushed;
    expect(event).toMatchObject({ locationId: location.id, free: 3, occupied: 7, version: location.version + 1 });
    const fromB = await api<Location>(b.url, `/api/locations/${location.id}`, { as: asProvider });
    expect(fromB.body.free).toBe(3);
  });

  it("when a provider updates on node A, then a totals page on node B receives the new totals", async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const location = await addLocation(database.db, { capacity: 6, occupied: 6, municipality: "Dinkelland" });
    const provider = await addAccount(database.db, "aanbieder", location.providerId);
    const verwijzer = await addAccount(database.db, "verwijzer");
    const asProvider = await signIn(a.url, provider.email);
    const asVerwijzer = await signIn(b.url, verwijzer.email);
    const freeBefore = (await api<CapacitySummary>(b.url, "/api/capacity/summary", { as: asVerwijzer })).body
      .byMunicipality.Dinkelland?.free;
    expect(freeBefore).toBeDefined();
    totalsSocket = await connectSocket(b.url, asVerwijzer);
    expect(await totalsSocket.timeout(2000).emitWithAck("capacity:subscribe", { scope: "capaciteit-totalen" })).toEqual(
      {
        ok: true,
      },
    );
    const summaries: CapacitySummary[] = [];
    totalsSocket.on("capacity:summary", (s) => summaries.push(s));

    const res = await api<Location>(a.url, `/api/locations/${location.id}/availability`, {
      method: "PUT",
      body: { version: location.version, free: 4 },
      as: asProvider,
    });
    expect(res.status).toBe(200);
    // Node B committed nothing: it sees the change at the head of the log and reads the totals itself.
    await expect
      .poll(() => summaries.at(-1)?.byMunicipality.Dinkelland?.free, { timeout: 5000 })
      .toBe((freeBefore ?? 0) + 4);
  });
});
