// The mail outbox is the beheerder's: who got which e-mail, and putting back a given-up one. Never a provider's token.
import { allow } from "./types.js";

export const mailPolicies = {
  "mail.outbox.read": allow({ roles: ["beheerder"] }),
  "mail.outbox.retry": allow({ roles: ["beheerder"] }),
};
