// The audit log is read by the beheerder only; nobody can change it through the product.
import { allow } from "./types.js";

export const auditPolicies = {
  "audit.read": allow({ roles: ["beheerder"] }),
};
