// Provider webhooks: the endpoints a provider registers, what each delivery did, and the payload a receiver gets.
// docs/webhooks.md describes the events, headers and verification.
import { z } from "zod";
import { idParam } from "./id.js";

/**
 * The events a provider can subscribe to, each about one of its own locations: a reservation made there, answered
 * (accepted or declined), withdrawn with its request, lapsed (the planned departure it rested on fell through),
 * about to expire unanswered, expired; and its numbers about to go stale.
 */
export const WEBHOOK_EVENT_KINDS = [
  "reservering.gemaakt",
  "reservering.geaccepteerd",
  "reservering.geweigerd",
  "reservering.ingetrokken",
  "reservering.vervallen",
  "reservering.verloopt",
  "reservering.verlopen",
  "cijfers.verouderen",
] as const;
export type WebhookEventKind = (typeof WEBHOOK_EVENT_KINDS)[number];

/** wachtend: to be tried (again); afgeleverd: the endpoint answered 2xx; mislukt: given up after the last attempt. */
export const WEBHOOK_DELIVERY_STATUSES = ["wachtend", "afgeleverd", "mislukt"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** Endpoints per provider: a few receivers (production, acceptance, a monitor), not a fan-out service. */
export const MAX_WEBHOOK_ENDPOINTS = 5;

/** What a receiver gets as the JSON body: no personal data of a youth, a case number at most. */
export const webhookPayloadSchema = z
  .object({
    /** The event's id, also in X-Webhook-Id: the same on every retry and for every endpoint of the provider. */
    id: z.uuid(),
    kind: z.enum(WEBHOOK_EVENT_KINDS),
    /** When the change happened (UTC). */
    occurredAt: z.iso.datetime(),
    providerId: z.number().int(),
    locationId: z.number().int(),
    /** The reservation of a reservering.* event. */
    reservationId: z.number().int().optional(),
    /** The request's case number (dossiernummer) of a reservering.* event; pseudonymised after retention. */
    caseNumber: z.string().optional(),
    /** reservering.gemaakt and reservering.verloopt: when the reservation lapses unanswered. */
    expiresAt: z.iso.datetime().optional(),
    /** cijfers.verouderen: when the location's numbers are shown as stale, unless confirmed or changed before. */
    staleAt: z.iso.datetime().optional(),
  })
  .meta({ id: "WebhookPayload" });
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

const lastDeliverySchema = z.object({
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  kind: z.enum(WEBHOOK_EVENT_KINDS),
  attempts: z.number().int().min(0),
  /** The HTTP status of the last attempt; null when none answered (refused, timed out) or none was made yet. */
  lastStatusCode: z.number().int().nullable(),
  createdAt: z.iso.datetime(),
});

export const webhookEndpointSchema = z
  .object({
    id: z.number().int(),
    providerId: z.number().int(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENT_KINDS)),
    description: z.string(),
    /** The first characters of the signing secret, to recognise it; the secret itself is shown only once. */
    secretPrefix: z.string(),
    createdAt: z.iso.datetime(),
    /** When the secret was last replaced; null: still the one from creation. */
    secretRotatedAt: z.iso.datetime().nullable(),
    /** The newest delivery to this endpoint, if any. */
    lastDelivery: lastDeliverySchema.nullable(),
  })
  .meta({ id: "WebhookEndpoint" });
export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;

/** Answered once, at creation and at rotation: the only time the signing secret is shown. */
export const webhookEndpointWithSecretSchema = webhookEndpointSchema
  .extend({ secret: z.string() })
  .meta({ id: "WebhookEndpointWithSecret" });
export type WebhookEndpointWithSecret = z.infer<typeof webhookEndpointWithSecretSchema>;

export const createWebhookEndpointSchema = z
  .strictObject({
    /** Where the events are POSTed: https (http only to localhost when the server allows it, WEBHOOK_ALLOW_HTTP). */
    url: z.url({ protocol: /^https?$/, message: "een volledig adres, https://..." }).max(2000),
    /** The kinds of event to send; at least one, each once. */
    events: z
      .array(z.enum(WEBHOOK_EVENT_KINDS))
      .min(1, "kies minstens één soort gebeurtenis")
      .refine((kinds) => new Set(kinds).size === kinds.length, "elke soort gebeurtenis één keer"),
    /** What the receiver is, for the people who manage it ("Planning productie"). */
    description: z
      .string()
      .trim()
      .max(100)
      .regex(/^[^\p{Cc}\p{Zl}\p{Zp}]*$/u, "geen regeleinden of stuurtekens")
      .default(""),
  })
  .meta({ id: "CreateWebhookEndpoint" });
export type CreateWebhookEndpoint = z.input<typeof createWebhookEndpointSchema>;

export const webhookDeliverySchema = z
  .object({
    id: z.number().int(),
    endpointId: z.number().int(),
    eventId: z.uuid(),
    kind: z.enum(WEBHOOK_EVENT_KINDS),
    locationId: z.number().int(),
    reservationId: z.number().int().nullable(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z.number().int().min(0),
    lastStatusCode: z.number().int().nullable(),
    /** Why the last attempt failed: "HTTP 500", a network error code, "tijdslimiet"; never the receiver's answer. */
    lastError: z.string().nullable(),
    /** When a waiting delivery is tried (again). */
    nextAttemptAt: z.iso.datetime(),
    deliveredAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "WebhookDelivery" });
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookIdParamsSchema = z.strictObject({ id: idParam });
