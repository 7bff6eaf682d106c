// Queues a webhook event for the endpoints of the location's provider that chose its kind, inside the transaction of
// the change that causes it (a transactional outbox, as the notifications): it exists exactly when the change does.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { WebhookEventKind } from "../../../shared/schemas/webhooks.js";
import type { Tx } from "../../db/client.js";
import { locations, webhookDeliveries, webhookEndpoints } from "../../db/schema.js";

export interface WebhookEvent {
  kind: WebhookEventKind;
  locationId: number;
  reservationId?: number;
  /** The cause, e.g. "reservering:12:gemaakt": a retried producer queues it once per endpoint. */
  dedupeKey: string;
  expiresAt?: Date;
  staleAt?: Date;
}

/** The endpoints' deliveries queued; none (one indexed read) for a provider without endpoints for this kind. */
export async function emitWebhook(tx: Tx, event: WebhookEvent): Promise<number> {
  const targets = await tx
    .select({ endpointId: webhookEndpoints.id, providerId: webhookEndpoints.providerId })
    .from(webhookEndpoints)
    .innerJoin(locations, eq(locations.providerId, webhookEndpoints.providerId))
    .where(and(eq(locations.id, event.locationId), sql`${event.kind} = any(${webhookEndpoints.events})`));
  const providerId = targets[0]?.providerId;
  if (providerId === undefined) return 0;
  const eventId = randomUUID();
  // The case number is not stored: the worker reads it from the reservation's request when it sends (retention).
  const payload = {
    id: eventId,
    kind: event.kind,
    occurredAt: new Date().toISOString(),
    providerId,
    locationId: event.locationId,
    ...(event.reservationId === undefined ? {} : { reservationId: event.reservationId }),
    ...(event.expiresAt ? { expiresAt: event.expiresAt.toISOString() } : {}),
    ...(event.staleAt ? { staleAt: event.staleAt.toISOString() } : {}),
  };
  const rows = await tx
    .insert(webhookDeliveries)
    .values(
      targets.map((t) => ({
        endpointId: t.endpointId,
        eventId,
        kind: event.kind,
        dedupeKey: event.dedupeKey,
        locationId: event.locationId,
        reservationId: event.reservationId ?? null,
        payload,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: webhookDeliveries.id });
  return rows.length;
}

/** The reservation events' causes: one per reservation and step. */
export const reservationEvent = (
  kind: Extract<WebhookEventKind, `reservering.${string}`>,
  r: { id: number; locationId: number; expiresAt?: Date },
): WebhookEvent => ({
  kind,
  locationId: r.locationId,
  reservationId: r.id,
  dedupeKey: `reservering:${r.id}:${kind.slice("reservering.".length)}`,
  ...(r.expiresAt && (kind === "reservering.gemaakt" || kind === "reservering.verloopt")
    ? { expiresAt: r.expiresAt }
    : {}),
});
