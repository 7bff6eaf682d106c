// Retention's day: one completed job_runs row per Amsterdam calendar day, which is also the history the retention panel
// shows. The scheduler (scheduler.ts) already runs the retention slot once across processes; this row keeps "once a
// day" for a run started by hand or by a test with another date, and records each day's counts or failure.
//
// A transaction-level advisory lock (a process that finds it taken skips) and a completed-run row per job and day
// under a unique index, inserted in the job's own transaction, give "once a day" and "not again after a restart", on
// PostgreSQL and PGlite alike.
import { eq, sql } from "drizzle-orm";
import { amsterdamToday } from "../../shared/calendar.js";
import type { ScheduledJob } from "../../shared/schemas/jobs.js";
import { type Db, executeRows, type Tx } from "../db/client.js";
import { jobRuns } from "../db/schema.js";
import { errorClass } from "./error-class.js";

export interface DailyJob<Counts extends Record<string, number> = Record<string, number>> {
  name: ScheduledJob;
  /** The day's work, inside the transaction that also records the run: both commit or neither does. */
  run(tx: Tx, now: Date): Promise<Counts>;
}

export type DailyOutcome<Counts> =
  | { ran: true; day: string; counts: Counts }
  /** "al-gedaan": today's run completed before; "bezig": another process is running it now. */
  | { ran: false; day: string; reason: "al-gedaan" | "bezig" };

// Arbitrary but fixed: the first key of the advisory locks of daily jobs (the second is the job's name hashed).
// Beside STARTUP_LOCK_KEY (727_001) in server/db/client.ts.
const DAILY_LOCK_KEY = 727_002;

/** Runs the job for the day of `now` (Amsterdam calendar) unless it already ran that day or is running elsewhere. */
export async function runDaily<Counts extends Record<string, number>>(
  db: Db,
  job: DailyJob<Counts>,
  now = new Date(),
): Promise<DailyOutcome<Counts>> {
  const day = amsterdamToday(now);
  try {
    return await db.transaction(async (tx) => {
      const [lock] = await executeRows<{ locked: boolean }>(
        tx,
        sql`select pg_try_advisory_xact_lock(${DAILY_LOCK_KEY}::int, hashtext(${job.name}::text)) as locked`,
      );
      if (!lock?.locked) return { ran: false, day, reason: "bezig" } as const;
      // The claim: a completed row for this day already there (or being committed by a process that held the lock
      // and let go of it between our look and our insert) makes this insert a no-op.
      const [claimed] = await tx
        .insert(jobRuns)
        .values({ job: job.name, day, outcome: "voltooid" })
        .onConflictDoNothing()
        .returning({ id: jobRuns.id });
      if (!claimed) return { ran: false, day, reason: "al-gedaan" } as const;
      const counts = await job.run(tx, now);
      await tx.update(jobRuns).set({ finishedAt: sql`clock_timestamp()`, counts }).where(eq(jobRuns.id, claimed.id));
      return { ran: true, day, counts } as const;
    });
  } catch (err) {
    await recordFailure(db, job.name, day, err).catch(() => {});
    throw err;
  }
}

/** The day's last failure, for the beheerder: the work itself was rolled back. */
async function recordFailure(db: Db, job: ScheduledJob, day: string, err: unknown) {
  const error = `Mislukt: ${errorClass(err)}`;
  await db
    .insert(jobRuns)
    .values({ job, day, outcome: "mislukt", finishedAt: sql`clock_timestamp()`, error })
    .onConflictDoUpdate({
      target: [jobRuns.job, jobRuns.day, jobRuns.outcome],
      set: { startedAt: sql`clock_timestamp()`, finishedAt: sql`clock_timestamp()`, error },
    });
}
