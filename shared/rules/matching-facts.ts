// What ranking needs of a location and of a request, as numbers and bits: a location's facts are worked out once (the
// match index keeps them beside its rows), the request's once per call, so that ranking thousands of candidates reads
// no lists and allocates nothing per candidate. The rules themselves are those of matching-fit.ts, which builds the
// words; these only count.
import { CARE_TYPES, CHARACTERISTICS, KAMERTRAINING_MIN_AGE, REQUEST_FLAGS, type RequestFlag } from "../domain.js";
import type { Point } from "../geo.js";
import type { Candidate, MatchRequest } from "./matching.js";
import { genderFits } from "./matching-fit.js";

/**
 * What ranking reads of a location beside its free places: valid as long as its declared attributes and its
 * lastConfirmedAt are unchanged (the match index makes them anew when a count event moves lastConfirmedAt).
 */
export interface CandidateFacts {
  /** Place in CARE_TYPES, most home-like first ("thuis, tenzij"). */
  careRank: number;
  /** characteristicBit of each target group, and of each contra-indication. */
  targetGroups: number;
  contraIndications: number;
  /** flagBit of each flag offeredFlags lists: the location's own, behandeling with treatment. */
  offered: number;
  /** cos of the latitude, haversine's factor for this end (NaN when the place is unknown). */
  cosLat: number;
  /** lastConfirmedAt in epoch ms; NaN without one (then the numbers count as confirmed: NaN is never before). */
  confirmedMs: number;
}

const RAD = Math.PI / 180;
const bitOf = (list: readonly string[], code: string) => {
  const i = list.indexOf(code);
  return i < 0 ? 0 : 2 ** i;
};
export const characteristicBit = (k: string) => bitOf(CHARACTERISTICS, k);
export const flagBit = (f: RequestFlag) => bitOf(REQUEST_FLAGS, f);
const bits = (codes: readonly string[] | undefined, of: (code: string) => number) => {
  let n = 0;
  for (const k of codes ?? []) n |= of(k);
  return n;
};
const RESPITE = flagBit("logeer-respijt");
const KAMERTRAINING = flagBit("kamertraining");
const BEHANDELING = flagBit("behandeling");
export const JEUGDZORGPLUS_RANK = CARE_TYPES.indexOf("jeugdzorgplus");

export const cosOfLatitude = (lat: number) => Math.cos(lat * RAD);

export function candidateFacts(c: Candidate): CandidateFacts {
  return {
    careRank: CARE_TYPES.indexOf(c.careType),
    targetGroups: bits(c.targetGroups, characteristicBit),
    contraIndications: bits(c.contraIndications, characteristicBit),
    offered: bits(c.flags, (f) => flagBit(f as RequestFlag)) | (c.treatment ? BEHANDELING : 0),
    cosLat: c.lat === null ? Number.NaN : cosOfLatitude(c.lat),
    confirmedMs:
      c.lastConfirmedAt === undefined
        ? Number.NaN
        : typeof c.lastConfirmedAt === "string"
          ? Date.parse(c.lastConfirmedAt)
          : c.lastConfirmedAt.getTime(),
  };
}

/** What fitting and scoring read of the request, worked out once per call. */
export interface RequestFacts {
  /** Bit per acceptable care type, by its rank. */
  careTypes: number;
  respite: boolean;
  machtiging: boolean;
  /** Each of the request's characteristics as its bit, in order (hits counts them as hits() counted the codes). */
  characteristics: readonly number[];
}

export function requestFacts(request: MatchRequest): RequestFacts {
  return {
    careTypes: bits(request.acceptableCareTypes, (t) => bitOf(CARE_TYPES, t)),
    respite: request.flags?.includes("logeer-respijt") ?? false,
    machtiging: request.characteristics.includes("machtiging-jz"),
    characteristics: request.characteristics.map(characteristicBit),
  };
}

/** fitsBesidesCareType (matching-fit.ts) on the facts: age, gender, respijt both sides or neither, kamertraining. */
export function fitsBesidesCareTypeWith(request: MatchRequest, r: RequestFacts, c: Candidate, f: CandidateFacts) {
  return (
    request.age >= c.ageMin &&
    request.age <= c.ageMax &&
    genderFits(c.gender, request.gender) &&
    r.respite === ((f.offered & RESPITE) !== 0) &&
    (request.age >= KAMERTRAINING_MIN_AGE || (f.offered & KAMERTRAINING) === 0)
  );
}

/** fitsHard (matching-fit.ts) on the facts. */
export const fitsHardWith = (request: MatchRequest, r: RequestFacts, c: Candidate, f: CandidateFacts) =>
  f.careRank >= 0 && (r.careTypes & (2 ** f.careRank)) !== 0 && fitsBesidesCareTypeWith(request, r, c, f);

/** How many of `among` (bits) the mask holds, each as often as listed. */
export function hits(among: readonly number[], mask: number): number {
  let n = 0;
  for (const b of among) if ((b & mask) !== 0) n++;
  return n;
}

/**
 * distanceKm (shared/geo.ts) with both cosines given: the same operations in the same order, so the same number to
 * the last bit (a rounded score or distance must not move).
 */
export function distanceWithKm(a: Point, cosA: number, lat: number, lon: number, cosB: number): number {
  const dLat = (lat - a.lat) * RAD;
  const dLon = (lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + cosA * cosB * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
