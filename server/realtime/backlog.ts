// Slow consumers: a client that stops reading leaves everything sent to it in this process's memory (engine.io's
// write buffer, then ws and the TCP socket), without bound. A socket whose backlog passes a bound is cut off; the
// client reconnects when it reads again and replays what it missed from the event log.
import type { Server, Socket } from "socket.io";

export interface Backlog {
  /** Packets engine.io holds because the transport is still busy with earlier ones. */
  packets: number;
  /** Their bytes plus what the websocket (ws sender and TCP socket) still has to write. */
  bytes: number;
}

export const DEFAULT_BACKLOG_LIMIT: Backlog = { packets: 1000, bytes: 1024 * 1024 };

// The engine.io and ws internals read here: stable in engine.io 6 and ws 8, but not in their public types.
interface Conn {
  writeBuffer: { data?: unknown }[];
  transport: { socket?: { bufferedAmount?: number; terminate?(): void } };
  close(discard?: boolean): void;
}

const connOf = (socket: Socket) => socket.conn as unknown as Conn;

function sizeOf(data: unknown): number {
  if (typeof data === "string") return Buffer.byteLength(data);
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

export function backlogOf(socket: Socket): Backlog {
  const conn = connOf(socket);
  let bytes = conn.transport.socket?.bufferedAmount ?? 0;
  for (const packet of conn.writeBuffer) bytes += sizeOf(packet.data);
  return { packets: conn.writeBuffer.length, bytes };
}

const over = (backlog: Backlog, limit: Backlog) => backlog.packets > limit.packets || backlog.bytes > limit.bytes;

/**
 * Cuts the connection at once. A polite close would wait until the buffer drained, which a client that does not
 * read never lets happen; terminate drops the TCP connection and with it what was queued.
 */
function cut(socket: Socket) {
  const conn = connOf(socket);
  const ws = conn.transport.socket;
  conn.close(true);
  ws?.terminate?.();
}

/** Cuts the socket when its backlog is over the limit; true when it did. */
export function cutIfSlow(socket: Socket, limit: Backlog, onCut: (socket: Socket, backlog: Backlog) => void) {
  // Nearly every socket holds no packet back: its backlog is what the websocket still has to write, read without
  // adding anything up (the guard looks at every socket of the node each second).
  const conn = connOf(socket);
  if (conn.writeBuffer.length === 0 && (conn.transport.socket?.bufferedAmount ?? 0) <= limit.bytes) return false;
  const backlog = backlogOf(socket);
  if (!over(backlog, limit)) return false;
  onCut(socket, backlog);
  cut(socket);
  return true;
}

/** Looks at every socket of this process now and then; broadcasts add little between two looks. */
export function guardBacklogs(
  io: Server,
  limit: Backlog,
  intervalMs: number,
  onCut: (socket: Socket, backlog: Backlog) => void,
): () => void {
  const timer = setInterval(() => {
    for (const socket of io.of("/").sockets.values()) cutIfSlow(socket, limit, onCut);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
