// Data access for locations and the capacity event log (drizzle). No rules here: those live in shared/rules.
import { and, asc, count, eq, gt, gte, sql } from "drizzle-orm";
import type { CapacityEventKind } from "../../../shared/domain.js";
import type { CapacityGroup, StoredCounts } from "../../../shared/rules/capacity.js";
import type { LocationQuery } from "../../../shared/schemas/capacity.js";
import type { Db, Tx } from "../../db/client.js";
import { capacityEvents, eventSequence, locations, providers } from "../../db/schema.js";

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
  ];
  return db
    .select(locationWithProvider)
    .from(locations)
    .innerJoin(providers, eq(providers.id, locations.providerId))
    .where(and(...conditions))
    .orderBy(asc(locations.id));
}

/** Totals per care type and municipality, counted by the database rather than by loading every location. */
export async function capacityGroups(db: Db | Tx): Promise<CapacityGroup[]> {
  return db
    .select({
      careType: locations.careType,
      municipality: locations.municipality,
      locations: count(),
      capacity: sql<number>`coalesce(sum(${locations.capacity}), 0)::int`,
      free: sql<number>`coalesce(sum(${locations.free}), 0)::int`,
    })
    .from(locations)
    .groupBy(locations.careType, locations.municipality);
}

export async function findLocation(db: Db | Tx, id: number): Promise<LocationWithProvider | undefined> {
  const [row] = await db
    .select(locationWithProvider)
    .from(locations)
    .innerJoin(providers, eq(providers.id, locations.providerId))
    .where(eq(locations.id, id));
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

export async function writeCounts(tx: Tx, id: number, counts: StoredCounts) {
  const [row] = await tx
    .update(locations)
    .set({
      capacity: counts.capacity,
      occupied: counts.occupied,
      reserved: counts.reserved,
      lastConfirmedAt: sql`now()`,
      version: sql`${locations.version} + 1`,
    })
    .where(eq(locations.id, id))
    .returning();
  if (!row) throw new Error(`location ${id} vanished inside its own transaction`);
  return row;
}

/** Takes the next sequence number. Locks the counter row until commit: sequence order is commit order, no gaps. */
export async function nextSeq(tx: Tx): Promise<number> {
  const [row] = await tx
    .update(eventSequence)
    .set({ lastSeq: sql`${eventSequence.lastSeq} + 1` })
    .where(eq(eventSequence.id, 1))
    .returning({ seq: eventSequence.lastSeq });
  if (!row) throw new Error("event_sequence row is missing: migrations did not run");
  return row.seq;
}

export async function appendEvent(
  tx: Tx,
  event: {
    seq: number;
    locationId: number;
    kind: CapacityEventKind;
    actor: string;
    before: StoredCounts;
    after: typeof locations.$inferSelect;
  },
) {
  const [row] = await tx
    .insert(capacityEvents)
    .values({
      seq: event.seq,
      locationId: event.locationId,
      kind: event.kind,
      actor: event.actor,
      prevCapacity: event.before.capacity,
      prevOccupied: event.before.occupied,
      prevReserved: event.before.reserved,
      capacity: event.after.capacity,
      occupied: event.after.occupied,
      reserved: event.after.reserved,
      version: event.after.version,
      lastConfirmedAt: event.after.lastConfirmedAt,
      // As close to the commit as the transaction gets: the start of update-to-client latency.
      at: sql`clock_timestamp()`,
    })
    .returning();
  if (!row) throw new Error("event insert returned nothing");
  return row;
}

export async function eventsAfter(db: Db | Tx, afterSeq: number, limit: number) {
  return db
    .select()
    .from(capacityEvents)
    .where(gt(capacityEvents.seq, afterSeq))
    .orderBy(asc(capacityEvents.seq))
    .limit(limit);
}

export async function currentSeq(db: Db | Tx): Promise<number> {
  const [row] = await db.select({ seq: eventSequence.lastSeq }).from(eventSequence).where(eq(eventSequence.id, 1));
  return row?.seq ?? 0;
}
