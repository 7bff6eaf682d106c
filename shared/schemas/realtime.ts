// Socket.io events between server and clients, typed for both ends.
import { z } from "zod";
import { type CapacityEvent, type CapacitySummary, careTypeSchema, locationMunicipalitySchema } from "./capacity.js";
import type { NotificationPush } from "./notifications.js";
import type { PlaceAvailable } from "./placements.js";

/**
 * Per-location changes, optionally narrowed to one care type and/or municipality. Without either it means every
 * location; with one or both the socket hears only that scope (a board filtered on Enschede needs no Hengelo events).
 */
export const capacityScopeSchema = z.strictObject({
  scope: z.literal("capaciteit-detail"),
  careType: careTypeSchema.optional(),
  municipality: locationMunicipalitySchema.optional(),
});
export type CapacityScope = z.infer<typeof capacityScopeSchema>;

/**
 * Client -> server: "I have seen everything up to afterSeq; send me what came after", with a filter: only that
 * scope's events, and seq the head of the log when they were read.
 */
export const syncRequestSchema = z.strictObject({
  afterSeq: z.number().int().min(0),
  filter: capacityScopeSchema.optional(),
});
export type SyncRequest = z.infer<typeof syncRequestSchema>;

/** Answer to a sync: the missed events in order, or a request to reload the snapshot when too much was missed. */
export type SyncReply =
  | { ok: true; events: CapacityEvent[]; seq: number; complete: boolean }
  | { ok: false; error: string; reload?: boolean };

/**
 * Rooms a socket can be in. Each role joins what it may see on connect; joining another one is asked explicitly and
 * checked by the same policies as the API.
 */
export const SUBSCRIPTION_SCOPES = ["capaciteit-detail", "capaciteit-totalen"] as const;
export const subscribeRequestSchema = z.discriminatedUnion("scope", [
  capacityScopeSchema,
  z.strictObject({ scope: z.literal("capaciteit-totalen") }),
]);
export type SubscribeRequest = z.infer<typeof subscribeRequestSchema>;
/** Leaving the totals room when no page of this connection shows totals any more (the board feeds stay). */
export const unsubscribeRequestSchema = z.strictObject({ scope: z.literal("capaciteit-totalen") });
export type SubscribeReply = { ok: true } | { ok: false; error: string };

export interface ServerToClientEvents {
  /** Per-location change: only to roles that may see locations, and only to the scopes it belongs to. */
  "capacity:changed": (event: CapacityEvent) => void;
  /**
   * Every few seconds, from each node to its own sockets: the newest seq in the log (for a scoped socket: the newest
   * of its scope). A feed that is behind syncs, even when no further change comes to show the gap.
   */
  "capacity:head": (head: { seq: number }) => void;
  /**
   * Events may have been lost on the way (the node's broker connection was down): sync. afterSeq, when given, is a
   * seq from before the loss; a scoped feed syncs from there at the latest.
   */
  "capacity:resync": (hint: { afterSeq?: number }) => void;
  /** Aggregate counts after changes: to everyone signed in, verwijzers included. */
  "capacity:summary": (summary: CapacitySummary) => void;
  /** To a provider's staff: reservations at its locations changed; fetch them again. */
  "reservations:changed": () => void;
  /** To a regisseur watching a request: a fitting place has just come free. */
  "requests:place-available": (notice: PlaceAvailable) => void;
  /** To a request's maker and the regisseurs: this request changed; fetch it again (that read is logged). */
  "requests:changed": (change: { requestId: number }) => void;
  /** To everyone signed in: capacity or planned moves changed, so forecasts did; fetch them again. */
  "forecast:changed": (change: { seq: number }) => void;
  /** To one account's own sockets on every node: a new notification in its inbox, with its unread count now. */
  "notifications:new": (push: NotificationPush) => void;
  /** To one account's own sockets: its unread count changed (marked read in another tab). */
  "notifications:unread": (count: { unread: number }) => void;
}

export interface ClientToServerEvents {
  "capacity:sync": (request: unknown, reply: (answer: SyncReply) => void) => void;
  "capacity:subscribe": (request: unknown, reply: (answer: SubscribeReply) => void) => void;
  "capacity:unsubscribe": (request: unknown, reply: (answer: SubscribeReply) => void) => void;
}

/** The most events one sync answer carries; a client further behind asks again or reloads. */
export const MAX_REPLAY_BATCH = 500;

/** Names the first thing wrong with a socket request, for the error in its answer. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "onbekend";
  return issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message;
}
