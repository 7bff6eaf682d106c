// How the aanbod's codes read on screen. The lists themselves are shared/domain.ts; labels the shared code lists
// already have (zorgvorm, kenmerken) come from there and shared/labels.ts.
import { type GenderRule, OUTSIDE_REGION, type ProviderKind } from "../../../../shared/domain.js";
import type { Location } from "../../../../shared/schemas/capacity.js";

export const PROVIDER_KIND_LABELS: Record<ProviderKind, string> = {
  aanbieder: "Zorgaanbieder",
  gezinshuis: "Gezinshuis",
  pleegzorgorganisatie: "Pleegzorgorganisatie",
};

export const GENDER_RULE_LABELS: Record<GenderRule, string> = {
  alle: "Jongens en meisjes",
  jongens: "Alleen jongens",
  meisjes: "Alleen meisjes",
};

/** "Enschede", or for a location outside Twente "buiten de regio: Zwolle". */
export function municipalityText(l: Pick<Location, "municipality" | "otherMunicipality">): string {
  return l.municipality === OUTSIDE_REGION ? `buiten de regio: ${l.otherMunicipality ?? "onbekend"}` : l.municipality;
}
