// socket.io server: authenticated handshakes, rooms by role and by scope, replay from the event log, per-socket rate
// limits, slow consumers cut off, sockets that follow their identity, and the Redis adapter for scale-out, with
// convergence after a broker outage.
import type { Server as HttpServer, IncomingMessage } from "node:http";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { Server, type Socket } from "socket.io";
import type { CapacityEvent, CapacitySummary, EventPage } from "../../shared/schemas/capacity.js";
import type { NotificationPush } from "../../shared/schemas/notifications.js";
import type { PlaceAvailable } from "../../shared/schemas/placements.js";
import {
  firstIssue,
  MAX_REPLAY_BATCH,
  type SyncReply,
  subscribeRequestSchema,
  syncRequestSchema,
  unsubscribeRequestSchema,
} from "../../shared/schemas/realtime.js";
import type {
  ClientEventAck,
  ClientEventName,
  ClientToServerEventsReceived,
  ServerToClientEvents,
} from "../../shared/schemas/socket-events.js";
import { originAllowed } from "../http/authenticate.js";
import { RateLimiterMemory } from "../http/rate-limiter.js";
import { onFirstUse } from "../on-first-use.js";
import { type Action, can } from "../policies/policy.js";
import type { Actor } from "../policies/types.js";
import { type Backlog, cutIfSlow, DEFAULT_BACKLOG_LIMIT, guardBacklogs } from "./backlog.js";
import { type HeadSource, onBrokerBack, resubscribed, spreadOver, startHeadTicker } from "./convergence.js";
import {
  IDENTITY_ENDED,
  IDENTITY_ENDED_DETAIL,
  type IdentitySource,
  identitiesHolding,
  startIdentitySweep,
} from "./identity.js";
import { DETAIL_ROOM, eventRooms, isScoped, isScopeRoom, type Scope, scopeRoom } from "./scopes.js";

const TOTALS_ROOM = "capaciteit-totalen";
/** Which policy action opens which room. */
const ROOMS = {
  [DETAIL_ROOM]: "capacity.detail",
  [TOTALS_ROOM]: "capacity.summary",
} as const satisfies Record<string, Action>;

export const providerRoom = (providerId: number) => `aanbieder:${providerId}`;
export const userRoom = (userId: number) => `gebruiker:${userId}`;
export const tokenRoom = (tokenId: number) => `token:${tokenId}`;
/** Regisseurs: every placement request's changes (ids only). */
const REQUESTS_ROOM = "verzoeken";
/** How often each node tells its sockets the head of the log. */
const HEAD_INTERVAL_MS = 3000;
/** Sockets per head broadcast: a room of ten thousand goes out in many small steps. */
const HEAD_BATCH = 100;
/** How often each node looks for sockets that stopped reading. */
const BACKLOG_CHECK_MS = 1000;
/** How often each node checks that its sockets' sessions and tokens still hold. */
const IDENTITY_CHECK_MS = 5000;

interface SocketData {
  actor: Actor;
  /**
   * The newest seq of a capacity event sent to this socket, or up to which a sync of its own feed answered it: a head
   * no newer tells it nothing.
   */
  sentSeq?: number;
}
type AppSocket = Socket<ClientToServerEventsReceived, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeOptions extends HeadSource {
  logger: Logger;
  redis?: { pub: Redis; sub: Redis };
  /** Put before the adapter's channel names (REDIS_KEY_PREFIX): deployments sharing a Redis never hear each other. */
  redisKeyPrefix?: string;
  allowedOrigins: string[];
  /** This site's scheme://host for a handshake (http/authenticate.ts requestOrigin, with the app's proxy trust). */
  ownOrigin(request: IncomingMessage): string;
  /** Who is behind a handshake (cookie or token); anonymous sockets are refused. */
  authenticate(request: IncomingMessage, token: string | undefined): Promise<Actor>;
  /** Reads committed events after a sequence number, oldest first. */
  eventsAfter(afterSeq: number, limit: number): Promise<CapacityEvent[]>;
  /** One scope's events after a sequence number, and the head read before them (see capacity.scopedEventsAfter). */
  scopedEventsAfter(scope: Scope, afterSeq: number, limit: number): Promise<EventPage>;
  /** Records a refused socket action in the audit log. */
  denied(actor: Actor, action: string, ip: string, detail?: string): Promise<void>;
  /** Whether sockets' sessions and tokens still hold (identity.ts). */
  identities: IdentitySource;
  /** How often this node checks its sockets' identities (default 5 s). */
  identityCheckMs?: number;
  /** Socket events per second per socket before it is told to slow down. */
  eventsPerSecond?: number;
  headIntervalMs?: number;
  /** A socket holding more than this unsent is cut off (default 1,000 packets or 1 MiB). */
  backlogLimit?: Backlog;
}

export interface Realtime {
  io: Server<ClientToServerEventsReceived, ServerToClientEvents, Record<string, never>, SocketData>;
  publish(event: CapacityEvent): void;
  /** Whether any socket of this process is in the totals room. */
  showsTotals(): boolean;
  /** New totals to this process's sockets in the totals room (every process reads its own: server/app.ts). */
  publishSummary(summary: CapacitySummary): void;
  /** Forecasts changed (seq: the last capacity event they include): to everyone signed in, on every node. */
  publishForecastChanged(seq: number): void;
  /** Ends the sockets opened with this session of this account, on every node. */
  disconnectSession(userId: number, sessionId: string): void;
  /** Ends every socket of this account (disabled, role changed), on every node. */
  disconnectUser(userId: number): void;
  /** Ends the sockets opened with this API token (revoked), on every node. */
  disconnectToken(tokenId: number): void;
  notifyProvider(providerId: number): void;
  /** A personal notice to one account's open sockets, on every node. */
  notifyUser(userId: number, notice: PlaceAvailable): void;
  /** A new notification in one account's inbox, to its own sockets on every node. */
  pushNotification(userId: number, push: NotificationPush): void;
  /** One account's unread count changed (read in one tab): its other tabs' badges follow. */
  pushUnread(userId: number, unread: number): void;
  /** A request changed: to its maker and to the regisseurs. */
  notifyRequest(request: { id: number; createdBy: number }): void;
  close(): Promise<void>;
}

// Required only with Redis (as ioredis in realtime/redis.ts): a single node would hold it unused (0.5 MiB of heap).
const redisAdapter = onFirstUse<typeof import("@socket.io/redis-adapter")>("@socket.io/redis-adapter");

export function createRealtime(httpServer: HttpServer, options: RealtimeOptions): Realtime {
  const { logger } = options;
  const io = new Server<ClientToServerEventsReceived, ServerToClientEvents, Record<string, never>, SocketData>(
    httpServer,
    {
      maxHttpBufferSize: 16 * 1024,
      allowRequest: (req, callback) =>
        callback(null, originAllowed(req.headers.origin, options.ownOrigin(req), options.allowedOrigins)),
    },
  );
  if (options.redis) {
    const { createAdapter } = redisAdapter();
    io.adapter(
      createAdapter(options.redis.pub, options.redis.sub, { key: `${options.redisKeyPrefix ?? ""}socket.io` }),
    );
    // The adapter reports broker trouble as events; an unhandled one would crash the process.
    io.of("/").adapter.on("error", (err: unknown) => logger.warn({ err }, "socket.io redis adapter error"));
  }
  const limiter = new RateLimiterMemory({ points: options.eventsPerSecond ?? 20, duration: 1 });
  const backlogLimit = options.backlogLimit ?? DEFAULT_BACKLOG_LIMIT;
  const slow = (socket: Socket, backlog: Backlog) =>
    logger.warn(
      { socket: socket.id, ...backlog },
      "slow consumer cut off: it replays from the log when it reads again",
    );
  const stopGuard = guardBacklogs(io, backlogLimit, BACKLOG_CHECK_MS, slow);
  const identitySweep = startIdentitySweep({
    source: options.identities,
    intervalMs: options.identityCheckMs ?? IDENTITY_CHECK_MS,
    sockets: () => io.of("/").sockets.values(),
    ended: (count) => logger.info({ count }, "sockets whose session or token ended were disconnected"),
    failed: (err) => logger.warn({ err }, "checking the sockets' sessions and tokens failed"),
  });

  // While Redis is away a broadcast would wait in ioredis' queue, unbounded; send to this node's own sockets only.
  // Other nodes' feeds learn of the gap from the head and from the resync once the broker is back.
  const pub = options.redis?.pub;
  const to = (rooms: string | string[]) => (pub && pub.status !== "ready" ? io.local.to(rooms) : io.to(rooms));

  const headIntervalMs = options.headIntervalMs ?? HEAD_INTERVAL_MS;
  // Every socket hears its feed's head once per interval, but not all in the same moment: ten thousand writes at
  // once would hold up the live events behind them (README, bench:scale). Heads read now and sent a little later
  // are still true: everything up to them was committed.
  const headSpread = spreadOver(headIntervalMs / 2);
  const heads = startHeadTicker(
    options,
    headIntervalMs,
    (seq, scopeHeads) => {
      // One broadcast (one encoding) per batch of sockets that hear the same head. A socket that was sent an event
      // at least as new as the head has it already (or lost its connection, and syncs when it is back): skipped.
      const nsp = io.of("/");
      const batches: { ids: string[]; seq: number }[] = [];
      for (const [room, members] of nsp.adapter.rooms) {
        const head = room === DETAIL_ROOM ? seq : isScopeRoom(room) ? scopeHeads.headOf(room) : undefined;
        if (head === undefined) continue;
        const ids = [...members].filter((id) => (nsp.sockets.get(id)?.data.sentSeq ?? 0) < head);
        for (let i = 0; i < ids.length; i += HEAD_BATCH) batches.push({ ids: ids.slice(i, i + HEAD_BATCH), seq: head });
      }
      headSpread(batches, (b) => io.local.to(b.ids).emit("capacity:head", { seq: b.seq }));
    },
    (err) => logger.warn({ err }, "reading the head of the event log failed"),
  );
  const unwatch: (() => void)[] = [];
  if (options.redis) {
    const { sub } = options.redis;
    // This node's subscription was gone: its own sockets missed what other nodes published meanwhile.
    unwatch.push(
      onBrokerBack(sub, heads.settled, (afterSeq) => {
        void resubscribed(sub).then(() => {
          logger.info({ afterSeq }, "redis subscription back: sockets of this node resync");
          io.local.emit("capacity:resync", afterSeq === undefined ? {} : { afterSeq });
        });
      }),
    );
    // This node published to its own sockets only: every other node's sockets missed those events.
    unwatch.push(
      onBrokerBack(options.redis.pub, heads.settled, (afterSeq) => {
        logger.info({ afterSeq }, "redis publisher back: every node's sockets resync");
        io.emit("capacity:resync", afterSeq === undefined ? {} : { afterSeq });
      }),
    );
  }

  io.use(async (socket, next) => {
    try {
      const token = typeof socket.handshake.auth?.token === "string" ? socket.handshake.auth.token : undefined;
      const actor = await options.authenticate(socket.request, token);
      if (actor.kind === "anonymous") return next(new Error("Niet ingelogd"));
      // A socket never checks a CSRF token (its handshake is checked by origin): it does not keep a copy of one.
      socket.data.actor = actor.kind === "user" ? { ...actor, csrfToken: "" } : actor;
      next();
    } catch (err) {
      logger.info({ err: (err as Error).message }, "socket handshake refused");
      next(new Error("Niet ingelogd"));
    }
  });

  // What a socket needs per connection is in socket.data (its actor) and socket.io's own structures: the listeners
  // below are made once per server and read their socket from `this` (socket.io calls them on it), so ten thousand
  // boards do not each hold six closures and the context they share.
  type Reply = (answer: { ok: false; error: string }) => void;
  type ReplyTo<E extends ClientEventName> = (answer: ClientEventAck<E>) => void;

  /** Every event passes the per-socket limit first; a flood is answered, then cut off. */
  const allowed = async (socket: AppSocket, reply: Reply) => {
    try {
      await limiter.consume(socket.id);
      return true;
    } catch {
      reply({ ok: false, error: "Te veel verzoeken; even wachten." });
      return false;
    }
  };
  // A replay reads the log for whoever asks: asked on a socket whose session or token has ended (on another node,
  // or in the database, before this node's sweep came by), it is refused, recorded and the socket cut.
  const identityHolds = async (socket: AppSocket, action: string, reply: Reply) => {
    const { actor } = socket.data;
    try {
      if ((await identitiesHolding(options.identities, [actor]))(actor)) return true;
    } catch (err) {
      logger.warn({ err }, "checking a socket's session or token failed");
      reply({ ok: false, error: "Bijwerken mislukt; probeer opnieuw." });
      return false;
    }
    await options.denied(actor, action, socket.handshake.address, IDENTITY_ENDED_DETAIL).catch(() => {});
    reply({ ok: false, error: IDENTITY_ENDED });
    socket.disconnect(true);
    return false;
  };

  function trackSent(this: AppSocket, event: string, payload: { seq: number }) {
    if (event === "capacity:changed") this.data.sentSeq = Math.max(this.data.sentSeq ?? 0, payload.seq);
  }

  async function subscribe(this: AppSocket, request: unknown, reply: ReplyTo<"capacity:subscribe">) {
    const { actor } = this.data;
    if (typeof reply !== "function" || !(await allowed(this, reply))) return;
    if (!(await identityHolds(this, "socket.capacity.subscribe", reply))) return;
    const parsed = subscribeRequestSchema.safeParse(request);
    if (!parsed.success) return reply({ ok: false, error: `Ongeldig abonnement: ${firstIssue(parsed.error)}` });
    const action = ROOMS[parsed.data.scope];
    if (!can(actor, action)) {
      await options.denied(actor, `socket.${action}`, this.handshake.address).catch(() => {});
      return reply({ ok: false, error: "Geen toegang tot deze gegevens." });
    }
    if (parsed.data.scope === DETAIL_ROOM) {
      // One scope per socket: the new one replaces the unscoped room and any earlier scope.
      for (const room of this.rooms) if (room === DETAIL_ROOM || isScopeRoom(room)) this.leave(room);
      this.join(isScoped(parsed.data) ? scopeRoom(parsed.data) : DETAIL_ROOM);
      // What it was sent says nothing of its new feed: it hears that feed's heads from the next round on.
      this.data.sentSeq = undefined;
    } else this.join(parsed.data.scope);
    reply({ ok: true });
  }

  async function unsubscribe(this: AppSocket, request: unknown, reply: ReplyTo<"capacity:unsubscribe">) {
    if (typeof reply !== "function" || !(await allowed(this, reply))) return;
    const parsed = unsubscribeRequestSchema.safeParse(request);
    if (!parsed.success) return reply({ ok: false, error: `Ongeldig afmelden: ${firstIssue(parsed.error)}` });
    this.leave(parsed.data.scope);
    reply({ ok: true });
  }

  async function sync(this: AppSocket, request: unknown, reply: ReplyTo<"capacity:sync">) {
    const { actor } = this.data;
    if (typeof reply !== "function" || !(await allowed(this, reply))) return;
    if (!(await identityHolds(this, "socket.capacity.sync", reply))) return;
    if (!can(actor, "capacity.detail")) {
      await options.denied(actor, "socket.capacity.detail", this.handshake.address).catch(() => {});
      return reply({ ok: false, error: "Geen toegang tot deze gegevens." });
    }
    const parsed = syncRequestSchema.safeParse(request);
    if (!parsed.success) return reply({ ok: false, error: `Ongeldig sync-verzoek: ${firstIssue(parsed.error)}` });
    const { afterSeq, filter } = parsed.data;
    try {
      const answer =
        filter && isScoped(filter)
          ? await scopedReplay(options, filter, afterSeq)
          : await replay(options.eventsAfter, afterSeq);
      // A client that asks for replays without reading them would pile them up here.
      if (cutIfSlow(this, backlogLimit, slow)) return;
      // Synced its own feed: it has that feed up to the answer's seq, and a head no newer would tell it nothing (a
      // quiet scope's head stays at the log's head when this node started, every round).
      const feed = filter && isScoped(filter) ? scopeRoom(filter) : DETAIL_ROOM;
      if (answer.ok && answer.complete && this.rooms.has(feed)) {
        this.data.sentSeq = Math.max(this.data.sentSeq ?? 0, answer.seq);
      }
      reply(answer);
    } catch (err) {
      logger.error({ err }, "replay failed");
      reply({ ok: false, error: "Bijwerken mislukt; probeer opnieuw." });
    }
  }

  io.on("connection", (socket: AppSocket) => {
    const { actor } = socket.data;
    // The handshake's HTTP request served authentication above and is not read again: let it go, instead of every
    // board holding its headers and parser state for as long as it is open (socket.io, "Memory usage"; with
    // patches/engine.io+6.6.12.patch, which lets the upgrade's response drop it too).
    (socket.conn as unknown as { request: unknown }).request = null;
    socket.onAnyOutgoing(trackSent);
    // No room per session: disconnectSession finds a session's sockets among its account's, and ten thousand boards
    // hold one room name and two set entries less each.
    if (actor.kind === "user") socket.join(userRoom(actor.id));
    if (actor.kind === "token") socket.join(tokenRoom(actor.id));
    // A provider's staff hear about reservations at their own locations.
    if (actor.kind === "user" && actor.role === "aanbieder" && actor.providerId !== null) {
      socket.join(providerRoom(actor.providerId));
    }
    // The unscoped board feed from the handshake on. The totals room (summary and forecast pushes, several a second to
    // every member under load) only on request: ten thousand boards of one scope must not each pay for them.
    if (can(actor, ROOMS[DETAIL_ROOM])) socket.join(DETAIL_ROOM);
    if (can(actor, "requests.match")) socket.join(REQUESTS_ROOM);
    socket.on("capacity:subscribe", subscribe);
    socket.on("capacity:unsubscribe", unsubscribe);
    socket.on("capacity:sync", sync);
  });

  return {
    io,
    publish: (event) => {
      // One broadcast (one Redis publish) to the union of rooms; socket.io sends each socket one copy.
      to(eventRooms(event)).emit("capacity:changed", event);
    },
    showsTotals: () => (io.of("/").adapter.rooms.get(TOTALS_ROOM)?.size ?? 0) > 0,
    publishSummary: (summary) => {
      io.local.to(TOTALS_ROOM).emit("capacity:summary", summary);
    },
    publishForecastChanged: (seq) => {
      to(TOTALS_ROOM).emit("forecast:changed", { seq });
    },
    notifyProvider: (providerId) => {
      to(providerRoom(providerId)).emit("reservations:changed", { providerId });
    },
    notifyUser: (userId, notice) => {
      to(userRoom(userId)).emit("requests:place-available", notice);
    },
    pushNotification: (userId, push) => {
      to(userRoom(userId)).emit("notifications:new", push);
    },
    pushUnread: (userId, unread) => {
      to(userRoom(userId)).emit("notifications:unread", { unread });
    },
    notifyRequest: (request) => {
      to([userRoom(request.createdBy), REQUESTS_ROOM]).emit("requests:changed", { requestId: request.id });
    },
    // With the Redis adapter these reach every node's sockets; a node that misses one (broker away) cuts them at its
    // next identity check.
    // Every node answers fetchSockets through the adapter; one that does not answer in time cuts the session's
    // sockets at its next identity check (the session is gone from the database by now).
    disconnectSession: (userId, sessionId) => {
      io.in(userRoom(userId))
        .fetchSockets()
        .then(
          (sockets) => {
            for (const socket of sockets) {
              const { actor } = socket.data;
              if (actor.kind === "user" && actor.sessionId === sessionId) socket.disconnect(true);
            }
          },
          (err) => logger.warn({ err }, "finding a session's sockets failed: the identity check cuts them"),
        );
    },
    disconnectUser: (userId) => {
      io.in(userRoom(userId)).disconnectSockets(true);
    },
    disconnectToken: (tokenId) => {
      io.in(tokenRoom(tokenId)).disconnectSockets(true);
    },
    close: async () => {
      stopGuard();
      identitySweep.stop();
      heads.stop();
      headSpread.cancel();
      for (const stop of unwatch) stop();
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

/**
 * A scoped client cannot see gaps in seq (other scopes' events are not its own), so the answer's seq says how far it
 * is complete: the head read before the events when they all fit, else the last one sent.
 */
async function scopedReplay(options: RealtimeOptions, scope: Scope, afterSeq: number): Promise<SyncReply> {
  const page = await options.scopedEventsAfter(scope, afterSeq, MAX_REPLAY_BATCH + 1);
  const complete = page.events.length <= MAX_REPLAY_BATCH;
  const events = page.events.slice(0, MAX_REPLAY_BATCH);
  const seq = complete ? Math.max(page.seq, afterSeq) : (events.at(-1)?.seq ?? afterSeq);
  return { ok: true, events, seq, complete };
}
