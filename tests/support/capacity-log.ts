// Hand-made capacity history for tests of what is read back from the log (the monitor): events at chosen instants,
// written as a live writer would (next seq under the counter's lock, prev counts from the location's last event).
import { desc, eq } from "drizzle-orm";
import type { Db } from "../../server/db/client.js";
import { capacityEvents, eventSequence, locations } from "../../server/db/schema.js";
import type { CapacityEventKind, CareType, Municipality } from "../../shared/domain.js";
import { addLocation } from "./fixtures.js";

export type LoggedCounts = { capacity: number; occupied: number; reserved?: number };

/** Appends one event at `at` and sets the location's counts to it. */
export async function logEvent(
  db: Db,
  locationId: number,
  at: string | Date,
  kind: CapacityEventKind,
  counts: LoggedCounts,
) {
  const when = new Date(at);
  await db.transaction(async (tx) => {
    const [counter] = await tx.select().from(eventSequence).where(eq(eventSequence.id, 1)).for("update");
    const [prev] = await tx
      .select()
      .from(capacityEvents)
      .where(eq(capacityEvents.locationId, locationId))
      .orderBy(desc(capacityEvents.seq))
      .limit(1);
    const seq = (counter?.lastSeq ?? 0) + 1;
    await tx.insert(capacityEvents).values({
      seq,
      locationId,
      kind,
      actor: "test",
      prevCapacity: prev?.capacity ?? null,
      prevOccupied: prev?.occupied ?? null,
      prevReserved: prev?.reserved ?? null,
      capacity: counts.capacity,
      occupied: counts.occupied,
      reserved: counts.reserved ?? 0,
      version: (prev?.version ?? 0) + 1,
      lastConfirmedAt: when,
      at: when,
    });
    await tx.update(eventSequence).set({ lastSeq: seq }).where(eq(eventSequence.id, 1));
    await tx
      .update(locations)
      .set({
        capacity: counts.capacity,
        occupied: counts.occupied,
        reserved: counts.reserved ?? 0,
        lastConfirmedAt: when,
      })
      .where(eq(locations.id, locationId));
  });
}

/** A location created at `at` with these counts: its log starts with locatie-aangemaakt. */
export async function loggedLocation(
  db: Db,
  at: string | Date,
  place: { careType: CareType; municipality: Municipality },
  counts: LoggedCounts,
) {
  const location = await addLocation(db, { ...place, capacity: counts.capacity, occupied: counts.occupied });
  await logEvent(db, location.id, at, "locatie-aangemaakt", counts);
  return location;
}
