// How a location's place reads on screen; the code lists' labels themselves are shared/labels.ts.
import { OUTSIDE_REGION } from "../../../../shared/domain.js";
import type { Location } from "../../../../shared/schemas/capacity.js";

/** "Enschede", or for a location outside Twente "buiten de regio: Zwolle". */
export function municipalityText(l: Pick<Location, "municipality" | "otherMunicipality">): string {
  return l.municipality === OUTSIDE_REGION ? `buiten de regio: ${l.otherMunicipality ?? "onbekend"}` : l.municipality;
}
