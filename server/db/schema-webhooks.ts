// Provider webhooks: the endpoints, the deliveries (an outbox written in the transaction of the change that causes
// them) and each attempt's outcome. Part of the schema: server/db/schema.ts exports these tables with its own.
import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import {
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_EVENT_KINDS,
  type WebhookDeliveryStatus,
  type WebhookEventKind,
  type WebhookPayload,
} from "../../shared/schemas/webhooks.js";
import { allOf, oneOf, timestamps } from "./columns.js";
import { providers, users } from "./schema.js";

/**
 * An HTTPS address of a provider that gets the events it chose. The signing secret cannot be a hash (the server
 * computes HMACs with it): it is sealed with SECRET_KEYS when set (server/db/sealed.ts), else kept as it is.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    providerId: integer("provider_id")
      .notNull()
      .references(() => providers.id),
    url: text("url").notNull(),
    events: text("events").array().$type<WebhookEventKind[]>().notNull(),
    description: text("description").notNull().default(""),
    secret: text("secret").notNull(),
    secretRotatedAt: timestamp("secret_rotated_at", { withTimezone: true }),
    createdBy: integer("created_by").references(() => users.id),
    ...timestamps,
  },
  (t) => [
    index("webhook_endpoints_provider_idx").on(t.providerId),
    allOf("webhook_endpoints_events_code", t.events, WEBHOOK_EVENT_KINDS),
  ],
);

/**
 * One event for one endpoint. Claimed by a worker on any process (FOR UPDATE SKIP LOCKED with a lease, as the mail
 * outbox), POSTed, and retried with back-off until delivered or given up. The payload holds no case number: it is read
 * from the reservation's request when sent, so retention's pseudonymisation needs nothing here.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    endpointId: integer("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    /** The event's id (X-Webhook-Id): one per cause, the same for each endpoint and on each retry. */
    eventId: text("event_id").notNull(),
    kind: text("kind").$type<WebhookEventKind>().notNull(),
    /** The cause, e.g. "reservering:12:gemaakt": a retried producer queues it once per endpoint. */
    dedupeKey: text("dedupe_key").notNull(),
    locationId: integer("location_id").notNull(),
    reservationId: integer("reservation_id"),
    payload: jsonb("payload").$type<Omit<WebhookPayload, "caseNumber">>().notNull(),
    status: text("status").$type<WebhookDeliveryStatus>().notNull().default("wachtend"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** A worker's lease: until then no other process takes the row; a worker that died lets it lapse. */
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    lastStatusCode: integer("last_status_code"),
    /** "HTTP 500", a network error code or "tijdslimiet": never the receiver's answer. */
    lastError: text("last_error"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("webhook_deliveries_once").on(t.endpointId, t.dedupeKey),
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'wachtend'`),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.id),
    oneOf("webhook_deliveries_kind_code", t.kind, WEBHOOK_EVENT_KINDS),
    oneOf("webhook_deliveries_status_code", t.status, WEBHOOK_DELIVERY_STATUSES),
  ],
);

/** Every attempt of a delivery: when, the HTTP status (null: no answer) or the error, and how long it took. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: integer("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    statusCode: integer("status_code"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId)],
);

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
