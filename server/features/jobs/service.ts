// What the beheerder and /metrics see of the recurring work: per job its schedule, last run and failures.
import {
  JOB_OUTCOMES,
  JOB_TITLES,
  type JobList,
  type JobOutcome,
  type JobStatus,
} from "../../../shared/schemas/jobs.js";
import type { Db } from "../../db/client.js";
import { scheduleInWords } from "../../jobs/schedule.js";
import type { Job } from "../../jobs/scheduler.js";
import * as repo from "./repository.js";

export interface JobsDeps {
  db: Db;
  jobs: readonly Pick<Job, "name" | "schedule">[];
  /** DAILY_JOBS_CHECK_SECONDS */
  dailyCheckSeconds: number;
}

/** Every registered job, in the order of the job list; one whose row is not there yet is due at once. */
export async function jobList(deps: JobsDeps): Promise<JobList> {
  const rows = new Map((await repo.scheduledJobRows(deps.db)).map((r) => [r.name, r]));
  const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
  const jobs = deps.jobs.map((job): JobStatus => {
    const row = rows.get(job.name);
    return {
      name: job.name,
      title: JOB_TITLES[job.name],
      schedule: scheduleInWords(job.schedule),
      lastStartedAt: iso(row?.lastStartedAt),
      lastFinishedAt: iso(row?.lastFinishedAt),
      lastOutcome: outcomeOf(row?.lastOutcome),
      lastCounts: countsOf(row?.lastCounts),
      failures: row?.failures ?? 0,
      lastError: row?.lastError ?? null,
      lastSucceededAt: iso(row?.lastSucceededAt),
      nextRunAt: (row?.nextRunAt ?? new Date()).toISOString(),
    };
  });
  return { dailyCheckSeconds: deps.dailyCheckSeconds, jobs };
}

/** For the /metrics gauges: failures since the last success and when that was, per registered job. */
export async function jobHealth(deps: Pick<JobsDeps, "db" | "jobs">) {
  const rows = new Map((await repo.scheduledJobRows(deps.db)).map((r) => [r.name, r]));
  return deps.jobs.map((job) => {
    const row = rows.get(job.name);
    return { job: job.name, failures: row?.failures ?? 0, lastSucceededAt: row?.lastSucceededAt ?? null };
  });
}

const outcomeOf = (value: string | null | undefined): JobOutcome | null =>
  JOB_OUTCOMES.find((o) => o === value) ?? null;

/** Only numbers leave: the column is jsonb, written by the scheduler from a job's counts. */
function countsOf(value: unknown): Record<string, number> {
  if (!value || typeof value !== "object") return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, number] => typeof e[1] === "number"));
}
