// The scheduled jobs: their codes, how a run ends, and what the beheerder reads about them (GET /api/jobs).
import { z } from "zod";

/** The jobs that run once a day with a row per day in job_runs (its check constraint): retention's own history. */
export const SCHEDULED_JOBS = ["retentie"] as const;
export type ScheduledJob = (typeof SCHEDULED_JOBS)[number];

/** voltooid: the work committed; mislukt: rolled back, to be tried again at the next slot. */
export const JOB_OUTCOMES = ["voltooid", "mislukt"] as const;
export type JobOutcome = (typeof JOB_OUTCOMES)[number];

/**
 * Every recurring job of the scheduler (server/jobs/list.ts), the name of its scheduled_jobs row:
 * - reserveringen-verlopen: open reservations past their time free their places;
 * - reservering-herinneringen: the aanbieder hears that an unanswered reservation expires soon;
 * - ambulant-te-laat: regisseurs and the verwijzer hear that a crisis request's ambulant record is overdue;
 * - retentie: AVG retention (shared/schemas/retention.ts);
 * - dagelijkse-samenvatting: the daily digest e-mail (server/features/mail);
 * - cijfers-herinneringen: providers asked to confirm numbers about to go stale (server/features/freshness).
 */
export const JOB_NAMES = [
  "reserveringen-verlopen",
  "reservering-herinneringen",
  "ambulant-te-laat",
  "retentie",
  "dagelijkse-samenvatting",
  "cijfers-herinneringen",
] as const;
export type JobName = (typeof JOB_NAMES)[number];

export const JOB_TITLES: Record<JobName, string> = {
  "reserveringen-verlopen": "Verlopen reserveringen vrijgeven",
  "reservering-herinneringen": "Herinneren aan onbeantwoorde reserveringen",
  "ambulant-te-laat": "Te laat ambulant alternatief melden",
  retentie: "Retentie (pseudonimiseren, oude auditregels)",
  "dagelijkse-samenvatting": "Dagelijkse samenvatting per e-mail",
  "cijfers-herinneringen": "Aanbieders vragen hun cijfers te bevestigen",
};

/** When a job runs: every so many seconds, or once a day at an hour in Europe/Amsterdam. */
export const jobScheduleSchema = z.union([
  z.object({ everySeconds: z.number().positive() }),
  z.object({ dailyAtHour: z.number().int().min(0).max(23) }),
]);
export type JobSchedule = z.infer<typeof jobScheduleSchema>;

export const jobStatusSchema = z
  .object({
    name: z.enum(JOB_NAMES),
    title: z.string(),
    /** The schedule in words: "elke 2 seconden", "dagelijks om 03:00". */
    schedule: z.string(),
    lastStartedAt: z.iso.datetime({ offset: true }).nullable(),
    lastFinishedAt: z.iso.datetime({ offset: true }).nullable(),
    /** Null before the first run. */
    lastOutcome: z.enum(JOB_OUTCOMES).nullable(),
    /** What the last completed run did, by what it counts (JOB_COUNT_LABELS). */
    lastCounts: z.record(z.string(), z.number()),
    /** Failed runs since the last one that completed. */
    failures: z.number().int().nonnegative(),
    /** Why the last run failed: an error class or SQLSTATE, never values from the data. */
    lastError: z.string().nullable(),
    lastSucceededAt: z.iso.datetime({ offset: true }).nullable(),
    /** The next slot: the first process to check after it runs it. */
    nextRunAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: "ScheduledJobStatus" });
export type JobStatus = z.infer<typeof jobStatusSchema>;

export const jobListSchema = z
  .object({
    /** How often each process looks for a due daily job (DAILY_JOBS_CHECK_SECONDS); other jobs: every second. */
    dailyCheckSeconds: z.number(),
    jobs: z.array(jobStatusSchema),
  })
  .meta({ id: "ScheduledJobs" });
export type JobList = z.infer<typeof jobListSchema>;

/** The words for what runs count (lastCounts' keys); a key without one is shown as it is. */
export const JOB_COUNT_LABELS: Record<string, string> = {
  expired: "reserveringen verlopen",
  reminded: "reserveringen herinnerd",
  overdue: "verzoeken te laat gemeld",
  notified: "meldingen",
  requestsPseudonymised: "verzoeken gepseudonimiseerd",
  auditEntriesBlanked: "auditregels zonder zaaknummer",
  auditEntriesDeleted: "auditregels verwijderd",
  digests: "samenvattingen",
  notifications: "meldingen samengevat",
  aanbieders: "aanbieders gevraagd",
  links: "bevestigingslinks",
  mails: "e-mails",
};
