// Data access for places that come free: planned departures claimed by a reservation, and the places it awaits.
import { and, asc, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { plannedDepartures, type ReservationRow, reservations } from "../../db/schema.js";

export type DepartureRow = typeof plannedDepartures.$inferSelect;

/**
 * Claims these departures for the reservation, each only while it is still open, unclaimed and due by the day. The
 * UPDATE waits for a concurrent claim or planning change of a row and then judges it anew, so each departure is
 * claimed once; the caller compares what came back with what it asked for.
 */
export async function claim(
  tx: Tx,
  reservation: Pick<ReservationRow, "id" | "locationId">,
  availableFrom: string,
  ids: readonly number[],
): Promise<DepartureRow[]> {
  if (ids.length === 0) return [];
  return tx
    .update(plannedDepartures)
    .set({ reservationId: reservation.id })
    .where(
      and(
        inArray(plannedDepartures.id, [...ids]),
        eq(plannedDepartures.locationId, reservation.locationId),
        isNull(plannedDepartures.reservationId),
        isNull(plannedDepartures.cancelledAt),
        lte(plannedDepartures.expectedDate, availableFrom),
      ),
    )
    .returning();
}

/** Gives back every departure the reservation claimed; returns them. */
export async function unclaim(tx: Tx, reservationId: number): Promise<DepartureRow[]> {
  return tx
    .update(plannedDepartures)
    .set({ reservationId: null })
    .where(eq(plannedDepartures.reservationId, reservationId))
    .returning();
}

const awaitingAt = (locationId: number) =>
  and(eq(reservations.locationId, locationId), eq(reservations.status, "open"), gt(reservations.awaiting, 0));

/**
 * The open reservations at the location that await places, earliest day first, locked. SKIP LOCKED: the caller holds
 * the location's row lock, and the one transaction that locks a reservation before its location (the expiry) is
 * about to end it anyway; waiting for it could deadlock.
 */
export async function lockAwaiting(tx: Tx, locationId: number): Promise<ReservationRow[]> {
  return tx
    .select()
    .from(reservations)
    .where(awaitingAt(locationId))
    .orderBy(asc(reservations.availableFrom), asc(reservations.id))
    .for("update", { skipLocked: true });
}

/**
 * `places` of the reservation's awaited places came free and are now reserved for it. When none are awaited any
 * more, the provider may answer: it gets the normal answer window from now on if its time was shorter.
 */
export async function receive(tx: Tx, reservation: ReservationRow, places: number, answerBy: Date): Promise<void> {
  const done = reservation.awaiting - places === 0;
  await tx
    .update(reservations)
    .set({
      awaiting: sql`${reservations.awaiting} - ${places}`,
      ...(done ? { expiresAt: sql`greatest(${reservations.expiresAt}, ${answerBy.toISOString()}::timestamptz)` } : {}),
    })
    .where(eq(reservations.id, reservation.id));
}

export async function setLapsed(tx: Tx, reservationId: number): Promise<void> {
  await tx
    .update(reservations)
    .set({ status: "vervallen", answeredAt: new Date() })
    .where(eq(reservations.id, reservationId));
}
