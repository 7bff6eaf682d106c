// Codes of the scheduled daily jobs and how a run ends (job_runs; coded columns like those of shared/domain.ts).

/** The jobs that run once a day across all server processes. retentie: AVG retention (shared/schemas/retention.ts). */
export const SCHEDULED_JOBS = ["retentie"] as const;
export type ScheduledJob = (typeof SCHEDULED_JOBS)[number];

/** voltooid: the work committed with the run's row; mislukt: rolled back, to be tried again at the next check. */
export const JOB_OUTCOMES = ["voltooid", "mislukt"] as const;
export type JobOutcome = (typeof JOB_OUTCOMES)[number];
