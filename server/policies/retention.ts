// Retention runs are read by the beheerder only; the job itself is the system's, and no one starts it by hand.
import { allow } from "./types.js";

export const retentionPolicies = {
  "retention.read": allow({ roles: ["beheerder"] }),
};
