// Daily jobs that run once a day across all server processes and restarts, on PostgreSQL and on embedded PGlite alike.
//
// Why no job library: pg-boss and graphile-worker both bring their own driver (`pg`) and pool beside postgres.js, their
// own schema and migrations outside drizzle, and a queue with workers and polling, and neither runs on PGlite, so the
// embedded default would need a second code path. One daily batch needs none of that: a transaction-level advisory
// lock (a process that finds it taken skips this tick) and a completed-run row per job and day under a unique index,
// inserted in the job's own transaction, give "once a day" and "not again after a restart". The same code works on
// PGlite, where the process is alone anyway.
import { eq, sql } from "drizzle-orm";
import type { Logger } from "pino";
import { amsterdamToday } from "../../shared/calendar.js";
import type { ScheduledJob } from "../../shared/schemas/jobs.js";
import { type Db, executeRows, type Tx } from "../db/client.js";
import { jobRuns } from "../db/schema.js";

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

/** An error's class or SQLSTATE: a message may echo values from the data, which the run list must not show. */
function errorClass(err: unknown): string {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return `databasefout ${code}`;
  }
  return err instanceof Error ? err.name : "onbekende fout";
}

export interface DailyScheduler {
  /** Runs every job that is due now, one after another; what each did. Also what the timer calls. */
  runDue(now?: Date): Promise<DailyOutcome<Record<string, number>>[]>;
  close(): Promise<void>;
}

/**
 * Every process checks every `checkEveryMs` whether a job's day is still to do; the first check comes one interval
 * after start, so a process that starts never competes with its own startup work (migrations, the demo seed).
 */
export function scheduleDaily(options: {
  db: Db;
  jobs: DailyJob[];
  checkEveryMs: number;
  logger: Logger;
}): DailyScheduler {
  const { db, jobs, logger } = options;
  let running: Promise<unknown> = Promise.resolve();
  let closed = false;

  const runDue = async (now = new Date()) => {
    const outcomes: DailyOutcome<Record<string, number>>[] = [];
    for (const job of jobs) {
      const outcome = await runDaily(db, job, now);
      if (outcome.ran) logger.info({ job: job.name, day: outcome.day, counts: outcome.counts }, "daily job ran");
      outcomes.push(outcome);
    }
    return outcomes;
  };
  const tick = () => {
    if (closed) return;
    // One check at a time per process: a slow run is never overtaken by the next tick.
    running = running
      .then(() => runDue())
      .catch((err) => logger.error({ err }, "daily job failed; retried at the next check"));
  };
  const timer = setInterval(tick, options.checkEveryMs);
  timer.unref();

  return {
    runDue,
    close: async () => {
      closed = true;
      clearInterval(timer);
      // A run under way finishes (or rolls back) before the database it runs on is closed.
      await running;
    },
  };
}
