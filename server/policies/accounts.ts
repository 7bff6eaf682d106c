// Accounts are managed by the beheerder.
import { allow } from "./types.js";

export const accountPolicies = {
  "accounts.manage": allow({ roles: ["beheerder"] }),
};
