// A client worker of the scale bench (forked by scale-clients.ts): connects its share of the clients, spread over
// the nodes, each subscribed to one scope, and records update-to-client latency (bench/clients.ts).
import type { CareType, Municipality } from "../shared/domain.js";
import { type ClientPool, type ClientSocket, connectClients } from "./clients.js";

export interface Scope {
  careType: CareType;
  municipality: Municipality;
}

export type WorkerRequest = { id: number } & (
  | {
      op: "connect";
      urls: string[];
      /** The global indices of this worker's clients: client j goes to node j % nodes, scope j % scopes. */
      first: number;
      count: number;
      scopes: Scope[];
      headers: Record<string, string>;
      /** The app: after subscribing, each client syncs its feed from this seq, as a board does after loading. */
      syncFrom?: number;
    }
  | { op: "record"; fromMs: number }
  | { op: "delivered" }
  | { op: "stats" }
  /** CPU time this worker has used so far, in ms. */
  | { op: "cpu" }
  | { op: "close" }
);

export interface WorkerStats {
  delivered: number;
  disconnects: number;
  outOfOrder: number;
  heads: number;
  latencies: number[];
}

export type WorkerReply =
  | { type: "reply"; id: number; ok: true; result?: unknown }
  | { type: "reply"; id: number; ok: false; error: string }
  | { type: "progress"; connected: number };

const pools: ClientPool[] = [];
const send = (message: WorkerReply) => {
  if (process.connected) process.send?.(message, undefined, {}, () => {});
};

async function subscribe(socket: ClientSocket, scope: Scope, syncFrom: number | undefined) {
  const filter = { scope: "capaciteit-detail", ...scope } as const;
  const reply = await socket.timeout(30_000).emitWithAck("capacity:subscribe", filter);
  if (!reply.ok) throw new Error(`subscription refused: ${reply.error}`);
  for (let afterSeq = syncFrom; afterSeq !== undefined; ) {
    const synced = await socket.timeout(30_000).emitWithAck("capacity:sync", { afterSeq, filter });
    if (!synced.ok) throw new Error(`sync refused: ${synced.error}`);
    afterSeq = synced.complete ? undefined : synced.seq;
  }
}

async function connect(request: Extract<WorkerRequest, { op: "connect" }>) {
  let connected = 0;
  for (let node = 0; node < request.urls.length; node++) {
    const mine: number[] = [];
    for (let j = request.first; j < request.first + request.count; j++)
      if (j % request.urls.length === node) mine.push(j);
    if (mine.length === 0) continue;
    const before = connected;
    const pool = await connectClients(request.urls[node] as string, mine.length, {
      headers: request.headers,
      batchSize: 25,
      // A crowded machine took over 30 s for a batch of handshakes to a node already holding thousands of clients.
      batchTimeoutMs: 120_000,
      prepare: (socket, i) =>
        subscribe(socket, request.scopes[(mine[i] as number) % request.scopes.length] as Scope, request.syncFrom),
      onProgress: (n) => {
        connected = before + n;
        send({ type: "progress", connected });
      },
    });
    pools.push(pool);
  }
}

function stats(): WorkerStats {
  const latencies: number[] = [];
  for (const pool of pools) for (const ms of pool.latencies()) latencies.push(ms);
  const sum = (f: (p: ClientPool) => number) => pools.reduce((n, p) => n + f(p), 0);
  return {
    delivered: sum((p) => p.delivered()),
    disconnects: sum((p) => p.disconnects()),
    outOfOrder: sum((p) => p.outOfOrder()),
    heads: sum((p) => p.heads()),
    latencies,
  };
}

process.on("disconnect", () => process.exit(0));
process.on("message", async (request: WorkerRequest) => {
  try {
    let result: unknown;
    if (request.op === "connect") await connect(request);
    else if (request.op === "record") for (const pool of pools) pool.record(request.fromMs);
    else if (request.op === "delivered") result = pools.reduce((n, p) => n + p.delivered(), 0);
    else if (request.op === "stats") result = stats();
    else if (request.op === "cpu") {
      const { user, system } = process.cpuUsage();
      result = (user + system) / 1000;
    } else {
      for (const pool of pools) pool.close();
      setTimeout(() => process.exit(0), 200);
    }
    send({ type: "reply", id: request.id, ok: true, result });
  } catch (err) {
    send({ type: "reply", id: request.id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
