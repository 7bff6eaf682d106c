// Data access for the beheerder's view of the scheduled jobs: their rows in scheduled_jobs.
import type { Db } from "../../db/client.js";
import { scheduledJobs } from "../../db/schema.js";

export type ScheduledJobRow = typeof scheduledJobs.$inferSelect;

export function scheduledJobRows(db: Db): Promise<ScheduledJobRow[]> {
  return db.select().from(scheduledJobs);
}
