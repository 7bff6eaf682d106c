// Room-scoped feeds: a board filtered on a care type and/or municipality hears only that scope, live and in replay.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCapacityFeed } from "../../client/src/lib/capacity-feed.js";
import { joinTotalsRoom } from "../../client/src/lib/socket.js";
import { DETAIL_ROOM, scopeRoom } from "../../server/realtime/scopes.js";
import { applyCapacityEvent } from "../../shared/rules/capacity.js";
import type { CapacityEvent, Location, LocationList } from "../../shared/schemas/capacity.js";
import type { SyncReply } from "../../shared/schemas/realtime.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import {
  api,
  type ClientSocket,
  connectSocket,
  eventually,
  nextEvent,
  startTestServer,
  type TestServer,
} from "../support/server.js";

const ENSCHEDE_RESIDENTIEEL = {
  scope: "capaciteit-detail",
  careType: "residentieel",
  municipality: "Enschede",
} as const;
const ENSCHEDE = { scope: "capaciteit-detail", municipality: "Enschede" } as const;
const TOTALS_ROOM = "capaciteit-totalen";

describe.each(BACKENDS)("room-scoped feeds on %s", (backend) => {
  let server: TestServer;
  let admin: Caller;
  const sockets: ClientSocket[] = [];
  const call = <T = unknown>(path: string, init: Parameters<typeof api>[2] = {}) =>
    api<T>(server.url, path, { as: admin, ...init });
  const occupy = async (locationId: number, change: "bezet" | "vrijgekomen" = "bezet") => {
    const res = await call(`/api/locations/${locationId}/occupancy`, { method: "POST", body: { change } });
    expect(res.status).toBe(200);
  };
  const open = async (as: Caller = admin) => {
    const socket = await connectSocket(server.url, as);
    sockets.push(socket);
    return socket;
  };
  const record = (socket: ClientSocket) => {
    const seen: CapacityEvent[] = [];
    socket.on("capacity:changed", (e) => seen.push(e));
    return seen;
  };

  /** The rooms the server holds this socket in (same process: the test looks at the server's side). */
  const roomsOf = (socket: ClientSocket) =>
    server.app.realtime.io.of("/").sockets.get(socket.id ?? "")?.rooms ?? new Set<string>();

  beforeAll(async () => {
    server = await startTestServer(backend);
    admin = await loginAs(server, "beheerder");
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await server?.close();
  });

  it("when boards subscribe to a scope, then each hears only its scope's events and the unscoped board hears all", async () => {
    const here = await addLocation(server.database.db, { careType: "residentieel", municipality: "Enschede" });
    const otherTown = await addLocation(server.database.db, { careType: "residentieel", municipality: "Hengelo" });
    const otherCare = await addLocation(server.database.db, { careType: "pleegzorg", municipality: "Enschede" });
    const narrow = await open();
    const town = await open();
    const everything = await open();
    expect(await narrow.timeout(2000).emitWithAck("capacity:subscribe", ENSCHEDE_RESIDENTIEEL)).toEqual({ ok: true });
    expect(await town.timeout(2000).emitWithAck("capacity:subscribe", ENSCHEDE)).toEqual({ ok: true });
    const [seenNarrow, seenTown, seenAll] = [record(narrow), record(town), record(everything)];
    const last = (socket: ClientSocket) => nextEvent(socket, (e) => e.locationId === here.id);
    const arrived = Promise.all([last(narrow), last(town), last(everything)]);

    // One node emits in commit order on each connection: once the last change has arrived, every earlier one has.
    await occupy(otherTown.id);
    await occupy(otherCare.id);
    await occupy(here.id);
    await arrived;

    const ids = (events: CapacityEvent[]) => events.map((e) => e.locationId);
    expect(ids(seenNarrow)).toEqual([here.id]);
    expect(ids(seenTown)).toEqual([otherCare.id, here.id]);
    expect(ids(seenAll)).toEqual([otherTown.id, otherCare.id, here.id]);
    expect(seenNarrow[0]).toMatchObject({ careType: "residentieel", municipality: "Enschede" });
  });

  it("when a scoped board asks a filtered sync, then it gets only its scope's events and the head of the log", async () => {
    const start = (await call<LocationList>("/api/locations")).body.seq;
    const here = await addLocation(server.database.db, { careType: "residentieel", municipality: "Enschede" });
    const elsewhere = await addLocation(server.database.db, { careType: "gezinshuis", municipality: "Almelo" });
    await occupy(here.id);
    await occupy(elsewhere.id);
    await occupy(here.id, "vrijgekomen");
    await occupy(elsewhere.id);
    const head = (await call<LocationList>("/api/locations")).body.seq;
    const socket = await open();

    const scoped = (await socket
      .timeout(2000)
      .emitWithAck("capacity:sync", { afterSeq: start, filter: ENSCHEDE_RESIDENTIEEL })) as SyncReply;
    const all = (await socket.timeout(2000).emitWithAck("capacity:sync", { afterSeq: start })) as SyncReply;

    expect(scoped).toMatchObject({ ok: true, complete: true, seq: head });
    if (!scoped.ok || !all.ok) throw new Error("sync refused");
    expect(scoped.events.map((e) => [e.locationId, e.seq])).toEqual([
      [here.id, start + 1],
      [here.id, start + 3],
    ]);
    expect(all.events.map((e) => e.seq)).toEqual([start + 1, start + 2, start + 3, start + 4]);
  });

  it("when a filter is bad, then subscribe and sync are refused with an error naming the field", async () => {
    const socket = await open();
    const badCare = await socket
      .timeout(2000)
      .emitWithAck("capacity:subscribe", { scope: "capaciteit-detail", careType: "kamertraining" } as never);
    const badTown = await socket.timeout(2000).emitWithAck("capacity:sync", {
      afterSeq: 0,
      filter: { scope: "capaciteit-detail", municipality: "Zwolle" },
    } as never);
    const extra = await socket
      .timeout(2000)
      .emitWithAck("capacity:subscribe", { scope: "capaciteit-totalen", municipality: "Enschede" } as never);

    expect(badCare).toMatchObject({ ok: false, error: expect.stringMatching(/^Ongeldig abonnement: careType/) });
    expect(badTown).toMatchObject({ ok: false, error: expect.stringMatching(/filter\.municipality/) });
    expect(extra).toMatchObject({ ok: false, error: expect.stringMatching(/^Ongeldig abonnement/) });
    // A refused filter leaves the socket as it was: it still hears every location.
    const location = await addLocation(server.database.db);
    const pushed = nextEvent(socket, (e) => e.locationId === location.id);
    await occupy(location.id);
    expect((await pushed).locationId).toBe(location.id);
  });

  it("when the last page showing totals stops, then the socket leaves the totals room; a bad leave is refused", async () => {
    const socket = await open(await loginAs(server, "verwijzer"));
    const joins: string[] = [];
    const stopBoard = joinTotalsRoom(socket, () => joins.push("board"));
    const stopMonitor = joinTotalsRoom(socket, () => joins.push("monitor"));
    await eventually(() => joins.length === 2);
    expect(roomsOf(socket).has(TOTALS_ROOM)).toBe(true);

    stopBoard();
    stopBoard(); // a second stop of the same page must not count as another page leaving
    const bad = await socket.timeout(2000).emitWithAck("capacity:unsubscribe", { scope: "capaciteit-detail" } as never);
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/^Ongeldig afmelden: scope/) });
    // The monitor still shows totals: the socket stays in the room.
    expect(roomsOf(socket).has(TOTALS_ROOM)).toBe(true);

    stopMonitor();
    await eventually(() => !roomsOf(socket).has(TOTALS_ROOM));
    // Leaving the totals room is all it does: the verwijzer is still signed in and may join again.
    const again = joinTotalsRoom(socket, () => joins.push("again"));
    await eventually(() => roomsOf(socket).has(TOTALS_ROOM));
    again();
  });

  it("when a verwijzer asks for a scope, then it is refused: aggregates only", async () => {
    const socket = await open(await loginAs(server, "verwijzer"));
    const reply = await socket.timeout(2000).emitWithAck("capacity:subscribe", ENSCHEDE);
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/Geen toegang/) });
  });

  it("when a scoped feed was offline during changes, then after reconnect its view equals the database for its scope", async () => {
    for (let i = 0; i < 3; i++) await addLocation(server.database.db, { municipality: "Enschede", capacity: 20 });
    await addLocation(server.database.db, { municipality: "Oldenzaal", capacity: 20 });
    const snapshot = (await call<LocationList>("/api/locations?municipality=Enschede")).body;
    const view = new Map(snapshot.locations.map((l) => [l.id, l]));
    const socket = await open();
    const feed = createCapacityFeed(socket, {
      fromSeq: snapshot.seq,
      scope: { municipality: "Enschede" },
      versions: snapshot.locations.map((l) => [l.id, l.version]),
      onEvents: (events) => {
        for (const e of events) {
          const before = view.get(e.locationId);
          if (!before) throw new Error(`event of location ${e.locationId}, outside the scope`);
          expect(e.version).toBeGreaterThan(before.version);
          view.set(e.locationId, applyCapacityEvent(before, e));
        }
      },
    });
    await eventually(() => roomsOf(socket).has(scopeRoom({ municipality: "Enschede" })));
    expect(roomsOf(socket).has(DETAIL_ROOM)).toBe(false);

    socket.io.reconnection(false);
    socket.disconnect();
    const all = (await call<LocationList>("/api/locations")).body.locations;
    for (let i = 0; i < 12; i++) {
      const location = all[(i * 7) % all.length] as Location;
      await occupy(location.id, i % 2 === 0 ? "bezet" : "vrijgekomen");
    }
    socket.io.reconnection(true);
    socket.connect();

    const truth = (await call<LocationList>("/api/locations?municipality=Enschede")).body;
    await eventually(() => truth.locations.every((l) => view.get(l.id)?.version === l.version));
    expect([...view.values()].filter((l) => l.municipality !== "Enschede")).toEqual([]);
    expect(truth.locations.map((l) => view.get(l.id))).toEqual(truth.locations);
    feed.stop();
  });

  it("when a scoped feed gets an event older than the version it holds, then it ignores it", async () => {
    const location = await addLocation(server.database.db, { municipality: "Losser", capacity: 20 });
    const start = (await call<LocationList>("/api/locations?municipality=Losser")).body;
    await occupy(location.id);
    await occupy(location.id);
    const socket = await open();
    const applied: CapacityEvent[] = [];
    const feed = createCapacityFeed(socket, {
      fromSeq: start.seq,
      scope: { municipality: "Losser" },
      versions: start.locations.map((l) => [l.id, l.version]),
      onEvents: (events) => applied.push(...events),
    });
    await eventually(() => applied.length === 2);
    // A late copy of the first change, as a slow node might deliver it.
    const stale = applied[0] as CapacityEvent;
    for (const listener of socket.listeners("capacity:changed")) listener(stale);
    await occupy(location.id, "vrijgekomen");
    await eventually(() => applied.length === 3);
    expect(applied.map((e) => e.version)).toEqual([location.version + 1, location.version + 2, location.version + 3]);
    feed.stop();
  });
});
