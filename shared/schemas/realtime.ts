// Socket.io events between server and clients, typed for both ends.
import { z } from "zod";
import type { CapacityEvent, CapacitySummary } from "./capacity.js";
import type { PlaceAvailable } from "./placements.js";

/** Client -> server: "I have seen everything up to afterSeq; send me what came after." */
export const syncRequestSchema = z.strictObject({ afterSeq: z.number().int().min(0) });
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
export const subscribeRequestSchema = z.strictObject({ scope: z.enum(SUBSCRIPTION_SCOPES) });
export type SubscribeReply = { ok: true } | { ok: false; error: string };

export interface ServerToClientEvents {
  /** Per-location change: only to roles that may see locations. */
  "capacity:changed": (event: CapacityEvent) => void;
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
}

export interface ClientToServerEvents {
  "capacity:sync": (request: unknown, reply: (answer: SyncReply) => void) => void;
  "capacity:subscribe": (request: unknown, reply: (answer: SubscribeReply) => void) => void;
}

/** The most events one sync answer carries; a client further behind asks again or reloads. */
export const MAX_REPLAY_BATCH = 500;
