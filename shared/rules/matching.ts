// Matching a placement request to locations (domain.md rules 3 and 4). Pure and explainable: every result carries
// each score component and the reason for it, so a regisseur can defend the choice.
// The order is "thuis, tenzij" first: results come grouped by care type, most home-like first; within a group a
// location that may not take the youth (JZ+ without machtiging) comes last, one whose numbers are stale after the
// confirmed ones, and the score ranks the rest.

import { amsterdamToday } from "../calendar.js";
import { CARE_TYPE_LABELS, CARE_TYPES, type CareType, type Characteristic, type GenderRule } from "../domain.js";
import { distanceKm, type Point, pointOfPostcode } from "../geo.js";

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
}

/** A place expected to come free (verwachte uitstroom). Only zeker and waarschijnlijk count for "vrij per". */
export interface PlannedDeparture {
  locationId: number;
  expectedDate: string;
  certainty: "zeker" | "waarschijnlijk" | "onzeker";
}

export interface Match {
  locationId: number;
  score: number;
  /** null: free now; otherwise the date enough places are planned to be free ("vrij per"). */
  availableFrom: string | null;
  distanceHomeKm: number | null;
  distanceSchoolKm: number | null;
  /** The request's characteristics this location declares as contra-indication: shown, flagged, ranked lower. */
  contraIndications: Characteristic[];
  /** Why the rules forbid placing here (e.g. JZ+ without machtiging): listed, flagged, never reservable. */
  notAllowed: string[];
  /** The numbers were not confirmed in time: ranked after the confirmed ones of its care type. */
  stale: boolean;
  components: Record<ScoreComponent, number>;
  explanation: string[];
}

export interface Excluded {
  locationId: number;
  reasons: string[];
}

export type ScoreComponent =
  | "zorgvorm"
  | "afstandThuis"
  | "afstandSchool"
  | "doelgroep"
  | "beschikbaarheid"
  | "contraIndicatie";

/** Points per component. Home-likeness weighs most ("thuis, tenzij"); school distance nearly as much as home. */
export const WEIGHTS = {
  zorgvorm: 40,
  afstandThuis: 25,
  afstandSchool: 20,
  doelgroep: 15,
  /** Subtracted when the place is only planned free, not free now. */
  nogNietVrij: 10,
  /** Subtracted per contra-indication hit: enough to rank below every clean fit of the same kind. */
  contraIndicatie: 60,
} as const;
/** Beyond this distance the distance components give nothing. */
export const MAX_USEFUL_KM = 60;

const km = (d: number) => `${d.toFixed(1).replace(".", ",")} km`;

function genderFits(rule: GenderRule, gender: YouthGender): boolean {
  return rule === "alle" || (rule === "jongens" && gender === "jongen") || (rule === "meisjes" && gender === "meisje");
}

/** Whether a planned departure counts for "vrij per": zeker or waarschijnlijk, dated from today to the wanted start. */
export function departureCounts(d: PlannedDeparture, wantedStart: string, today: string): boolean {
  // A date that passed without the plan being moved says nothing any more: the youth stayed, or left and the place is
  // already in the free count. Counting it would promise a place twice.
  return d.certainty !== "onzeker" && d.expectedDate >= today && d.expectedDate <= wantedStart;
}

/** Each location's counted departures, earliest first. */
function countedDepartures(departures: readonly PlannedDeparture[], wantedStart: string, today: string) {
  const byLocation = new Map<number, string[]>();
  for (const d of departures) {
    if (!departureCounts(d, wantedStart, today)) continue;
    const dates = byLocation.get(d.locationId);
    if (dates) dates.push(d.expectedDate);
    else byLocation.set(d.locationId, [d.expectedDate]);
  }
  for (const dates of byLocation.values()) dates.sort();
  return byLocation;
}

/** When enough places are free: now, or the date planned departures make it so before the wanted start; else never. */
function availability(c: Candidate, needed: number, counted: ReadonlyMap<number, string[]>) {
  if (c.free >= needed) return { from: null as string | null };
  const when = counted.get(c.id)?.[needed - Math.max(0, c.free) - 1];
  return when ? { from: when } : undefined;
}

/** JeugdzorgPlus is lawful only with a machtiging of the kinderrechter: a precondition, not a preference (domain.md). */
export const NO_MACHTIGING_JZ = "Geen machtiging JeugdzorgPlus";

const lacksMachtiging = (request: MatchRequest, c: Candidate) =>
  c.careType === "jeugdzorgplus" && !request.characteristics.includes("machtiging-jz");

/** Why the rules forbid placing this youth here though the location fits: shown with the match, refused on reserving. */
export function notAllowedReasons(request: MatchRequest, c: Candidate): string[] {
  return lacksMachtiging(request, c) ? [NO_MACHTIGING_JZ] : [];
}

/** Whether the numbers count as stale: confirmed before `staleBefore` (epoch ms; undefined: nothing is stale). */
function staleAt(c: Candidate, staleBefore: number | undefined): boolean {
  if (staleBefore === undefined || c.lastConfirmedAt === undefined) return false;
  const at = typeof c.lastConfirmedAt === "string" ? Date.parse(c.lastConfirmedAt) : c.lastConfirmedAt.getTime();
  return at < staleBefore;
}

/**
 * The rank key's tiers, far apart so that no score crosses them: care type (most home-like first), then allowed before
 * not allowed, then confirmed before stale. The score only orders locations within one tier.
 */
const TIER = 10_000;
function tierOf(careType: CareType, notAllowed: boolean, stale: boolean): number {
  return CARE_TYPES.indexOf(careType) * 4 + (notAllowed ? 2 : 0) + (stale ? 1 : 0);
}

const careTypeFits = (request: MatchRequest, c: Candidate) => request.acceptableCareTypes.includes(c.careType);
const ageFits = (request: MatchRequest, c: Candidate) => request.age >= c.ageMin && request.age <= c.ageMax;

/** Why a location can never take this youth, whatever its counts: care type, age, gender. */
export function hardFailures(request: MatchRequest, c: Candidate): string[] {
  const reasons: string[] = [];
  if (!careTypeFits(request, c)) reasons.push(`zorgvorm ${CARE_TYPE_LABELS[c.careType]} niet gevraagd`);
  if (!ageFits(request, c)) reasons.push(`leeftijd ${request.age} buiten ${c.ageMin}–${c.ageMax}`);
  if (!genderFits(c.gender, request.gender)) reasons.push(`alleen ${c.gender}`);
  return reasons;
}

/** hardFailures(...).length === 0 without building the reasons: to skip the many locations that never fit. */
export function fitsHard(request: MatchRequest, c: Candidate): boolean {
  return careTypeFits(request, c) && ageFits(request, c) && genderFits(c.gender, request.gender);
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
  const youth: Youth = {
    request,
    home: pointOfPostcode(request.homePostcode),
    school: request.schoolPostcode ? pointOfPostcode(request.schoolPostcode) : undefined,
    wanted: request.characteristics.filter((k) => k !== "broers-zussen" && k !== "machtiging-jz"),
    staleBefore,
  };
  // `key`: the score lowered by the location's tier: one number orders the whole list, and cutScore finds the cut.
  const fitting: { c: Candidate; from: string | null; key: number }[] = [];
  const excluded: Excluded[] = [];
  for (const c of candidates) {
    const when = availability(c, needed, counted);
    if (when && fitsHard(request, c)) {
      const score = scoreParts(SCRATCH, youth, c, when.from);
      fitting.push({
        c,
        from: when.from,
        key: score - TIER * tierOf(c.careType, lacksMachtiging(request, c), staleAt(c, staleBefore)),
      });
      continue;
    }
    const reasons = hardFailures(request, c);
    if (!when)
      reasons.push(
        needed > 1 ? `geen ${needed} plekken vóór ${request.wantedStart}` : `geen plek vóór ${request.wantedStart}`,
      );
    excluded.push({ locationId: c.id, reasons });
  }
  // Only the locations scoring at least the limit-th best score can make the list: only those are measured in full
  // (their numbers and lists) and sorted, and only the listed ones get their explanation in words.
  const cut = cutScore(fitting, limit);
  const scored = fitting.filter((f) => f.key >= cut).map((f) => measure(youth, f.c, f.from));
  const matches = scored
    .sort(byRank)
    .slice(0, limit)
    .map((m) => explain(m, needed));
  return { matches, excluded, fitting: fitting.length };
}

const byRank = (a: Scored, b: Scored) =>
  a.tier - b.tier ||
  b.score - a.score ||
  (a.distanceHomeKm ?? 0) - (b.distanceHomeKm ?? 0) ||
  a.candidate.id - b.candidate.id;

/** The limit-th best rank key (ties at it included), or -Infinity when all of them make the list. */
function cutScore(fitting: readonly { key: number }[], limit: number): number {
  if (fitting.length <= limit) return Number.NEGATIVE_INFINITY;
  const scores = Float64Array.from(fitting, (f) => f.key).sort();
  return scores[scores.length - limit] ?? Number.NEGATIVE_INFINITY;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** A fitting location's numbers: everything the ranking needs, no text yet. */
interface Scored {
  candidate: Candidate;
  score: number;
  tier: number;
  notAllowed: string[];
  stale: boolean;
  availableFrom: string | null;
  distanceHomeKm: number | null;
  distanceSchoolKm: number | null;
  served: Characteristic[];
  wanted: readonly Characteristic[];
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
  beschikbaarheid: 0,
  contraIndicatie: 0,
  distanceHomeKm: null,
  distanceSchoolKm: null,
};

const hits = (among: readonly Characteristic[], declared: readonly Characteristic[]) => {
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
  staleBefore: number | undefined;
}

function scoreParts(into: Parts, { request, home, school, wanted }: Youth, c: Candidate, availableFrom: string | null) {
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
  into.beschikbaarheid = availableFrom === null ? 0 : -WEIGHTS.nogNietVrij;
  into.contraIndicatie = -WEIGHTS.contraIndicatie * hits(request.characteristics, c.contraIndications);
  into.distanceHomeKm = distanceHomeKm;
  into.distanceSchoolKm = distanceSchoolKm;
  return round(
    into.zorgvorm +
      into.afstandThuis +
      into.afstandSchool +
      into.doelgroep +
      into.beschikbaarheid +
      into.contraIndicatie,
  );
}

function measure(youth: Youth, c: Candidate, availableFrom: string | null): Scored {
  const { request, wanted } = youth;
  const parts = { ...SCRATCH };
  const score = scoreParts(parts, youth, c, availableFrom);
  const { distanceHomeKm, distanceSchoolKm, ...components } = parts;
  const notAllowed = notAllowedReasons(request, c);
  const stale = staleAt(c, youth.staleBefore);
  return {
    candidate: c,
    score,
    tier: tierOf(c.careType, notAllowed.length > 0, stale),
    notAllowed,
    stale,
    availableFrom,
    distanceHomeKm: distanceHomeKm === null ? null : round(distanceHomeKm),
    distanceSchoolKm: distanceSchoolKm === null ? null : round(distanceSchoolKm),
    served: wanted.filter((k) => c.targetGroups.includes(k)),
    wanted,
    contraIndications: request.characteristics.filter((k) => c.contraIndications.includes(k)),
    components,
  };
}

/** The places free now, and the places the request needs when that is more than one (siblings placed together). */
function freeNow(free: number, needed: number): string {
  const places = `${free} ${free === 1 ? "plek" : "plekken"} nu vrij`;
  return needed > 1 ? `${places}, ${needed} nodig` : places;
}

/** The listed match: the numbers rounded for display, and each component's reason in words. */
function explain(m: Scored, needed: number): Match {
  const c = m.candidate;
  const explanation = [
    `${CARE_TYPE_LABELS[c.careType]}: ${CARE_TYPES.indexOf(c.careType) + 1}e in de volgorde van meest naar minst thuis`,
    m.distanceHomeKm === null
      ? c.lat === null
        ? "ligging van de locatie onbekend: afstand niet meegewogen"
        : "postcode thuis buiten Twente: afstand niet meegewogen"
      : `${km(m.distanceHomeKm)} van huis`,
    m.distanceSchoolKm === null
      ? c.lat === null
        ? "ligging van de locatie onbekend: schoolafstand niet meegewogen"
        : "geen school bekend: schoolafstand niet meegewogen"
      : `${km(m.distanceSchoolKm)} van school`,
  ];
  if (m.wanted.length > 0)
    explanation.push(
      `doelgroep: ${m.served.length} van ${m.wanted.length} kenmerken (${m.served.join(", ") || "geen"})`,
    );
  explanation.push(
    m.availableFrom === null ? freeNow(c.free, needed) : `vrij per ${m.availableFrom} (geplande uitstroom)`,
  );
  if (m.stale && c.lastConfirmedAt !== undefined) {
    const since = amsterdamToday(new Date(c.lastConfirmedAt));
    explanation.push(`cijfers verouderd: sinds ${since} niet bevestigd; gerangschikt na de bevestigde`);
  }
  for (const reason of m.notAllowed) explanation.push(`niet toegestaan: ${reason}`);
  if (m.contraIndications.length > 0) {
    explanation.push(
      `contra-indicatie van de aanbieder: ${m.contraIndications.join(", ")}; plaatsen vraagt uitdrukkelijke instemming`,
    );
  }
  return {
    locationId: c.id,
    score: m.score,
    availableFrom: m.availableFrom,
    distanceHomeKm: m.distanceHomeKm,
    distanceSchoolKm: m.distanceSchoolKm,
    contraIndications: m.contraIndications,
    notAllowed: m.notAllowed,
    stale: m.stale,
    components: Object.fromEntries(Object.entries(m.components).map(([k, v]) => [k, round(v)])) as Match["components"],
    explanation,
  };
}
