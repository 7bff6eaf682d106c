// Aanbod (providers and their locations as master data). The beheerder keeps the region's list: creates and edits
// providers, opens any location, and closes and reopens locations. An aanbieder (or its API token) edits the declared
// attributes and the capacity of its own provider's locations (location.update, capacity.ts), nobody else's. Closing
// and reopening stay with the beheerder: a location leaving the board changes what the region can offer, which the
// CPWV agrees with the provider; the provider's own staff keep its numbers right meanwhile.
import { allow } from "./types.js";

export const aanbodPolicies = {
  "providers.read": allow({ roles: ["beheerder"] }),
  "providers.manage": allow({ roles: ["beheerder"] }),
  "locations.create": allow({ roles: ["beheerder"] }),
  "locations.lifecycle": allow({ roles: ["beheerder"] }),
};
