// The matching view: the shared matching rule over the locations that can fit (every other one is counted as
// excluded), with names, staleness and a logged read.

import { amsterdamToday } from "../../../shared/calendar.js";
import type { RequestStatus } from "../../../shared/domain.js";
import { isStale } from "../../../shared/rules/freshness.js";
import { type MatchRequest, matchLocations } from "../../../shared/rules/matching.js";
import { DEFAULT_MATCH_LIMIT, type MatchList } from "../../../shared/schemas/placements.js";
import type { PlacementRequestRow } from "../../db/schema.js";
import { NotFound, RuleViolation } from "../../http/errors.js";
import { recordAudit } from "../audit/service.js";
import type { ChangeContext } from "../capacity/service.js";
import type { PlacementDeps } from "./deps.js";
import * as repo from "./repository.js";
import { authorizeRequest } from "./requests.js";

export const SEARCHING: ReadonlySet<RequestStatus> = new Set(["zoekend", "gereserveerd", "opgeschaald"]);

export function matchRequestOf(r: PlacementRequestRow): MatchRequest {
  return {
    age: r.age,
    gender: r.gender,
    homePostcode: r.homePostcode,
    schoolPostcode: r.schoolPostcode,
    characteristics: r.characteristics,
    acceptableCareTypes: r.acceptableCareTypes,
    siblings: r.siblings,
    wantedStart: r.wantedStart,
  };
}

export async function matchesFor(
  deps: PlacementDeps,
  id: number,
  ctx: ChangeContext,
  limit = DEFAULT_MATCH_LIMIT,
): Promise<Omit<MatchList, "watching">> {
  const request = await repo.findRequest(deps.db, id);
  if (!request) throw new NotFound(`Plaatsingsverzoek ${id} bestaat niet.`);
  authorizeRequest(ctx, "requests.match", request);
  // The ambulant-first gate holds for matching too, not only for reserving (domain.md rule 1).
  if (!SEARCHING.has(request.status)) {
    throw new RuleViolation(`Matchen kan pas als het verzoek 'zoekend' is; het is nu '${request.status}'.`);
  }
  const match = matchRequestOf(request);
  // Only the locations that can fit come from the database; the rest count as excluded, as if matched and rejected.
  const now = new Date();
  const candidates = await repo.matchCandidates(deps.db, match, limit, amsterdamToday(now));
  const listed = presentMatches(match, candidates, deps.capacity.staleAfterHours, limit, now);
  await recordAudit(deps.db, {
    actor: ctx.actor,
    action: "verzoek.gematcht",
    outcome: "succes",
    ip: ctx.ip,
    objectType: "plaatsingsverzoek",
    objectId: id,
    onBehalfOf: request.caseNumber,
    detail: `${listed.fitting} passend, ${listed.excluded} niet`,
  });
  return { requestId: id, ...listed };
}

/** Candidate rows and counts; `fitting` only when the database already counted (and cut) the fitting ones. */
type Candidates = Omit<Awaited<ReturnType<typeof repo.matchCandidates>>, "fitting"> & { fitting?: number };

/** Ranks the candidates and adds what the list shows of each location: names, counts, staleness. */
export function presentMatches(
  match: MatchRequest,
  { rows, departures, total, fitting }: Candidates,
  staleAfterHours: number,
  limit = DEFAULT_MATCH_LIMIT,
  now = new Date(),
): Pick<MatchList, "excluded" | "matches" | "fitting"> {
  const byId = new Map(rows.map((r) => [r.location.id, r]));
  const result = matchLocations(
    match,
    rows.map((r) => r.location),
    departures,
    limit,
    amsterdamToday(now),
  );
  // When the database ranked and cut the list, it also counted what fits.
  const fits = fitting ?? result.fitting;
  return {
    fitting: fits,
    excluded: total - fits,
    // Every match comes from these rows; flatMap only satisfies the type of the lookup.
    matches: result.matches.flatMap((m) => {
      const row = byId.get(m.locationId);
      if (!row) return [];
      return {
        ...m,
        locationName: row.location.name,
        providerName: row.providerName,
        careType: row.location.careType,
        municipality: row.location.municipality,
        free: row.location.free,
        stale: isStale(row.location.lastConfirmedAt, now, staleAfterHours),
      };
    }),
  };
}
