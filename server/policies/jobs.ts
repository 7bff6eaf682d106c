// The scheduled jobs are read by the beheerder only; the jobs themselves are the system's, started by the schedule.
import { allow } from "./types.js";

export const jobPolicies = {
  "jobs.read": allow({ roles: ["beheerder"] }),
};
