// Capacity: everyone signed in sees aggregate counts; per-location detail is for those who work with locations;
// an aanbieder (or its API token) changes only its own provider's locations.
import { ROLES } from "../../shared/domain.js";
import { allow } from "./types.js";

const ownLocations = allow<{ providerId: number }>({
  roles: ["aanbieder", "beheerder"],
  tokens: true,
  when: (actor, location) => actor.role === "beheerder" || actor.providerId === location.providerId,
});

export const capacityPolicies = {
  "capacity.summary": allow({ roles: ROLES, tokens: true }),
  "capacity.detail": allow({ roles: ["regisseur", "aanbieder", "beleid", "beheerder"], tokens: true }),
  "location.update": ownLocations,
  /** Many of one provider's locations in one call (a planning system): whoever may change each of them. */
  "availability.bulk": ownLocations,
};
