// One scheduler for all recurring work (reservation expiry, reminders, retention, the digest, freshness prompts), on
// PostgreSQL and on embedded PGlite alike.
//
// Why no job library: pg-boss and graphile-worker bring their own driver (`pg`) and schema and do not run on PGlite.
// A schedule needs none of that. Each job has a row in scheduled_jobs with its next slot (next_run_at). A process
// claims a due slot with one UPDATE ... WHERE next_run_at <= now RETURNING that moves next_run_at to the next slot:
// PostgreSQL lets exactly one of several concurrent UPDATEs of the row match, so each slot runs once across processes,
// and a restart resumes from the table. The work runs after the claim, in its own transactions (a job may push to
// sockets after its commit); a throw rolls it back and is recorded, and the next slot tries again. A process that dies
// mid-run loses that slot's work (rolled back) and the next slot does it: every job is a sweep over current state.
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { JobName, JobSchedule } from "../../shared/schemas/jobs.js";
import type { Db } from "../db/client.js";
import { scheduledJobs } from "../db/schema.js";
import { errorClass } from "./error-class.js";
import { nextRunAfter } from "./schedule.js";

export type Counts = Record<string, number>;

export interface Job {
  name: JobName;
  schedule: JobSchedule;
  /** The work of one slot, in transactions of its own; what it did, as counts. */
  run(now: Date): Promise<Counts>;
}

export type RunOutcome =
  | { job: JobName; outcome: "voltooid"; counts: Counts }
  | { job: JobName; outcome: "mislukt"; error: string };

export interface Scheduler {
  readonly jobs: readonly Job[];
  /**
   * Claims and runs, one after another, each job whose slot is due at `now` (only those named, when given): what the
   * timer does, for tests and for a process that wants it now. A job this process is running is waited for first.
   */
  runDue(now?: Date, only?: readonly JobName[]): Promise<RunOutcome[]>;
  close(): Promise<void>;
}

/** Other jobs are looked for this often; a daily job every dailyCheckMs (DAILY_JOBS_CHECK_SECONDS). */
const TICK_MS = 1000;

/**
 * Every process checks every second for due interval jobs, and every `dailyCheckMs` for due daily ones, the first time
 * one interval after start (never competing with its own startup work). A job that was never run is due at once.
 */
export function startScheduler(options: { db: Db; jobs: Job[]; dailyCheckMs: number; logger: Logger }): Scheduler {
  const { db, jobs, logger } = options;
  const inFlight = new Map<JobName, Promise<RunOutcome | undefined>>();
  let registered: Promise<void> | undefined;
  let closed = false;
  let ticking = false;
  let nextDailyCheck = Date.now() + options.dailyCheckMs;

  const register = () => {
    registered ??= registerJobs(db, jobs).catch((err) => {
      registered = undefined;
      throw err;
    });
    return registered;
  };

  const runOnce = async (job: Job, now: Date): Promise<RunOutcome | undefined> => {
    if (!(await claim(db, job, now))) return undefined;
    let counts: Counts;
    try {
      counts = await job.run(now);
    } catch (err) {
      const error = errorClass(err);
      logger.error({ err, job: job.name }, "scheduled job failed; tried again at its next slot");
      await recordFailure(db, job.name, error).catch((e) => logger.error({ err: e }, "job failure not recorded"));
      return { job: job.name, outcome: "mislukt", error };
    }
    await recordSuccess(db, job.name, counts);
    const did = Object.values(counts).some((n) => n > 0);
    logger[did ? "info" : "debug"]({ job: job.name, counts }, "scheduled job ran");
    return { job: job.name, outcome: "voltooid", counts };
  };

  // One run of a job at a time per process: a slow run is never overtaken by its own next slot here.
  const runSerially = (job: Job, now: Date) => {
    const previous = inFlight.get(job.name) ?? Promise.resolve(undefined);
    const run = previous.catch(() => undefined).then(() => runOnce(job, now));
    inFlight.set(job.name, run);
    run
      .finally(() => {
        if (inFlight.get(job.name) === run) inFlight.delete(job.name);
      })
      .catch(() => {});
    return run;
  };

  const tick = async () => {
    if (closed || ticking) return;
    ticking = true;
    try {
      const now = new Date();
      const daily = now.getTime() >= nextDailyCheck;
      if (daily) nextDailyCheck = now.getTime() + options.dailyCheckMs;
      const candidates = jobs.filter((j) => !inFlight.has(j.name) && (daily || !("dailyAtHour" in j.schedule)));
      if (candidates.length === 0) return;
      await register();
      // One cheap read for all; the claim decides.
      for (const job of await dueAmong(db, candidates, now)) {
        runSerially(job, now).catch((err) => logger.warn({ err, job: job.name }, "scheduled job not claimed"));
      }
    } catch (err) {
      logger.warn({ err }, "scheduled jobs check failed; tried again at the next check");
    } finally {
      ticking = false;
    }
  };
  const timer = setInterval(tick, Math.min(TICK_MS, options.dailyCheckMs));
  timer.unref();

  return {
    jobs,
    runDue: async (now = new Date(), only) => {
      await register();
      const outcomes: RunOutcome[] = [];
      for (const job of jobs.filter((j) => !only || only.includes(j.name))) {
        const outcome = await runSerially(job, now);
        if (outcome) outcomes.push(outcome);
      }
      return outcomes;
    },
    close: async () => {
      closed = true;
      clearInterval(timer);
      // A run under way finishes (or rolls back) before the database it runs on is closed.
      await Promise.allSettled(inFlight.values());
    },
  };
}

/** A row per job; one that has none yet is due at once. Existing rows keep their slot. */
async function registerJobs(db: Db, jobs: readonly Job[]) {
  if (jobs.length === 0) return;
  await db
    .insert(scheduledJobs)
    // The epoch, not this process's clock: due at once for a caller whose "now" was read a moment before this insert.
    .values(jobs.map((j) => ({ name: j.name, nextRunAt: new Date(0) })))
    .onConflictDoNothing();
}

async function dueAmong(db: Db, jobs: readonly Job[], now: Date): Promise<Job[]> {
  const rows = await db
    .select({ name: scheduledJobs.name })
    .from(scheduledJobs)
    .where(
      and(
        inArray(
          scheduledJobs.name,
          jobs.map((j) => j.name),
        ),
        lte(scheduledJobs.nextRunAt, now),
      ),
    );
  const due = new Set(rows.map((r) => r.name));
  return jobs.filter((j) => due.has(j.name));
}

/** The claim: true for the one process whose UPDATE moved the slot on. */
async function claim(db: Db, job: Job, now: Date): Promise<boolean> {
  const claimed = await db
    .update(scheduledJobs)
    .set({ nextRunAt: nextRunAfter(job.schedule, now), lastStartedAt: sql`clock_timestamp()` })
    .where(and(eq(scheduledJobs.name, job.name), lte(scheduledJobs.nextRunAt, now)))
    .returning({ name: scheduledJobs.name });
  return claimed.length > 0;
}

async function recordSuccess(db: Db, name: JobName, counts: Counts) {
  await db
    .update(scheduledJobs)
    .set({
      lastFinishedAt: sql`clock_timestamp()`,
      lastSucceededAt: sql`clock_timestamp()`,
      lastOutcome: "voltooid",
      lastCounts: counts,
      lastError: null,
      failures: 0,
    })
    .where(eq(scheduledJobs.name, name));
}

async function recordFailure(db: Db, name: JobName, error: string) {
  await db
    .update(scheduledJobs)
    .set({
      lastFinishedAt: sql`clock_timestamp()`,
      lastOutcome: "mislukt",
      lastError: error,
      failures: sql`${scheduledJobs.failures} + 1`,
    })
    .where(eq(scheduledJobs.name, name));
}
