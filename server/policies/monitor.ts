// The beschikbaarheidsmonitor shows aggregates only (no youth data, no case numbers): for regional policy staff, the
// CPWV regisseurs and the beheerder; not for providers, their tokens or verwijzers (domain.md, "Who uses it").
import { allow } from "./types.js";

export const monitorPolicies = {
  "monitor.read": allow({ roles: ["beleid", "regisseur", "beheerder"] }),
};
