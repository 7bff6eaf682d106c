// The scheduled jobs and how they last ran, for the beheerder.
import { jobListSchema } from "../../../../../shared/schemas/jobs.js";
import { request } from "../../../lib/api.js";

export function fetchJobs(signal?: AbortSignal) {
  return request("/api/jobs", jobListSchema, signal ? { signal } : {});
}
