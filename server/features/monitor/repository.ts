// Data access for the monitor: aggregates counted by the database, bucketed by Dutch calendar day or month.
import { type AnyColumn, and, eq, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import type {
  CareType,
  CrisisPlaceReason,
  DeclineReason,
  HomeLikeExceptionReason,
  LocationMunicipality,
  Municipality,
} from "../../../shared/domain.js";
import { type Db, executeRows, type Tx } from "../../db/client.js";
import {
  capacityEvents,
  freshnessLinks,
  locations,
  placementRequests,
  providers,
  reservations,
} from "../../db/schema.js";
import type { DayChange } from "./series.js";

export interface Period {
  careType?: CareType;
  municipality?: LocationMunicipality;
  /** Dutch calendar days, JJJJ-MM-DD, both inclusive. */
  from: string;
  to: string;
}

type Column = AnyColumn;
const TZ = sql.raw("'Europe/Amsterdam'");
const localDay = (column: Column) => sql`(${column} at time zone ${TZ})::date`;
const localMonth = (column: Column) => sql<string>`to_char(${column} at time zone ${TZ}, 'YYYY-MM')`;
const within = (column: Column, p: Period) => sql`${localDay(column)} between ${p.from}::date and ${p.to}::date`;
/** The location side of the filter: care type and gemeente of the place. */
const placeFilter = (p: Period): (SQL | undefined)[] => [
  p.careType ? eq(locations.careType, p.careType) : undefined,
  p.municipality ? eq(locations.municipality, p.municipality) : undefined,
];

/**
 * The log holds each location's counts after every change; the difference with the location's previous event is the
 * change itself. Summed per day over all history up to `to`, so the caller can add them up to the counts at any date.
 * Places taken or freed compare with the counts the writer saw before the change (prev_*), falling back to the
 * previous event; a location's creation has neither and moves nobody.
 */
export async function dailyChanges(db: Db | Tx, p: Period): Promise<DayChange[]> {
  const previous = (column: Column) =>
    sql`lag(${column}) over (partition by ${capacityEvents.locationId} order by ${capacityEvents.seq})`;
  const deltas = db
    .select({
      day: sql<string>`to_char(${capacityEvents.at} at time zone ${TZ}, 'YYYY-MM-DD')`.as("day"),
      dCapacity: sql<number>`${capacityEvents.capacity} - coalesce(${previous(capacityEvents.capacity)}, 0)`.as(
        "d_capacity",
      ),
      dOccupied: sql<number>`${capacityEvents.occupied} - coalesce(${previous(capacityEvents.occupied)}, 0)`.as(
        "d_occupied",
      ),
      dReserved: sql<number>`${capacityEvents.reserved} - coalesce(${previous(capacityEvents.reserved)}, 0)`.as(
        "d_reserved",
      ),
      moved:
        sql<number>`${capacityEvents.occupied} - coalesce(${capacityEvents.prevOccupied}, ${previous(capacityEvents.occupied)})`.as(
          "moved",
        ),
    })
    .from(capacityEvents)
    .innerJoin(locations, eq(locations.id, capacityEvents.locationId))
    .where(and(...placeFilter(p), sql`${localDay(capacityEvents.at)} <= ${p.to}::date`))
    .as("deltas");
  return db
    .select({
      day: deltas.day,
      capacity: sql<number>`sum(${deltas.dCapacity})::int`,
      occupied: sql<number>`sum(${deltas.dOccupied})::int`,
      reserved: sql<number>`sum(${deltas.dReserved})::int`,
      // greatest() skips a null: no previous counts, no movement.
      taken: sql<number>`coalesce(sum(greatest(${deltas.moved}, 0)), 0)::int`,
      freed: sql<number>`coalesce(sum(greatest(-${deltas.moved}, 0)), 0)::int`,
    })
    .from(deltas)
    .groupBy(deltas.day)
    .orderBy(deltas.day);
}

/** Places taken through an accepted CPWV reservation, per month. */
export async function cpwvPlacementsByMonth(db: Db | Tx, p: Period): Promise<{ month: string; places: number }[]> {
  const month = localMonth(reservations.answeredAt);
  return db
    .select({ month, places: sql<number>`sum(${reservations.places})::int` })
    .from(reservations)
    .innerJoin(locations, eq(locations.id, reservations.locationId))
    .where(and(eq(reservations.status, "geaccepteerd"), within(reservations.answeredAt, p), ...placeFilter(p)))
    .groupBy(month);
}

/** The filter of figures about placements: the care type of the place, the youth's woongemeente. */
function placeAndYouth(p: Period) {
  return [
    p.careType ? eq(locations.careType, p.careType) : undefined,
    p.municipality ? eq(placementRequests.homeMunicipality, p.municipality as Municipality) : undefined,
  ];
}

/**
 * Doorstroom: placements of youths who lived in a zorgvorm already, per month of placement and per pair of care types
 * (where from, the place taken). Care type of the place taken, the youth's woongemeente, as for the waiting times.
 */
export async function transfersByMonth(
  db: Db | Tx,
  p: Period,
): Promise<{ month: string; from: CareType; to: CareType; placements: number }[]> {
  const month = localMonth(placementRequests.placedAt);
  const from = sql<CareType>`${placementRequests.currentCareType}`;
  return db
    .select({ month, from, to: locations.careType, placements: sql<number>`count(*)::int` })
    .from(placementRequests)
    .innerJoin(locations, eq(locations.id, placementRequests.placedLocationId))
    .where(
      and(isNotNull(placementRequests.currentCareType), within(placementRequests.placedAt, p), ...placeAndYouth(p)),
    )
    .groupBy(month, placementRequests.currentCareType, locations.careType);
}

/** Reservations the provider answered geweigerd, per reason: care type of the place, the youth's woongemeente. */
export async function declinesByReason(
  db: Db | Tx,
  p: Period,
): Promise<{ reason: DeclineReason | null; declines: number }[]> {
  return db
    .select({ reason: reservations.declineReason, declines: sql<number>`count(*)::int` })
    .from(reservations)
    .innerJoin(locations, eq(locations.id, reservations.locationId))
    .innerJoin(placementRequests, eq(placementRequests.id, reservations.requestId))
    .where(and(eq(reservations.status, "geweigerd"), within(reservations.answeredAt, p), ...placeAndYouth(p)))
    .groupBy(reservations.declineReason);
}

/**
 * Placements (reservations accepted, answered in the period) per "thuis, tenzij" reason; null: the care type placed in
 * was the most home-like that fitted freely. Care type of the place, the youth's woongemeente, as for the declines.
 */
export async function placementsByHomeLikeReason(
  db: Db | Tx,
  p: Period,
): Promise<{ reason: HomeLikeExceptionReason | null; placements: number }[]> {
  return db
    .select({ reason: reservations.homeLikeReason, placements: sql<number>`count(*)::int` })
    .from(reservations)
    .innerJoin(locations, eq(locations.id, reservations.locationId))
    .innerJoin(placementRequests, eq(placementRequests.id, reservations.requestId))
    .where(and(eq(reservations.status, "geaccepteerd"), within(reservations.answeredAt, p), ...placeAndYouth(p)))
    .groupBy(reservations.homeLikeReason);
}

/**
 * Reservations made in the period by a regular request on a crisis place (a crisis reason was given), per reason and
 * whether the provider accepted: care type of the place, the youth's woongemeente, as for the declines.
 */
export async function crisisPlacesForRegular(
  db: Db | Tx,
  p: Period,
): Promise<{ reason: CrisisPlaceReason; placed: boolean; reservations: number }[]> {
  const placed = sql<boolean>`${reservations.status} = 'geaccepteerd'`;
  const rows = await db
    .select({ reason: reservations.crisisReason, placed, reservations: sql<number>`count(*)::int` })
    .from(reservations)
    .innerJoin(locations, eq(locations.id, reservations.locationId))
    .innerJoin(placementRequests, eq(placementRequests.id, reservations.requestId))
    .where(and(isNotNull(reservations.crisisReason), within(reservations.createdAt, p), ...placeAndYouth(p)))
    .groupBy(reservations.crisisReason, placed);
  return rows.flatMap((r) => (r.reason ? [{ ...r, reason: r.reason }] : []));
}

/** Requests escalated to the RET, per month: a request counts for every care type it accepts. */
export async function escalationsByMonth(db: Db | Tx, p: Period): Promise<{ month: string; escalations: number }[]> {
  const month = localMonth(placementRequests.escalatedAt);
  return db
    .select({ month, escalations: sql<number>`count(*)::int` })
    .from(placementRequests)
    .where(
      and(
        within(placementRequests.escalatedAt, p),
        p.careType ? sql`${p.careType} = any(${placementRequests.acceptableCareTypes})` : undefined,
        p.municipality ? eq(placementRequests.homeMunicipality, p.municipality as Municipality) : undefined,
      ),
    )
    .groupBy(month);
}

/**
 * Per provider, now: its filtered open locations, how many are stale, and the oldest last confirmation (a closed
 * location has no numbers to keep current).
 */
export async function complianceNow(db: Db | Tx, p: Period, staleBefore: Date) {
  return db
    .select({
      providerId: providers.id,
      providerName: providers.name,
      locations: sql<number>`count(*)::int`,
      stale: sql<number>`count(*) filter (where ${locations.lastConfirmedAt} < ${staleBefore.toISOString()}::timestamptz)::int`,
      oldestConfirmedAt: sql<string>`to_char(min(${locations.lastConfirmedAt}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    })
    .from(locations)
    .innerJoin(providers, eq(providers.id, locations.providerId))
    .where(and(...placeFilter(p), isNull(locations.closedOn)))
    .groupBy(providers.id, providers.name);
}

/**
 * Per provider, over the period: seconds its locations were covered by the log, and seconds of that their numbers
 * were stale. Each event's confirmation holds until the next event of the location (or until now); it is stale from
 * staleAfterHours after it. Events that did not confirm anew repeat the previous instant and add nothing.
 */
export async function staleTime(db: Db | Tx, p: Period, staleAfterHours: number, now: Date) {
  const nowParam = sql`${now.toISOString()}::timestamptz`;
  const start = sql`(${p.from}::date)::timestamp at time zone ${TZ}`;
  const end = sql`least((${p.to}::date + 1)::timestamp at time zone ${TZ}, ${nowParam})`;
  const spans = db
    .select({
      providerId: locations.providerId,
      confirmed: sql<Date>`${capacityEvents.lastConfirmedAt}`.as("confirmed"),
      until:
        sql<Date>`coalesce(lead(${capacityEvents.lastConfirmedAt}) over (partition by ${capacityEvents.locationId} order by ${capacityEvents.seq}), ${nowParam})`.as(
          "until",
        ),
    })
    .from(capacityEvents)
    .innerJoin(locations, eq(locations.id, capacityEvents.locationId))
    .where(and(...placeFilter(p)))
    .as("spans");
  const seconds = (from: SQL) =>
    sql<number>`coalesce(sum(greatest(extract(epoch from (least(${spans.until}, ${end}) - greatest(${from}, ${start}))), 0)), 0)::float8`;
  return db
    .select({
      providerId: spans.providerId,
      coveredSeconds: seconds(sql`${spans.confirmed}`),
      staleSeconds: seconds(sql`${spans.confirmed} + ${staleAfterHours * 3600}::float8 * interval '1 second'`),
    })
    .from(spans)
    .groupBy(spans.providerId);
}

/** A stretch of time to measure: [start, end), as SQL timestamptz expressions. */
export interface TimeBucket {
  key: string;
  start: SQL;
  end: SQL;
}

/** Midnight at the start of a Dutch calendar day, as a timestamptz expression. */
export const dayStart = (day: string) => sql`(${day}::date)::timestamp at time zone ${TZ}`;

/**
 * Per bucket, over all filtered locations: seconds the log covered their numbers, and seconds of that they were stale
 * (as staleTime, summed over providers). Buckets without any covered time are left out.
 */
export async function staleTimeIn(
  db: Db | Tx,
  p: Period,
  staleAfterHours: number,
  now: Date,
  buckets: readonly TimeBucket[],
): Promise<{ key: string; coveredSeconds: number; staleSeconds: number }[]> {
  if (buckets.length === 0) return [];
  const nowParam = sql`${now.toISOString()}::timestamptz`;
  const values = sql.join(
    buckets.map((b) => sql`(${b.key}::text, ${b.start}, least(${b.end}, ${nowParam}))`),
    sql`, `,
  );
  const staleFrom = sql`spans.confirmed + ${staleAfterHours * 3600}::float8 * interval '1 second'`;
  const overlap = (from: SQL) =>
    sql`coalesce(sum(greatest(extract(epoch from (least(spans.until, b.stop) - greatest(${from}, b.start))), 0)), 0)::float8`;
  const rows = await executeRows<{ key: string; covered: number | string; stale: number | string }>(
    db,
    sql`
    with spans as (
      select ${capacityEvents.lastConfirmedAt} as confirmed,
        coalesce(lead(${capacityEvents.lastConfirmedAt}) over (partition by ${capacityEvents.locationId}
          order by ${capacityEvents.seq}), ${nowParam}) as until
      from ${capacityEvents} join ${locations} on ${locations.id} = ${capacityEvents.locationId}
      where ${and(sql`true`, ...placeFilter(p))}
    )
    select b.key, ${overlap(sql`spans.confirmed`)} as covered, ${overlap(staleFrom)} as stale
    from (values ${values}) as b(key, start, stop)
    join spans on spans.until > b.start and spans.confirmed < b.stop
    group by b.key`,
  );
  return rows
    .map((r) => ({ key: r.key, coveredSeconds: Number(r.covered), staleSeconds: Number(r.stale) }))
    .filter((r) => r.coveredSeconds > 0);
}

/** When the first one-tap freshness prompt went out, if one did. */
export async function firstPromptAt(db: Db | Tx): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<string | Date | null>`min(${freshnessLinks.createdAt})` })
    .from(freshnessLinks);
  return row?.at ? new Date(row.at) : null;
}
