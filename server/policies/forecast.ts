// Planned moves (verwachte uit- en instroom): whoever may change a location's counts may plan its moves, i.e. its own
// provider's aanbieder (or API token) and the beheerder. Reading them and the forecast follows capacity.detail and
// capacity.summary.
import { capacityPolicies } from "./capacity.js";

export const forecastPolicies = {
  "planning.update": capacityPolicies["location.update"],
};
