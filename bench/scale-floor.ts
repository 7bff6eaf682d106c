// SCRATCH: the floor of this stack: express + express.json + postgres.js, the change's read and a versioned write.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import postgres from "postgres";
import { Server } from "socket.io";
import { eventRooms, scopeRoom } from "../server/realtime/scopes.js";
import type { CareType, Municipality } from "../shared/domain.js";
import { failFatally, measureUsage, sendReady, serveParent } from "./ipc.js";

const scopes = new Map(
  (JSON.parse(process.env.BENCH_SCOPES ?? "[]") as [number, CareType, Municipality][]).map(
    ([id, careType, municipality]) => [id, { careType, municipality }],
  ),
);
async function main() {
  const sql = postgres(process.env.DATABASE_URL as string, { prepare: true, max: 4 });
  const app = express();
  app.use(express.json({ limit: "16kb" }));
  let seq = 0;
  app.post("/api/locations/:id/occupancy", async (req, res) => {
    const id = Number(req.params.id);
    const change = req.body?.change;
    const [row] = await sql`select id, capacity, occupied, reserved, version from locations where id = ${id}`;
    if (!row) return res.status(404).json({ error: "nf" });
    const occupied = Math.max(0, Math.min(row.capacity, row.occupied + (change === "bezet" ? 1 : -1)));
    const [w] =
      await sql`update locations set occupied = ${occupied}, version = version + 1 where id = ${id} and version = ${row.version} returning version, last_confirmed_at`;
    const scope = scopes.get(id);
    if (!scope || !w) return res.status(409).json({ error: "moved" });
    seq++;
    const now = new Date().toISOString();
    const event = {
      seq,
      kind: change === "bezet" ? "plek-bezet" : "plek-vrijgekomen",
      locationId: id,
      ...scope,
      capacity: row.capacity,
      occupied,
      reserved: row.reserved,
      free: row.capacity - occupied - row.reserved,
      version: w.version,
      lastConfirmedAt: now,
      at: now,
    };
    setImmediate(() => io.to(eventRooms(scope)).emit("capacity:changed", event as never));
    res.json({ seq, id, occupied, version: w.version });
  });
  const httpServer = createServer(app);
  const io = new Server(httpServer);
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
      await sql.end();
      setTimeout(() => process.exit(0), 100);
    },
  });
  sendReady((httpServer.address() as AddressInfo).port, [...scopes.keys()]);
}
main().catch(failFatally);
