// The retention contract: what the daily retention job did and the terms it works to, for the beheerder (AVG: personal
// data no longer than needed; NEN 7513: audit entries kept longer, for accountability).
import { z } from "zod";
import { JOB_OUTCOMES } from "./jobs.js";

/** What one retention run changed. */
export const retentionCountsSchema = z.object({
  /** Closed requests whose case number, postcodes and notes were removed in this run. */
  requestsPseudonymised: z.number().int().nonnegative(),
  /** Audit entries of those requests that showed the case number and now show the placeholder. */
  auditEntriesBlanked: z.number().int().nonnegative(),
  /** Audit entries past AUDIT_RETENTION_YEARS, deleted. */
  auditEntriesDeleted: z.number().int().nonnegative(),
  /**
   * Notices, sent or given-up e-mails, finished webhook deliveries and expired one-time links past
   * MESSAGE_RETENTION_DAYS, deleted (0 in runs from before this was counted).
   */
  messagesDeleted: z.number().int().nonnegative().default(0),
});
export type RetentionCounts = z.infer<typeof retentionCountsSchema>;

export const retentionRunSchema = z.object({
  id: z.number().int(),
  /** The calendar day in the Netherlands the run was for: one completed run per day. */
  day: z.iso.date(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  outcome: z.enum(JOB_OUTCOMES),
  /** Null for a failed run: it changed nothing, its transaction was rolled back. */
  counts: retentionCountsSchema.nullable(),
  /** Why a run failed, without values from the data (an error class or SQLSTATE). */
  error: z.string().nullable(),
});
export type RetentionRun = z.infer<typeof retentionRunSchema>;

export const retentionOverviewSchema = z
  .object({
    /** Requests placed or withdrawn longer ago than this are pseudonymised (RETENTION_MONTHS). */
    retentionMonths: z.number().int(),
    /** Audit entries older than this are deleted (AUDIT_RETENTION_YEARS). */
    auditRetentionYears: z.number().int(),
    /** Messages (notices, e-mails, webhook deliveries, one-time links) older than this many days are deleted. */
    messageRetentionDays: z.number().int(),
    /** Every process checks this often whether today's run is still to do; the first completed one does it. */
    checkEverySeconds: z.number(),
    /** Newest first. */
    runs: z.array(retentionRunSchema),
  })
  .meta({ id: "RetentionOverview" });
export type RetentionOverview = z.infer<typeof retentionOverviewSchema>;

export const retentionQuerySchema = z.strictObject({
  /** How many runs to show, newest first. */
  limit: z.coerce.number().int().min(1).max(366).default(14),
});
export type RetentionQuery = z.infer<typeof retentionQuerySchema>;
