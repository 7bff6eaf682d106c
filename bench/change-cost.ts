// npx tsx bench/change-cost.ts [--iterations 400] [--locations 300] [--http 400]
// Where a provider's change spends its time on the in-process PGlite: each statement of POST
// /api/locations/:id/occupancy timed apart (the session read, findLocation, writeChange with its waiting check) on the
// app's own database, then the server CPU of whole HTTP changes against the app in its own process (bench:live's
// server, no socket clients), one at a time. PGlite runs its statements synchronously in this process, so a
// statement's wall time here is its CPU.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { openDatabase, preparedStatement } from "../server/db/client.js";
import { users } from "../server/db/schema.js";
import { newSecret, pgSessionStore, sessionIdOf } from "../server/features/auth/sessions.js";
import * as repo from "../server/features/capacity/repository.js";
import { applyCapacityCommand, freePlaces } from "../shared/rules/capacity.js";
import { killAllChildren, startChild, type Usage } from "./ipc.js";
import { seedLocations } from "./region.js";
import { httpSender } from "./writer.js";

const { values } = parseArgs({
  options: {
    iterations: { type: "string" },
    locations: { type: "string" },
    http: { type: "string" },
    // A CPU profile of the measured statement loop alone (no startup, no seed), for the DevTools.
    profile: { type: "string" },
  },
});
const ITERATIONS = Number(values.iterations ?? 300);
const LOCATIONS = Number(values.locations ?? 300);
const HTTP_CHANGES = Number(values.http ?? 400);

type Timings = Map<string, number[]>;
const selectOne = preparedStatement<unknown, never>("one", () => sql`select 1`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** CPU, not wall time: the machine is shared, and a statement on PGlite runs on this thread. */
async function timed<T>(timings: Timings, name: string, fn: () => Promise<T>): Promise<T> {
  const start = cpuMs();
  const result = await fn();
  const list = timings.get(name) ?? [];
  list.push(cpuMs() - start);
  timings.set(name, list);
  return result;
}

/** Each statement of a change, on the app's PGlite database in this process. */
async function statements() {
  const database = await openDatabase({});
  const db = database.db;
  const ids = (await seedLocations(db, LOCATIONS)).map((l) => l.id);
  const [user] = await db
    .insert(users)
    .values({ email: "cost@bench.twente.nl", name: "Cost", role: "beheerder", passwordHash: "x" })
    .returning();
  if (!user) throw new Error("no user");
  const store = pgSessionStore(db);
  const sessionId = sessionIdOf(newSecret());
  const now = new Date();
  await store.create({
    id: sessionId,
    userId: user.id,
    csrfToken: newSecret(),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + 3600_000),
  });
  const timings: Timings = new Map();
  const run = async (record: boolean) => {
    const t: Timings = record ? timings : new Map();
    const cpuStart = cpuMs();
    const wallStart = performance.now();
    for (let i = 0; i < ITERATIONS; i++) {
      const id = ids[i % ids.length] as number;
      await timed(t, "select 1 (a statement's fixed cost)", () => selectOne(db, {}));
      await timed(t, "session read (store.get)", () => store.get(sessionId));
      const current = await timed(t, "findLocation", () => repo.findLocation(db, id));
      if (!current) throw new Error(`location ${id} missing`);
      const l = current.location;
      const command = l.free > 0 ? ({ kind: "occupy", places: 1 } as const) : ({ kind: "release", places: 1 } as const);
      const outcome = applyCapacityCommand(l, command);
      if (!outcome.ok) throw new Error(outcome.reason);
      const written = await timed(t, "writeChange", () =>
        repo.writeChange(db, {
          location: l,
          counts: outcome.counts,
          kind: command.kind === "occupy" ? "plek-bezet" : "plek-vrijgekomen",
          actor: "Cost (beheerder)",
          // As the app writes a change that frees places: the waiting reservations are checked in the statement.
          unlessAwaited: command.kind === "release",
          audit: {
            actor: {
              kind: "user",
              id: user.id,
              name: "Cost",
              role: "beheerder",
              providerId: null,
              sessionId,
              csrfToken: "",
            },
            action: "capaciteit.plek-bezet",
            objectType: "locatie",
            objectId: id,
            outcome: "succes",
            ip: "127.0.0.1",
            detail: `vrij ${l.free} -> ${freePlaces(outcome.counts)}`,
          },
        }),
      );
      if (typeof written === "string") throw new Error(`not written: ${written}`);
    }
    return { cpu: (cpuMs() - cpuStart) / ITERATIONS, wall: (performance.now() - wallStart) / ITERATIONS };
  };
  await run(false); // warm-up: JIT, plans, the first pages of each table
  const inspector = values.profile ? new Session() : undefined;
  if (inspector) {
    inspector.connect();
    await inspector.post("Profiler.enable");
    await inspector.post("Profiler.start");
  }
  const whole = await run(true);
  if (inspector && values.profile) {
    const { profile } = await inspector.post("Profiler.stop");
    writeFileSync(values.profile, JSON.stringify(profile));
    inspector.disconnect();
  }
  console.log(
    `\nPer statement on PGlite in this process (${ITERATIONS} changes over ${LOCATIONS} locations, ms of CPU):\n`,
  );
  console.log("| statement | median | mean |");
  console.log("| --- | ---: | ---: |");
  for (const [name, xs] of timings) console.log(`| ${name} | ${median(xs).toFixed(2)} | ${mean(xs).toFixed(2)} |`);
  console.log(`| all of the above, CPU per change | | ${whole.cpu.toFixed(2)} |`);
  await database.close();
}

/** Server CPU of whole HTTP changes, one at a time, against bench:live's app server. */
async function http() {
  const script = fileURLToPath(new URL("./server-process.ts", import.meta.url));
  const child = await startChild("app server", script, { ...process.env, BENCH_LOCATIONS: String(LOCATIONS) });
  try {
    const send = httpSender(`http://127.0.0.1:${child.port}`, child.headers);
    const next = new Map<number, "bezet" | "vrijgekomen">();
    const changes = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const id = child.locationIds[i % child.locationIds.length] as number;
        const change = next.get(id) ?? "bezet";
        next.set(id, change === "bezet" ? "vrijgekomen" : "bezet");
        await send(id, change);
      }
    };
    const usage = async () => (await child.request("usage", { gc: false })) as Usage;
    await changes(Math.min(200, HTTP_CHANGES));
    const before = await usage();
    const start = performance.now();
    await changes(HTTP_CHANGES);
    const wall = (performance.now() - start) / HTTP_CHANGES;
    const after = await usage();
    console.log(
      `\nWhole HTTP change, one at a time (${HTTP_CHANGES}): server CPU ${((after.cpuMs - before.cpuMs) / HTTP_CHANGES).toFixed(2)} ms per change, ${wall.toFixed(2)} ms round trip`,
    );
  } finally {
    await child.stop();
  }
}

try {
  await statements();
  if (HTTP_CHANGES > 0) await http();
} catch (err) {
  killAllChildren();
  throw err;
}
