// Data access for locations and the capacity event log (drizzle). No rules here: those live in shared/rules.
import { and, asc, count, eq, gt, gte, inArray, isNull, sql } from "drizzle-orm";
import { type CapacityEventKind, SEARCHING_STATUSES } from "../../../shared/domain.js";
import { type CapacityGroup, freePlaces, type StoredCounts } from "../../../shared/rules/capacity.js";
import type { LocationQuery } from "../../../shared/schemas/capacity.js";
import { builtOnce, type Db, preparedStatement, type Tx } from "../../db/client.js";
import { isUniqueViolation } from "../../db/errors.js";
import {
  auditLog,
  capacityEvents,
  eventSequence,
  locations,
  placementRequests,
  providers,
  requestWatches,
  reservations,
} from "../../db/schema.js";
import { Conflict } from "../../http/errors.js";
import { type AuditPlaceholder, type AuditRecord, auditRow, auditValues } from "../audit/service.js";

const locationWithProvider = {
  location: locations,
  providerName: providers.name,
};

export type LocationWithProvider = { location: typeof locations.$inferSelect; providerName: string };

export async function findLocations(db: Db | Tx, filter: LocationQuery = {}): Promise<LocationWithProvider[]> {
  const conditions = [
    filter.careType ? eq(locations.careType, filter.careType) : undefined,
    filter.municipality ? eq(locations.municipality, filter.municipality) : undefined,
    filter.onlyFree ? gte(locations.free, 1) : undefined,
    // A closed location is off the board; the beheer list reads it apart (features/aanbod).
    isNull(locations.closedOn),
  ];
  return db
    .select(locationWithProvider)
    .from(locations)
    .innerJoin(providers, eq(providers.id, locations.providerId))
    .where(and(...conditions))
    .orderBy(asc(locations.id));
}

/**
 * Totals per care type x municipality (the board's matrix cells, crisis places apart), counted by the database in one
 * grouped statement rather than by loading every location, with the sequence they are consistent with: one statement
 * sees one snapshot.
 */
export async function capacityGroups(db: Db | Tx): Promise<{ groups: CapacityGroup[]; seq: number }> {
  const rows = await db
    .select({
      careType: locations.careType,
      municipality: locations.municipality,
      locations: count(),
      capacity: sql<number>`coalesce(sum(${locations.capacity}), 0)::int`,
      free: sql<number>`coalesce(sum(${locations.free}), 0)::int`,
      crisisPlaces: sql<number>`coalesce(sum(${locations.crisisPlaces}), 0)::int`,
      // As crisisFreePlaces (shared/rules/capacity.ts): free places count as crisis places first.
      crisisFree: sql<number>`coalesce(sum(least(${locations.free}, ${locations.crisisPlaces})), 0)::int`,
      seq: sql<number>`(select ${eventSequence.lastSeq} from ${eventSequence} where ${eventSequence.id} = 1)`.mapWith(
        Number,
      ),
    })
    .from(locations)
    .where(isNull(locations.closedOn))
    .groupBy(locations.careType, locations.municipality);
  // No locations, no rows: then no event can have happened either that these totals miss.
  const seq = rows[0]?.seq ?? (await currentSeq(db));
  return { groups: rows.map(({ seq: _, ...group }) => group), seq };
}

// Read by every provider's change before it writes: built once.
const locationById = builtOnce((db: Db | Tx) =>
  db
    .select(locationWithProvider)
    .from(locations)
    .innerJoin(providers, eq(providers.id, locations.providerId))
    .where(eq(locations.id, sql.placeholder("id")))
    .prepare("location_by_id"),
);

export async function findLocation(db: Db | Tx, id: number): Promise<LocationWithProvider | undefined> {
  const [row] = await locationById(db).execute({ id });
  return row;
}

/** Reads a location and holds its row lock until the transaction ends, so concurrent changes queue up. */
export async function lockLocation(tx: Tx, id: number): Promise<LocationWithProvider | undefined> {
  const [row] = await tx
    .select(locationWithProvider)
    .from(locations)
    .innerJoin(providers, eq(providers.id, locations.providerId))
    .where(eq(locations.id, id))
    .for("update", { of: locations });
  return row;
}

/** A change as written: the counts the rule produced, the event's kind and actor, and its audit entry. */
export interface ChangeWrite {
  location: typeof locations.$inferSelect;
  counts: StoredCounts;
  kind: CapacityEventKind;
  actor: string;
  audit: AuditRecord;
  requestKey?: string;
  /**
   * Not written when an open reservation at the location awaits places: a change that frees places must hand them to
   * it under the row lock (the service's FreedPlacesHook), so the plain write declines and says so.
   */
  unlessAwaited?: boolean;
}

/** What writeChange did: written, or not because the location moved on or because a reservation awaits places. */
export type ChangeWritten =
  | { location: typeof locations.$inferSelect; event: typeof capacityEvents.$inferSelect; watched: boolean }
  | "moved"
  | "awaited";

// writeChange's statement: built once, its values given per change (preparedStatement).
const writeChangeStatement = preparedStatement<
  {
    seq: unknown;
    at: unknown;
    version: unknown;
    last_confirmed_at: unknown;
    watched: boolean;
    awaited: boolean;
  },
  | "unlessAwaited"
  | "id"
  | "version"
  | "capacity"
  | "occupied"
  | "reserved"
  | AuditPlaceholder
  | "kind"
  | "actor"
  | "prevCapacity"
  | "prevOccupied"
  | "prevReserved"
>(
  "write_change",
  (p) => sql`
    with awaited as (
      select ${p("unlessAwaited")}::boolean and exists (
        select from ${reservations} where ${reservations.locationId} = ${p("id")} and ${reservations.status} = 'open'
          and ${reservations.awaiting} > 0
      ) as yes
    ), changed as (
      update ${locations} set capacity = ${p("capacity")}, occupied = ${p("occupied")},
        reserved = ${p("reserved")}, last_confirmed_at = now(), version = version + 1
      where id = ${p("id")} and version = ${p("version")} and not (select yes from awaited)
      returning version, last_confirmed_at
    ), audited as (
      insert into ${auditLog} (actor, role, on_behalf_of, action, object_type, object_id, outcome, ip, detail,
        request_key)
      select ${p("audit.actor")}, ${p("audit.role")}, ${p("audit.onBehalfOf")}, ${p("audit.action")},
        ${p("audit.objectType")}, ${p("audit.objectId")}, ${p("audit.outcome")}, ${p("audit.ip")}, ${p("audit.detail")},
        ${p("audit.requestKey")}
      from changed
    ), next as (
      -- No location row, no number: a gap in the sequence would stall every feed.
      update ${eventSequence} set last_seq = last_seq + 1 where id = 1 and exists (select from changed)
      returning last_seq
    ), event as (
      insert into ${capacityEvents} (seq, location_id, kind, actor, prev_capacity, prev_occupied, prev_reserved,
        capacity, occupied, reserved, version, last_confirmed_at, at, request_key)
      select next.last_seq, ${p("id")}, ${p("kind")}, ${p("actor")}, ${p("prevCapacity")}, ${p("prevOccupied")},
        ${p("prevReserved")}, ${p("capacity")}, ${p("occupied")}, ${p("reserved")}, changed.version,
        changed.last_confirmed_at, clock_timestamp(), ${p("audit.requestKey")}
      from next, changed
      returning seq, at, version, last_confirmed_at
    )
    -- One row either way: the event's columns are null when nothing was written, and awaited says why.
    select event.*, exists (
      select from ${requestWatches} join ${placementRequests} on ${placementRequests.id} = ${requestWatches.requestId}
      where ${inArray(placementRequests.status, [...SEARCHING_STATUSES])}
    ) as watched, awaited.yes as awaited
    from awaited left join event on true`,
);

/**
 * Writes a change in one statement: the location's new counts, its audit entry, and its event under the next
 * sequence number, only if the location is still at the version the change was computed from ("moved" when it
 * moved on, "awaited" when `unlessAwaited` and a reservation there awaits places: nothing is written then). Taking
 * the sequence number in the last step keeps the counter row locked only for this statement and its commit, so
 * sequence order is commit order, a rolled-back change leaves no gap, and concurrent writers queue for as short a
 * time as possible. `watched` says whether any searching request is followed at all: usually not, and then a freed
 * place needs no further read (placements/watch.ts).
 */
export async function writeChange(db: Db | Tx, change: ChangeWrite): Promise<ChangeWritten> {
  const { location: before, counts } = change;
  const requestKey = change.requestKey ?? null;
  const audit = auditRow(change.audit);
  const rows = await writeChangeStatement(db, {
    unlessAwaited: change.unlessAwaited ?? false,
    id: before.id,
    version: before.version,
    capacity: counts.capacity,
    occupied: counts.occupied,
    reserved: counts.reserved,
    ...auditValues({ ...audit, requestKey }),
    kind: change.kind,
    actor: change.actor,
    prevCapacity: before.capacity,
    prevOccupied: before.occupied,
    prevReserved: before.reserved,
  }).catch((err: unknown) => {
    // Two calls with one key pass the idempotency check (server/http/idempotency.ts) together only when the first
    // outlived its claim's lease; the unique constraint on request_key stops the second.
    if (requestKey && isUniqueViolation(err))
      throw new Conflict("Deze wijziging is al verwerkt; er is niets opnieuw gedaan.");
    throw err;
  });
  const [row] = rows;
  if (!row || row.seq === null) return row?.awaited ? "awaited" : "moved";
  // Text from postgres.js (drizzle keeps raw results raw), a Date from PGlite.
  const lastConfirmedAt = new Date(row.last_confirmed_at as string | Date);
  const version = Number(row.version);
  return {
    location: { ...before, ...counts, free: freePlaces(counts), version, lastConfirmedAt },
    event: {
      seq: Number(row.seq),
      locationId: before.id,
      kind: change.kind,
      actor: change.actor,
      prevCapacity: before.capacity,
      prevOccupied: before.occupied,
      prevReserved: before.reserved,
      ...counts,
      version,
      lastConfirmedAt,
      at: new Date(row.at as string | Date),
      requestKey,
    },
    watched: row.watched,
  };
}

/** Events after a seq, oldest first, with their location's care type and municipality; scope narrows to those. */
export async function eventsAfter(
  db: Db | Tx,
  afterSeq: number,
  limit: number,
  scope: Pick<LocationQuery, "careType" | "municipality"> = {},
) {
  return db
    .select({ event: capacityEvents, careType: locations.careType, municipality: locations.municipality })
    .from(capacityEvents)
    .innerJoin(locations, eq(locations.id, capacityEvents.locationId))
    .where(
      and(
        gt(capacityEvents.seq, afterSeq),
        scope.careType ? eq(locations.careType, scope.careType) : undefined,
        scope.municipality ? eq(locations.municipality, scope.municipality) : undefined,
      ),
    )
    .orderBy(asc(capacityEvents.seq))
    .limit(limit);
}

/** The newest seq per care type and municipality among the events after afterSeq. */
export async function scopeHeads(db: Db | Tx, afterSeq: number) {
  return db
    .select({
      careType: locations.careType,
      municipality: locations.municipality,
      seq: sql<number>`max(${capacityEvents.seq})`.mapWith(Number),
    })
    .from(capacityEvents)
    .innerJoin(locations, eq(locations.id, capacityEvents.locationId))
    .where(gt(capacityEvents.seq, afterSeq))
    .groupBy(locations.careType, locations.municipality);
}

export async function currentSeq(db: Db | Tx): Promise<number> {
  const [row] = await db.select({ seq: eventSequence.lastSeq }).from(eventSequence).where(eq(eventSequence.id, 1));
  return row?.seq ?? 0;
}

/** Locations by id with their provider's name (lifecycle events carry the location as it is now). */
export async function findLocationsByIds(db: Db | Tx, ids: readonly number[]): Promise<LocationWithProvider[]> {
  if (ids.length === 0) return [];
  return db
    .select(locationWithProvider)
    .from(locations)
    .innerJoin(providers, eq(providers.id, locations.providerId))
    .where(inArray(locations.id, [...ids]));
}

/** A lifecycle event as appended: the location after the change, its counts before it (null when it is new). */
export interface LifecycleWrite {
  location: typeof locations.$inferSelect;
  kind: CapacityEventKind;
  actor: string;
  prev: StoredCounts | null;
}

/**
 * Appends a lifecycle event in the caller's transaction under the next sequence number. Taking the number locks the
 * counter row until commit (sequence order stays commit order; see writeChange), so a transaction that appends
 * should append last and commit soon: an import that applies a whole file holds the counter for its apply.
 */
export async function appendLifecycleEvent(tx: Tx, write: LifecycleWrite) {
  const { location: l, prev } = write;
  const [next] = await tx
    .update(eventSequence)
    .set({ lastSeq: sql`${eventSequence.lastSeq} + 1` })
    .where(eq(eventSequence.id, 1))
    .returning({ seq: eventSequence.lastSeq });
  if (!next) throw new Error("event_sequence row 1 is missing; run the migrations first");
  const [event] = await tx
    .insert(capacityEvents)
    .values({
      seq: next.seq,
      locationId: l.id,
      kind: write.kind,
      actor: write.actor,
      prevCapacity: prev?.capacity ?? null,
      prevOccupied: prev?.occupied ?? null,
      prevReserved: prev?.reserved ?? null,
      // While closed a location offers no places: the log says capacity 0 (the row keeps it for reopening), so the
      // monitor's and the forecast's history, which add up the log, drop its places at closing and regain them after.
      capacity: write.kind === "locatie-gesloten" ? 0 : l.capacity,
      occupied: l.occupied,
      reserved: l.reserved,
      version: l.version,
      lastConfirmedAt: l.lastConfirmedAt,
      at: sql`clock_timestamp()`,
      // No Idempotency-Key here (it is unique per event, and one call may append many): the audit entries carry it.
    })
    .returning();
  if (!event) throw new Error(`event for location ${l.id} was not written`);
  return event;
}
