// The retention job's terms and recent runs, for the beheerder.
import { retentionOverviewSchema } from "../../../../../shared/schemas/retention.js";
import { request } from "../../../lib/api.js";

/** A fortnight of daily runs: enough to see that it runs every day and what it did. */
const RUNS_SHOWN = 14;

export function fetchRetention(signal?: AbortSignal) {
  return request(`/api/retention?limit=${RUNS_SHOWN}`, retentionOverviewSchema, signal ? { signal } : {});
}
