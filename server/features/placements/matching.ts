// The matching view: the shared matching rule over the locations that can fit (every other one is counted as
// excluded), read from this process's match index, with names, staleness and a logged read.

import { amsterdamToday } from "../../../shared/calendar.js";
import { type RequestStatus, SEARCHING_STATUSES } from "../../../shared/domain.js";
import {
  type Candidate,
  type CandidateFacts,
  candidateFacts,
  type Match,
  type MatchRequest,
  matchLocations,
  type PlannedDeparture,
} from "../../../shared/rules/matching.js";
import { fitsBesidesCareTypeWith, requestFacts } from "../../../shared/rules/matching-facts.js";
import { DEFAULT_MATCH_LIMIT, type MatchList, type MatchView } from "../../../shared/schemas/placements.js";
import { NotFound, RuleViolation } from "../../http/errors.js";
import type { ChangeContext } from "../../policies/types.js";
import { auditRow } from "../audit/service.js";
import type { PlacementDeps } from "./deps.js";
import type { IndexedRow, MatchSnapshot } from "./match-index.js";
import * as repo from "./repository.js";
import { authorizeRequest, requestNotFound } from "./requests.js";

export const SEARCHING: ReadonlySet<RequestStatus> = new Set(SEARCHING_STATUSES);

export function matchRequestOf(r: repo.RequestToMatch): MatchRequest {
  return {
    age: r.age,
    gender: r.gender,
    homePostcode: r.homePostcode,
    schoolPostcode: r.schoolPostcode,
    characteristics: r.characteristics,
    acceptableCareTypes: r.acceptableCareTypes,
    siblings: r.siblings,
    wantedStart: r.wantedStart,
    urgency: r.urgency,
    flags: r.flags,
  };
}

/** The match list, with whether the regisseur asking follows this request. */
export async function matchesFor(
  deps: PlacementDeps,
  id: number,
  ctx: ChangeContext,
  limit = DEFAULT_MATCH_LIMIT,
): Promise<MatchList> {
  const userId = ctx.actor.kind === "user" ? ctx.actor.id : -1;
  // The read is logged in the statement that reads it (one round trip), when the request is searching: the route's
  // guard has let only those through who may match, so an entry is never written for a call refused below.
  const audit = auditRow({
    actor: ctx.actor,
    action: "verzoek.gematcht",
    outcome: "succes",
    ip: ctx.ip,
    objectType: "plaatsingsverzoek",
    objectId: id,
    detail: `matchlijst (hoogstens ${limit})`,
  });
  const found = await repo.requestToMatch(deps.db, id, userId, audit, deps.matchIndex.catchUpFrom());
  if (!found) throw new NotFound(requestNotFound(id));
  const { request, watching } = found;
  authorizeRequest(ctx, "requests.match", request);
  // The ambulant-first gate holds for matching too, not only for reserving (domain.md rule 1).
  if (!SEARCHING.has(request.status)) {
    throw new RuleViolation(`Matchen kan pas als het verzoek 'zoekend' is; het is nu '${request.status}'.`);
  }
  const match = matchRequestOf(request);
  const snapshot = await deps.matchIndex.current(found);
  const listed = presentMatches(match, candidatesIn(match, snapshot), deps.capacity.staleAfterHours, limit);
  return { requestId: id, ...listed, watching };
}

/**
 * The locations that can take this youth and have room now or someone planned to leave, with those departures; every
 * other location is counted in `total` and shows as excluded.
 */
export function candidatesIn(match: MatchRequest, snapshot: MatchSnapshot): Candidates {
  const needed = match.siblings + 1;
  const asked = requestFacts(match);
  const rows: IndexedRow[] = [];
  const locations: Candidate[] = [];
  const facts: CandidateFacts[] = [];
  const departures: PlannedDeparture[] = [];
  // The counts first: most locations have too few places and nobody planned to leave, so cannot fit by any date and
  // are not ranked at all; the care type is the list's own.
  for (const careType of new Set(match.acceptableCareTypes)) {
    for (const row of snapshot.byCareType.get(careType) ?? []) {
      const l = row.location;
      const leaving = l.free >= needed ? undefined : snapshot.departures.get(l.id);
      if ((l.free < needed && !leaving) || !fitsBesidesCareTypeWith(match, asked, l, row.facts)) continue;
      rows.push(row);
      locations.push(l);
      facts.push(row.facts);
      if (leaving) for (const d of leaving) departures.push(d);
    }
  }
  return { rows, locations, facts, departures, total: snapshot.locations.size };
}

export interface Candidates {
  rows: readonly repo.CandidateRow[];
  /**
   * Each row's location and its facts, in the order of `rows`, as candidatesIn collects them while it reads the rows
   * anyway; absent (a bench's reference of plain rows), they are made from the rows.
   */
  locations?: readonly Candidate[];
  facts?: readonly CandidateFacts[];
  departures: readonly PlannedDeparture[];
  /** Every location, fitting or not. */
  total: number;
}

/** Ranks the candidates (stale numbers after confirmed ones) and adds what the list shows of each location. */
export function presentMatches(
  match: MatchRequest,
  { rows, departures, total, ...given }: Candidates,
  staleAfterHours: number,
  limit = DEFAULT_MATCH_LIMIT,
  now = new Date(),
): Pick<MatchList, "excluded" | "matches" | "fitting"> {
  const locations = given.locations ?? rows.map((r) => r.location);
  const result = matchLocations(
    match,
    locations,
    departures,
    limit,
    amsterdamToday(now),
    now.getTime() - staleAfterHours * 3_600_000,
    given.facts ?? locations.map(candidateFacts),
  );
  // The listed rows found by their locations, which ranking has just read (the rows themselves it has not).
  const listed = new Set(result.matches.map((m) => m.locationId));
  const rowOf = new Map<number, repo.CandidateRow>();
  for (let i = 0; i < locations.length && rowOf.size < listed.size; i++) {
    const id = (locations[i] as Candidate).id;
    if (listed.has(id)) rowOf.set(id, rows[i] as repo.CandidateRow);
  }
  return {
    fitting: result.fitting,
    excluded: total - result.fitting,
    // Every match comes from these rows; flatMap only satisfies the type of the lookup.
    matches: result.matches.flatMap((m) => {
      const row = rowOf.get(m.locationId);
      return row ? [listedMatch(m, row)] : [];
    }),
  };
}

/**
 * A match as the list shows it: without the departures it rests on (claimed on reserving), with the location's name,
 * provider, care type, municipality and free places. Spelled out: spreading a match without one key cost about ten
 * microseconds a match.
 */
function listedMatch(m: Match, row: repo.CandidateRow): MatchView {
  const l = row.location;
  return {
    locationId: m.locationId,
    score: m.score,
    availableFrom: m.availableFrom,
    certainty: m.certainty,
    distanceHomeKm: m.distanceHomeKm,
    distanceSchoolKm: m.distanceSchoolKm,
    contraIndications: m.contraIndications,
    notAllowed: m.notAllowed,
    stale: m.stale,
    crisisPlace: m.crisisPlace,
    crisisException: m.crisisException,
    flags: m.flags,
    components: m.components,
    explanation: m.explanation,
    locationName: l.name,
    providerName: row.providerName,
    careType: l.careType,
    municipality: l.municipality,
    free: l.free,
  };
}
