// PostgreSQL unreachable: two nodes reach it through a proxy the test cuts (connections dropped and refused) or stalls
// (connections hang). A write then gets a clear 503 rather than a hang, readiness says so, and once the database is
// back the same write (same Idempotency-Key) goes through once and a connected board shows it.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capacityEvents, locations } from "../../server/db/schema.js";
import { addAccount, type Caller, headersOf, signIn } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { type Board, differences, openBoard } from "./boards.js";
import { type Cluster, say, startCluster } from "./harness.js";
import { claimsOf, truthOf } from "./queries.js";

/** Generous: the test asserts that an answer comes, not how fast; the time is printed. */
const ANSWER_WITHIN_MS = 15_000;

type Answer = { status: number; contentType: string | null; body: { status?: number; detail?: string }; ms: number };

async function occupy(url: string, locationId: number, as: Caller, key: string): Promise<Answer> {
  const started = Date.now();
  const res = await fetch(`${url}/api/locations/${locationId}/occupancy`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": key, ...headersOf(as) },
    body: JSON.stringify({ change: "bezet", places: 1 }),
    signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
  });
  const text = await res.text();
  let body: Answer["body"] = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = { detail: text };
  }
  return { status: res.status, contentType: res.headers.get("content-type"), body, ms: Date.now() - started };
}

describe("PostgreSQL unreachable behind two nodes", () => {
  let cluster: Cluster;
  let provider: Caller;
  let board: Board | undefined;
  let locationId = 0;
  let initialOccupied = 0;
  const key = `outage-${Date.now().toString(36)}`;

  beforeAll(async () => {
    const emails: string[] = [];
    cluster = await startCluster({
      nodes: 2,
      demoSeed: "off",
      cuttableDatabase: true,
      prepare: async (db) => {
        const location = await addLocation(db, { capacity: 10, occupied: 4 });
        locationId = location.id;
        initialOccupied = location.occupied;
        emails.push((await addAccount(db, "aanbieder", location.providerId)).email);
        emails.push((await addAccount(db, "regisseur")).email);
      },
    });
    provider = await signIn(cluster.url, emails[0]!);
    board = await openBoard(cluster.url, headersOf(await signIn(cluster.url, emails[1]!)), 0);
  });
  afterAll(async () => {
    board?.close();
    await cluster?.close();
  });

  it("answers a write with 503 JSON while the database is cut off, and readiness says not ready", async () => {
    await cluster.dbProxy!.cut();
    say("database proxy cut: connections dropped, new ones refused");
    for (const node of cluster.nodes) {
      const answer = await occupy(node.url, locationId, provider, key);
      say(`${node.name}: write during outage answered ${answer.status} after ${answer.ms} ms: ${answer.body.detail}`);
      expect(answer.status).toBe(503);
      expect(answer.contentType).toMatch(/json/);
      expect(answer.body).toMatchObject({ status: 503, detail: expect.any(String) });

      const ready = await fetch(`${node.url}/readyz`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
      say(`${node.name}: /readyz answered ${ready.status}: ${await ready.clone().text()}`);
      expect(ready.status).toBe(503);
    }
  });

  it("after the database is back, the same write (same key) goes through once and the board shows it", async () => {
    await cluster.dbProxy!.restore();
    say("database proxy restored");
    const deadline = Date.now() + 30_000;
    let answer = await occupy(cluster.url, locationId, provider, key);
    while (answer.status === 503 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      answer = await occupy(cluster.url, locationId, provider, key);
    }
    expect(answer.status).toBe(200);
    // Once more, as a client unsure of the answer would: no second effect.
    const retry = await occupy(cluster.url, locationId, provider, key);
    expect(retry.status).toBe(200);

    const db = cluster.database.db;
    const [row] = await db.select().from(locations).where(eq(locations.id, locationId));
    const events = await db.select().from(capacityEvents).where(eq(capacityEvents.locationId, locationId));
    expect(row?.occupied).toBe(initialOccupied + 1);
    expect(events).toHaveLength(1);

    const truth = await truthOf(db);
    const until = Date.now() + 30_000;
    while (differences(board!, truth).count > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    expect(differences(board!, truth).first).toBeUndefined();
  });

  it("answers with 503 too when PostgreSQL goes silent (connections hang, as in a partition), and recovers", async () => {
    const node = cluster.nodes[0]!;
    const silentKey = `${key}-silent`;
    cluster.dbProxy!.stall();
    say("database proxy stalled: connections stay open, nothing passes");
    try {
      const answer = await occupy(node.url, locationId, provider, silentKey).catch((err: Error) => err);
      const outcome = answer instanceof Error ? `no answer (${answer.name})` : `${answer.status} after ${answer.ms} ms`;
      say(`${node.name}: write while the database is silent: ${outcome}`);
      // Soft: the recovery below is worth checking whatever happened here.
      expect.soft(answer, "an answer within the deadline").not.toBeInstanceOf(Error);
      if (!(answer instanceof Error)) expect.soft(answer.status).toBe(503);
      const ready = await fetch(`${node.url}/readyz`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
      say(`${node.name}: /readyz answered ${ready.status}: ${await ready.clone().text()}`);
      expect.soft(ready.status).toBe(503);
    } finally {
      await cluster.dbProxy!.restore();
      say("database proxy restored");
    }
    // The same write again, as a client that never heard back does, until a final answer or 40 s (the claim of an
    // unanswered key may be held for its lease first). The first attempt may have gone through after the restore:
    // then the stored answer (200) or "al verwerkt" (409) is final, and either way the change counts once.
    const final = (a: Answer | undefined) =>
      a?.status === 200 || (a?.status === 409 && /al verwerkt/i.test(a.body.detail ?? ""));
    const deadline = Date.now() + 40_000;
    let answer = await occupy(node.url, locationId, provider, silentKey).catch(() => undefined);
    while (!final(answer) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      answer = await occupy(node.url, locationId, provider, silentKey).catch(() => undefined);
    }
    say(`${node.name}: the same write after restore: ${answer?.status} ${answer?.body.detail ?? ""}`);
    if (!final(answer)) say(`claim and log of ${silentKey}: ${await claimsOf(cluster.database.db, [silentKey])}`);
    expect(final(answer), "a final answer (200, or 409 al verwerkt) to the retried write").toBe(true);
    const truth = await truthOf(cluster.database.db);
    expect(truth.get(locationId)?.occupied).toBe(initialOccupied + 2);
    const until = Date.now() + 30_000;
    while (differences(board!, truth).count > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    expect(differences(board!, truth).first).toBeUndefined();
  });
});
