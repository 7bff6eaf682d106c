// Several server processes on one PostgreSQL database: each webhook delivery is POSTed by one of them, once; a process
// killed in the middle of a POST loses nothing: another sends the event again, with the same X-Webhook-Id.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookDeliveries, webhookEndpoints } from "../../server/db/schema.js";
import { emitWebhook } from "../../server/features/webhooks/producer.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { startServerProcess } from "../support/process.js";
import { eventually, startAppOn } from "../support/server.js";
import { type Receiver, startReceiver } from "./receiver.js";

describe("webhooks across processes on postgres", () => {
  let database: TestDatabase;
  let receiver: Receiver;
  const stops: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    // A little slow to answer, so the two processes' batches overlap in time.
    receiver = await startReceiver({ delayMs: 20 });
  });
  afterAll(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    await receiver?.close();
    await database?.close();
  });

  /** An endpoint of a new provider at the receiver, and `count` events of its location queued in one transaction. */
  async function queued(count: number, cause: string) {
    const place = await addLocation(database.db);
    const [endpoint] = await database.db
      .insert(webhookEndpoints)
      .values({ providerId: place.providerId, url: receiver.url, events: ["cijfers.verouderen"], secret: "whsec_t" })
      .returning();
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < count; i++)
        await emitWebhook(tx, { kind: "cijfers.verouderen", locationId: place.id, dedupeKey: `${cause}:${i}` });
    });
    return endpoint!;
  }

  const delivered = async (endpointId: number) =>
    (
      await database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(webhookDeliveries)
        .where(sql`${webhookDeliveries.endpointId} = ${endpointId} and ${webhookDeliveries.status} = 'afgeleverd'`)
    )[0]?.n ?? 0;

  it("when two processes drain one outbox of 100 deliveries at once, then each event arrives exactly once and both took part", async () => {
    // Their timers stay quiet: the two drains below are the only claims, so each one's count is its own.
    const env = { WEBHOOK_ALLOW_HTTP: "true", WEBHOOK_CHECK_SECONDS: "3600" };
    const first = await startAppOn(database, { env });
    const second = await startAppOn(database, { env });
    stops.push(first.close, second.close);
    const endpoint = await queued(100, "twee");

    const [a, b] = await Promise.all([first.app.webhooks.drain(), second.app.webhooks.drain()]);
    expect(a.sent + b.sent).toBe(100);
    expect(Math.min(a.sent, b.sent)).toBeGreaterThan(0);
    expect(await delivered(endpoint.id)).toBe(100);
    const ids = receiver.received.map((r) => r.headers["x-webhook-id"]);
    expect(ids).toHaveLength(100);
    expect(new Set(ids).size).toBe(100);
    receiver.received.length = 0;
  }, 120_000);

  it("when a process is killed in the middle of a POST, then another sends the event once its lease lapses, with the same id", async () => {
    const env = { WEBHOOK_ALLOW_HTTP: "true", WEBHOOK_CHECK_SECONDS: "0.1" };
    const doomed = await startServerProcess({ DATABASE_URL: database.url!, ...env });
    receiver.answerNext(0);
    const endpoint = await queued(1, "onderweg");
    const [hung] = await receiver.waitFor(1, 30_000);
    await doomed.stop("SIGKILL");
    const [row] = await database.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(row).toMatchObject({ status: "wachtend", attempts: 0 });
    expect(row!.claimedUntil!.getTime()).toBeGreaterThan(Date.now());

    const survivor = await startAppOn(database, { env });
    stops.push(survivor.close);
    // The lease holds while it lasts: the survivor does not take a delivery another process may still be making.
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received).toHaveLength(1);
    await database.db
      .update(webhookDeliveries)
      .set({ claimedUntil: sql`now() - interval '1 second'` })
      .where(eq(webhookDeliveries.id, row!.id));

    const [, again] = await receiver.waitFor(2);
    expect(again!.headers["x-webhook-id"]).toBe(hung!.headers["x-webhook-id"]);
    await eventually(async () => (await delivered(endpoint.id)) === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toHaveLength(2);
  }, 90_000);
});
