// The bare baseline of bench:match: the least a match call needs, in its own process, bundled as the server is
// (bench/build.ts). A node:http server that holds every location in memory (the app's match index, loaded once at
// start), reads the request's row with one query (postgres.js, no ORM), ranks with the same candidatesIn and
// presentMatches as the app and answers the list as JSON. No express, session, authorisation, logging, audit entry or
// catch-up of the index: what the app spends beyond this is the framework's share of a call.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import postgres from "postgres";
import { openDatabase } from "../server/db/client.js";
import { createMatchIndex } from "../server/features/placements/match-index.js";
import { candidatesIn, presentMatches, SEARCHING } from "../server/features/placements/matching.js";
import { DEFAULT_STALE_AFTER_HOURS } from "../shared/rules/freshness.js";
import type { MatchRequest } from "../shared/rules/matching.js";
import { failFatally, measureUsage, sendReady, serveParent } from "./ipc.js";

const PATH = /^\/api\/requests\/(\d+)\/matches$/;

async function main() {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error("BENCH_DATABASE_URL is not set");
  const database = await openDatabase({ databaseUrl: url, maxConnections: 2 });
  const index = createMatchIndex(database.db, pino({ level: "silent" }));
  const snapshot = await index.current();
  const sql = postgres(url, { max: 4, onnotice: () => {} });
  // Only what matching reads, named as MatchRequest names it; the date as text, as the app's rows carry it.
  const readRequest = (id: number) => sql<(MatchRequest & { status: string })[]>`
    SELECT status, age, gender, home_postcode AS "homePostcode", school_postcode AS "schoolPostcode",
      characteristics, acceptable_care_types AS "acceptableCareTypes", siblings, wanted_start::text AS "wantedStart",
      urgency, flags
    FROM placement_requests WHERE id = ${id}`;

  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const id = Number(PATH.exec(req.url ?? "")?.[1]);
    const [row] = id ? await readRequest(id) : [];
    if (!row || !SEARCHING.has(row.status as never)) {
      res.writeHead(404).end();
      return;
    }
    const { status: _, ...match } = row;
    const listed = presentMatches(match, candidatesIn(match, snapshot), DEFAULT_STALE_AFTER_HOURS);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ requestId: id, ...listed, watching: false }));
  };
  const httpServer = createServer((req, res) => {
    answer(req, res).catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  serveParent({
    usage: ({ gc }) => measureUsage(gc),
    stop: async () => {
      httpServer.close();
      await Promise.all([sql.end({ timeout: 5 }), index.close(), database.close()]);
      setTimeout(() => process.exit(0), 100);
    },
  });
  sendReady((httpServer.address() as AddressInfo).port, [...snapshot.locations.keys()]);
}

main().catch(failFatally);
