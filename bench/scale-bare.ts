// The baseline of the scale bench: a bare socket.io server (no database, no express) with the app's room-scoped
// fan-out: a client's capacity:subscribe puts it in its scope's room, and each change goes once to the rooms of the
// location's scopes (server/realtime/scopes.ts, as the app does); the writer posts its changes to it as to the app
// (bench/bare-intake.ts). Locations: BENCH_SCOPES, JSON [[id, careType, municipality], ...]. With REDIS_URL it uses
// the app's @socket.io/redis-adapter on that Redis, so several of these processes do the same work as the app on
// several nodes.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import { Server } from "socket.io";
import { eventRooms, scopeRoom } from "../server/realtime/scopes.js";
import type { CareType, Municipality } from "../shared/domain.js";
import type { ClientToServerEvents, ServerToClientEvents } from "../shared/schemas/realtime.js";
import { bareEvents } from "./bare-events.js";
import { bareIntake } from "./bare-intake.js";
import { failFatally, measureUsage, sendReady, serveParent } from "./ipc.js";

const scopes = new Map(
  (JSON.parse(process.env.BENCH_SCOPES ?? "[]") as [number, CareType, Municipality][]).map(
    ([id, careType, municipality]) => [id, { careType, municipality }],
  ),
);

async function main() {
  const nextEvent = bareEvents();
  const httpServer = createServer(
    bareIntake((locationId, change, seq) => {
      const scope = scopes.get(locationId);
      if (!scope) throw new Error(`location ${locationId} is not in BENCH_SCOPES`);
      const event = nextEvent(locationId, change, scope, seq);
      io.to(eventRooms(scope)).emit("capacity:changed", event);
      return event.seq;
    }),
  );
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
      pub?.disconnect();
      sub?.disconnect();
      setTimeout(() => process.exit(0), 100);
    },
  });
  sendReady((httpServer.address() as AddressInfo).port, [...scopes.keys()]);
}

main().catch(failFatally);
