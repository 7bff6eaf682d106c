// Accounts are managed by the beheerder (also re-enabling one and resetting its second factor); every signed-in user
// looks after their own second factor (not with an API token: it has none).
import { ROLES } from "../../shared/domain.js";
import { allow } from "./types.js";

export const accountPolicies = {
  "accounts.manage": allow({ roles: ["beheerder"] }),
  "account.security": allow({ roles: ROLES }),
};
