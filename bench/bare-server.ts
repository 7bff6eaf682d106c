// The baseline for the live bench: a bare socket.io server (no database, no express, no routes) in its own process.
// Each "emit" request broadcasts one CapacityEvent-shaped object stamped with at = now, like the app after a commit.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import type { CapacityEvent } from "../shared/schemas/capacity.js";
import type { ServerToClientEvents } from "../shared/schemas/realtime.js";
import { failFatally, measureUsage, sendReady, serveParent } from "./ipc.js";

const ROOM = "capacity";
const LOCATIONS = Number(process.env.BENCH_LOCATIONS ?? 300);

async function main() {
  const httpServer = createServer();
  const io = new Server<Record<string, never>, ServerToClientEvents>(httpServer);
  io.on("connection", (socket) => {
    socket.join(ROOM);
  });
  // Counts per location, so the payload carries the same kind of numbers the app sends.
  const occupied = new Map<number, number>();
  const versions = new Map<number, number>();
  let seq = 0;

  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  serveParent({
    usage: ({ gc }) => measureUsage(gc),
    emit: ({ locationId, change }) => {
      const now = new Date().toISOString();
      const taken = (occupied.get(locationId) ?? 4) + (change === "bezet" ? 1 : -1);
      const version = (versions.get(locationId) ?? 1) + 1;
      occupied.set(locationId, taken);
      versions.set(locationId, version);
      seq += 1;
      const event: CapacityEvent = {
        seq,
        kind: change === "bezet" ? "plek-bezet" : "plek-vrijgekomen",
        locationId,
        // Same payload size as the app's events; the live bench has one room, so the scope is only along for the ride.
        careType: "residentieel",
        municipality: "Enschede",
        capacity: 10,
        occupied: taken,
        reserved: 0,
        free: 10 - taken,
        version,
        lastConfirmedAt: now,
        at: now,
      };
      io.to(ROOM).emit("capacity:changed", event);
      return seq;
    },
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
