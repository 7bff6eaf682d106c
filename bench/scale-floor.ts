// The floor of the scale bench (--floor yes): what the fixed stack costs for a change before any of the app's own code.
// express 5 with express.json takes the writer's request; postgres.js (prepared statements, as the app) reads the
// location with its provider's name and writes it at its version, one round trip each, as the app's change does; the
// shared capacity rule gives the counts; the event goes to the rooms of the location's scopes like bare socket.io's
// (bench/bare-rooms.ts). Left out, as the app's own: sessions, CSRF, authorization, validation, the audit and
// event-log rows, idempotency, logging, metrics, security headers, drizzle. The write stores what a confirmation
// stores (version and time), so the app's counts in the shared database stay as the app left them. Env as bare's
// (BENCH_SCOPES) plus DATABASE_URL.
import express from "express";
import postgres from "postgres";
import { applyCapacityCommand } from "../shared/rules/capacity.js";
import type { CapacityEvent } from "../shared/schemas/capacity.js";
import { scopes, serveBareRooms } from "./bare-rooms.js";
import { failFatally } from "./ipc.js";

interface Row {
  capacity: number;
  occupied: number;
  reserved: number;
  version: number;
  providerName: string;
}

const sql = postgres(process.env.DATABASE_URL as string, { prepare: true, max: 4 });

serveBareRooms(
  (publish) => {
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
      setImmediate(() => publish(event));
      res.json({ id, version: written.version, provider: row.providerName, free: event.free });
    });
    return app;
  },
  () => sql.end(),
).catch(failFatally);
