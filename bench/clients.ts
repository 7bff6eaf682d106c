// N socket.io clients in the bench process, each listening for "capacity:changed". Latency of one delivery =
// Date.now() at receipt - event.at (stamped by the server at commit; same machine, same clock).
import { io as connect, type Socket } from "socket.io-client";
import type { CapacityEvent } from "../shared/schemas/capacity.js";
import type { ClientToServerEvents, ServerToClientEvents } from "../shared/schemas/realtime.js";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ClientPool {
  size: number;
  /** Start recording events stamped at or after `fromMs`; earlier ones (warm-up) are ignored. */
  record(fromMs: number): void;
  /** Events recorded so far, over all clients. */
  delivered(): number;
  latencies(): Float64Array;
  /** Clients that dropped their connection after connecting (no reconnection in the bench). */
  disconnects(): number;
  /** Deliveries whose seq was not above the last one that client saw. */
  outOfOrder(): number;
  /** capacity:head messages received while recording (each node tells a socket the head now and then). */
  heads(): number;
  close(): void;
}

export interface ConnectOptions {
  /** Sent with every handshake, e.g. the session cookie. */
  headers?: Record<string, string>;
  batchSize?: number;
  batchTimeoutMs?: number;
  onProgress?(connected: number): void;
  /** Runs once a client is connected, before the batch counts as done (e.g. subscribe to a scope). */
  prepare?(socket: ClientSocket, index: number): Promise<void>;
}

/** Connects `count` clients in batches (a full storm at once times out) and resolves once all are connected. */
export async function connectClients(url: string, count: number, options: ConnectOptions = {}): Promise<ClientPool> {
  const batchSize = options.batchSize ?? 50;
  const batchTimeoutMs = options.batchTimeoutMs ?? 30_000;
  const sockets: ClientSocket[] = [];
  const lastSeq = new Float64Array(count);
  let recordFrom = Number.POSITIVE_INFINITY;
  let samples = new Float64Array(1 << 16);
  let sampleCount = 0;
  let outOfOrder = 0;
  let heads = 0;
  let disconnects = 0;
  let closing = false;
  // All clients receive the same event one after another: parse its timestamp once.
  let lastAt = "";
  let lastAtMs = 0;

  const listen = (socket: ClientSocket, index: number) => {
    socket.on("capacity:changed", (event: CapacityEvent) => {
      const now = Date.now();
      if (event.at !== lastAt) {
        lastAt = event.at;
        lastAtMs = Date.parse(event.at);
      }
      if (lastAtMs < recordFrom) return;
      if (sampleCount === samples.length) {
        const grown = new Float64Array(samples.length * 2);
        grown.set(samples);
        samples = grown;
      }
      samples[sampleCount++] = now - lastAtMs;
      if (event.seq <= (lastSeq[index] ?? 0)) outOfOrder += 1;
      lastSeq[index] = event.seq;
    });
    socket.on("capacity:head", () => {
      if (recordFrom <= Date.now()) heads += 1;
    });
    socket.on("disconnect", () => {
      if (!closing) disconnects += 1;
    });
  };

  const pool: ClientPool = {
    size: count,
    record: (fromMs) => {
      recordFrom = fromMs;
    },
    delivered: () => sampleCount,
    latencies: () => samples.slice(0, sampleCount),
    disconnects: () => disconnects,
    outOfOrder: () => outOfOrder,
    heads: () => heads,
    close: () => {
      closing = true;
      for (const socket of sockets) {
        socket.removeAllListeners();
        socket.disconnect();
      }
    },
  };

  try {
    for (let start = 0; start < count; start += batchSize) {
      const batch: Promise<void>[] = [];
      for (let i = start; i < Math.min(start + batchSize, count); i++) {
        const socket: ClientSocket = connect(url, {
          transports: ["websocket"],
          forceNew: true,
          reconnection: false,
          extraHeaders: options.headers ?? {},
          timeout: batchTimeoutMs,
        });
        sockets.push(socket);
        listen(socket, i);
        batch.push(
          new Promise<void>((resolve, reject) => {
            socket.once("connect", () => {
              if (!options.prepare) return resolve();
              options.prepare(socket, i).then(resolve, reject);
            });
            socket.once("connect_error", (err) => reject(new Error(`client ${i} could not connect: ${err.message}`)));
          }),
        );
      }
      await Promise.all(batch);
      options.onProgress?.(sockets.length);
    }
  } catch (err) {
    pool.close();
    throw err;
  }
  return pool;
}
