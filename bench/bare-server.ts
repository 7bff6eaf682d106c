// The baseline for the live bench: a bare socket.io server (no database, no express, no routes) in its own process.
// Each change the writer posts (bench/bare-intake.ts) broadcasts one CapacityEvent-shaped object stamped with at = now,
// like the app after a commit.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import type { ServerToClientEvents } from "../shared/schemas/realtime.js";
import { bareEvents } from "./bare-events.js";
import { bareIntake } from "./bare-intake.js";
import { failFatally, measureUsage, sendReady, serveParent } from "./ipc.js";

const ROOM = "capacity";
const LOCATIONS = Number(process.env.BENCH_LOCATIONS ?? 300);

async function main() {
  const nextEvent = bareEvents();
  const httpServer = createServer(
    bareIntake((locationId, change) => {
      // Same payload size as the app's events; the live bench has one room, so the scope is only along for the ride.
      const event = nextEvent(locationId, change, { careType: "residentieel", municipality: "Enschede" });
      io.to(ROOM).emit("capacity:changed", event);
      return event.seq;
    }),
  );
  const io = new Server<Record<string, never>, ServerToClientEvents>(httpServer);
  io.on("connection", (socket) => {
    socket.join(ROOM);
  });

  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  serveParent({
    usage: ({ gc }) => measureUsage(gc),
    stop: async () => {
      await io.close();
      setTimeout(() => process.exit(0), 100);
    },
  });
  sendReady(
    (httpServer.address() as AddressInfo).port,
    Array.from({ length: LOCATIONS }, (_, i) => i + 1),
  );
}

main().catch(failFatally);
