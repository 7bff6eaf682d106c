// Idempotency-Key on capacity changes, across two server processes: a retried call gets the first answer back and
// changes nothing again, a key reused for another call is refused, and parallel calls with one key apply once. A
// planned move stands for the keyed calls that change more than counts.
import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "../../server/db/client.js";
import { capacityEvents, idempotencyKeys, locations, plannedDepartures } from "../../server/db/schema.js";
import { addAccount, type Caller, headersOf, signIn } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { type Cluster, startCluster } from "./harness.js";

type Answer = { status: number; body: unknown; text: string; headers: Headers };

async function post(url: string, path: string, as: Caller, key: string, body: unknown): Promise<Answer> {
  const res = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": key, ...headersOf(as) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const json = res.headers.get("content-type")?.includes("json");
  return { status: res.status, body: json ? JSON.parse(text) : text, text, headers: res.headers };
}

const occupancy = (url: string, locationId: number, as: Caller, key: string, change = "bezet") =>
  post(url, `/api/locations/${locationId}/occupancy`, as, key, { change, places: 1 });

async function stateOf(db: Db, locationId: number) {
  const [events] = await db
    .select({ n: count() })
    .from(capacityEvents)
    .where(eq(capacityEvents.locationId, locationId));
  const [location] = await db.select().from(locations).where(eq(locations.id, locationId));
  return { events: events?.n ?? 0, occupied: location?.occupied ?? Number.NaN };
}

const newKey = (name: string) => `${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

describe("Idempotency-Key on POST /api/locations/:id/occupancy, two server processes", () => {
  let cluster: Cluster;
  let provider: Caller;
  const ids: number[] = [];

  beforeAll(async () => {
    let email = "";
    cluster = await startCluster({
      nodes: 2,
      demoSeed: "off",
      prepare: async (db) => {
        const first = await addLocation(db, { capacity: 20, occupied: 5 });
        const second = await addLocation(db, { capacity: 20, occupied: 5 });
        const lastPlace = await addLocation(db, { capacity: 1, occupied: 0 });
        // All locations of one provider, so one account may change any.
        for (const other of [second, lastPlace])
          await db.update(locations).set({ providerId: first.providerId }).where(eq(locations.id, other.id));
        ids.push(first.id, second.id, lastPlace.id);
        email = (await addAccount(db, "aanbieder", first.providerId)).email;
      },
    });
    provider = await signIn(cluster.url, email);
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it("answers a retry with the same key (on another node) with the first answer, marked replayed, and no second effect", async () => {
    const [a, b] = cluster.nodes as [Cluster["nodes"][0], Cluster["nodes"][0]];
    const id = ids[0]!;
    const before = await stateOf(cluster.database.db, id);
    const key = newKey("retry");

    const first = await occupancy(a.url, id, provider, key);
    await answerStored(cluster.database.db, key);
    const again = await occupancy(b.url, id, provider, key);
    const third = await occupancy(a.url, id, provider, key);

    expect(first.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    for (const retry of [again, third]) {
      expect(retry.status).toBe(200);
      expect(retry.headers.get("idempotent-replayed")).toBe("true");
      expect(retry.body).toEqual(first.body);
    }
    expect(await stateOf(cluster.database.db, id)).toEqual({
      events: before.events + 1,
      occupied: before.occupied + 1,
    });
  });

  it("refuses a key reused with another body or another path with 422 naming the key, and changes nothing", async () => {
    const [first, second] = ids as [number, number];
    const key = newKey("reused");
    expect((await occupancy(cluster.url, first, provider, key, "bezet")).status).toBe(200);
    const before = [await stateOf(cluster.database.db, first), await stateOf(cluster.database.db, second)];

    const otherBody = await occupancy(cluster.url, first, provider, key, "vrijgekomen");
    const otherPath = await occupancy(cluster.url, second, provider, key, "bezet");

    for (const answer of [otherBody, otherPath]) {
      expect(answer.status).toBe(422);
      expect(answer.headers.get("content-type")).toMatch(/json/);
      expect(answer.text).toContain(key);
    }
    expect([await stateOf(cluster.database.db, first), await stateOf(cluster.database.db, second)]).toEqual(before);
  });

  it("applies parallel requests with one key, spread over both nodes, exactly once", async () => {
    const id = ids[1]!;
    const before = await stateOf(cluster.database.db, id);
    const key = newKey("parallel");

    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => occupancy(cluster.nodes[i % 2]!.url, id, provider, key)),
    );

    const fresh = answers.filter((a) => a.status === 200 && a.headers.get("idempotent-replayed") === null);
    const replayed = answers.filter((a) => a.status === 200 && a.headers.get("idempotent-replayed") === "true");
    const inProgress = answers.filter((a) => a.status === 409 && a.headers.get("retry-after") !== null);
    expect(answers.map((a) => a.status).sort()).toHaveLength(6);
    expect(fresh, "exactly one request did the work").toHaveLength(1);
    expect(fresh.length + replayed.length + inProgress.length, "the others: replayed or 409 in progress").toBe(6);
    for (const r of replayed) expect(r.body).toEqual(fresh[0]?.body);
    expect(await stateOf(cluster.database.db, id)).toEqual({
      events: before.events + 1,
      occupied: before.occupied + 1,
    });
    // Once the first is done, a late retry hears its answer.
    await answerStored(cluster.database.db, key);
    const late = await occupancy(cluster.url, id, provider, key);
    expect([late.status, late.headers.get("idempotent-replayed")]).toEqual([200, "true"]);
    expect(late.body).toEqual(fresh[0]?.body);
  });

  it("answers a retry after a lost answer with the stored answer, without a second effect", async () => {
    const id = ids[0]!;
    const before = await stateOf(cluster.database.db, id);
    const key = newKey("lost");

    cluster.lb.loseNextAnswer();
    const lost = await occupancy(cluster.url, id, provider, key).catch((err: Error) => err);
    expect(lost, "the load balancer cut the answer off").toBeInstanceOf(Error);
    expect(await stateOf(cluster.database.db, id), "the change itself was made").toEqual({
      events: before.events + 1,
      occupied: before.occupied + 1,
    });

    // The answer may still be on its way into the store: "in progress" (409 + Retry-After) means ask again.
    let retry = await occupancy(cluster.url, id, provider, key);
    for (let i = 0; i < 20 && retry.status === 409 && retry.headers.get("retry-after"); i++) {
      await new Promise((r) => setTimeout(r, 500));
      retry = await occupancy(cluster.url, id, provider, key);
    }
    expect([retry.status, retry.headers.get("idempotent-replayed")]).toEqual([200, "true"]);
    expect(retry.body).toMatchObject({ id, occupied: before.occupied + 1 });
    expect(await stateOf(cluster.database.db, id)).toEqual({
      events: before.events + 1,
      occupied: before.occupied + 1,
    });
  });

  // With the last free place taken by the first attempt, the retry must still hear "already done", not "no place
  // left": a writer told the change was refused would count it as not made.
  it.each([
    ["a location with places left", 1],
    ["the location's last free place", 2],
  ])(
    "answers 409 'al verwerkt' when the first attempt committed (%s), its answer was never stored and its claim expired",
    async (_, index) => {
      const [a, b] = cluster.nodes as [Cluster["nodes"][0], Cluster["nodes"][0]];
      const id = ids[index]!;
      const key = newKey("crashed");
      expect((await occupancy(a.url, id, provider, key)).status).toBe(200);
      const before = await stateOf(cluster.database.db, id);
      // Storing the answer would otherwise undo what follows.
      await answerStored(cluster.database.db, key);
      await forgetAnswer(cluster.database.db, key);

      const retry = await occupancy(b.url, id, provider, key);

      expect(retry.status).toBe(409);
      expect((retry.body as { detail?: string }).detail).toMatch(/al verwerkt/i);
      expect(await stateOf(cluster.database.db, id)).toEqual(before);
    },
  );

  // Stand-ins for the two ways a committed change can leave no kept answer: its node died before storing it and the
  // claim ran out, or it answered 5xx after the commit (a 5xx is not kept, the key is released).
  it.each([
    ["its node died before the answer was stored and the claim expired", forgetAnswer],
    ["its answer was a 5xx, which released the key", forgetKey],
  ])(
    "answers 409 'al verwerkt' to a retried planned departure whose first attempt committed when %s",
    async (_, lose) => {
      const [a, b] = cluster.nodes as [Cluster["nodes"][0], Cluster["nodes"][0]];
      const id = ids[0]!;
      const key = newKey("planned");
      const path = `/api/locations/${id}/planned`;
      const move = { direction: "uitstroom", expectedDate: "2099-01-15", certainty: "zeker" };
      const movesOf = async () =>
        (await cluster.database.db.select().from(plannedDepartures).where(eq(plannedDepartures.locationId, id))).length;
      expect((await post(a.url, path, provider, key, move)).status).toBe(201);
      await answerStored(cluster.database.db, key);
      const before = await movesOf();
      await lose(cluster.database.db, key);

      const retry = await post(b.url, path, provider, key, move);

      expect(retry.status).toBe(409);
      expect((retry.body as { detail?: string }).detail).toMatch(/al verwerkt/i);
      expect(await movesOf(), "no second planned departure").toBe(before);
      // The refusal is the key's answer from now on.
      await answerStored(cluster.database.db, key);
      const third = await post(a.url, path, provider, key, move);
      expect([third.status, third.headers.get("idempotent-replayed")]).toEqual([409, "true"]);
      expect(await movesOf()).toBe(before);
    },
  );

  it("refuses a malformed key with 400 naming the header", async () => {
    const answer = await occupancy(cluster.url, ids[0]!, provider, "spaties zijn niet toegestaan");
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/Idempotency-Key/i);
  });
});

/**
 * Stands in for a node killed between its commit and storing the answer, whose claim then ran out: no stored answer,
 * an old claim. (A SIGKILL cannot be timed to land exactly there.)
 */
async function forgetAnswer(db: Db, key: string) {
  await db
    .update(idempotencyKeys)
    // Aged in SQL, so the claim keeps the database's own (microsecond) timestamp, as a real claim has.
    .set({
      status: null,
      contentType: null,
      body: null,
      claimedAt: sql`${idempotencyKeys.claimedAt} - interval '10 minutes'`,
    })
    .where(eq(idempotencyKeys.key, key));
}

/** Stands in for a 5xx answer after the commit: such an answer is not kept, and the key's row is deleted. */
async function forgetKey(db: Db, key: string) {
  await db.delete(idempotencyKeys).where(eq(idempotencyKeys.key, key));
}

/**
 * The answer is stored while it is being sent (server/http/idempotency.ts), so a retry right after the first answer
 * may still hear "in progress"; tests about the stored answer wait for it.
 */
async function answerStored(db: Db, key: string) {
  await vi.waitFor(
    async () => {
      const [row] = await db
        .select({ status: idempotencyKeys.status })
        .from(idempotencyKeys)
        .where(eq(idempotencyKeys.key, key));
      expect(row?.status ?? null, `the answer for ${key} is stored`).not.toBeNull();
    },
    { timeout: 10_000, interval: 50 },
  );
}
