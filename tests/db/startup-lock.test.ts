// The startup lock (server/db/client.ts) is a session lock held on one reserved postgres.js connection. When that
// connection's backend dies while the work under the lock runs, the lock is gone: startupLock must say so with an error
// the caller can catch, within seconds, and the pool must go on serving queries. Before the fix in
// patches/postgres+3.4.9.patch, the unlock written to the closed connection was dropped and startupLock never settled.

import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, expect, it } from "vitest";
import { executeRows } from "../../server/db/client.js";
import { createScratchDatabase, type TestDatabase } from "../support/database.js";
import { eventually } from "../support/server.js";
import { TEST_POSTGRES_URL } from "../support/services.js";

// server/db/client.ts STARTUP_LOCK_KEY: a bigint advisory lock shows its low 32 bits as objid in pg_locks.
const STARTUP_LOCK_KEY = 727_001;
const SETTLE_WITHIN_MS = 5000;

let database: TestDatabase;
let admin: postgres.Sql;
beforeAll(async () => {
  database = await createScratchDatabase(TEST_POSTGRES_URL, "tw_lock");
  admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await admin?.end();
  await database?.close();
});

/** The backend pid of the session that holds the startup lock in the scratch database. */
async function lockHolder(): Promise<number> {
  const name = new URL(database.url ?? "").pathname.slice(1);
  const rows = await admin<{ pid: number }[]>`
    SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database
    WHERE l.locktype = 'advisory' AND l.objid = ${STARTUP_LOCK_KEY} AND l.granted AND d.datname = ${name}`;
  const [holder] = rows;
  if (!holder) throw new Error("nobody holds the startup lock");
  return holder.pid;
}

it("when the lock's connection is terminated while the work runs, then startupLock fails at once and the pool still serves", async () => {
  const outcome = database.startupLock(async () => {
    const pid = await lockHolder();
    await admin`SELECT pg_terminate_backend(${pid})`;
    await eventually(async () => (await admin`SELECT 1 FROM pg_stat_activity WHERE pid = ${pid}`).length === 0);
    // The backend is gone; let the client take in the closed socket before the unlock is written to it: a write after
    // the close is the path that used to be dropped.
    await new Promise((resolve) => setTimeout(resolve, 200));
    return "work done";
  });

  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<"still pending">((resolve) => {
    timer = setTimeout(() => resolve("still pending"), SETTLE_WITHIN_MS);
  });
  const settled = await Promise.race([
    outcome.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    pending,
  ]);
  clearTimeout(timer);

  expect(settled).not.toBe("still pending");
  expect(settled).toHaveProperty("error");
  const { error } = settled as { error: { code?: string } };
  // CONNECTION_CLOSED from postgres.js, or PostgreSQL's own "terminating connection due to administrator command".
  expect(["CONNECTION_CLOSED", "57P01"]).toContain(error.code);

  // More queries at once than the pool has connections: every connection, the dead one too, is asked to serve.
  for (let round = 0; round < 2; round++) {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => executeRows<{ n: number }>(database.db, sql`SELECT ${i}::int AS n`)),
    );
    expect(answers.map(([row]) => row?.n)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  }
  // And the lock can be taken again.
  await expect(database.startupLock(async () => "again")).resolves.toBe("again");
});
