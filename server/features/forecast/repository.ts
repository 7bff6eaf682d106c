// Data access for planned moves, the planning history, and what forecasts are computed from (drizzle). No rules here.
import { and, asc, eq, gt, gte, inArray, isNull, lte, sql } from "drizzle-orm";
import type { PlanAction, PlanDirection } from "../../../shared/domain.js";
import type { HistoryInput, LocationState, OpenPlannedMove } from "../../../shared/rules/forecast.js";
import type { Db, Tx } from "../../db/client.js";
import {
  capacityEvents,
  eventSequence,
  locations,
  plannedAdmissions,
  plannedDepartures,
  planningEvents,
} from "../../db/schema.js";

/** Both directions share one row shape (server/db/schema.ts, plannedMoveColumns). */
export type PlannedMoveRow = typeof plannedDepartures.$inferSelect;

// Typed as the departures table: the two tables are built from the same columns, only their names differ.
function tableOf(direction: PlanDirection) {
  return (direction === "uitstroom" ? plannedDepartures : plannedAdmissions) as typeof plannedDepartures;
}

// Arbitrary but fixed: the advisory lock every process takes before it writes the planning history.
const PLANNING_ORDER_LOCK = 727_002;

/**
 * Holds the planning history's write lock until commit, so planning_events ids grow in commit order (an identity
 * column alone does not: a later id can commit first). A reader that has seen id N then never finds a smaller one
 * committed afterwards, which is what lets the forecast catch up by id. Planning changes are rare: queueing is cheap.
 */
export async function lockPlanningOrder(tx: Tx): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${PLANNING_ORDER_LOCK})`);
}

export async function findLocationOwner(db: Db | Tx, id: number): Promise<{ providerId: number } | undefined> {
  const [row] = await db.select({ providerId: locations.providerId }).from(locations).where(eq(locations.id, id));
  return row;
}

/** A planned move with its location's provider, locked until commit so a move and a cancel cannot interleave. */
export async function lockMove(tx: Tx, direction: PlanDirection, id: number) {
  const table = tableOf(direction);
  const [row] = await tx
    .select({ move: table, providerId: locations.providerId })
    .from(table)
    .innerJoin(locations, eq(locations.id, table.locationId))
    .where(eq(table.id, id))
    .for("update", { of: table });
  return row;
}

export async function insertMove(
  tx: Tx,
  direction: PlanDirection,
  values: Pick<PlannedMoveRow, "locationId" | "expectedDate" | "certainty" | "createdBy">,
): Promise<PlannedMoveRow> {
  const [row] = await tx.insert(tableOf(direction)).values(values).returning();
  if (!row) throw new Error("planned move insert returned nothing");
  return row;
}

export async function updateMove(
  tx: Tx,
  direction: PlanDirection,
  id: number,
  set: Pick<PlannedMoveRow, "expectedDate" | "certainty">,
): Promise<PlannedMoveRow> {
  const table = tableOf(direction);
  const [row] = await tx.update(table).set(set).where(eq(table.id, id)).returning();
  if (!row) throw new Error(`planned move ${id} vanished inside its own transaction`);
  return row;
}

/** Cancelled, never deleted: the row stays as the planning history refers to it. */
export async function cancelMove(tx: Tx, direction: PlanDirection, id: number): Promise<PlannedMoveRow> {
  const table = tableOf(direction);
  const [row] = await tx.update(table).set({ cancelledAt: sql`now()` }).where(eq(table.id, id)).returning();
  if (!row) throw new Error(`planned move ${id} vanished inside its own transaction`);
  return row;
}

export async function appendPlanningEvent(
  tx: Tx,
  direction: PlanDirection,
  action: PlanAction,
  move: PlannedMoveRow,
  actor: string,
): Promise<void> {
  await tx.insert(planningEvents).values({
    locationId: move.locationId,
    direction,
    plannedId: move.id,
    action,
    expectedDate: move.expectedDate,
    certainty: move.certainty,
    actor,
  });
}

/** Open planned moves (not cancelled, dated `fromDay` or later), of some locations or all; soonest first. */
export async function openMoves(
  db: Db | Tx,
  fromDay: string,
  locationIds?: readonly number[],
): Promise<{ direction: PlanDirection; row: PlannedMoveRow }[]> {
  const read = async (direction: PlanDirection) => {
    const table = tableOf(direction);
    const rows = await db
      .select()
      .from(table)
      .where(
        and(
          isNull(table.cancelledAt),
          gte(table.expectedDate, fromDay),
          locationIds ? inArray(table.locationId, [...locationIds]) : undefined,
        ),
      );
    return rows.map((row) => ({ direction, row }));
  };
  const moves = [...(await read("uitstroom")), ...(await read("instroom"))];
  return moves.sort((a, b) => a.row.expectedDate.localeCompare(b.row.expectedDate) || a.row.id - b.row.id);
}

export async function openPlanned(
  db: Db,
  fromDay: string,
  locationIds?: readonly number[],
): Promise<OpenPlannedMove[]> {
  return (await openMoves(db, fromDay, locationIds)).map(({ direction, row }) => ({
    locationId: row.locationId,
    direction,
    expectedDate: row.expectedDate,
    certainty: row.certainty,
  }));
}

/** How far the database is: last capacity seq, last planning event, number of locations. One statement, one snapshot. */
export async function watermarks(db: Db): Promise<{ seq: number; planningId: number; locations: number }> {
  const [row] = await db
    .select({
      seq: eventSequence.lastSeq,
      planningId: sql`(SELECT coalesce(max(${planningEvents.id}), 0) FROM ${planningEvents})`.mapWith(Number),
      // Open locations: a closed one has no forecast (it keeps its history for the backtest).
      locations: sql`(SELECT count(*) FROM ${locations} WHERE ${locations.closedOn} IS NULL)`.mapWith(Number),
    })
    .from(eventSequence)
    .where(eq(eventSequence.id, 1));
  if (!row) throw new Error("event_sequence row is missing: migrations did not run");
  return row;
}

/** Locations with a capacity event in (fromSeq, toSeq] or a planning event in (fromPlanning, toPlanning]. */
export async function changedLocations(
  db: Db,
  from: { seq: number; planningId: number },
  to: { seq: number; planningId: number },
): Promise<Set<number>> {
  const ids = new Set<number>();
  if (to.seq > from.seq) {
    const rows = await db
      .selectDistinct({ id: capacityEvents.locationId })
      .from(capacityEvents)
      .where(and(gt(capacityEvents.seq, from.seq), lte(capacityEvents.seq, to.seq)));
    for (const r of rows) ids.add(r.id);
  }
  if (to.planningId > from.planningId) {
    const rows = await db
      .selectDistinct({ id: planningEvents.locationId })
      .from(planningEvents)
      .where(and(gt(planningEvents.id, from.planningId), lte(planningEvents.id, to.planningId)));
    for (const r of rows) ids.add(r.id);
  }
  return ids;
}

export async function locationIds(db: Db): Promise<number[]> {
  return (await db.select({ id: locations.id }).from(locations).where(isNull(locations.closedOn))).map((r) => r.id);
}

/** The current state of some locations, or of all. */
export async function locationStates(db: Db, ids?: readonly number[]): Promise<LocationState[]> {
  return db
    .select({
      id: locations.id,
      careType: locations.careType,
      municipality: locations.municipality,
      crisis: locations.crisis,
      capacity: locations.capacity,
      occupied: locations.occupied,
      reserved: locations.reserved,
    })
    .from(locations)
    .where(and(ids ? inArray(locations.id, [...ids]) : undefined, isNull(locations.closedOn)))
    .orderBy(asc(locations.id));
}

/** Everything the model is fitted on: locations, the capacity event log and the planning history, oldest first. */
export async function loadHistory(db: Db): Promise<HistoryInput> {
  const [locationRows, events, planning] = await Promise.all([
    db
      .select({
        id: locations.id,
        careType: locations.careType,
        crisis: locations.crisis,
        createdAt: locations.createdAt,
      })
      .from(locations),
    db
      .select({
        locationId: capacityEvents.locationId,
        at: capacityEvents.at,
        kind: capacityEvents.kind,
        capacity: capacityEvents.capacity,
        occupied: capacityEvents.occupied,
        reserved: capacityEvents.reserved,
      })
      .from(capacityEvents)
      .orderBy(asc(capacityEvents.at), asc(capacityEvents.seq)),
    db
      .select({
        locationId: planningEvents.locationId,
        direction: planningEvents.direction,
        plannedId: planningEvents.plannedId,
        action: planningEvents.action,
        expectedDate: planningEvents.expectedDate,
        certainty: planningEvents.certainty,
        at: planningEvents.at,
      })
      .from(planningEvents)
      .orderBy(asc(planningEvents.at), asc(planningEvents.id)),
  ]);
  return { locations: locationRows, events, planning };
}

/** Every location's gemeente (closed ones too: their history is in the backtest). */
export async function locationMunicipalities(db: Db): Promise<Map<number, LocationState["municipality"]>> {
  const rows = await db.select({ id: locations.id, municipality: locations.municipality }).from(locations);
  return new Map(rows.map((r) => [r.id, r.municipality]));
}
