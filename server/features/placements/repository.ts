// Data access for placement requests, their ambulant record, transitions, reservations and planned departures.
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, notInArray, type Placeholder, sql } from "drizzle-orm";
import { type CapacityEventKind, type RequestStatus, SEARCHING_STATUSES } from "../../../shared/domain.js";
import { type Db, preparedStatement, type Tx } from "../../db/client.js";
import {
  ambulantAlternatives,
  apiTokens,
  auditLog,
  capacityEvents,
  eventSequence,
  locations,
  type PlacementRequestRow,
  placementRequests,
  plannedDepartures,
  planningEvents,
  providers,
  requestTransitions,
  requestWatches,
  reservations,
  users,
} from "../../db/schema.js";
import { type AuditPlaceholder, type auditRow, auditValues } from "../audit/service.js";

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

/** Every write to a request bumps its version, so a correction made on what the caller saw finds out it is stale. */
const nextVersion = sql`${placementRequests.version} + 1`;

export async function setStatus(
  tx: Tx,
  request: PlacementRequestRow,
  to: RequestStatus,
  actor: string,
  extra: Partial<PlacementRequestRow> = {},
) {
  await tx
    .update(placementRequests)
    .set({ ...extra, status: to, version: nextVersion })
    .where(eq(placementRequests.id, request.id));
  await recordTransition(tx, request.id, request.status, to, actor);
}

/** Changes a request's own fields (not its status: setStatus records that), bumping its version. */
export async function updateRequest(
  tx: Tx,
  request: Pick<PlacementRequestRow, "id">,
  set: Partial<Omit<PlacementRequestRow, "id" | "status" | "version">>,
): Promise<PlacementRequestRow> {
  const [row] = await tx
    .update(placementRequests)
    .set({ ...set, version: nextVersion })
    .where(eq(placementRequests.id, request.id))
    .returning();
  if (!row) throw new Error(`placement request ${request.id} vanished under its lock`);
  return row;
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

/** What matching needs of a location, and what the match list shows of it. */
const indexedLocation = {
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
    crisisPlaces: locations.crisisPlaces,
    flags: locations.flags,
    treatment: locations.treatment,
    lastConfirmedAt: locations.lastConfirmedAt,
    // A closed location is left out of the index (match-index.ts).
    closedOn: locations.closedOn,
  },
  providerName: providers.name,
};

export type CandidateRow = {
  location: { [K in keyof typeof indexedLocation.location]: (typeof locations.$inferSelect)[K] };
  providerName: string;
};

/** Locations as matching sees them: those after `afterId`, or those with these ids. */
export async function candidateRows(
  db: Db,
  which: { afterId: number } | { ids: readonly number[] },
): Promise<CandidateRow[]> {
  return db
    .select(indexedLocation)
    .from(locations)
    .innerJoin(providers, eq(providers.id, locations.providerId))
    .where("ids" in which ? inArray(locations.id, [...which.ids]) : gt(locations.id, which.afterId))
    .orderBy(asc(locations.id));
}

/** What matching reads of a planned departure. */
const departureColumns = {
  id: plannedDepartures.id,
  locationId: plannedDepartures.locationId,
  expectedDate: plannedDepartures.expectedDate,
  certainty: plannedDepartures.certainty,
};

/**
 * Open planned departures dated from `fromDay` on, of every location or of some. A claimed one (a reservation holds
 * its coming place, "vrij per") counts for nobody else; it is released, and counts again, when that reservation ends.
 */
export async function openDepartures(db: Db, fromDay: string, locationIds?: readonly number[]) {
  return db
    .select(departureColumns)
    .from(plannedDepartures)
    .where(
      and(
        isNull(plannedDepartures.cancelledAt),
        isNull(plannedDepartures.reservationId),
        gte(plannedDepartures.expectedDate, fromDay),
        locationIds ? inArray(plannedDepartures.locationId, [...locationIds]) : undefined,
      ),
    );
}

/** How far the logs go: the last capacity event, the last planning event, the newest location. */
export type IndexMarks = { seq: number; planningId: number; lastLocationId: number };

const marks = {
  seq: sql`(SELECT ${eventSequence.lastSeq} FROM ${eventSequence} WHERE ${eventSequence.id} = 1)`.mapWith(Number),
  planningId: sql`(SELECT coalesce(max(${planningEvents.id}), 0) FROM ${planningEvents})`.mapWith(Number),
  lastLocationId: sql`(SELECT coalesce(max(${locations.id}), 0) FROM ${locations})`.mapWith(Number),
};

export async function indexMarks(db: Db): Promise<IndexMarks> {
  const [row] = await db.select(marks).from(eventSequence).where(eq(eventSequence.id, 1));
  if (!row) throw new Error("event_sequence row is missing: migrations did not run");
  return row;
}

/** What a capacity event left its location with, in commit (seq) order. */
export type CountsAfter = {
  seq: number;
  locationId: number;
  capacity: number;
  occupied: number;
  reserved: number;
  lastConfirmedAt: Date;
  /** A lifecycle kind (LIFECYCLE_EVENT_KINDS) tells the index to take the location anew. */
  kind: CapacityEventKind;
}[];

type CountsJson = [number, number, number, number, number, string, CapacityEventKind][];

/** The counts of the capacity events in (afterSeq, afterSeq + limit], as one JSON array. */
function countsJson(afterSeq: Placeholder | number, limit: Placeholder | number) {
  const e = capacityEvents;
  return sql<CountsJson>`(
    SELECT coalesce(json_agg(json_build_array(${e.seq}, ${e.locationId}, ${e.capacity}, ${e.occupied},
      ${e.reserved}, ${e.lastConfirmedAt}, ${e.kind}) ORDER BY ${e.seq}), '[]'::json)
    FROM ${e} WHERE ${e.seq} > ${afterSeq}::bigint AND ${e.seq} <= ${afterSeq}::bigint + ${limit}::bigint)`;
}

const countsOf = (json: CountsJson): CountsAfter =>
  json.map(([seq, locationId, capacity, occupied, reserved, confirmed, kind]) => ({
    seq: Number(seq),
    locationId,
    capacity,
    occupied,
    reserved,
    lastConfirmedAt: new Date(confirmed),
    kind,
  }));

/** What matching reads of a request: the match's inputs, and what authorisation, the gate and the audit entry need. */
export type RequestToMatch = Pick<
  PlacementRequestRow,
  | "id"
  | "caseNumber"
  | "createdBy"
  | "status"
  | "age"
  | "gender"
  | "homePostcode"
  | "schoolPostcode"
  | "characteristics"
  | "acceptableCareTypes"
  | "siblings"
  | "wantedStart"
  | "urgency"
  | "flags"
>;

type ToMatchRow = RequestToMatch & {
  watching: boolean;
  seq: unknown;
  planningId: unknown;
  lastLocationId: unknown;
  counts: CountsJson;
};

// requestToMatch's statement: built once, its values given per call (preparedStatement).
const requestToMatchStatement = preparedStatement<
  ToMatchRow,
  "id" | "userId" | AuditPlaceholder | "afterSeq" | "limit"
>("request_to_match", (p) => {
  const r = placementRequests;
  // Arrays as JSON: both drivers (postgres.js, PGlite) hand raw JSON back parsed, and the statement is raw here.
  return sql`
    with request as (
      select ${r.id} as "id", ${r.caseNumber} as "caseNumber", ${r.createdBy} as "createdBy", ${r.status} as "status",
        ${r.age} as "age", ${r.gender} as "gender", ${r.homePostcode} as "homePostcode",
        ${r.schoolPostcode} as "schoolPostcode", array_to_json(${r.characteristics}) as "characteristics",
        array_to_json(${r.acceptableCareTypes}) as "acceptableCareTypes", ${r.siblings} as "siblings",
        ${r.wantedStart}::text as "wantedStart", ${r.urgency} as "urgency", array_to_json(${r.flags}) as "flags"
      from ${r} where ${r.id} = ${p("id")}
    ), audited as (
      insert into ${auditLog} (actor, role, on_behalf_of, action, object_type, object_id, outcome, ip, detail,
        request_key)
      select ${p("audit.actor")}, ${p("audit.role")}, request."caseNumber", ${p("audit.action")}, ${p("audit.objectType")},
        ${p("audit.objectId")}, ${p("audit.outcome")}, ${p("audit.ip")}, ${p("audit.detail")}, ${p("audit.requestKey")}
      from request where request."status" in ${[...SEARCHING_STATUSES]}
    )
    select request.*, exists (
        select from ${requestWatches} where ${requestWatches.requestId} = request."id"
          and ${requestWatches.userId} = ${p("userId")}
      ) as "watching", ${marks.seq} as "seq", ${marks.planningId} as "planningId",
      ${marks.lastLocationId} as "lastLocationId", ${countsJson(p("afterSeq"), p("limit"))} as "counts"
    from request`;
});

/**
 * A request to match, whether this user follows it, the index marks and, given how far the caller's index goes, the
 * counts since (at most `limit` events), and the read's audit entry (`audit`, its case number taken from the row)
 * when the request is searching (a request that is not cannot be matched, and is not shown): one statement, so a
 * match costs the database one round trip. The caller has checked that the actor may match (the route's guard).
 */
export async function requestToMatch(
  db: Db,
  id: number,
  userId: number,
  audit: ReturnType<typeof auditRow>,
  index?: { afterSeq: number; limit: number },
) {
  const [row] = await requestToMatchStatement(db, {
    id,
    userId,
    ...auditValues(audit),
    afterSeq: index?.afterSeq ?? 0,
    limit: index?.limit ?? 0,
  });
  if (!row) return undefined;
  const { watching, seq, planningId, lastLocationId, counts, ...request } = row;
  return {
    request,
    watching,
    marks: { seq: Number(seq), planningId: Number(planningId), lastLocationId: Number(lastLocationId) },
    counts: index ? { afterSeq: index.afterSeq, events: countsOf(counts) } : undefined,
  };
}

/**
 * The marks, and the counts each capacity event after `afterSeq` (at most `limit` of them) left its location with, in
 * commit order: one statement, one snapshot.
 */
export async function countsAfter(db: Db, afterSeq: number, limit: number) {
  const [row] = await db
    .select({ ...marks, counts: countsJson(afterSeq, limit) })
    .from(eventSequence)
    .where(eq(eventSequence.id, 1));
  if (!row) throw new Error("event_sequence row is missing: migrations did not run");
  const { counts, ...at } = row;
  return { marks: at, counts: countsOf(counts) };
}

/** The locations whose planning changed in (fromId, toId]. */
export async function plannedBetween(db: Db, fromId: number, toId: number): Promise<number[]> {
  const rows = await db
    .selectDistinct({ id: planningEvents.locationId })
    .from(planningEvents)
    .where(and(gt(planningEvents.id, fromId), lte(planningEvents.id, toId)));
  return rows.map((r) => r.id);
}

/** One location as a match candidate, with its open, unclaimed planned departures: for checks about a single place. */
export async function candidateAt(db: Db | Tx, locationId: number) {
  const [[row], departures] = await Promise.all([
    db
      .select({ location: locations, providerName: providers.name })
      .from(locations)
      .innerJoin(providers, eq(providers.id, locations.providerId))
      .where(eq(locations.id, locationId)),
    db
      .select(departureColumns)
      .from(plannedDepartures)
      .where(
        and(
          eq(plannedDepartures.locationId, locationId),
          isNull(plannedDepartures.cancelledAt),
          isNull(plannedDepartures.reservationId),
        ),
      ),
  ]);
  return row ? { ...row, departures } : undefined;
}
