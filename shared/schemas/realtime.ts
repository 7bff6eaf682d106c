// The socket requests' schemas and their answers; the registry of every event is socket-events.ts.
import { z } from "zod";
import { capacityEventSchema, careTypeSchema, locationMunicipalitySchema } from "./capacity.js";

/**
 * Per-location changes, optionally narrowed to one care type and/or municipality. Without either it means every
 * location; with one or both the socket hears only that scope (a board filtered on Enschede needs no Hengelo events).
 */
export const capacityScopeSchema = z
  .strictObject({
    scope: z.literal("capaciteit-detail"),
    careType: careTypeSchema.optional(),
    municipality: locationMunicipalitySchema.optional(),
  })
  .meta({ id: "CapacityScope" });
export type CapacityScope = z.infer<typeof capacityScopeSchema>;

/**
 * Client -> server: "I have seen everything up to afterSeq; send me what came after", with a filter: only that
 * scope's events, and seq the head of the log when they were read.
 */
export const syncRequestSchema = z
  .strictObject({
    afterSeq: z.number().int().min(0),
    filter: capacityScopeSchema.optional(),
  })
  .meta({ id: "SyncRequest" });
export type SyncRequest = z.infer<typeof syncRequestSchema>;

/** A refused socket request: what was wrong, in Dutch (bad input, no access, too many requests, session ended). */
export const socketRefusalSchema = z
  .object({ ok: z.literal(false), error: z.string() })
  .meta({ id: "SocketRefusal", description: "Geweigerd: ongeldige invoer, geen toegang, te veel verzoeken." });

/** Answer to a sync: the missed events in order; a refusal means reload the snapshot and start a new feed. */
export const syncReplySchema = z
  .discriminatedUnion("ok", [
    z.object({
      ok: z.literal(true),
      /** The missed events, oldest first, at most MAX_REPLAY_BATCH. */
      events: z.array(capacityEventSchema),
      /** How far the feed is complete now (scoped: the head of the log when the events were read). */
      seq: z.number().int().min(0),
      /** false: more came after; ask again from seq. */
      complete: z.boolean(),
    }),
    socketRefusalSchema,
  ])
  .meta({ id: "SyncReply" });
export type SyncReply = z.infer<typeof syncReplySchema>;

/**
 * Rooms a socket can be in. Each role joins what it may see on connect; joining another one is asked explicitly and
 * checked by the same policies as the API.
 */
export const SUBSCRIPTION_SCOPES = ["capaciteit-detail", "capaciteit-totalen"] as const;
export const subscribeRequestSchema = z
  .discriminatedUnion("scope", [capacityScopeSchema, z.strictObject({ scope: z.literal("capaciteit-totalen") })])
  .meta({ id: "SubscribeRequest" });
export type SubscribeRequest = z.infer<typeof subscribeRequestSchema>;
/** Leaving the totals room when no page of this connection shows totals any more (the board feeds stay). */
export const unsubscribeRequestSchema = z
  .strictObject({ scope: z.literal("capaciteit-totalen") })
  .meta({ id: "UnsubscribeRequest" });
export const subscribeReplySchema = z
  .discriminatedUnion("ok", [z.object({ ok: z.literal(true) }), socketRefusalSchema])
  .meta({ id: "SubscribeReply" });
export type SubscribeReply = z.infer<typeof subscribeReplySchema>;

// The event interfaces are derived from the registry of every event (socket-events.ts); re-exported for old importers.
export type { ClientToServerEvents, ServerToClientEvents } from "./socket-events.js";

/** The most events one sync answer carries; a client further behind asks again or reloads. */
export const MAX_REPLAY_BATCH = 500;

/** Names the first thing wrong with a socket request, for the error in its answer. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "onbekend";
  return issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message;
}
