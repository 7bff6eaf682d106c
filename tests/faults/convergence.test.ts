// Survive faults under load: three server processes behind a load balancer, one PostgreSQL, one Redis, 300 boards
// spread over the nodes and eight planning systems making 2,000 occupancy changes at once. During the run Redis is
// killed and restarted, one node is killed for good and every database connection is terminated once. Afterwards
// every board shows what the database holds, the event log has no gaps and no change was applied twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoEmail } from "../../server/db/seed/accounts.js";
import type { CreatedToken } from "../../shared/schemas/auth.js";
import { type Caller, headersOf, signIn } from "../support/auth.js";
import { api } from "../support/server.js";
import { type Board, differences, openBoards } from "./boards.js";
import { type Cluster, DEMO_PASSWORD, say, startCluster } from "./harness.js";
import { claimsOf, eventLog, headSeq, truthOf } from "./queries.js";
import { runWriter, type WorkerSpec, type WriterResult, wasAcknowledged } from "./writer.js";

const BOARDS = 300;
const UPDATES = 2000;
const WORKERS = 8;
const LOCATIONS_PER_WORKER = 6;
/**
 * Faults at fixed points of the writer's progress (updates with a final answer). Redis goes last, close to the end,
 * so no later change fills the gaps it leaves: boards catch up only through the resync after the outage and the
 * periodic head broadcast.
 */
const NODE_KILL_AT = 600;
const DB_TERMINATE_AT = 1200;
const REDIS_KILL_AT = 1960;
const REDIS_DOWN_MS = 2000;
const CONVERGE_WITHIN_MS = 90_000;

/** One planning system per provider: a token of its own and the provider's locations that have a free place. */
async function planningSystems(cluster: Cluster, beheerder: Caller): Promise<WorkerSpec[]> {
  const free = new Map<number, number[]>();
  for (const l of (await truthOf(cluster.database.db)).values()) {
    if (l.free >= 1) free.set(l.providerId, [...(free.get(l.providerId) ?? []), l.id]);
  }
  const providers = [...free.entries()].sort((a, b) => b[1].length - a[1].length).slice(0, WORKERS);
  if (providers.length < WORKERS) throw new Error(`only ${providers.length} providers have a free place`);
  return Promise.all(
    providers.map(async ([providerId, ids]) => {
      const created = await api<CreatedToken>(cluster.url, `/api/providers/${providerId}/tokens`, {
        body: { name: "Planningssysteem storingstest" },
        as: beheerder,
      });
      if (created.status !== 200) throw new Error(`token for provider ${providerId}: ${created.status}`);
      return { token: created.body.token, locationIds: ids.slice(0, LOCATIONS_PER_WORKER) };
    }),
  );
}

describe("three nodes, one PostgreSQL, one Redis: Redis killed, a node killed, database connections terminated", () => {
  let cluster: Cluster;
  let boards: Board[] = [];
  let written: WriterResult;
  let startSeq = 0;
  const initialOccupied = new Map<number, number>();
  const writerLocations = new Set<number>();

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 3, demoSeed: "auto" });
    const beheerder = await signIn(cluster.url, demoEmail("beheerder"), DEMO_PASSWORD);
    const regisseur = await signIn(cluster.url, demoEmail("regisseur"), DEMO_PASSWORD);
    const workers = await planningSystems(cluster, beheerder);
    for (const w of workers) for (const id of w.locationIds) writerLocations.add(id);

    boards = await openBoards(cluster.url, headersOf(regisseur), BOARDS);
    say(`${boards.length} boards connected and loaded through the load balancer`);

    const truth = await truthOf(cluster.database.db);
    for (const id of writerLocations) initialOccupied.set(id, truth.get(id)?.occupied ?? Number.NaN);
    startSeq = await headSeq(cluster.database.db);

    // Each fault starts once the writer reached its point; the writer goes on meanwhile. One the writer never reached
    // (it gave up on locations) starts when it is done, so every run has all three.
    const victim = cluster.nodes[1]!;
    const schedule: { at: number; run(done: number): Promise<void> }[] = [
      {
        at: NODE_KILL_AT,
        run: async (done) => {
          say(`${done} updates done: SIGKILL ${victim.name} (${victim.url}), not restarted`);
          await victim.kill();
        },
      },
      {
        at: DB_TERMINATE_AT,
        run: async (done) => {
          const terminated = await cluster.terminateDatabaseConnections();
          say(`${done} updates done: pg_terminate_backend on ${terminated} connections of ${cluster.databaseName}`);
        },
      },
      {
        at: REDIS_KILL_AT,
        run: async (done) => {
          say(`${done} updates done: SIGKILL redis-server`);
          await cluster.redis.kill();
          await new Promise((r) => setTimeout(r, REDIS_DOWN_MS));
          await cluster.redis.restart();
          say("redis-server restarted (empty)");
        },
      },
    ];
    const faults: Promise<void>[] = [];
    const due = (done: number) => {
      while (schedule[0] && done >= schedule[0].at) {
        const injected = schedule.shift()!.run(done);
        injected.catch(() => {}); // reported by the Promise.all below, not as an unhandled rejection meanwhile
        faults.push(injected);
      }
    };
    written = await runWriter({
      url: cluster.url,
      workers,
      total: UPDATES,
      runId: `f${Date.now().toString(36)}`,
      onProgress: (done) => {
        due(done);
        if (done % 250 === 0) say(`${done} updates done`);
      },
    });
    due(Number.POSITIVE_INFINITY);
    await Promise.all(faults);
    say(
      `writer finished in ${(written.elapsedMs / 1000).toFixed(1)} s; answers seen: ` +
        JSON.stringify(Object.fromEntries(written.answers)),
    );
    const slowest = [...written.records].sort((a, b) => b.ms - a.ms).slice(0, 3);
    say(`slowest: ${slowest.map((r) => `${r.key} ${r.outcome} after ${r.attempts} attempts, ${r.ms} ms`).join("; ")}`);
  }, 5 * 60_000);

  afterAll(async () => {
    for (const board of boards) board.close();
    await cluster?.close();
  });

  it("gives every update a final answer, and refuses none of them", async () => {
    const open = written.records.filter((r) => r.outcome === "unresolved" || r.outcome === "rejected");
    if (open.length > 0) {
      const claims = await claimsOf(
        cluster.database.db,
        open.map((r) => r.key),
      );
      say(`server-side claims and log entries of the updates without success: ${claims}`);
    }
    expect(written.records).toHaveLength(UPDATES);
    expect(
      open.slice(0, 5).map((r) => `${r.key}: ${r.outcome} ${r.status} after ${r.attempts} attempts: ${r.detail}`),
      `${open.length} updates without success`,
    ).toEqual([]);
  });

  it("keeps the event log gapless: seq runs 1..max, and max is the counter's last seq", async () => {
    const seqs = (await eventLog(cluster.database.db)).map((e) => e.seq);
    const misplaced = seqs.filter((seq, i) => seq !== i + 1);
    expect(misplaced.slice(0, 5), `first seqs out of place (log of ${seqs.length}, max ${seqs.at(-1)})`).toEqual([]);
    expect(seqs.at(-1)).toBe(await headSeq(cluster.database.db));
  });

  it("never applies an update twice: no request key twice, and every change of the run carries a key", async () => {
    const run = await eventLog(cluster.database.db, startSeq);
    const seen = new Map<string, number>();
    for (const e of run) if (e.requestKey) seen.set(e.requestKey, (seen.get(e.requestKey) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
    const keyless = run.filter((e) => writerLocations.has(e.locationId) && !e.requestKey);
    expect(
      keyless.map((e) => e.seq),
      "changes to the writer's locations without a request key",
    ).toEqual([]);
  });

  it("logs every update the writer saw succeed exactly once, and only those it did not see refused", async () => {
    const applied = new Map<string, number>();
    for (const e of await eventLog(cluster.database.db, startSeq)) {
      // The log stores owner:key; the writer's keys have no ':' of their own.
      if (e.requestKey) applied.set(e.requestKey.slice(e.requestKey.lastIndexOf(":") + 1), e.seq);
    }
    const missing = written.records.filter((r) => wasAcknowledged(r) && !applied.has(r.key));
    const refusedButApplied = written.records.filter((r) => r.outcome === "rejected" && applied.has(r.key));
    expect(
      missing.slice(0, 5).map((r) => `${r.key} (${r.outcome})`),
      `${missing.length} acknowledged updates not in the log`,
    ).toEqual([]);
    expect(refusedButApplied.map((r) => `${r.key}: ${r.status} ${r.detail}`)).toEqual([]);
  });

  it("ends each location at its initial occupancy plus the changes the log shows applied", async () => {
    const keyed = new Map(written.records.map((r) => [r.key, r]));
    const expected = new Map(initialOccupied);
    for (const e of await eventLog(cluster.database.db, startSeq)) {
      const record = e.requestKey ? keyed.get(e.requestKey.slice(e.requestKey.lastIndexOf(":") + 1)) : undefined;
      if (record) expected.set(record.locationId, (expected.get(record.locationId) ?? 0) + record.delta);
    }
    const truth = await truthOf(cluster.database.db);
    const actual = new Map([...writerLocations].map((id) => [id, truth.get(id)?.occupied]));
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
  });

  it(
    "brings every board to exactly what the database holds",
    async () => {
      const deadline = Date.now() + CONVERGE_WITHIN_MS;
      let truth = await truthOf(cluster.database.db);
      let behind = boards.filter((b) => differences(b, truth).count > 0);
      while (behind.length > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        truth = await truthOf(cluster.database.db);
        behind = behind.filter((b) => differences(b, truth).count > 0);
      }
      const head = await headSeq(cluster.database.db);
      const stats = boards.reduce(
        (sum, b) => {
          for (const [k, v] of Object.entries(b.stats)) sum[k] = (sum[k] ?? 0) + v;
          return sum;
        },
        {} as Record<string, number>,
      );
      say(`boards: ${JSON.stringify(stats)}; ${boards.filter((b) => b.socket.connected).length} connected`);
      expect(stats.orderErrors, "events handed over out of order or twice").toBe(0);
      expect(
        behind.slice(0, 5).map((b) => {
          const diff = differences(b, truth);
          return `board ${b.index} (lastSeq ${b.lastSeq()} of ${head}, connected ${b.socket.connected}): ${diff.count} locations differ, e.g. ${diff.first}`;
        }),
        `${behind.length} of ${boards.length} boards still differ from the database after ${CONVERGE_WITHIN_MS / 1000} s`,
      ).toEqual([]);
    },
    CONVERGE_WITHIN_MS + 30_000,
  );
});
