// Keeps a client's view of capacity current: live events, and replay from the event log after any gap, reconnect,
// resync hint or head the feed is behind. Socket.io delivery alone is never trusted. No DOM here: the board, tests and
// benchmarks share it.
//
// Two modes. Unscoped (every location): events in strict sequence order, gaps seen by seq. Scoped (one care type
// and/or municipality): other scopes' events never arrive, so seq cannot show a gap; each location's events are
// applied by version (an older one is ignored), and the feed syncs its scope from the log on (re)connect, on a resync
// hint and when the server's head of its scope is past what it has seen.

import type { CareType, Municipality } from "../../../shared/domain.js";
import type { CapacityEvent } from "../../../shared/schemas/capacity.js";
import { type AppSocket, onPush, requestWithAck } from "./pushes.js";

export type FeedSocket = AppSocket;

export interface FeedScope {
  careType?: CareType;
  municipality?: Municipality;
}

export interface FeedOptions {
  /** The sequence the client's snapshot is consistent with. */
  fromSeq: number;
  /**
   * Unscoped: events in strict sequence order, each exactly once. Scoped: events newer than the version held for
   * their location, oldest first.
   */
  onEvents(events: CapacityEvent[]): void;
  /** The server could not replay (too far behind or an error): reload the snapshot and start a new feed. */
  onReloadNeeded?(): void;
  syncTimeoutMs?: number;
  /** Only this scope's events (the socket subscribes to it; one scope per socket). */
  scope?: FeedScope;
  /** Scoped: the version of each location in the snapshot, by location id. */
  versions?: Iterable<[number, number]>;
  /** Scoped: the server refused the subscription (not allowed, or a bad filter). */
  onRefused?(error: string): void;
}

export interface CapacityFeed {
  /** Unscoped: the last event applied. Scoped: the highest seq seen of the scope. */
  lastSeq(): number;
  stop(): void;
}

// A head past our seq may only mean its event is still on the way; look again after this, spread over the clients.
const HEAD_GRACE_MS = 500;
const JITTER_MS = 1000;
const jitter = () => Math.random() * JITTER_MS;

export function createCapacityFeed(socket: FeedSocket, options: FeedOptions): CapacityFeed {
  return options.scope ? scopedFeed(socket, options, options.scope) : orderedFeed(socket, options);
}

/** At most one pending timer; clear() cancels it. */
function delays() {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    later(ms: number, fn: () => void) {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        fn();
      }, ms);
    },
    clear: () => clearTimeout(timer),
  };
}

function orderedFeed(socket: FeedSocket, options: FeedOptions): CapacityFeed {
  let lastSeq = options.fromSeq;
  let syncing = false;
  let stopped = false;
  // Live events that arrived ahead of a gap, waiting for the replay to fill it.
  const pending = new Map<number, CapacityEvent>();
  const timeoutMs = options.syncTimeoutMs ?? 5000;
  const afterHead = delays();
  const afterResync = delays();

  function deliver(events: CapacityEvent[]) {
    const fresh = events.filter((e) => e.seq > lastSeq).sort((a, b) => a.seq - b.seq);
    const inOrder: CapacityEvent[] = [];
    for (const event of fresh) {
      if (event.seq !== lastSeq + 1) break;
      inOrder.push(event);
      lastSeq = event.seq;
    }
    if (inOrder.length > 0) options.onEvents(inOrder);
  }

  function drainPending() {
    for (const seq of [...pending.keys()]) if (seq <= lastSeq) pending.delete(seq);
    const next: CapacityEvent[] = [];
    for (let seq = lastSeq + 1, e = pending.get(seq); e; e = pending.get(++seq)) {
      next.push(e);
      pending.delete(seq);
    }
    deliver(next);
    if (pending.size > 0) sync();
  }

  function sync() {
    if (syncing || stopped || !socket.connected) return;
    syncing = true;
    requestWithAck(socket, "capacity:sync", { afterSeq: lastSeq }, timeoutMs, (err, reply) => {
      syncing = false;
      if (stopped) return;
      if (err) return void setTimeout(sync, 250 + Math.random() * 750);
      if (!reply.ok) return void options.onReloadNeeded?.();
      deliver(reply.events);
      if (!reply.complete) return sync();
      drainPending();
    });
  }

  function onChanged(event: CapacityEvent) {
    if (event.seq <= lastSeq) return;
    if (event.seq === lastSeq + 1 && !syncing) {
      deliver([event]);
      drainPending();
      return;
    }
    pending.set(event.seq, event);
    sync();
  }
  const onHead = ({ seq }: { seq: number }) => {
    if (seq > lastSeq) afterHead.later(HEAD_GRACE_MS + jitter(), () => seq > lastSeq && sync());
  };
  // Our seq is contiguous, so the hint's seq adds nothing: sync from it, spread so a node's clients do not all ask
  // at once.
  const onResync = () => afterResync.later(jitter(), sync);

  const unlisten = listen(socket, { onChanged, onHead, onResync, onConnect: sync }, [afterHead, afterResync]);
  return {
    lastSeq: () => lastSeq,
    stop: () => {
      stopped = true;
      unlisten();
    },
  };
}

function scopedFeed(socket: FeedSocket, options: FeedOptions, scope: FeedScope): CapacityFeed {
  const filter = { scope: "capaciteit-detail" as const, ...scope };
  const versions = new Map(options.versions ?? []);
  const timeoutMs = options.syncTimeoutMs ?? 5000;
  const afterHead = delays();
  const afterResync = delays();
  // seen: the highest seq of the scope seen. synced: every event of the scope up to it has been seen (from a sync).
  // settled: what was seen one head earlier; pushes are in flight for milliseconds, not for seconds, so a cut
  // connection cannot have lost anything before it.
  let seen = options.fromSeq;
  let synced = options.fromSeq;
  let settled = options.fromSeq;
  let seenAtLastHead = options.fromSeq;
  let subscribed = false;
  let syncing = false;
  let stopped = false;
  let wanted: number | undefined;

  const inScope = (e: CapacityEvent) =>
    (!scope.careType || e.careType === scope.careType) &&
    (!scope.municipality || e.municipality === scope.municipality);
  const resumeFrom = () => Math.max(synced, settled);

  function apply(events: CapacityEvent[]) {
    const fresh: CapacityEvent[] = [];
    for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
      if (!inScope(e)) continue;
      seen = Math.max(seen, e.seq);
      if (e.version <= (versions.get(e.locationId) ?? 0)) continue;
      versions.set(e.locationId, e.version);
      fresh.push(e);
    }
    if (fresh.length > 0) options.onEvents(fresh);
  }

  function sync(afterSeq: number) {
    wanted = Math.min(wanted ?? afterSeq, afterSeq);
    if (syncing || stopped || !subscribed || !socket.connected) return;
    const from = wanted;
    wanted = undefined;
    syncing = true;
    requestWithAck(socket, "capacity:sync", { afterSeq: from, filter }, timeoutMs, (err, reply) => {
      syncing = false;
      if (stopped) return;
      if (err) {
        wanted = Math.min(wanted ?? from, from);
        return void setTimeout(() => sync(from), 250 + Math.random() * 750);
      }
      if (!reply.ok) return void options.onReloadNeeded?.();
      apply(reply.events);
      seen = Math.max(seen, reply.seq);
      if (!reply.complete) return sync(reply.seq);
      synced = Math.max(synced, reply.seq);
      if (wanted !== undefined) sync(wanted);
    });
  }

  // A new connection starts in the unscoped room: ask for the scope first, then catch up.
  function subscribe() {
    subscribed = false;
    if (stopped || !socket.connected) return;
    requestWithAck(socket, "capacity:subscribe", filter, timeoutMs, (err, reply) => {
      if (stopped) return;
      if (err) return void setTimeout(subscribe, 250 + Math.random() * 750);
      if (!reply.ok) return void options.onRefused?.(reply.error);
      subscribed = true;
      sync(wanted ?? resumeFrom());
    });
  }

  const onChanged = (event: CapacityEvent) => apply([event]);
  const onHead = ({ seq }: { seq: number }) => {
    settled = seenAtLastHead;
    seenAtLastHead = seen;
    if (seq > seen) afterHead.later(HEAD_GRACE_MS + jitter(), () => seq > seen && sync(resumeFrom()));
  };
  // Events may be lost from afterSeq on (the node's broker connection was down); our own seen seq may have moved past
  // them meanwhile, with events this node published itself.
  const onResync = ({ afterSeq }: { afterSeq?: number }) => {
    const from = afterSeq === undefined ? synced : Math.min(resumeFrom(), afterSeq);
    wanted = Math.min(wanted ?? from, from);
    afterResync.later(jitter(), () => sync(wanted ?? from));
  };

  const unlisten = listen(socket, { onChanged, onHead, onResync, onConnect: subscribe }, [afterHead, afterResync]);
  return {
    lastSeq: () => seen,
    stop: () => {
      stopped = true;
      unlisten();
    },
  };
}

/** Both feeds hear the same events; onConnect also runs once at the start. Returns the undo, timers included. */
function listen(
  socket: FeedSocket,
  on: {
    onChanged: (event: CapacityEvent) => void;
    onHead: (head: { seq: number }) => void;
    onResync: (hint: { afterSeq?: number }) => void;
    onConnect: () => void;
  },
  timers: { clear(): void }[],
): () => void {
  // Parsed pushes only: a capacity:changed that does not match the protocol is dropped, and the next head or sync
  // brings the change from the log.
  const unlisten = [
    onPush(socket, "capacity:changed", on.onChanged),
    onPush(socket, "capacity:head", on.onHead),
    onPush(socket, "capacity:resync", on.onResync),
  ];
  socket.on("connect", on.onConnect);
  on.onConnect();
  return () => {
    for (const t of timers) t.clear();
    for (const undo of unlisten) undo();
    socket.off("connect", on.onConnect);
  };
}
