// The inbox is a person's own: every account reads and marks its own notifications and chooses which come by e-mail.
// A provider's API token is a system, not a person: it has no inbox.
import { ROLES } from "../../shared/domain.js";
import { allow } from "./types.js";

export const notificationPolicies = {
  "notifications.own": allow({ roles: ROLES }),
};
