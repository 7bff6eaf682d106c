// In-process implementations of GET /api/requests/:id/matches for the matching bench, with no HTTP in between. All do
// the work matchesFor does around loading (read the request, check its status, matchLocations, audit entry, build
// the MatchList, serialise it); they differ in how they load the candidates:
// - loadOneByOne (the baseline, "naive"): the location ids, then one SQL query per location (its row, provider name
//   and open planned departures);
// - loadAll (the reference): every location and every open departure, whatever date.
// Not done here: HTTP, session lookup, authorisation.
import { eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../server/db/client.js";
import {
  locations,
  type PlacementRequestRow,
  placementRequests,
  plannedDepartures,
  providers,
} from "../server/db/schema.js";
import { recordAudit } from "../server/features/audit/service.js";
import { matchRequestOf, presentMatches, SEARCHING } from "../server/features/placements/matching.js";
import type { CandidateRow } from "../server/features/placements/repository.js";
import type { Actor } from "../server/policies/types.js";
import type { MatchRequest, PlannedDeparture } from "../shared/rules/matching.js";

/** Milliseconds spent per stage of one call. */
export interface Stages {
  load: number;
  match: number;
  present: number;
  rows: number;
}

export interface InProcessResult {
  json: string;
  matches: number;
  stages: Stages;
}

export type Matcher = (id: number) => Promise<InProcessResult>;

async function loadRequest(db: Db, id: number): Promise<PlacementRequestRow> {
  const [request] = await db.select().from(placementRequests).where(eq(placementRequests.id, id));
  if (!request) throw new Error(`request ${id} not found`);
  if (!SEARCHING.has(request.status)) throw new Error(`request ${id} is ${request.status}`);
  return request;
}

/** Candidate rows for one request; `total` is how many locations exist (matches + excluded). */
export type LoadCandidates = (
  db: Db,
  request: MatchRequest,
) => Promise<{ rows: CandidateRow[]; departures: PlannedDeparture[]; total: number }>;

/**
 * What matchesFor does around loading: read the request, load candidates, match, log the read, build the list
 * (same fields, same order) and serialise it. Timed per stage.
 */
export function inProcessMatcher(db: Db, actor: Actor, staleAfterHours: number, load: LoadCandidates): Matcher {
  return async (id) => {
    const started = performance.now();
    const request = await loadRequest(db, id);
    const match = matchRequestOf(request);
    const { rows, departures, total } = await load(db, match);
    const loaded = performance.now();
    const listed = presentMatches(match, { rows, departures, total }, staleAfterHours);
    const matched = performance.now();
    await recordAudit(db, {
      actor,
      action: "verzoek.gematcht",
      outcome: "succes",
      ip: "127.0.0.1",
      objectType: "plaatsingsverzoek",
      objectId: request.id,
      onBehalfOf: request.caseNumber,
      detail: `${listed.matches.length} passend, ${listed.excluded} niet`,
    });
    const json = JSON.stringify({ requestId: request.id, ...listed });
    const done = performance.now();
    return {
      json,
      matches: listed.matches.length,
      stages: { load: loaded - started, match: matched - loaded, present: done - matched, rows: rows.length },
    };
  };
}

/** The baseline: the location ids, then one query per location (row + provider + its open departures). */
export const loadOneByOne = async (db: Db): ReturnType<LoadCandidates> => {
  const ids = await db.select({ id: locations.id }).from(locations);
  const rows: CandidateRow[] = [];
  const departures: PlannedDeparture[] = [];
  for (const { id } of ids) {
    const [row] = await db
      .select({
        location: locations,
        providerName: providers.name,
        departures: sql<PlannedDeparture[]>`(
          SELECT coalesce(json_agg(json_build_object(
            'locationId', d.location_id, 'expectedDate', d.expected_date, 'certainty', d.certainty)), '[]'::json)
          FROM ${plannedDepartures} d WHERE d.location_id = ${locations.id} AND d.cancelled_at IS NULL)`,
      })
      .from(locations)
      .innerJoin(providers, eq(providers.id, locations.providerId))
      .where(eq(locations.id, id));
    if (!row) continue;
    rows.push(row);
    departures.push(...row.departures);
  }
  return { rows, departures, total: rows.length };
};

/** The reference: every location and every open departure (whatever its date), on each call. */
export const loadAll = async (db: Db): ReturnType<LoadCandidates> => {
  const [rows, departures] = await Promise.all([
    db
      .select({ location: locations, providerName: providers.name })
      .from(locations)
      .innerJoin(providers, eq(providers.id, locations.providerId)),
    db
      .select({
        locationId: plannedDepartures.locationId,
        expectedDate: plannedDepartures.expectedDate,
        certainty: plannedDepartures.certainty,
      })
      .from(plannedDepartures)
      .where(isNull(plannedDepartures.cancelledAt)),
  ]);
  return { rows, departures, total: rows.length };
};
