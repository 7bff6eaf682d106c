// Runs of the scheduled daily jobs (retention): when each ran, how it ended and what it did. Part of the schema:
// server/db/schema.ts exports this table with its own.
import { sql } from "drizzle-orm";
import { date, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { JOB_OUTCOMES, type JobOutcome, SCHEDULED_JOBS, type ScheduledJob } from "../../shared/schemas/jobs.js";
import { oneOf } from "./columns.js";

/**
 * One row per job, day and outcome. The completed row is inserted in the job's own transaction before its work and
 * commits with it, so the unique index is what makes a job run once a day across processes and restarts: a second
 * process waits on the first one's row and then finds the day done. A failed run rolls back and leaves a "mislukt"
 * row (the last failure of the day) beside it.
 */
export const jobRuns = pgTable(
  "job_runs",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    job: text("job").$type<ScheduledJob>().notNull(),
    /** The calendar day in the Netherlands (Europe/Amsterdam) the run was for. */
    day: date("day").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    outcome: text("outcome").$type<JobOutcome>().notNull(),
    /** What the run changed, in the job's own terms (retention: shared/schemas/retention.ts); {} for a failure. */
    counts: jsonb("counts").notNull().default({}),
    /** Why it failed: an error class or SQLSTATE, never values from the data. */
    error: text("error"),
  },
  (t) => [
    uniqueIndex("job_runs_once_a_day").on(t.job, t.day, t.outcome),
    oneOf("job_runs_job_code", t.job, SCHEDULED_JOBS),
    oneOf("job_runs_outcome_code", t.outcome, JOB_OUTCOMES),
  ],
);

export type JobRunRow = typeof jobRuns.$inferSelect;
