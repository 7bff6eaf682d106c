// The rank key of matching.ts: one number per fitting location that orders the whole list (tier, then the date of a
// coming place, then the score), and the cut that finds the head of the list without sorting all of it.
import { CARE_TYPES, type Certainty } from "../domain.js";
import type { Availability } from "./matching-availability.js";

/**
 * The rank key: tiers far apart so that no score crosses them, and within the tier of places that come free the date
 * (earliest first) before the score. Score range is about -800..110, so a day is worth DAY points and a tier TIER.
 */
const DAY = 2_000;
const TIER = DAY * 1_000;
const MS_PER_DAY = 86_400_000;

/**
 * The tier of a location (see the top of matching.ts): groups far apart, higher is worse. Within a care type, from
 * the end of the list: a place the rules forbid, a crisis place taken by exception, one flagged by a contra-indication
 * (domain rule 4: shown, ranked lower), places that only come free. A crisis request's block of crisis places holds
 * only those it may take: a JZ+ bed without the machtiging is a precondition missing, not a crisis place for this youth.
 */
export function tierOf(
  crisisRequest: boolean,
  careRank: number,
  notAllowed: boolean,
  flagged: boolean,
  when: Availability,
  certainty: Certainty | null,
  stale: boolean,
): number {
  const within =
    (notAllowed ? 32 : 0) +
    (when.crisisException ? 16 : 0) +
    (flagged ? 8 : 0) +
    (when.from !== null ? 4 : 0) +
    (certainty === "waarschijnlijk" ? 2 : 0) +
    (stale ? 1 : 0);
  const block = crisisRequest && (!when.crisisPlace || notAllowed) ? CARE_TYPES.length * 64 : 0;
  return block + careRank * 64 + within;
}

/** Days from today until a coming place (0: free now), 0..999; each date parsed once per request. */
export function daysUntil(parsed: Map<string, number>, todayMs: number, from: string | null): number {
  if (from === null) return 0;
  let days = parsed.get(from);
  if (days === undefined) {
    days = Math.min(999, Math.max(0, Math.round((Date.parse(from) - todayMs) / MS_PER_DAY)));
    parsed.set(from, days);
  }
  return days;
}

/** One number that orders the whole list (higher first): the tier, then the date of a coming place, then the score. */
export const rankKey = (tier: number, days: number, score: number) => score - DAY * days - TIER * tier;

/** The limit-th best rank key (ties at it included), or -Infinity when all of them make the list. */
export function cutKey(fitting: readonly { key: number }[], limit: number): number {
  if (fitting.length <= limit) return Number.NEGATIVE_INFINITY;
  const keys = new Float64Array(fitting.length);
  for (let i = 0; i < fitting.length; i++) keys[i] = fitting[i]?.key ?? 0;
  return nthSmallest(keys, keys.length - limit);
}

/** The value sorting would put at index `n` (quickselect: reorders `keys`, linear on average, unlike a full sort). */
function nthSmallest(keys: Float64Array, n: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo < hi) {
    const pivot = keys[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((keys[i] as number) < pivot) i++;
      while ((keys[j] as number) > pivot) j--;
      if (i <= j) {
        const t = keys[i] as number;
        keys[i++] = keys[j] as number;
        keys[j--] = t;
      }
    }
    if (n <= j) hi = j;
    else if (n >= i) lo = i;
    else return keys[n] as number;
  }
  return keys[n] as number;
}
