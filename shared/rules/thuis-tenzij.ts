// "Thuis, tenzij" when reserving (domain.md: prefer the most home-like type that fits): passing over a fitting, free
// place of a more home-like care type needs a coded reason. Used by the server to refuse, by the client to ask.
import { CARE_TYPES, type CareType, isMoreHomeLike } from "../domain.js";

/** What the rule needs to know of a listed option. */
export interface Option {
  careType: CareType;
  /** null: enough places free now. */
  availableFrom: string | null;
  notAllowed: readonly string[];
  contraIndications: readonly string[];
  stale: boolean;
  /** A regular request could only have crisis places there: an exception, never a place one must pass over. */
  crisisException: boolean;
  /** The places offered are crisis places. */
  crisisPlace: boolean;
}

/**
 * A place that obliges a reason to pass it over: free now, allowed, no contra-indication of the provider (placing there
 * needs its agreement first), numbers confirmed (stale ones may not be there at all) and not a crisis place taken by
 * exception.
 */
export function fitsFreely(o: Option): boolean {
  return (
    o.availableFrom === null &&
    o.notAllowed.length === 0 &&
    o.contraIndications.length === 0 &&
    !o.stale &&
    !o.crisisException
  );
}

/**
 * The most home-like care type, more home-like than `chosen`, with a place that fits freely; undefined when none. A
 * crisis request taking a crisis place (which it is offered first) passes over only more home-like crisis places: a
 * regular place is no alternative to the crisis intake it needs.
 */
export function betterCareType(
  chosen: CareType,
  options: Iterable<Option>,
  chosenIsCrisisPlaceForCrisis = false,
): CareType | undefined {
  let best: CareType | undefined;
  for (const o of options) {
    if (!isMoreHomeLike(o.careType, chosen) || !fitsFreely(o)) continue;
    if (chosenIsCrisisPlaceForCrisis && !o.crisisPlace) continue;
    if (best === undefined || isMoreHomeLike(o.careType, best)) best = o.careType;
  }
  return best;
}

/** The care types a request could be placed in that are more home-like than `chosen`, in the domain's order. */
export function moreHomeLikeTypes(acceptable: readonly CareType[], chosen: CareType): CareType[] {
  return CARE_TYPES.filter((t) => acceptable.includes(t) && isMoreHomeLike(t, chosen));
}
