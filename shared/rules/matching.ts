// Matching a placement request to locations (domain.md rules 3 and 4). Pure and explainable: every result carries
// each score component and the reason for it, so a regisseur can defend the choice.
// The order is a key of tiers, then the score: for a crisis request, free crisis places it may take come first and
// every other place after them; then "thuis, tenzij": grouped by care type, most home-like first; within a group a
// location that may not take the youth (JZ+ without machtiging) comes last, before it one a regular request could only
// have by taking a crisis place, before that one flagged by a contra-indication, before that places that only come
// free (zeker before waarschijnlijk, earliest first), and stale numbers after confirmed ones. The score ranks what is
// left equal. The words of the explanation are in matching-explain.ts.

import { amsterdamToday } from "../calendar.js";
import {
  CARE_TYPES,
  type CareType,
  type Certainty,
  type Characteristic,
  type GenderRule,
  type PlaceFlag,
  type RequestFlag,
  type Urgency,
} from "../domain.js";
import { type Point, pointOfPostcode } from "../geo.js";
import {
  type Availability,
  availability,
  certaintyOf,
  countedDepartures,
  type PlannedDeparture,
} from "./matching-availability.js";
import { eachComponent, explain, round } from "./matching-explain.js";
import {
  type CandidateFacts,
  candidateFacts,
  characteristicBit,
  cosOfLatitude,
  distanceWithKm,
  fitsHardWith,
  flagBit,
  hits,
  JEUGDZORGPLUS_RANK,
  type RequestFacts,
  requestFacts,
} from "./matching-facts.js";
import { hardFailures, notAllowedReasons, offeredFlags, PREFERENCE_FLAGS } from "./matching-fit.js";
import { cutKey, daysUntil, rankKey, tierOf } from "./matching-rank.js";

export type YouthGender = "jongen" | "meisje" | "anders";

export interface MatchRequest {
  age: number;
  gender: YouthGender;
  homePostcode: string;
  schoolPostcode: string | null;
  characteristics: readonly Characteristic[];
  acceptableCareTypes: readonly CareType[];
  /** Brothers and sisters to be placed together with the youth: places needed = siblings + 1. */
  siblings: number;
  /** Wanted start date, YYYY-MM-DD. */
  wantedStart: string;
  /** A crisis request ranks free crisis places first; any other takes one only by exception. Default regulier. */
  urgency?: Urgency;
  /** What the request asks for beyond the care type (respijt, kamertraining, behandeling, pleegzorg form). */
  flags?: readonly RequestFlag[];
}

export interface Candidate {
  id: number;
  /** Null for a location outside the region whose place is not known: its distances are unknown, not guessed. */
  lat: number | null;
  lon: number | null;
  careType: CareType;
  ageMin: number;
  ageMax: number;
  gender: GenderRule;
  free: number;
  targetGroups: readonly Characteristic[];
  contraIndications: readonly Characteristic[];
  /** When the provider last confirmed the numbers; without it (or without `staleBefore`) they count as confirmed. */
  lastConfirmedAt?: Date | string;
  /** Of the capacity, the places kept for crisis intake: the free ones count as crisis places first. Default 0. */
  crisisPlaces?: number;
  /** What the places are beyond the care type. */
  flags?: readonly PlaceFlag[];
  /** The place includes behandeling. */
  treatment?: boolean;
}

export interface Match {
  locationId: number;
  score: number;
  /** null: free now; otherwise the date enough places are planned to be free ("vrij per"). */
  availableFrom: string | null;
  /** For a place that comes free: the weakest certainty of the departures it rests on; null when free now. */
  certainty: Certainty | null;
  /** The planned departures the coming place rests on (a reservation for that date claims them); empty when free now. */
  departureIds: number[];
  distanceHomeKm: number | null;
  distanceSchoolKm: number | null;
  /** The request's characteristics this location declares as contra-indication: shown, flagged, ranked lower. */
  contraIndications: Characteristic[];
  /** Why the rules forbid placing here (e.g. JZ+ without machtiging): listed, flagged, never reservable. */
  notAllowed: string[];
  /** The numbers were not confirmed in time: ranked after the confirmed ones of its care type. */
  stale: boolean;
  /** The places offered are crisis places. */
  crisisPlace: boolean;
  /** A regular request that can only have crisis places here: reserving needs a coded reason. */
  crisisException: boolean;
  /** The location's flags, with behandeling when the place includes treatment. */
  flags: RequestFlag[];
  components: Record<ScoreComponent, number>;
  explanation: string[];
}

export type { PlannedDeparture } from "./matching-availability.js";
export { departureCounts } from "./matching-availability.js";
export { type CandidateFacts, candidateFacts } from "./matching-facts.js";
export {
  fitsBesidesCareType,
  fitsHard,
  hardFailures,
  NO_MACHTIGING_JZ,
  notAllowedReasons,
  offeredFlags,
} from "./matching-fit.js";

export interface Excluded {
  locationId: number;
  reasons: string[];
}

export type ScoreComponent =
  | "zorgvorm"
  | "afstandThuis"
  | "afstandSchool"
  | "doelgroep"
  | "soortPlek"
  | "beschikbaarheid"
  | "contraIndicatie";

/** Points per component. Home-likeness weighs most ("thuis, tenzij"); school distance nearly as much as home. */
export const WEIGHTS = {
  zorgvorm: 40,
  afstandThuis: 25,
  afstandSchool: 20,
  doelgroep: 15,
  /**
   * Only when the request asks for behandeling, kamertraining or a form of pleegzorg: the share of those the place
   * offers. A request asking none of them gets 0 everywhere, so the other scores stay as they were.
   */
  soortPlek: 10,
  /** Subtracted when the place is only planned free, not free now. */
  nogNietVrij: 10,
  /** Subtracted per contra-indication hit: orders flagged places among themselves (the tier puts them after clean ones). */
  contraIndicatie: 60,
} as const;
/** Beyond this distance the distance components give nothing. */
export const MAX_USEFUL_KM = 60;

/** Whether the numbers count as stale: confirmed before `staleBefore` (epoch ms; undefined: nothing is stale). */
function staleAt(f: CandidateFacts, staleBefore: number | undefined): boolean {
  return staleBefore !== undefined && f.confirmedMs < staleBefore;
}

/**
 * Ranks every fitting location; `limit` bounds how many come back with their explanation (the ranking itself always
 * covers all of them, and `fitting` counts them). A location not allowed by the rules still fits and is listed,
 * flagged. `staleBefore` (epoch ms): numbers confirmed before it are stale (shared/rules/freshness.ts).
 */
export function matchLocations(
  request: MatchRequest,
  candidates: readonly Candidate[],
  departures: readonly PlannedDeparture[],
  limit = Number.POSITIVE_INFINITY,
  today = amsterdamToday(),
  staleBefore?: number,
  facts: readonly CandidateFacts[] = candidates.map(candidateFacts),
): { matches: Match[]; excluded: Excluded[]; fitting: number } {
  const needed = request.siblings + 1;
  const counted = countedDepartures(departures, request.wantedStart, today);
  const wanted = request.characteristics.filter((k) => k !== "broers-zussen" && k !== "machtiging-jz");
  const wantedFlags = (request.flags ?? []).filter((f) => PREFERENCE_FLAGS.includes(f));
  const home = pointOfPostcode(request.homePostcode);
  const school = request.schoolPostcode ? pointOfPostcode(request.schoolPostcode) : undefined;
  const youth: Youth = {
    request,
    facts: requestFacts(request),
    home,
    homeCos: home ? cosOfLatitude(home.lat) : Number.NaN,
    school,
    schoolCos: school ? cosOfLatitude(school.lat) : Number.NaN,
    wanted,
    wantedBits: wanted.map(characteristicBit),
    wantedFlags,
    wantedFlagBits: wantedFlags.map(flagBit),
    crisis: request.urgency === "crisis",
    counted,
    todayMs: Date.parse(today),
    days: new Map(),
    staleBefore,
  };
  // `key`: one number orders the whole list (rankKey), and cutKey finds the cut on it. `i`: the candidate's index.
  const fitting: { i: number; when: Availability; key: number }[] = [];
  const excluded: Excluded[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i] as Candidate;
    const f = facts[i] as CandidateFacts;
    const when = availability(c, needed, youth.crisis, counted);
    if (when && fitsHardWith(request, youth.facts, c, f)) {
      const score = scoreParts(SCRATCH, youth, c, f, when.from);
      const certainty = when.departures === 0 ? null : certaintyOfFirst(youth.counted.get(c.id), when.departures);
      const notAllowed = f.careRank === JEUGDZORGPLUS_RANK && !youth.facts.machtiging;
      const flagged = SCRATCH.contraIndicatie < 0;
      const tier = tierOf(youth.crisis, f.careRank, notAllowed, flagged, when, certainty, staleAt(f, staleBefore));
      fitting.push({ i, when, key: rankKey(tier, daysUntil(youth.days, youth.todayMs, when.from), score) });
      continue;
    }
    const reasons = hardFailures(request, c);
    if (!when)
      reasons.push(
        needed > 1 ? `geen ${needed} plekken vóór ${request.wantedStart}` : `geen plek vóór ${request.wantedStart}`,
      );
    excluded.push({ locationId: c.id, reasons });
  }
  // Only the locations ranking at least the limit-th best can make the list: only those are measured in full (their
  // numbers and lists) and sorted, and only the listed ones get their explanation in words.
  const cut = cutKey(fitting, limit);
  const scored: Scored[] = [];
  for (const { i, when, key } of fitting) {
    if (key >= cut) scored.push(measure(youth, candidates[i] as Candidate, facts[i] as CandidateFacts, when));
  }
  const matches = scored
    .sort(byRank)
    .slice(0, limit)
    .map((m) => explain(m, needed, youth.crisis));
  return { matches, excluded, fitting: fitting.length };
}

/** certaintyOf the first `k` of a location's counted departures, without copying them out. */
function certaintyOfFirst(counted: readonly PlannedDeparture[] | undefined, k: number): Certainty | null {
  if (k === 0) return null;
  for (let j = 0; j < k; j++) if (counted?.[j]?.certainty === "waarschijnlijk") return "waarschijnlijk";
  return "zeker";
}

/** The departures a coming place rests on: the location's earliest counted ones. */
const restsOn = (youth: Youth, c: Candidate, when: Availability) =>
  (youth.counted.get(c.id) ?? []).slice(0, when.departures);

const byRank = (a: Scored, b: Scored) =>
  b.key - a.key || (a.distanceHomeKm ?? 0) - (b.distanceHomeKm ?? 0) || a.candidate.id - b.candidate.id;

/** A fitting location's numbers: everything the ranking and its explanation need, no text yet. */
export interface Scored {
  candidate: Candidate;
  score: number;
  key: number;
  notAllowed: string[];
  stale: boolean;
  availableFrom: string | null;
  certainty: Certainty | null;
  departureIds: number[];
  crisisPlace: boolean;
  crisisException: boolean;
  distanceHomeKm: number | null;
  distanceSchoolKm: number | null;
  served: Characteristic[];
  wanted: readonly Characteristic[];
  /** The preference flags asked for and which of them the place offers. */
  wantedFlags: readonly RequestFlag[];
  offered: RequestFlag[];
  contraIndications: Characteristic[];
  components: Record<ScoreComponent, number>;
}

/** The score and its parts, written into `into`; counts only, no lists, so that ranking thousands allocates nothing. */
interface Parts extends Record<ScoreComponent, number> {
  distanceHomeKm: number | null;
  distanceSchoolKm: number | null;
}

const SCRATCH: Parts = {
  zorgvorm: 0,
  afstandThuis: 0,
  afstandSchool: 0,
  doelgroep: 0,
  soortPlek: 0,
  beschikbaarheid: 0,
  contraIndicatie: 0,
  distanceHomeKm: null,
  distanceSchoolKm: null,
};

/** What ranking needs of the request, worked out once for all candidates. */
interface Youth {
  request: MatchRequest;
  facts: RequestFacts;
  home: Point | undefined;
  /** cos of the home's latitude, for distanceWithKm. */
  homeCos: number;
  school: Point | undefined;
  schoolCos: number;
  /** The characteristics a target group can serve (siblings are a count, a machtiging a precondition: not needs). */
  wanted: readonly Characteristic[];
  wantedBits: readonly number[];
  wantedFlags: readonly RequestFlag[];
  wantedFlagBits: readonly number[];
  crisis: boolean;
  counted: ReadonlyMap<number, readonly PlannedDeparture[]>;
  todayMs: number;
  /** daysUntil's parsed dates. */
  days: Map<string, number>;
  staleBefore: number | undefined;
}

function scoreParts(into: Parts, youth: Youth, c: Candidate, f: CandidateFacts, availableFrom: string | null) {
  const { home, school, wanted, wantedBits, wantedFlagBits } = youth;
  into.zorgvorm = WEIGHTS.zorgvorm * (1 - f.careRank / (CARE_TYPES.length - 1));
  const placed = c.lat !== null && c.lon !== null;
  const distanceHomeKm =
    home && placed ? distanceWithKm(home, youth.homeCos, c.lat as number, c.lon as number, f.cosLat) : null;
  into.afstandThuis =
    distanceHomeKm === null ? 0 : WEIGHTS.afstandThuis * Math.max(0, 1 - distanceHomeKm / MAX_USEFUL_KM);
  const distanceSchoolKm =
    school && placed ? distanceWithKm(school, youth.schoolCos, c.lat as number, c.lon as number, f.cosLat) : null;
  into.afstandSchool =
    distanceSchoolKm === null ? 0 : WEIGHTS.afstandSchool * Math.max(0, 1 - distanceSchoolKm / MAX_USEFUL_KM);
  into.doelgroep =
    wanted.length === 0 ? WEIGHTS.doelgroep : (WEIGHTS.doelgroep * hits(wantedBits, f.targetGroups)) / wanted.length;
  into.soortPlek =
    wantedFlagBits.length === 0 ? 0 : (WEIGHTS.soortPlek * hits(wantedFlagBits, f.offered)) / wantedFlagBits.length;
  into.beschikbaarheid = availableFrom === null ? 0 : -WEIGHTS.nogNietVrij;
  into.contraIndicatie = -WEIGHTS.contraIndicatie * hits(youth.facts.characteristics, f.contraIndications);
  into.distanceHomeKm = distanceHomeKm;
  into.distanceSchoolKm = distanceSchoolKm;
  return round(
    into.zorgvorm +
      into.afstandThuis +
      into.afstandSchool +
      into.doelgroep +
      into.soortPlek +
      into.beschikbaarheid +
      into.contraIndicatie,
  );
}

function measure(youth: Youth, c: Candidate, f: CandidateFacts, when: Availability): Scored {
  const { request, wanted, wantedFlags } = youth;
  const parts = { ...SCRATCH };
  const score = scoreParts(parts, youth, c, f, when.from);
  const { distanceHomeKm, distanceSchoolKm } = parts;
  const notAllowed = notAllowedReasons(request, c);
  const stale = staleAt(f, youth.staleBefore);
  const rests = restsOn(youth, c, when);
  const certainty = certaintyOf(rests);
  const tier = tierOf(
    youth.crisis,
    f.careRank,
    notAllowed.length > 0,
    parts.contraIndicatie < 0,
    when,
    certainty,
    stale,
  );
  const offered = offeredFlags(c);
  return {
    candidate: c,
    score,
    key: rankKey(tier, daysUntil(youth.days, youth.todayMs, when.from), score),
    notAllowed,
    stale,
    availableFrom: when.from,
    certainty,
    departureIds: rests.flatMap((d) => (d.id === undefined ? [] : [d.id])),
    crisisPlace: when.crisisPlace,
    crisisException: when.crisisException,
    distanceHomeKm: distanceHomeKm === null ? null : round(distanceHomeKm),
    distanceSchoolKm: distanceSchoolKm === null ? null : round(distanceSchoolKm),
    served: wanted.filter((k) => c.targetGroups.includes(k)),
    wanted,
    wantedFlags,
    offered,
    contraIndications: request.characteristics.filter((k) => c.contraIndications.includes(k)),
    components: eachComponent(parts, (n) => n),
  };
}
