// A client that stops reading must not grow the server's memory without bound: it is cut off, and it catches up
// from the log once it reads again.
import type { Socket as ServerSocket } from "socket.io";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCapacityFeed } from "../../client/src/lib/capacity-feed.js";
import { DEFAULT_BACKLOG_LIMIT } from "../../server/realtime/backlog.js";
import type { LocationList } from "../../shared/schemas/capacity.js";
import { type Caller, loginAs } from "../support/auth.js";
import { logEvent } from "../support/capacity-log.js";
import { addLocation } from "../support/fixtures.js";
import { api, connectSocket, eventually, startTestServer, type TestServer } from "../support/server.js";

/** What the server holds for one socket and has not written to the network yet (engine.io queue, ws, TCP socket). */
function unsent(socket: ServerSocket) {
  const conn = socket.conn as unknown as {
    writeBuffer: { data?: unknown }[];
    transport: { socket?: { bufferedAmount?: number } };
  };
  let bytes = conn.transport.socket?.bufferedAmount ?? 0;
  for (const packet of conn.writeBuffer) if (typeof packet.data === "string") bytes += Buffer.byteLength(packet.data);
  return { packets: conn.writeBuffer.length, bytes };
}

// The check runs before each replay answer and every second for broadcasts: the backlog can pass the limit by one
// answer (at most 500 events) and a second of broadcasts.
const SLACK_BYTES = 512 * 1024;

describe("slow consumers", () => {
  let server: TestServer;
  let admin: Caller;
  beforeAll(async () => {
    server = await startTestServer("pglite");
    admin = await loginAs(server, "beheerder");
  });
  afterAll(async () => server?.close());

  it("when a client stops reading while changes and replays pile up, then the server cuts it off with a bounded backlog, and it catches up once it reads again", async () => {
    // A log long enough that each replay answer is a full batch of 500 events.
    const history = await addLocation(server.database.db, { capacity: 50, occupied: 10 });
    for (let i = 0; i < 600; i++) {
      await logEvent(server.database.db, history.id, new Date(), i % 2 ? "plek-bezet" : "plek-vrijgekomen", {
        capacity: 50,
        occupied: 10 + (i % 2),
      });
    }
    const busy = await addLocation(server.database.db, { capacity: 50, occupied: 10 });
    const snapshot = (await api<LocationList>(server.url, "/api/locations", { as: admin })).body;
    const client = await connectSocket(server.url, admin);
    const feed = createCapacityFeed(client, { fromSeq: snapshot.seq, onEvents: () => {} });
    const onServer = server.app.realtime.io.of("/").sockets.get(client.id ?? "");
    if (!onServer) throw new Error("the server does not know the socket");
    let cutOff: string | undefined;
    onServer.once("disconnect", (reason) => {
      cutOff = reason;
    });
    let peak = { packets: 0, bytes: 0 };
    const sampler = setInterval(() => {
      const now = unsent(onServer);
      peak = { packets: Math.max(peak.packets, now.packets), bytes: Math.max(peak.bytes, now.bytes) };
    }, 5);

    const tcp = (client.io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } }).ws
      ._socket;
    tcp.pause();
    // The client still writes: it keeps asking for the log from the start, within its rate limit; a provider keeps
    // changing places, so broadcasts pile up too.
    const asking = setInterval(() => client.emit("capacity:sync", { afterSeq: 0 }, () => {}), 70);
    let writes = 0;
    const writer = (async () => {
      while (cutOff === undefined && writes < 2000) {
        const change = writes++ % 2 ? "vrijgekomen" : "bezet";
        await api(server.url, `/api/locations/${busy.id}/occupancy`, { method: "POST", body: { change }, as: admin });
      }
    })();
    try {
      await eventually(() => cutOff !== undefined, 45_000);
    } finally {
      clearInterval(asking);
      clearInterval(sampler);
      await writer;
    }

    expect(cutOff).toBeDefined();
    expect(writes).toBeGreaterThan(0);
    // It did pile up (the scenario is real), and stayed within the bound.
    expect(peak.bytes).toBeGreaterThan(DEFAULT_BACKLOG_LIMIT.bytes / 2);
    expect(peak.bytes).toBeLessThanOrEqual(DEFAULT_BACKLOG_LIMIT.bytes + SLACK_BYTES);
    expect(peak.packets).toBeLessThanOrEqual(DEFAULT_BACKLOG_LIMIT.packets + 100);
    // Cut, not closed politely: a close handshake would wait for a reader that does not read.
    await eventually(() => onServer.conn.readyState === "closed");

    tcp.resume();
    const truth = (await api<LocationList>(server.url, "/api/locations", { as: admin })).body;
    await eventually(() => client.connected && feed.lastSeq() === truth.seq, 30_000);
    feed.stop();
    client.disconnect();
  }, 120_000);
});
