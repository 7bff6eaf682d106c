// What the scale bench's baselines (bare socket.io, the floor) share: the app's room-scoped fan-out without the app.
// A client's capacity:subscribe puts it in its scope's room, and each event goes once to the rooms of its location's
// scopes (server/realtime/scopes.ts, as the app does). Locations: BENCH_SCOPES, JSON [[id, careType, municipality],
// ...]. With REDIS_URL the app's @socket.io/redis-adapter on that Redis, on channels of their own (BENCH_REDIS_KEY),
// so several processes do the work of several nodes. Serves the bench over IPC until it says stop.
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import { Server } from "socket.io";
import { eventRooms, scopeRoom } from "../server/realtime/scopes.js";
import type { CareType, Municipality } from "../shared/domain.js";
import type { CapacityEvent } from "../shared/schemas/capacity.js";
import type { ClientToServerEvents, ServerToClientEvents } from "../shared/schemas/realtime.js";
import { measureUsage, sendReady, serveParent } from "./ipc.js";

export const scopes = new Map(
  (JSON.parse(process.env.BENCH_SCOPES ?? "[]") as [number, CareType, Municipality][]).map(
    ([id, careType, municipality]) => [id, { careType, municipality }],
  ),
);

/** Listens with the request listener made from `publish` and tells the bench it is ready. */
export async function serveBareRooms(
  listener: (publish: (event: CapacityEvent) => void) => RequestListener,
  onStop?: () => Promise<unknown>,
): Promise<void> {
  const httpServer = createServer(listener((event) => io.to(eventRooms(event)).emit("capacity:changed", event)));
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer);
  const redisUrl = process.env.REDIS_URL;
  const pub = redisUrl ? new Redis(redisUrl) : undefined;
  const sub = pub?.duplicate();
  if (pub && sub) io.adapter(createAdapter(pub, sub, { key: process.env.BENCH_REDIS_KEY ?? "socket.io" }));
  io.on("connection", (socket) => {
    socket.on("capacity:subscribe", (request, reply) => {
      const { careType, municipality } = request as { careType?: CareType; municipality?: Municipality };
      socket.join(scopeRoom({ careType, municipality }));
      reply({ ok: true });
    });
  });

  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  serveParent({
    usage: ({ gc }) => measureUsage(gc),
    stop: async () => {
      await io.close();
      await onStop?.();
      pub?.disconnect();
      sub?.disconnect();
      setTimeout(() => process.exit(0), 100);
    },
  });
  sendReady((httpServer.address() as AddressInfo).port, [...scopes.keys()]);
}
