// Board clients as the app runs them (client/src/lib/socket.ts, hooks/use-live-locations.ts): a websocket-only
// socket.io connection with jittered reconnects, a snapshot from GET /api/locations, and createCapacityFeed applying
// events from the snapshot's seq on. Each board keeps its own per-location view, for comparison with the database.
import { io as connect } from "socket.io-client";
import { type CapacityFeed, createCapacityFeed, type FeedSocket } from "../../client/src/lib/capacity-feed.js";
import { applyCapacityEvent } from "../../shared/rules/capacity.js";
import type { CapacityEvent, Location, LocationList } from "../../shared/schemas/capacity.js";

/** What a board shows of a location, and what the database must agree with. */
export type Shown = Pick<Location, "free" | "occupied" | "reserved" | "version">;

export interface BoardStats {
  connects: number;
  disconnects: number;
  /** Handshakes the server refused (socket.io does not retry those by itself; the app does, later). */
  refused: number;
  snapshots: number;
  /** The feed asked for a fresh snapshot. */
  reloads: number;
  /** Events handed to onEvents out of strict seq order or twice: the feed promises neither happens. */
  orderErrors: number;
}

export interface Board {
  index: number;
  socket: FeedSocket;
  view: Map<number, Location>;
  stats: BoardStats;
  lastSeq(): number;
  close(): void;
}

// The app waits 5 s before it tries a refused socket again; a little jitter keeps boards from returning together.
const RETRY_REFUSED_MS = 5000;

async function fetchSnapshot(url: string, headers: Record<string, string>): Promise<LocationList> {
  const res = await fetch(`${url}/api/locations`, { headers, signal: AbortSignal.timeout(15_000) });
  if (res.status !== 200) throw new Error(`GET /api/locations: ${res.status}`);
  return (await res.json()) as LocationList;
}

export function openBoard(url: string, headers: Record<string, string>, index: number): Promise<Board> {
  let closed = false;
  let feed: CapacityFeed | undefined;
  const stats: BoardStats = { connects: 0, disconnects: 0, refused: 0, snapshots: 0, reloads: 0, orderErrors: 0 };
  const view = new Map<number, Location>();
  const socket: FeedSocket = connect(url, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    randomizationFactor: 0.5,
    timeout: 20_000,
    extraHeaders: headers,
  });
  const retryLater = () => {
    stats.refused += 1;
    setTimeout(
      () => {
        if (!closed && !socket.active) socket.connect();
      },
      RETRY_REFUSED_MS * (0.5 + Math.random()),
    );
  };
  socket.on("connect", () => {
    stats.connects += 1;
  });
  socket.on("disconnect", (reason) => {
    stats.disconnects += 1;
    if (reason === "io server disconnect") retryLater();
  });
  socket.on("connect_error", () => {
    if (!socket.active) retryLater();
  });

  const start = async (): Promise<void> => {
    let list: LocationList | undefined;
    for (let attempt = 0; !list; attempt++) {
      if (closed) return;
      list = await fetchSnapshot(url, headers).catch(async () => {
        await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** attempt) * (0.5 + Math.random())));
        return undefined;
      });
    }
    if (closed) return;
    stats.snapshots += 1;
    view.clear();
    for (const location of list.locations) view.set(location.id, location);
    let expected = list.seq;
    const restart = () => {
      stats.reloads += 1;
      current.stop();
      void start();
    };
    const current = createCapacityFeed(socket, {
      fromSeq: list.seq,
      onEvents: (events: CapacityEvent[]) => {
        for (const event of events) {
          if (event.seq !== expected + 1) stats.orderErrors += 1;
          expected = event.seq;
          const location = view.get(event.locationId);
          // A location the snapshot did not have: the app fetches a fresh snapshot then, and so does this board.
          if (!location) return restart();
          view.set(event.locationId, applyCapacityEvent(location, event));
        }
      },
      onReloadNeeded: restart,
    });
    feed = current;
  };

  return new Promise<Board>((resolve, reject) => {
    socket.once("connect", () => {
      start().then(
        () =>
          resolve({
            index,
            socket,
            view,
            stats,
            lastSeq: () => feed?.lastSeq() ?? 0,
            close: () => {
              closed = true;
              feed?.stop();
              socket.removeAllListeners();
              socket.disconnect();
            },
          }),
        reject,
      );
    });
    socket.once("connect_error", (err) => {
      if (stats.connects === 0 && !socket.active) reject(new Error(`board ${index} refused: ${err.message}`));
    });
  });
}

/** Opens `count` boards in batches (a storm of handshakes at once would time out on two cores). */
export async function openBoards(
  url: string,
  headers: Record<string, string>,
  count: number,
  batchSize = 50,
): Promise<Board[]> {
  const boards: Board[] = [];
  try {
    for (let start = 0; start < count; start += batchSize) {
      const batch = Array.from({ length: Math.min(batchSize, count - start) }, (_, i) =>
        openBoard(url, headers, start + i),
      );
      const settled = await Promise.allSettled(batch);
      for (const s of settled) if (s.status === "fulfilled") boards.push(s.value);
      const failed = settled.find((s) => s.status === "rejected");
      if (failed) throw failed.reason;
    }
  } catch (err) {
    for (const board of boards) board.close();
    throw err;
  }
  return boards;
}

/** Locations where the board shows something else than the database, with the first difference. */
export function differences(board: Board, truth: Map<number, Shown>): { count: number; first?: string } {
  let count = 0;
  let first: string | undefined;
  for (const [id, expected] of truth) {
    const shown = board.view.get(id);
    const same =
      shown &&
      shown.free === expected.free &&
      shown.occupied === expected.occupied &&
      shown.reserved === expected.reserved &&
      shown.version === expected.version;
    if (same) continue;
    count += 1;
    first ??= `location ${id}: board ${JSON.stringify(shown && pick(shown))}, database ${JSON.stringify(expected)}`;
  }
  if (board.view.size !== truth.size) {
    count += 1;
    first ??= `board has ${board.view.size} locations, database ${truth.size}`;
  }
  return { count, first };
}

function pick(l: Shown): Shown {
  return { free: l.free, occupied: l.occupied, reserved: l.reserved, version: l.version };
}
