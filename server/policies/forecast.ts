// Planned moves (verwachte uit- en instroom): whoever may change a location's counts may plan its moves, i.e. its own
// provider's aanbieder (or API token) and the beheerder. The region's forecast follows capacity.summary; one location's
// planned moves and forecast, like any movement figure of a small cell, follow movements.detail.
import { capacityPolicies } from "./capacity.js";
import { allow } from "./types.js";

export const forecastPolicies = {
  "planning.update": capacityPolicies["location.update"],
  /**
   * Figures about youths' movements (planned departures, in-/uitstroom, waits, declines) over cells of fewer than
   * MIN_CELL_LOCATIONS locations (shared/rules/small-cells.ts): for those who work with individual locations. Policy
   * staff see aggregates only and verwijzers no locations (domain.md, "Who uses it"); they get merged cells.
   */
  "movements.detail": allow({ roles: ["regisseur", "aanbieder", "beheerder"], tokens: true }),
};
