// The matchadvies (issue #22, part 8): the request's codes, the ambulant record, the analysis, the options of the
// current match result and the choice, as one record to hand over; and the data of the map of its matches (part 9).
// Each is a read of the request, audited (domain.md rule 5). The server cannot see a print dialog: the fetch is
// audited as "advies opgevraagd", and the page's print button posts what it did, audited as "advies afgedrukt".
import type { RequestStatus } from "../../../shared/domain.js";
import { pointOfPostcode } from "../../../shared/geo.js";
import {
  type Advice,
  type AdvicePrinted,
  advicePrintedSchema,
  adviceSchema,
  type MatchMap,
  matchMapSchema,
} from "../../../shared/schemas/advice.js";
import { DEFAULT_MATCH_LIMIT, requestIdParamsSchema } from "../../../shared/schemas/placements.js";
import type { PlacementRequestRow } from "../../db/schema.js";
import { NotFound, RuleViolation } from "../../http/errors.js";
import { defineRoute } from "../../http/routes.js";
import type { ChangeContext } from "../../policies/types.js";
import { recordAudit } from "../audit/service.js";
import type { PlacementDeps } from "./deps.js";
import { candidatesIn, matchRequestOf, presentMatches, SEARCHING } from "./matching.js";
import { presentReservation } from "./presenter.js";
import * as repo from "./repository.js";
import { authorizeRequest, present, requestNotFound } from "./requests.js";

/** MAP_TILE_URL and its attribution; no url: the map draws the region from shipped data and loads nothing outside. */
export interface MapSettings {
  tileUrl: string | undefined;
  attribution: string;
}

const tag = "plaatsingen";

export function adviceRoutes(deps: PlacementDeps, map: MapSettings) {
  return [
    defineRoute({
      method: "get",
      path: "/api/requests/:id/advice",
      summary: "Matchadvies: codes, ambulant spoor, analyse, overwogen opties en de keuze (inzage gelogd)",
      tag,
      access: "requests.advice",
      schemas: { params: requestIdParamsSchema },
      response: adviceSchema,
      errors: [404],
      handler: ({ params }, ctx) => adviceFor(deps, params.id, ctx),
    }),
    defineRoute({
      method: "post",
      path: "/api/requests/:id/advice/printed",
      summary: "Vastleggen dat het matchadvies is afgedrukt (auditlog)",
      tag,
      access: "requests.advice",
      schemas: { params: requestIdParamsSchema },
      response: advicePrintedSchema,
      errors: [404],
      handler: ({ params }, ctx) => advicePrinted(deps, params.id, ctx),
    }),
    defineRoute({
      method: "get",
      path: "/api/requests/:id/map",
      summary: "Kaart van de passende locaties: thuis, school en de plekken (inzage gelogd)",
      tag,
      access: "requests.match",
      schemas: { params: requestIdParamsSchema },
      response: matchMapSchema,
      errors: [404, 422],
      handler: ({ params }, ctx) => mapFor(deps, map, params.id, ctx),
    }),
  ];
}

async function load(deps: PlacementDeps, id: number, ctx: ChangeContext, action: "requests.advice" | "requests.match") {
  const row = await repo.findRequest(deps.db, id);
  if (!row) throw new NotFound(requestNotFound(id));
  authorizeRequest(ctx, action, row);
  return row;
}

async function audit(
  deps: PlacementDeps,
  ctx: ChangeContext,
  row: PlacementRequestRow,
  action: string,
  detail: string,
) {
  await recordAudit(deps.db, {
    actor: ctx.actor,
    action,
    outcome: "succes",
    ip: ctx.ip,
    objectType: "plaatsingsverzoek",
    objectId: row.id,
    onBehalfOf: row.caseNumber,
    detail,
  });
}

/** The current match result, as the regisseur's list shows it (same rule, same index). */
async function currentMatches(deps: PlacementDeps, row: PlacementRequestRow, now: Date) {
  const match = matchRequestOf(row);
  const snapshot = await deps.matchIndex.current();
  const listed = presentMatches(
    match,
    candidatesIn(match, snapshot),
    deps.capacity.staleAfterHours,
    DEFAULT_MATCH_LIMIT,
    now,
  );
  return { listed, snapshot };
}

const NO_OPTIONS: Partial<Record<RequestStatus, string>> = {
  concept: "Nog niet gezocht: het ambulante spoor is nog niet vastgelegd (ambulant alternatief eerst).",
  "ambulant-vastgelegd": "Nog niet gezocht: het verzoek is nog niet op zoekend gezet.",
  geplaatst: "Het verzoek is geplaatst: de keuze staat hieronder; de opties worden niet opnieuw berekend.",
  ingetrokken: "Het verzoek is ingetrokken: er worden geen opties meer berekend.",
};

export async function adviceFor(deps: PlacementDeps, id: number, ctx: ChangeContext): Promise<Advice> {
  const row = await load(deps, id, ctx, "requests.advice");
  const now = new Date();
  const searching = SEARCHING.has(row.status);
  const [request, reservations, current] = await Promise.all([
    present(deps, row),
    repo.reservationsWhere(deps.db, { requestId: id }),
    searching ? currentMatches(deps, row, now) : undefined,
  ]);
  const shown = reservations.map((r) => presentReservation(r.reservation, r.locationName, r.request));
  const choice = shown.find((r) => r.status === "open" || r.status === "geaccepteerd") ?? null;
  const options = current
    ? { matches: current.listed.matches, fitting: current.listed.fitting, excluded: current.listed.excluded }
    : null;
  await audit(
    deps,
    ctx,
    row,
    "verzoek.advies-opgevraagd",
    options ? `${options.matches.length} opties` : "geen opties",
  );
  return adviceSchema.parse({
    request,
    options,
    optionsNote: options ? null : (NO_OPTIONS[row.status] ?? "Er zijn nu geen opties."),
    choice,
    tried: shown.filter((r) => r !== choice),
    madeAt: now.toISOString(),
    madeBy: ctx.actor.kind === "user" || ctx.actor.kind === "token" ? ctx.actor.name : "onbekend",
  });
}

export async function advicePrinted(deps: PlacementDeps, id: number, ctx: ChangeContext): Promise<AdvicePrinted> {
  const row = await load(deps, id, ctx, "requests.advice");
  await audit(deps, ctx, row, "verzoek.advies-afgedrukt", "afdrukken gestart in de browser");
  return { requestId: id, recordedAt: new Date().toISOString() };
}

export async function mapFor(deps: PlacementDeps, map: MapSettings, id: number, ctx: ChangeContext): Promise<MatchMap> {
  const row = await load(deps, id, ctx, "requests.match");
  // The same gate as the match list: no search before the ambulant record (domain.md rule 1).
  if (!SEARCHING.has(row.status)) {
    throw new RuleViolation(`Matchen kan pas als het verzoek 'zoekend' is; het is nu '${row.status}'.`);
  }
  const { listed, snapshot } = await currentMatches(deps, row, new Date());
  const places = listed.matches.flatMap((m, i) => {
    const at = snapshot.locations.get(m.locationId)?.location;
    if (at?.lat == null || at.lon == null) return [];
    const { locationId, locationName, free, availableFrom } = m;
    return [{ locationId, locationName, free, availableFrom, rank: i + 1, lat: at.lat, lon: at.lon }];
  });
  await audit(deps, ctx, row, "verzoek.kaart-bekeken", `${places.length} plekken op de kaart`);
  return {
    requestId: id,
    tiles: map.tileUrl ? { url: map.tileUrl, attribution: map.attribution } : null,
    home: areaOf(row.homePostcode),
    school: row.schoolPostcode ? areaOf(row.schoolPostcode) : null,
    places,
    unplaced: listed.matches.length - places.length,
  };
}

function areaOf(postcode: string) {
  const point = pointOfPostcode(postcode);
  return point ? { postcode, lat: point.lat, lon: point.lon } : null;
}

/** The CSP source of a tile URL template: its scheme and host, a {s} subdomain as a wildcard ("https://*.tile.x"). */
export function tileOrigin(tileUrl: string | undefined): string | undefined {
  const origin = tileUrl?.match(/^https?:\/\/[^/]+/)?.[0];
  return origin?.replace(/\{s\}/g, "*");
}
