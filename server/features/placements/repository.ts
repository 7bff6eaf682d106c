// Data access for placement requests, their ambulant record, transitions, reservations and planned departures.
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, ne, notInArray, or, sql } from "drizzle-orm";
import { amsterdamToday } from "../../../shared/calendar.js";
import type { GenderRule, RequestStatus } from "../../../shared/domain.js";
import type { MatchRequest } from "../../../shared/rules/matching.js";
import type { Db, Tx } from "../../db/client.js";
import {
  ambulantAlternatives,
  apiTokens,
  locations,
  type PlacementRequestRow,
  placementRequests,
  plannedDepartures,
  providers,
  requestTransitions,
  reservations,
  users,
} from "../../db/schema.js";
import { RANKING_MARGIN, rankingOrder } from "./ranking.js";

export type RequestBundle = {
  request: PlacementRequestRow;
  alternatives: (typeof ambulantAlternatives.$inferSelect)[];
  /** With the name of the account or API token that made each one (null for the system). */
  transitions: (typeof requestTransitions.$inferSelect & { actorName: string | null })[];
  declines: number;
};

export async function findRequest(db: Db | Tx, id: number, lock = false): Promise<PlacementRequestRow | undefined> {
  const query = db.select().from(placementRequests).where(eq(placementRequests.id, id));
  const [row] = lock ? await query.for("update") : await query;
  return row;
}

export async function bundle(db: Db | Tx, rows: PlacementRequestRow[]): Promise<RequestBundle[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [alts, transitions, declines] = await Promise.all([
    db
      .select()
      .from(ambulantAlternatives)
      .where(inArray(ambulantAlternatives.requestId, ids))
      .orderBy(asc(ambulantAlternatives.id)),
    db
      .select({
        transition: requestTransitions,
        actorName: sql<string | null>`coalesce(${users.name}, ${apiTokens.name})`,
      })
      .from(requestTransitions)
      // The actor is stored as its label (actorLabel: "user:12", "token:3"); a regisseur reads a name.
      .leftJoin(users, sql`${requestTransitions.actor} = 'user:' || ${users.id}`)
      .leftJoin(apiTokens, sql`${requestTransitions.actor} = 'token:' || ${apiTokens.id}`)
      .where(inArray(requestTransitions.requestId, ids))
      .orderBy(asc(requestTransitions.id)),
    db
      .select({ requestId: reservations.requestId, n: sql<number>`count(*)::int` })
      .from(reservations)
      .where(and(inArray(reservations.requestId, ids), eq(reservations.status, "geweigerd")))
      .groupBy(reservations.requestId),
  ]);
  return rows.map((request) => ({
    request,
    alternatives: alts.filter((a) => a.requestId === request.id),
    transitions: transitions
      .filter((t) => t.transition.requestId === request.id)
      .map((t) => ({ ...t.transition, actorName: t.actorName })),
    declines: declines.find((d) => d.requestId === request.id)?.n ?? 0,
  }));
}

/** Finished requests (geplaatst, ingetrokken) only when asked for: the list is for the work at hand. */
export async function listRequests(
  db: Db,
  { createdBy, finished }: { createdBy: number | undefined; finished: boolean },
): Promise<PlacementRequestRow[]> {
  return db
    .select()
    .from(placementRequests)
    .where(
      and(
        createdBy === undefined ? undefined : eq(placementRequests.createdBy, createdBy),
        finished ? undefined : notInArray(placementRequests.status, ["geplaatst", "ingetrokken"]),
      ),
    )
    .orderBy(desc(placementRequests.id))
    .limit(500);
}

export async function recordTransition(
  tx: Tx,
  requestId: number,
  from: RequestStatus | null,
  to: RequestStatus,
  actor: string,
) {
  await tx.insert(requestTransitions).values({ requestId, fromStatus: from, toStatus: to, actor });
}

export async function setStatus(
  tx: Tx,
  request: PlacementRequestRow,
  to: RequestStatus,
  actor: string,
  extra: Partial<PlacementRequestRow> = {},
) {
  await tx
    .update(placementRequests)
    .set({ status: to, ...extra })
    .where(eq(placementRequests.id, request.id));
  await recordTransition(tx, request.id, request.status, to, actor);
}

export async function openReservationOf(tx: Tx | Db, requestId: number) {
  const [row] = await tx
    .select()
    .from(reservations)
    .where(and(eq(reservations.requestId, requestId), eq(reservations.status, "open")));
  return row;
}

export async function findReservation(tx: Tx | Db, id: number, lock = false) {
  const query = tx
    .select({ reservation: reservations, providerId: locations.providerId, locationName: locations.name })
    .from(reservations)
    .innerJoin(locations, eq(locations.id, reservations.locationId))
    .where(eq(reservations.id, id));
  const [row] = lock ? await query.for("update", { of: reservations }) : await query;
  return row;
}

export async function reservationsWhere(db: Db, where: { providerId?: number; requestId?: number }) {
  return db
    .select({ reservation: reservations, locationName: locations.name, request: placementRequests })
    .from(reservations)
    .innerJoin(locations, eq(locations.id, reservations.locationId))
    .innerJoin(placementRequests, eq(placementRequests.id, reservations.requestId))
    .where(
      and(
        where.providerId === undefined ? undefined : eq(locations.providerId, where.providerId),
        where.requestId === undefined ? undefined : eq(reservations.requestId, where.requestId),
      ),
    )
    .orderBy(desc(reservations.id))
    .limit(200);
}

/** Open reservations past their expiry, locked so that only one process expires each. */
export async function lockExpiredReservations(tx: Tx, now: Date, limit: number) {
  return tx
    .select()
    .from(reservations)
    .where(and(eq(reservations.status, "open"), lt(reservations.expiresAt, now)))
    .orderBy(asc(reservations.expiresAt))
    .limit(limit)
    .for("update", { skipLocked: true });
}

/**
 * The locations that can fit this request, with what matching needs of them: care type accepted, age within range,
 * gender admitted (matchLocations' hard failures), and enough places free now or planned free (zeker or
 * waarschijnlijk, not cancelled) by the wanted start. Every other location matchLocations would exclude anyway;
 * `total` (all locations) keeps the count of excluded ones. With `best`, the database ranks the fitting locations
 * (ranking.ts) and returns only the best few, with `fitting` counting them all. Only the departures of the returned
 * locations that can count come along.
 */
export async function matchCandidates(db: Db | Tx, request: MatchRequest, best?: number, today = amsterdamToday()) {
  const genders: GenderRule[] =
    request.gender === "jongen" ? ["alle", "jongens"] : request.gender === "meisje" ? ["alle", "meisjes"] : ["alle"];
  // departureCounts (shared/rules/matching.ts) as a condition: open, not onzeker, from today to the wanted start.
  const counts = and(
    isNull(plannedDepartures.cancelledAt),
    ne(plannedDepartures.certainty, "onzeker"),
    gte(plannedDepartures.expectedDate, today),
    lte(plannedDepartures.expectedDate, request.wantedStart),
  );
  const needed = request.siblings + 1;
  // Counted departures per location, aggregated once and joined (a subquery per location cost ~10 ms a call).
  const counted = db.$with("counted").as(
    db
      .select({ locationId: plannedDepartures.locationId, n: sql<number>`count(*)`.as("n") })
      .from(plannedDepartures)
      .where(counts)
      .groupBy(plannedDepartures.locationId),
  );
  const fits = and(
    inArray(locations.careType, [...request.acceptableCareTypes]),
    lte(locations.ageMin, request.age),
    gte(locations.ageMax, request.age),
    inArray(locations.gender, genders),
    or(gte(locations.free, needed), sql`coalesce(${counted.n}, 0) >= ${needed} - greatest(${locations.free}, 0)`),
  );
  // One statement: the fitting locations with what the list shows of them, how many fit, and how many there are.
  const query = db
    .with(counted)
    .select({
      location: {
        id: locations.id,
        name: locations.name,
        careType: locations.careType,
        municipality: locations.municipality,
        lat: locations.lat,
        lon: locations.lon,
        ageMin: locations.ageMin,
        ageMax: locations.ageMax,
        gender: locations.gender,
        free: locations.free,
        targetGroups: locations.targetGroups,
        contraIndications: locations.contraIndications,
        lastConfirmedAt: locations.lastConfirmedAt,
      },
      providerName: providers.name,
      fitting: sql<number>`count(*) over ()`.mapWith(Number),
      total: sql<number>`(select count(*) from ${locations})`.mapWith(Number),
    })
    .from(locations)
    .innerJoin(providers, eq(providers.id, locations.providerId))
    .leftJoin(counted, eq(counted.locationId, locations.id))
    .where(fits);
  const ranked =
    best === undefined ? await query : await query.orderBy(rankingOrder(request)).limit(best + RANKING_MARGIN);
  const rows = ranked.map(({ location, providerName }) => ({ location, providerName }));
  // Departures matter only where too few places are free now ("vrij per").
  const waiting = ranked.filter((r) => r.location.free < needed).map((r) => r.location.id);
  const [departures, total] = await Promise.all([
    waiting.length === 0
      ? []
      : db
          .select({
            locationId: plannedDepartures.locationId,
            expectedDate: plannedDepartures.expectedDate,
            certainty: plannedDepartures.certainty,
          })
          .from(plannedDepartures)
          .where(and(counts, inArray(plannedDepartures.locationId, waiting))),
    // Nothing fits: the count of all locations did not come along.
    ranked[0]?.total ?? db.$count(locations),
  ]);
  return { rows, departures, total, fitting: ranked[0]?.fitting ?? 0 };
}

/** One location as a match candidate, with its open planned departures: for checks about a single place. */
export async function candidateAt(db: Db | Tx, locationId: number) {
  const [[row], departures] = await Promise.all([
    db
      .select({ location: locations, providerName: providers.name })
      .from(locations)
      .innerJoin(providers, eq(providers.id, locations.providerId))
      .where(eq(locations.id, locationId)),
    db
      .select({
        locationId: plannedDepartures.locationId,
        expectedDate: plannedDepartures.expectedDate,
        certainty: plannedDepartures.certainty,
      })
      .from(plannedDepartures)
      .where(and(eq(plannedDepartures.locationId, locationId), isNull(plannedDepartures.cancelledAt))),
  ]);
  return row ? { ...row, departures } : undefined;
}
