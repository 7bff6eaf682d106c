// Placement requests hold data about a youth: only the regisseurs and the verwijzer who made a request see it;
// providers see what a reservation at their own location needs; policy staff see aggregates only.
import { allow } from "./types.js";

export const placementPolicies = {
  "requests.create": allow({ roles: ["verwijzer", "regisseur"] }),
  "requests.read": allow<{ createdBy: number }>({
    roles: ["verwijzer", "regisseur"],
    when: (actor, request) => actor.role === "regisseur" || (actor.kind === "user" && actor.id === request.createdBy),
  }),
  /** Recording the ambulant alternatives and the analysis, asking to search, withdrawing. */
  "requests.update": allow<{ createdBy: number }>({
    roles: ["verwijzer", "regisseur"],
    when: (actor, request) => actor.role === "regisseur" || (actor.kind === "user" && actor.id === request.createdBy),
  }),
  /** Matching and reserving: the CPWV's work. */
  "requests.match": allow({ roles: ["regisseur"] }),
  "reservations.answer": allow<{ providerId: number }>({
    roles: ["aanbieder"],
    when: (actor, location) => actor.providerId === location.providerId,
  }),
  "reservations.read-own": allow({ roles: ["aanbieder"] }),
  "placements.statistics": allow({ roles: ["regisseur", "beleid", "beheerder"] }),
};
