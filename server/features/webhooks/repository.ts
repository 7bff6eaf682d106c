// Data access of webhooks: endpoints with their newest delivery, the deliveries list, and the worker's claim and
// outcome records. The worker's statements are short transactions of their own: none is open while a receiver talks.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { WEBHOOK_DELIVERY_STATUSES } from "../../../shared/schemas/webhooks.js";
import type { Db, Tx } from "../../db/client.js";
import {
  placementRequests,
  providers,
  reservations,
  type WebhookDeliveryRow,
  type WebhookEndpointRow,
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
} from "../../db/schema.js";
import { countByStatus as countOutbox, dueIds, inMs, type OutboxColumns } from "../../jobs/outbox.js";

export type LastDelivery = Pick<WebhookDeliveryRow, "status" | "kind" | "attempts" | "lastStatusCode" | "createdAt">;

export async function endpointsOf(db: Db, providerId: number): Promise<WebhookEndpointRow[]> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.providerId, providerId))
    .orderBy(asc(webhookEndpoints.id));
}

export async function findEndpoint(db: Db | Tx, id: number): Promise<WebhookEndpointRow | undefined> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return row;
}

/** The newest delivery of each endpoint, by endpoint id. */
export async function lastDeliveries(db: Db, endpointIds: readonly number[]): Promise<Map<number, LastDelivery>> {
  if (endpointIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([webhookDeliveries.endpointId], {
      endpointId: webhookDeliveries.endpointId,
      status: webhookDeliveries.status,
      kind: webhookDeliveries.kind,
      attempts: webhookDeliveries.attempts,
      lastStatusCode: webhookDeliveries.lastStatusCode,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .where(inArray(webhookDeliveries.endpointId, [...endpointIds]))
    .orderBy(webhookDeliveries.endpointId, desc(webhookDeliveries.id));
  return new Map(rows.map(({ endpointId, ...last }) => [endpointId, last]));
}

/** Takes the provider's row lock, then counts: two concurrent creations cannot both pass the limit. */
export async function countEndpointsLocked(tx: Tx, providerId: number): Promise<number | undefined> {
  const [provider] = await tx
    .select({ id: providers.id })
    .from(providers)
    .where(eq(providers.id, providerId))
    .for("update");
  if (!provider) return undefined;
  const [count] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.providerId, providerId));
  return Number(count?.n ?? 0);
}

export async function recentDeliveries(db: Db, endpointId: number, limit: number): Promise<WebhookDeliveryRow[]> {
  return db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit);
}

const outbox: OutboxColumns = {
  table: webhookDeliveries,
  id: webhookDeliveries.id,
  status: webhookDeliveries.status,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
  claimedUntil: webhookDeliveries.claimedUntil,
  waiting: "wachtend",
};

/** Deliveries of every endpoint per status: what /metrics shows an operator. */
export const countByStatus = (db: Db) => countOutbox(db, outbox, WEBHOOK_DELIVERY_STATUSES);

/** A claimed delivery with what sending it needs: the endpoint's address and current secret, the case number. */
export interface ClaimedDelivery {
  id: number;
  eventId: string;
  attempts: number;
  payload: WebhookDeliveryRow["payload"];
  url: string;
  secret: string;
  caseNumber: string | null;
}

/** Up to `limit` due deliveries for this process until the lease ends (server/jobs/outbox.ts: at least once). */
export async function claimDue(db: Db, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const claimed = await db
    .update(webhookDeliveries)
    .set({ claimedUntil: inMs(leaseMs) })
    .where(sql`${webhookDeliveries.id} in (${dueIds(db, outbox, limit)})`)
    .returning({ id: webhookDeliveries.id });
  if (claimed.length === 0) return [];
  // The secret is read now, not when the event was queued: a rotation signs every later attempt with the new one.
  return db
    .select({
      id: webhookDeliveries.id,
      eventId: webhookDeliveries.eventId,
      attempts: webhookDeliveries.attempts,
      payload: webhookDeliveries.payload,
      url: webhookEndpoints.url,
      secret: webhookEndpoints.secret,
      caseNumber: placementRequests.caseNumber,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .leftJoin(reservations, eq(reservations.id, webhookDeliveries.reservationId))
    .leftJoin(placementRequests, eq(placementRequests.id, reservations.requestId))
    .where(
      inArray(
        webhookDeliveries.id,
        claimed.map((c) => c.id),
      ),
    );
}

export interface AttemptRecord {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * One attempt's outcome: the attempt is recorded, and the delivery, if still waiting (a lapsed lease delivered
 * elsewhere is settled once), becomes afgeleverd, mislukt (final) or waits `retryInMs`.
 */
export async function recordAttempt(
  db: Db,
  id: number,
  attempt: AttemptRecord,
  outcome: { delivered: true } | { delivered: false; final: boolean; retryInMs: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({ deliveryId: id, ...attempt });
    await tx
      .update(webhookDeliveries)
      .set({
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        lastStatusCode: attempt.statusCode,
        lastError: attempt.error,
        claimedUntil: null,
        ...(outcome.delivered
          ? { status: "afgeleverd" as const, deliveredAt: sql`now()` }
          : outcome.final
            ? { status: "mislukt" as const }
            : { nextAttemptAt: inMs(outcome.retryInMs) }),
      })
      .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, "wachtend")));
  });
}

/** The lease is handed back untried (the process is stopping): another process may take the delivery at once. */
export async function release(db: Db, id: number): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ claimedUntil: null })
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, "wachtend")));
}
