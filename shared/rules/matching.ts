// Matching a placement request to locations (domain.md rules 3 and 4). Pure and explainable: every result carries
// each score component and the reason for it, so a regisseur can defend the choice.
// The order is a key of tiers, then the score: for a crisis request, free crisis places come first and every other
// place after them; then "thuis, tenzij": grouped by care type, most home-like first; within a group a location that may
// not take the youth (JZ+ without machtiging) comes last, before it one a regular request could only have by taking a
// crisis place, before that places that only come free (zeker before waarschijnlijk, earliest first), and stale numbers
// after confirmed ones. The score ranks what is left equal. The words of the explanation are in matching-explain.ts.

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
import { distanceKm, type Point, pointOfPostcode } from "../geo.js";
import {
  type Availability,
  availability,
  certaintyOf,
  countedDepartures,
  type PlannedDeparture,
} from "./matching-availability.js";
import { eachComponent, explain, round } from "./matching-explain.js";
import {
  fitsHard,
  hardFailures,
  has,
  lacksMachtiging,
  notAllowedReasons,
  offeredFlags,
  PREFERENCE_FLAGS,
} from "./matching-fit.js";

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
  /** Subtracted per contra-indication hit: enough to rank below every clean fit of the same kind. */
  contraIndicatie: 60,
} as const;
/** Beyond this distance the distance components give nothing. */
export const MAX_USEFUL_KM = 60;

/** Whether the numbers count as stale: confirmed before `staleBefore` (epoch ms; undefined: nothing is stale). */
function staleAt(c: Candidate, staleBefore: number | undefined): boolean {
  if (staleBefore === undefined || c.lastConfirmedAt === undefined) return false;
  const at = typeof c.lastConfirmedAt === "string" ? Date.parse(c.lastConfirmedAt) : c.lastConfirmedAt.getTime();
  return at < staleBefore;
}

/**
 * The rank key: tiers far apart so that no score crosses them, and within the tier of places that come free the date
 * (earliest first) before the score. Score range is about -800..110, so a day is worth DAY points and a tier TIER.
 */
const DAY = 2_000;
const TIER = DAY * 1_000;
const MS_PER_DAY = 86_400_000;

interface TierFacts {
  crisisRequest: boolean;
  careType: CareType;
  notAllowed: boolean;
  when: Availability;
  certainty: Certainty | null;
  stale: boolean;
}

function tierOf(f: TierFacts): number {
  const group = CARE_TYPES.indexOf(f.careType);
  const within =
    (f.notAllowed ? 16 : 0) +
    (f.when.crisisException ? 8 : 0) +
    (f.when.from !== null ? 4 : 0) +
    (f.certainty === "waarschijnlijk" ? 2 : 0) +
    (f.stale ? 1 : 0);
  const block = f.crisisRequest && !f.when.crisisPlace ? CARE_TYPES.length * 32 : 0;
  return block + group * 32 + within;
}

/** One number that orders the whole list (higher first): the tier, then the date of a coming place, then the score. */
function rankKey(tier: number, from: string | null, score: number, todayMs: number): number {
  const days = from === null ? 0 : Math.min(999, Math.max(0, Math.round((Date.parse(from) - todayMs) / MS_PER_DAY)));
  return score - DAY * days - TIER * tier;
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
): { matches: Match[]; excluded: Excluded[]; fitting: number } {
  const needed = request.siblings + 1;
  const counted = countedDepartures(departures, request.wantedStart, today);
  const wantedFlags = (request.flags ?? []).filter((f) => PREFERENCE_FLAGS.includes(f));
  const youth: Youth = {
    request,
    home: pointOfPostcode(request.homePostcode),
    school: request.schoolPostcode ? pointOfPostcode(request.schoolPostcode) : undefined,
    wanted: request.characteristics.filter((k) => k !== "broers-zussen" && k !== "machtiging-jz"),
    wantedFlags,
    crisis: request.urgency === "crisis",
    counted,
    todayMs: Date.parse(today),
    staleBefore,
  };
  // `key`: one number orders the whole list (rankKey), and cutScore finds the cut on it.
  const fitting: { c: Candidate; when: Availability; key: number }[] = [];
  const excluded: Excluded[] = [];
  for (const c of candidates) {
    const when = availability(c, needed, youth.crisis, counted);
    if (when && fitsHard(request, c)) {
      const score = scoreParts(SCRATCH, youth, c, when.from);
      const certainty = when.departures === 0 ? null : certaintyOf(restsOn(youth, c, when));
      const tier = tierOf({
        crisisRequest: youth.crisis,
        careType: c.careType,
        notAllowed: lacksMachtiging(request, c),
        when,
        certainty,
        stale: staleAt(c, staleBefore),
      });
      fitting.push({ c, when, key: rankKey(tier, when.from, score, youth.todayMs) });
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
  const scored = fitting.filter((f) => f.key >= cut).map((f) => measure(youth, f.c, f.when));
  const matches = scored
    .sort(byRank)
    .slice(0, limit)
    .map((m) => explain(m, needed, youth.crisis));
  return { matches, excluded, fitting: fitting.length };
}

/** The departures a coming place rests on: the location's earliest counted ones. */
const restsOn = (youth: Youth, c: Candidate, when: Availability) =>
  (youth.counted.get(c.id) ?? []).slice(0, when.departures);

const byRank = (a: Scored, b: Scored) =>
  b.key - a.key || (a.distanceHomeKm ?? 0) - (b.distanceHomeKm ?? 0) || a.candidate.id - b.candidate.id;

/** The limit-th best rank key (ties at it included), or -Infinity when all of them make the list. */
function cutKey(fitting: readonly { key: number }[], limit: number): number {
  if (fitting.length <= limit) return Number.NEGATIVE_INFINITY;
  const keys = new Float64Array(fitting.length);
  for (let i = 0; i < fitting.length; i++) keys[i] = fitting[i]?.key ?? 0;
  keys.sort();
  return keys[keys.length - limit] ?? Number.NEGATIVE_INFINITY;
}

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

const hits = <T>(among: readonly T[], declared: readonly T[]) => {
  let n = 0;
  for (const k of among) if (declared.includes(k)) n++;
  return n;
};

/** What ranking needs of the request, worked out once for all candidates. */
interface Youth {
  request: MatchRequest;
  home: Point | undefined;
  school: Point | undefined;
  /** The characteristics a target group can serve (siblings are a count, a machtiging a precondition: not needs). */
  wanted: readonly Characteristic[];
  wantedFlags: readonly RequestFlag[];
  crisis: boolean;
  counted: ReadonlyMap<number, readonly PlannedDeparture[]>;
  todayMs: number;
  staleBefore: number | undefined;
}

/** How many of the asked preference flags the place offers (behandeling is the location's treatment). */
function flagHits(wantedFlags: readonly RequestFlag[], c: Candidate): number {
  let n = 0;
  for (const f of wantedFlags) if (f === "behandeling" ? c.treatment : has(c.flags, f as PlaceFlag)) n++;
  return n;
}

function scoreParts(into: Parts, youth: Youth, c: Candidate, availableFrom: string | null) {
  const { request, home, school, wanted, wantedFlags } = youth;
  const rank = CARE_TYPES.indexOf(c.careType);
  into.zorgvorm = WEIGHTS.zorgvorm * (1 - rank / (CARE_TYPES.length - 1));
  const at = c.lat === null || c.lon === null ? undefined : { lat: c.lat, lon: c.lon };
  const distanceHomeKm = home && at ? distanceKm(home, at) : null;
  into.afstandThuis =
    distanceHomeKm === null ? 0 : WEIGHTS.afstandThuis * Math.max(0, 1 - distanceHomeKm / MAX_USEFUL_KM);
  const distanceSchoolKm = school && at ? distanceKm(school, at) : null;
  into.afstandSchool =
    distanceSchoolKm === null ? 0 : WEIGHTS.afstandSchool * Math.max(0, 1 - distanceSchoolKm / MAX_USEFUL_KM);
  into.doelgroep =
    wanted.length === 0 ? WEIGHTS.doelgroep : (WEIGHTS.doelgroep * hits(wanted, c.targetGroups)) / wanted.length;
  into.soortPlek = wantedFlags.length === 0 ? 0 : (WEIGHTS.soortPlek * flagHits(wantedFlags, c)) / wantedFlags.length;
  into.beschikbaarheid = availableFrom === null ? 0 : -WEIGHTS.nogNietVrij;
  into.contraIndicatie = -WEIGHTS.contraIndicatie * hits(request.characteristics, c.contraIndications);
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

function measure(youth: Youth, c: Candidate, when: Availability): Scored {
  const { request, wanted, wantedFlags } = youth;
  const parts = { ...SCRATCH };
  const score = scoreParts(parts, youth, c, when.from);
  const { distanceHomeKm, distanceSchoolKm } = parts;
  const notAllowed = notAllowedReasons(request, c);
  const stale = staleAt(c, youth.staleBefore);
  const rests = restsOn(youth, c, when);
  const certainty = certaintyOf(rests);
  const tier = tierOf({
    crisisRequest: youth.crisis,
    careType: c.careType,
    notAllowed: notAllowed.length > 0,
    when,
    certainty,
    stale,
  });
  const offered = offeredFlags(c);
  return {
    candidate: c,
    score,
    key: rankKey(tier, when.from, score, youth.todayMs),
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
