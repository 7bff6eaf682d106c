// The head of the log as a safety net: a socket that missed the last event of its feed hears the head and can sync;
// a socket that was sent that event is not told again.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CareType, Municipality } from "../../shared/domain.js";
import type { CapacityEvent } from "../../shared/schemas/capacity.js";
import { type Caller, loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { api, connectSocket, nextEvent, startAppOn, startTestServer, type TestServer } from "../support/server.js";
import { TEST_REDIS_URL } from "../support/services.js";

// The ticker's interval (3 s) plus the spread (half of it), and some slack.
const ONE_TICK_MS = 5500;
const SCOPE = { scope: "capaciteit-detail", careType: "gezinshuis", municipality: "Losser" } as const;
const OTHER_SCOPE = { scope: "capaciteit-detail", careType: "pleegzorg", municipality: "Tubbergen" } as const;

describe("capacity:head", () => {
  let a: TestServer;
  // A second process on the same database without a broker between them: what it commits never reaches a's sockets
  // as an event, like a node that committed and died before it could publish.
  let b: Awaited<ReturnType<typeof startAppOn>>;
  let admin: Caller;

  beforeAll(async () => {
    a = await startTestServer("postgres");
    b = await startAppOn(a.database);
    admin = await loginAs(a, "beheerder");
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const occupy = async (url: string, locationId: number) => {
    const res = await api(url, `/api/locations/${locationId}/occupancy`, {
      method: "POST",
      body: { change: "bezet" },
      as: admin,
    });
    expect(res.status).toBe(200);
  };
  /** A location with five free places in this scope. */
  const freeIn = (scope: { careType: CareType; municipality: Municipality }) =>
    addLocation(a.database.db, {
      capacity: 5,
      occupied: 0,
      careType: scope.careType,
      municipality: scope.municipality,
    });

  /**
   * A socket on `watch` sent the newest event of its scope (committed on `commit`) hears no head repeating it; when it
   * misses one (committed on b, which has no broker), the head says so.
   */
  const sentThenMissed = async (watch: string, commit: string) => {
    const location = await freeIn(SCOPE);
    const watcher = await connectSocket(watch, admin);
    try {
      expect(await watcher.timeout(2000).emitWithAck("capacity:subscribe", SCOPE)).toEqual({ ok: true });
      const heads: number[] = [];
      watcher.on("capacity:head", ({ seq }) => heads.push(seq));

      const pushed = nextEvent(watcher, (e) => e.locationId === location.id);
      await occupy(commit, location.id);
      const sent: CapacityEvent = await pushed;
      heads.length = 0;
      await new Promise((resolve) => setTimeout(resolve, ONE_TICK_MS));
      expect(heads.filter((h) => h <= sent.seq)).toEqual([]);

      await occupy(b.url, location.id);
      await expect.poll(() => heads.some((h) => h > sent.seq), { timeout: ONE_TICK_MS, interval: 100 }).toBe(true);
    } finally {
      watcher.disconnect();
    }
  };

  it("when a socket was sent its scope's newest event, then no head repeats it; when it missed one, the head says so", async () => {
    await sentThenMissed(a.url, a.url);
  });

  it("when a socket moves to another scope, then what it was sent before does not keep that scope's head from it", async () => {
    const before = await freeIn(OTHER_SCOPE);
    const here = await freeIn(SCOPE);
    // The other scope's newest event, committed where a's sockets never hear it; then a newer one in this scope.
    await occupy(b.url, before.id);
    const mover = await connectSocket(a.url, admin);
    try {
      expect(await mover.timeout(2000).emitWithAck("capacity:subscribe", SCOPE)).toEqual({ ok: true });
      const pushed = nextEvent(mover, (e) => e.locationId === here.id);
      await occupy(a.url, here.id);
      const newer = await pushed;

      expect(await mover.timeout(2000).emitWithAck("capacity:subscribe", OTHER_SCOPE)).toEqual({ ok: true });
      const heads: number[] = [];
      mover.on("capacity:head", ({ seq }) => heads.push(seq));
      await expect.poll(() => heads.length, { timeout: ONE_TICK_MS, interval: 100 }).toBeGreaterThan(0);
      expect(heads.every((h) => h < newer.seq)).toBe(true);
    } finally {
      mover.disconnect();
    }
  });

  it("when a socket of a quiet scope has synced its feed, then no head repeats what the sync told it", async () => {
    // A node started after the log had events: a scope with none since has the log's head at the node's start as its
    // head, which a socket there was never sent.
    const QUIET = { scope: "capaciteit-detail", careType: "gezinshuis", municipality: "Dinkelland" } as const;
    await occupy(b.url, (await freeIn(OTHER_SCOPE)).id);
    const c = await startAppOn(a.database);
    const quiet = await connectSocket(c.url, admin);
    try {
      expect(await quiet.timeout(2000).emitWithAck("capacity:subscribe", QUIET)).toEqual({ ok: true });
      const heads: number[] = [];
      quiet.on("capacity:head", ({ seq }) => heads.push(seq));
      // A sync of another feed says nothing of its own: the head still comes.
      const other = await quiet.timeout(2000).emitWithAck("capacity:sync", { afterSeq: 0, filter: OTHER_SCOPE });
      expect(other).toMatchObject({ ok: true, complete: true });
      await expect.poll(() => heads.length, { timeout: 2 * ONE_TICK_MS, interval: 100 }).toBeGreaterThan(0);

      const synced = await quiet.timeout(2000).emitWithAck("capacity:sync", { afterSeq: heads[0] ?? 0, filter: QUIET });
      expect(synced).toMatchObject({ ok: true, complete: true });
      heads.length = 0;
      await new Promise((resolve) => setTimeout(resolve, ONE_TICK_MS));
      expect(heads).toEqual([]);

      // Something new in the scope that never reached it (committed on b): the head says so again.
      await occupy(b.url, (await freeIn(QUIET)).id);
      await expect.poll(() => heads.length, { timeout: ONE_TICK_MS, interval: 100 }).toBeGreaterThan(0);
      expect(heads.every((h) => h > (synced as { seq: number }).seq)).toBe(true);
    } finally {
      quiet.disconnect();
      await c.close();
    }
  });

  it("when another node commits and its event reaches a socket here through Redis, then no head repeats it", async () => {
    // Two nodes behind one broker of their own: what d commits reaches a socket of c as an event, not as a head.
    const env = { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `heads-${randomBytes(4).toString("hex")}:` };
    const c = await startAppOn(a.database, { env });
    const d = await startAppOn(a.database, { env });
    try {
      await sentThenMissed(c.url, d.url);
    } finally {
      await d.close();
      await c.close();
    }
  });
});
