// Convergence after losses a socket cannot see: the head of the log, read from the database now and then (a feed that
// is behind syncs even when no further change comes), and the moment a Redis connection is back after it was lost
// (the events that went through Redis meanwhile never arrived).
import type { Redis } from "ioredis";
import { createScopeHeads, type ScopeHeads } from "./scopes.js";

export interface HeadSource {
  /** The newest seq in the event log. */
  currentSeq(): Promise<number>;
  /** The newest seq per care type and municipality among the events after afterSeq. */
  scopeHeads(afterSeq: number): Promise<{ careType: string; municipality: string; seq: number }[]>;
}

export interface HeadTicker {
  /**
   * The head read one interval before the latest read: every event up to it was committed that long ago, so its
   * push has long gone out. A loss that starts now cannot reach back before it.
   */
  settled(): number | undefined;
  stop(): void;
}

/** Reads the head every interval (never two reads at once) and hands it, with the scopes' heads, to push. */
export function startHeadTicker(
  source: HeadSource,
  intervalMs: number,
  push: (seq: number, heads: ScopeHeads) => void,
  onError: (err: unknown) => void,
): HeadTicker {
  const heads = createScopeHeads();
  let latest: number | undefined;
  let previous: number | undefined;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const seq = await source.currentSeq();
      const scanned = heads.scanned();
      if (scanned === undefined) heads.start(seq);
      else if (seq > scanned) heads.add(await source.scopeHeads(scanned), seq);
      previous = latest;
      latest = seq;
      push(seq, heads);
    } catch (err) {
      onError(err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return { settled: () => previous ?? latest, stop: () => clearInterval(timer) };
}

/** How long one slice of a spread may take at most, and so how far apart the slices are. */
const SLICE_MS = 25;

/**
 * Hands items to send in equal slices over `withinMs`: the same work as all at once, without holding up everything
 * else for its whole length. A new spread replaces what is left of the previous one.
 */
export function spreadOver(withinMs: number) {
  let timers: NodeJS.Timeout[] = [];
  const cancel = () => {
    for (const t of timers) clearTimeout(t);
    timers = [];
  };
  const spread = <T>(items: readonly T[], send: (item: T) => void) => {
    cancel();
    if (items.length === 0) return;
    const slices = Math.max(1, Math.min(items.length, Math.floor(withinMs / SLICE_MS)));
    const size = Math.ceil(items.length / slices);
    for (let i = 0; i < slices; i++) {
      const slice = items.slice(i * size, (i + 1) * size);
      const timer = setTimeout(
        () => {
          for (const item of slice) send(item);
        },
        (i * withinMs) / slices,
      );
      timer.unref();
      timers.push(timer);
    }
  };
  return Object.assign(spread, { cancel });
}

/**
 * Calls back when a Redis connection is ready again after it was lost, with the settled head from the moment it was
 * lost. Not on the first connect: nothing was missed before that.
 */
export function onBrokerBack(
  client: Redis,
  settled: () => number | undefined,
  back: (afterSeq: number | undefined) => void,
): () => void {
  let lost: { afterSeq: number | undefined } | undefined;
  const onClose = () => {
    lost ??= { afterSeq: settled() };
  };
  const onReady = () => {
    if (!lost) return;
    const { afterSeq } = lost;
    lost = undefined;
    back(afterSeq);
  };
  client.on("close", onClose);
  client.on("ready", onReady);
  return () => {
    client.off("close", onClose);
    client.off("ready", onReady);
  };
}

/**
 * Resolves once the subscriber's channels are subscribed again. ioredis says 'ready' and then resubscribes; a PING
 * sent after that is answered after the SUBSCRIBE, so from then on nothing published is missed.
 */
export function resubscribed(sub: Redis): Promise<void> {
  return new Promise((resolve) => {
    setImmediate(() => {
      sub.ping().then(
        () => resolve(),
        () => resolve(),
      );
    });
  });
}
