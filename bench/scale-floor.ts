// The floor of the scale bench (--floor yes): what the fixed stack costs for a change before any of the app's own code.
// express 5 with express.json takes the writer's request; postgres.js (prepared statements, as the app) reads the
// location with its provider's name and writes it at its version, one round trip each, as the app's change does; the
// shared capacity rule gives the counts; the event goes to the rooms of the location's scopes like bare socket.io's.
// Left out, as the app's own: sessions, CSRF, authorization, validation, the audit and event-log rows, idempotency,
// logging, metrics, security headers, drizzle. The write stores what a confirmation stores (version and time), so
// the app's counts in the shared database stay as the app left them. Env as bare's (BENCH_SCOPES) plus DATABASE_URL.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import postgres from "postgres";
import { Server } from "socket.io";
import { eventRooms, scopeRoom } from "../server/realtime/scopes.js";
import type { CareType, Municipality } from "../shared/domain.js";
import { applyCapacityCommand } from "../shared/rules/capacity.js";
import type { CapacityEvent } from "../shared/schemas/capacity.js";
import type { ClientToServerEvents, ServerToClientEvents } from "../shared/schemas/realtime.js";
import { failFatally, measureUsage, sendReady, serveParent } from "./ipc.js";

const scopes = new Map(
  (JSON.parse(process.env.BENCH_SCOPES ?? "[]") as [number, CareType, Municipality][]).map(
    ([id, careType, municipality]) => [id, { careType, municipality }],
  ),
);

interface Row {
  capacity: number;
  occupied: number;
  reserved: number;
  version: number;
  providerName: string;
}

async function main() {
  const sql = postgres(process.env.DATABASE_URL as string, { prepare: true, max: 4 });
  const app = express();
  app.use(express.json({ limit: "16kb" }));
  let seq = 0;
  app.post("/api/locations/:id/occupancy", async (req, res) => {
    const id = Number(req.params.id);
    const scope = scopes.get(id);
    const change = (req.body as { change?: unknown } | undefined)?.change;
    if (!scope || (change !== "bezet" && change !== "vrijgekomen"))
      return void res.status(400).json({ error: "input" });
    const [row] = await sql<Row[]>`
      select l.*, p.name as "providerName" from locations l join providers p on p.id = l.provider_id where l.id = ${id}`;
    if (!row) return void res.status(404).json({ error: "not found" });
    const outcome = applyCapacityCommand(row, { kind: change === "bezet" ? "occupy" : "release", places: 1 });
    const counts = outcome.ok ? outcome.counts : row;
    const [written] = await sql<{ version: number; last_confirmed_at: Date }[]>`
      update locations set version = version + 1, last_confirmed_at = now()
      where id = ${id} and version = ${row.version} returning version, last_confirmed_at`;
    if (!written) return void res.status(409).json({ error: "moved" });
    const at = written.last_confirmed_at.toISOString();
    const event: CapacityEvent = {
      seq: ++seq,
      kind: change === "bezet" ? "plek-bezet" : "plek-vrijgekomen",
      locationId: id,
      ...scope,
      capacity: counts.capacity,
      occupied: counts.occupied,
      reserved: counts.reserved,
      free: counts.capacity - counts.occupied - counts.reserved,
      version: written.version,
      lastConfirmedAt: at,
      at,
    };
    // As the app: the request answers first, the fan-out follows on the next turn of the event loop.
    setImmediate(() => io.to(eventRooms(scope)).emit("capacity:changed", event));
    res.json({ id, version: written.version, provider: row.providerName, free: event.free });
  });
  const httpServer = createServer(app);
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer);
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
