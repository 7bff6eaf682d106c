// Where a location lies, for the distances matching weighs (domain.md rule 3): its own coordinates when given, else
// its PC4 when the code knows the area (Twente's, shared/geo.ts), else its gemeente's centre inside Twente. Outside
// Twente without coordinates or a known PC4 it stays unknown: matching then leaves the distance out, not guessed.
import { type LocationMunicipality, MUNICIPALITIES } from "../../../shared/domain.js";
import { municipalityOfPostcode, pointOfPostcode } from "../../../shared/geo.js";

export function placeOf(l: {
  municipality: LocationMunicipality;
  postcode: string;
  lat: number | null;
  lon: number | null;
}): { lat: number | null; lon: number | null } {
  if (l.lat !== null && l.lon !== null) return { lat: l.lat, lon: l.lon };
  const centre = MUNICIPALITIES.find((m) => m.name === l.municipality);
  // A Twente PC4 of another gemeente than the one named says less than the gemeente itself.
  const inside = municipalityOfPostcode(l.postcode);
  const point = pointOfPostcode(l.postcode);
  if (point && (!centre || inside === l.municipality)) return point;
  if (centre) return { lat: centre.lat, lon: centre.lon };
  return { lat: null, lon: null };
}
