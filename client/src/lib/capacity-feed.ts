// Keeps a client's view of capacity current: live events in sequence order, and replay from the event log after any
// gap or reconnect. Socket.io delivery alone is never trusted. No DOM here: the board, tests and benchmarks share it.

import type { Socket } from "socket.io-client";
import type { CapacityEvent } from "../../../shared/schemas/capacity.js";
import type { ClientToServerEvents, ServerToClientEvents } from "../../../shared/schemas/realtime.js";

export type FeedSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface FeedOptions {
  /** The sequence the client's snapshot is consistent with. */
  fromSeq: number;
  /** Called with events in strict sequence order, each exactly once. */
  onEvents(events: CapacityEvent[]): void;
  /** The server could not replay (too far behind or an error): reload the snapshot and start a new feed. */
  onReloadNeeded?(): void;
  syncTimeoutMs?: number;
}

export interface CapacityFeed {
  lastSeq(): number;
  stop(): void;
}

export function createCapacityFeed(socket: FeedSocket, options: FeedOptions): CapacityFeed {
  let lastSeq = options.fromSeq;
  let syncing = false;
  let stopped = false;
  // Live events that arrived ahead of a gap, waiting for the replay to fill it.
  const pending = new Map<number, CapacityEvent>();
  const timeoutMs = options.syncTimeoutMs ?? 5000;

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
    socket.timeout(timeoutMs).emit("capacity:sync", { afterSeq: lastSeq }, (err, reply) => {
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

  socket.on("capacity:changed", onChanged);
  socket.on("connect", sync);
  sync();

  return {
    lastSeq: () => lastSeq,
    stop: () => {
      stopped = true;
      socket.off("capacity:changed", onChanged);
      socket.off("connect", sync);
    },
  };
}
