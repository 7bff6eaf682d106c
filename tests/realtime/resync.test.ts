// Losses a socket cannot see: Redis goes away while node A writes, so node B's boards never get those pushes. Node A
// keeps serving its own sockets and nobody crashes; B's boards converge without any new write: from the head of the
// log while Redis is away, and from the resync once it is back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CapacityFeed, createCapacityFeed } from "../../client/src/lib/capacity-feed.js";
import { locations } from "../../server/db/schema.js";
import { applyCapacityEvent } from "../../shared/rules/capacity.js";
import type { CreatedToken } from "../../shared/schemas/auth.js";
import type { CapacityEvent, Location, LocationList } from "../../shared/schemas/capacity.js";
import { addAccount, type Caller, signIn } from "../support/auth.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";
import { type RedisServer, startRedisServer } from "../support/redis-server.js";
import { api, type ClientSocket, connectSocket, eventually, nextEvent } from "../support/server.js";

/** A board on a socket: its snapshot plus every event its feed delivers. */
function board(socket: ClientSocket, snapshot: LocationList, scope?: { municipality: "Enschede" }) {
  const view = new Map(snapshot.locations.map((l) => [l.id, l]));
  const resyncs: unknown[] = [];
  socket.on("capacity:resync", (hint) => resyncs.push(hint));
  const feed: CapacityFeed = createCapacityFeed(socket, {
    fromSeq: snapshot.seq,
    ...(scope ? { scope, versions: snapshot.locations.map((l) => [l.id, l.version] as [number, number]) } : {}),
    onEvents: (events) => {
      for (const e of events) {
        const before = view.get(e.locationId);
        if (before) view.set(e.locationId, applyCapacityEvent(before, e));
      }
    },
  });
  const equals = (truth: Location[]) => truth.every((l) => view.get(l.id)?.version === l.version);
  return { view, feed, resyncs, equals };
}
type Board = ReturnType<typeof board>;

describe("a Redis outage while another node writes", () => {
  let database: TestDatabase;
  let redis: RedisServer;
  let nodes: ServerProcess[] = [];
  let a: ServerProcess;
  let b: ServerProcess;
  const sockets: ClientSocket[] = [];
  const feeds: CapacityFeed[] = [];
  let providerId: number;
  let system: Caller;
  let regisseur: Caller;

  /** This provider's locations as node B reads them from the database. */
  const read = async (query = "") => {
    const list = (await api<LocationList>(b.url, `/api/locations${query}`, { as: regisseur })).body;
    return list.locations.filter((l) => l.providerId === providerId);
  };
  const open = async (url: string) => {
    const socket = await connectSocket(url, regisseur);
    sockets.push(socket);
    return socket;
  };
  const boardsOnB = async (): Promise<[Board, Board]> => {
    const snapshot = (await api<LocationList>(b.url, "/api/locations", { as: regisseur })).body;
    const everything = board(await open(b.url), snapshot);
    const enschede = board(
      await open(b.url),
      { ...snapshot, locations: snapshot.locations.filter((l) => l.municipality === "Enschede") },
      { municipality: "Enschede" },
    );
    feeds.push(everything.feed, enschede.feed);
    return [everything, enschede];
  };
  /** Node A writes with the provider's token; six changes spread over its locations. */
  const writeOnA = async () => {
    const own = await read();
    let last: Location | undefined;
    for (let i = 1; i <= 6; i++) {
      const res = await api<Location>(a.url, `/api/locations/${(own[i % own.length] as Location).id}/occupancy`, {
        method: "POST",
        body: { change: i % 3 === 2 ? "vrijgekomen" : "bezet" },
        as: system,
      });
      expect(res.status).toBe(200);
      last = res.body;
    }
    return last as Location;
  };
  const converged = async (everything: Board, enschede: Board) => {
    const truth = await read();
    const truthEnschede = await read("?municipality=Enschede");
    return everything.equals(truth) && enschede.equals(truthEnschede);
  };

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    redis = await startRedisServer();
    const env = { DATABASE_URL: database.url ?? "", REDIS_URL: redis.url };
    nodes = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    [a, b] = nodes as [ServerProcess, ServerProcess];
    // One provider with three locations: its planning system writes through node A with its token.
    const first = await addLocation(database.db, { careType: "residentieel", municipality: "Enschede", capacity: 40 });
    const { id: _id, free: _free, crisis: _crisis, ...template } = first;
    await database.db.insert(locations).values([
      { ...template, code: "TWEEDE", name: "Tweede", municipality: "Enschede" },
      { ...template, code: "DERDE", name: "Derde", careType: "pleegzorg", municipality: "Hengelo", postcode: "7551" },
    ]);
    providerId = first.providerId;
    const staff = await addAccount(database.db, "aanbieder", providerId);
    const created = await api<CreatedToken>(a.url, `/api/providers/${providerId}/tokens`, {
      body: { name: "Planning" },
      as: await signIn(a.url, staff.email),
    });
    expect(created.status).toBe(200);
    system = { token: created.body.token };
    regisseur = await signIn(a.url, (await addAccount(database.db, "regisseur")).email);
  });
  afterAll(async () => {
    for (const feed of feeds) feed.stop();
    for (const socket of sockets) socket.disconnect();
    await Promise.all(nodes.map((n) => n.stop()));
    await redis?.stop();
    await database?.close();
  });

  it("when Redis is killed and restarted while node A writes, then node B's boards converge to the database without a new write", async () => {
    const [everything, enschede] = await boardsOnB();
    const onA = await open(a.url);
    const pushedOnA: CapacityEvent[] = [];
    onA.on("capacity:changed", (e) => pushedOnA.push(e));

    await redis.kill();
    const last = await writeOnA();
    // Node A still pushes its own changes to its own sockets.
    await eventually(() => pushedOnA.some((e) => e.locationId === last.id && e.version === last.version), 10_000);
    await redis.restart();

    await eventually(() => converged(everything, enschede), 30_000);
    const truth = await read();
    expect([...everything.view.values()]).toEqual(truth);
    expect([...enschede.view.values()]).toEqual(truth.filter((l) => l.municipality === "Enschede"));
    // Once its subscription was back, node B told its sockets to catch up.
    await eventually(() => everything.resyncs.length > 0 && enschede.resyncs.length > 0, 30_000);
    // Nobody crashed, and a change made through B reaches a board on A through Redis again. (B's publisher may
    // reconnect a moment after its subscriber: ask again until a push comes through.)
    for (const node of nodes) expect(node.child.exitCode).toBeNull();
    let attempt = 0;
    await eventually(async () => {
      const pushed = nextEvent(onA, (e) => e.locationId === last.id, 2000).then(
        () => true,
        () => false,
      );
      const viaB = await api(b.url, `/api/locations/${last.id}/occupancy`, {
        method: "POST",
        body: { change: attempt++ % 2 ? "bezet" : "vrijgekomen" },
        as: system,
      });
      expect(viaB.status).toBe(200);
      return pushed;
    }, 30_000);
  }, 120_000);

  it("when Redis stays away, then node B's boards still catch up from the head of the log", async () => {
    const [everything, enschede] = await boardsOnB();
    await redis.kill();
    try {
      await writeOnA();
      // No push crosses nodes now and nothing more is written: only the head each node reads from the database
      // every few seconds shows B's boards that they are behind.
      await eventually(() => converged(everything, enschede), 30_000);
      expect(everything.resyncs).toEqual([]);
    } finally {
      await redis.restart();
    }
  }, 120_000);
});
