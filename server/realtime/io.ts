// socket.io server: authenticated handshakes, rooms by role, replay from the event log, per-socket rate limits, and
// the Redis adapter for scale-out.
import type { Server as HttpServer, IncomingMessage } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { Server, type Socket } from "socket.io";
import type { CapacityEvent, CapacitySummary } from "../../shared/schemas/capacity.js";
import type { PlaceAvailable } from "../../shared/schemas/placements.js";
import {
  type ClientToServerEvents,
  MAX_REPLAY_BATCH,
  type ServerToClientEvents,
  type SubscribeReply,
  type SyncReply,
  subscribeRequestSchema,
  syncRequestSchema,
} from "../../shared/schemas/realtime.js";
import { originAllowed } from "../http/authenticate.js";
import { type Action, can } from "../policies/policy.js";
import type { Actor } from "../policies/types.js";

/** Which policy action opens which room. */
const ROOMS = {
  "capaciteit-detail": "capacity.detail",
  "capaciteit-totalen": "capacity.summary",
} as const satisfies Record<string, Action>;
type Room = keyof typeof ROOMS;

export const sessionRoom = (sessionId: string) => `sessie:${sessionId}`;
export const providerRoom = (providerId: number) => `aanbieder:${providerId}`;
export const userRoom = (userId: number) => `gebruiker:${userId}`;
/** Regisseurs: every placement request's changes (ids only). */
const REQUESTS_ROOM = "verzoeken";

interface SocketData {
  actor: Actor;
}
type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeOptions {
  logger: Logger;
  redis?: { pub: Redis; sub: Redis };
  allowedOrigins: string[];
  /** Who is behind a handshake (cookie or token); anonymous sockets are refused. */
  authenticate(request: IncomingMessage, token: string | undefined): Promise<Actor>;
  /** Reads committed events after a sequence number, oldest first. */
  eventsAfter(afterSeq: number, limit: number): Promise<CapacityEvent[]>;
  /** Records a refused socket action in the audit log. */
  denied(actor: Actor, action: string, ip: string): Promise<void>;
  /** Socket events per second per socket before it is told to slow down. */
  eventsPerSecond?: number;
}

export interface Realtime {
  io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  publish(event: CapacityEvent): void;
  publishSummary(summary: CapacitySummary): void;
  /** Forecasts changed (seq: the last capacity event they include): to everyone signed in, on every node. */
  publishForecastChanged(seq: number): void;
  disconnectSession(sessionId: string): void;
  notifyProvider(providerId: number): void;
  /** A personal notice to one account's open sockets, on every node. */
  notifyUser(userId: number, notice: PlaceAvailable): void;
  /** A request changed: to its maker and to the regisseurs. */
  notifyRequest(request: { id: number; createdBy: number }): void;
  close(): Promise<void>;
}

export function createRealtime(httpServer: HttpServer, options: RealtimeOptions): Realtime {
  const { logger } = options;
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    maxHttpBufferSize: 16 * 1024,
    allowRequest: (req, callback) =>
      callback(null, originAllowed(req.headers.origin, req.headers.host, options.allowedOrigins)),
  });
  if (options.redis) {
    io.adapter(createAdapter(options.redis.pub, options.redis.sub));
    // The adapter reports broker trouble as events; an unhandled one would crash the process.
    io.of("/").adapter.on("error", (err: unknown) => logger.warn({ err }, "socket.io redis adapter error"));
  }
  const limiter = new RateLimiterMemory({ points: options.eventsPerSecond ?? 20, duration: 1 });

  io.use(async (socket, next) => {
    try {
      const token = typeof socket.handshake.auth?.token === "string" ? socket.handshake.auth.token : undefined;
      const actor = await options.authenticate(socket.request, token);
      if (actor.kind === "anonymous") return next(new Error("Niet ingelogd"));
      socket.data.actor = actor;
      next();
    } catch (err) {
      logger.info({ err: (err as Error).message }, "socket handshake refused");
      next(new Error("Niet ingelogd"));
    }
  });

  io.on("connection", (socket: AppSocket) => {
    const { actor } = socket.data;
    if (actor.kind === "user") socket.join([sessionRoom(actor.sessionId), userRoom(actor.id)]);
    // A provider's staff hear about reservations at their own locations.
    if (actor.kind === "user" && actor.role === "aanbieder" && actor.providerId !== null) {
      socket.join(providerRoom(actor.providerId));
    }
    for (const room of Object.keys(ROOMS) as Room[]) if (can(actor, ROOMS[room])) socket.join(room);
    if (can(actor, "requests.match")) socket.join(REQUESTS_ROOM);

    // Every event passes the per-socket limit first; a flood is answered, then cut off.
    const allowed = async (reply: (answer: { ok: false; error: string }) => void) => {
      try {
        await limiter.consume(socket.id);
        return true;
      } catch {
        reply({ ok: false, error: "Te veel verzoeken; even wachten." });
        return false;
      }
    };

    socket.on("capacity:subscribe", async (request, reply) => {
      if (typeof reply !== "function" || !(await allowed(reply))) return;
      const parsed = subscribeRequestSchema.safeParse(request);
      if (!parsed.success) return reply({ ok: false, error: "Ongeldig abonnement." } satisfies SubscribeReply);
      const action = ROOMS[parsed.data.scope];
      if (!can(actor, action)) {
        await options.denied(actor, `socket.${action}`, socket.handshake.address).catch(() => {});
        return reply({ ok: false, error: "Geen toegang tot deze gegevens." });
      }
      socket.join(parsed.data.scope);
      reply({ ok: true });
    });

    socket.on("capacity:sync", async (request, reply) => {
      if (typeof reply !== "function" || !(await allowed(reply))) return;
      if (!can(actor, "capacity.detail")) {
        await options.denied(actor, "socket.capacity.detail", socket.handshake.address).catch(() => {});
        return reply({ ok: false, error: "Geen toegang tot deze gegevens." });
      }
      const parsed = syncRequestSchema.safeParse(request);
      if (!parsed.success) {
        return reply({ ok: false, error: `Ongeldig sync-verzoek: ${parsed.error.issues[0]?.message ?? "onbekend"}` });
      }
      try {
        reply(await replay(options.eventsAfter, parsed.data.afterSeq));
      } catch (err) {
        logger.error({ err }, "replay failed");
        reply({ ok: false, error: "Bijwerken mislukt; probeer opnieuw." });
      }
    });
  });

  return {
    io,
    publish: (event) => {
      io.to("capaciteit-detail").emit("capacity:changed", event);
    },
    publishSummary: (summary) => {
      io.to("capaciteit-totalen").emit("capacity:summary", summary);
    },
    publishForecastChanged: (seq) => {
      io.to("capaciteit-totalen").emit("forecast:changed", { seq });
    },
    notifyProvider: (providerId) => {
      io.to(providerRoom(providerId)).emit("reservations:changed");
    },
    notifyUser: (userId, notice) => {
      io.to(userRoom(userId)).emit("requests:place-available", notice);
    },
    notifyRequest: (request) => {
      io.to([userRoom(request.createdBy), REQUESTS_ROOM]).emit("requests:changed", { requestId: request.id });
    },
    disconnectSession: (sessionId) => {
      io.in(sessionRoom(sessionId)).disconnectSockets(true);
    },
    close: async () => {
      await io.close();
    },
  };
}

/** What a client missed since afterSeq, from the log (socket.io delivery alone is never trusted). */
async function replay(read: RealtimeOptions["eventsAfter"], afterSeq: number): Promise<SyncReply> {
  const rows = await read(afterSeq, MAX_REPLAY_BATCH + 1);
  const complete = rows.length <= MAX_REPLAY_BATCH;
  const events = rows.slice(0, MAX_REPLAY_BATCH);
  return { ok: true, events, seq: events.at(-1)?.seq ?? afterSeq, complete };
}
