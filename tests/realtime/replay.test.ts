// A board that was offline catches up from the event log, not from socket.io delivery.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCapacityFeed } from "../../client/src/lib/capacity-feed.js";
import { applyCapacityEvent } from "../../shared/rules/capacity.js";
import type { CapacityEvent, EventPage, Location, LocationList } from "../../shared/schemas/capacity.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { api, connectSocket, eventually, startTestServer, type TestServer } from "../support/server.js";

describe.each(BACKENDS)("replay on %s", (backend) => {
  let server: TestServer;
  // A beheerder may change any location: these tests are about capacity, not about who may change it.
  let admin: Caller;
  const call = <T = unknown>(path: string, init: Parameters<typeof api>[2] = {}) =>
    api<T>(server.url, path, { as: admin, ...init });
  beforeAll(async () => {
    server = await startTestServer(backend);
    admin = await loginAs(server, "beheerder");
  });
  afterAll(async () => server?.close());

  it("when a client was disconnected during 50 updates, then after reconnect it equals the database exactly", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await addLocation(server.database.db, { capacity: 12, occupied: 6 })).id);
    const snapshot = (await call<LocationList>("/api/locations")).body;
    const view = new Map(snapshot.locations.map((l) => [l.id, l]));
    const socket = await connectSocket(server.url, admin);
    const received: CapacityEvent[] = [];
    const feed = createCapacityFeed(socket, {
      fromSeq: snapshot.seq,
      onEvents: (events) => {
        received.push(...events);
        for (const e of events) view.set(e.locationId, applyCapacityEvent(view.get(e.locationId)!, e));
      },
    });

    socket.io.engine.close();
    await eventually(() => !socket.connected);
    socket.io.reconnection(false);
    socket.disconnect();
    for (let i = 0; i < 50; i++) {
      const id = ids[i % ids.length]!;
      const change = i % 3 === 2 ? "vrijgekomen" : "bezet";
      const res = await call(`/api/locations/${id}/occupancy`, { method: "POST", body: { change } });
      expect(res.status).toBe(200);
    }
    expect(received).toHaveLength(0);
    socket.io.reconnection(true);
    socket.connect();

    const truth = (await call<LocationList>("/api/locations")).body;
    await eventually(() => feed.lastSeq() === truth.seq);
    expect(received.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => snapshot.seq + i + 1));
    const stripped = (l: Location) => ({ ...l });
    expect([...view.values()].map(stripped)).toEqual(truth.locations.map(stripped));
    feed.stop();
    socket.disconnect();
  });

  it("when a late node delivers events out of order, then the feed applies them in sequence, each once", async () => {
    const location = await addLocation(server.database.db, { capacity: 20, occupied: 0 });
    const start = (await call<LocationList>("/api/locations")).body.seq;
    const socket = await connectSocket(server.url, admin);
    const delivered: number[] = [];
    const feed = createCapacityFeed(socket, {
      fromSeq: start,
      onEvents: (es) => delivered.push(...es.map((e) => e.seq)),
    });
    await eventually(() => feed.lastSeq() === start);
    socket.io.reconnection(false);
    socket.disconnect();
    for (let i = 0; i < 3; i++) {
      await call(`/api/locations/${location.id}/occupancy`, { method: "POST", body: { change: "bezet" } });
    }
    const { events } = (await call<EventPage>(`/api/events?after=${start}`)).body;
    // Another node's pushes arrive late and reversed while this socket is between connections.
    const arrive = (e: CapacityEvent) => {
      for (const listener of socket.listeners("capacity:changed")) listener(e);
    };
    arrive(events[2]!);
    arrive(events[1]!);
    expect(delivered).toEqual([]);
    socket.io.reconnection(true);
    socket.connect();
    await eventually(() => feed.lastSeq() === start + 3);
    arrive(events[0]!);
    expect(delivered).toEqual([start + 1, start + 2, start + 3]);
    feed.stop();
    socket.disconnect();
  });

  it("when a sync request is malformed, then the server answers with an error and stays up", async () => {
    const socket = await connectSocket(server.url, admin);
    const reply = await socket.timeout(2000).emitWithAck("capacity:sync", { afterSeq: "x" } as never);
    expect(reply).toMatchObject({ ok: false });
    expect((await call("/api/locations")).status).toBe(200);
    socket.disconnect();
  });
});
