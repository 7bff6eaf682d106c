// Planned moves: a provider registers, moves and cancels its verwachte uitstroom and instroom. Each change writes the
// row, its planning_events entry and an audit entry in one transaction; forecasts hear about it after the commit.

import { amsterdamToday } from "../../../shared/calendar.js";
import type { PlanAction, PlanDirection } from "../../../shared/domain.js";
import type {
  PlannedMove,
  PlannedMoveChange,
  PlannedMoveInput,
  PlannedMoveList,
} from "../../../shared/schemas/forecast.js";
import type { Db, Tx } from "../../db/client.js";
import { Conflict, Forbidden, HttpError, NotFound } from "../../http/errors.js";
import { can } from "../../policies/policy.js";
import type { ChangeContext } from "../../policies/types.js";
import { actorLabel } from "../../policies/types.js";
import { recordAudit } from "../audit/service.js";
import { presentMove } from "./presenter.js";
import * as repo from "./repository.js";

export interface PlanningDeps {
  db: Db;
  /** Called after a committed change on this node: forecasts changed. */
  changed(): void;
  /**
   * A departure that a reservation claimed ("vrij per") was moved or cancelled: placements judges, in this
   * transaction, whether the reservation still holds; it returns what to do after the commit (tell people).
   */
  claimedDepartureChanged?(tx: Tx, departure: repo.PlannedMoveRow, ctx: ChangeContext): Promise<() => void>;
}

/**
 * The planning history's write lock (repository.lockPlanningOrder). Whoever changes claims of departures takes it
 * before any row lock, as the planning changes here do: one lock order, no deadlock between them.
 */
export const lockPlanning = (tx: Tx) => repo.lockPlanningOrder(tx);

/**
 * A departure claimed by a reservation of its coming place, or released from it: one planning event (date and
 * certainty unchanged), so the match index, which catches up on planning by this log, sees who it counts for now.
 */
export async function recordClaim(
  tx: Tx,
  departure: repo.PlannedMoveRow,
  action: "geclaimd" | "vrijgegeven",
  actor: string,
): Promise<void> {
  await repo.lockPlanningOrder(tx);
  await repo.appendPlanningEvent(tx, "uitstroom", action, departure, actor);
}

const NAMES: Record<PlanDirection, string> = { uitstroom: "verwachte uitstroom", instroom: "verwachte instroom" };

/** The open moves of one location: not cancelled, dated today or later (a passed date has happened or lapsed). */
export async function listPlanned(deps: PlanningDeps, locationId: number): Promise<PlannedMoveList> {
  if (!(await repo.findLocationOwner(deps.db, locationId))) throw new NotFound(`Locatie ${locationId} bestaat niet.`);
  const moves = await repo.openMoves(deps.db, amsterdamToday(), [locationId]);
  return { moves: moves.map(({ direction, row }) => presentMove(direction, row)) };
}

export async function registerMove(
  deps: PlanningDeps,
  locationId: number,
  input: PlannedMoveInput,
  ctx: ChangeContext,
): Promise<PlannedMove> {
  const move = await deps.db.transaction(async (tx) => {
    const location = await repo.findLocationOwner(tx, locationId);
    if (!location) throw new NotFound(`Locatie ${locationId} bestaat niet.`);
    authorize(ctx, location.providerId, locationId);
    notInPast(input.expectedDate);
    await repo.lockPlanningOrder(tx);
    const row = await repo.insertMove(tx, input.direction, {
      locationId,
      expectedDate: input.expectedDate,
      certainty: input.certainty,
      createdBy: actorLabel(ctx.actor),
    });
    await record(tx, input.direction, "gepland", row, ctx);
    return presentMove(input.direction, row);
  });
  deps.changed();
  return move;
}

export async function moveMove(
  deps: PlanningDeps,
  direction: PlanDirection,
  id: number,
  change: PlannedMoveChange,
  ctx: ChangeContext,
): Promise<PlannedMove> {
  const move = await deps.db.transaction(async (tx) => {
    await repo.lockPlanningOrder(tx);
    const current = await openMove(tx, direction, id, ctx);
    notInPast(change.expectedDate);
    const row = await repo.updateMove(tx, direction, id, change);
    await record(tx, direction, "verplaatst", row, ctx, `was ${current.expectedDate} (${current.certainty})`);
    return { move: presentMove(direction, row), after: await claimChanged(deps, tx, direction, row, ctx) };
  });
  deps.changed();
  move.after?.();
  return move.move;
}

export async function cancelMove(
  deps: PlanningDeps,
  direction: PlanDirection,
  id: number,
  ctx: ChangeContext,
): Promise<PlannedMove> {
  const move = await deps.db.transaction(async (tx) => {
    await repo.lockPlanningOrder(tx);
    await openMove(tx, direction, id, ctx);
    const row = await repo.cancelMove(tx, direction, id);
    await record(tx, direction, "geannuleerd", row, ctx);
    return { move: presentMove(direction, row), after: await claimChanged(deps, tx, direction, row, ctx) };
  });
  deps.changed();
  move.after?.();
  return move.move;
}

/** A claimed departure changed: placements decides about its reservation in this transaction. */
async function claimChanged(
  deps: PlanningDeps,
  tx: Tx,
  direction: PlanDirection,
  row: repo.PlannedMoveRow,
  ctx: ChangeContext,
): Promise<(() => void) | undefined> {
  if (direction !== "uitstroom" || row.reservationId === null || !deps.claimedDepartureChanged) return undefined;
  return deps.claimedDepartureChanged(tx, row, ctx);
}

/** The move, locked, when it exists, this actor may change it, and it was not cancelled. */
async function openMove(tx: Tx, direction: PlanDirection, id: number, ctx: ChangeContext) {
  const found = await repo.lockMove(tx, direction, id);
  if (!found) throw new NotFound(`Er is geen ${NAMES[direction]} ${id}.`);
  authorize(ctx, found.providerId, found.move.locationId);
  if (found.move.cancelledAt) {
    throw new Conflict(`Deze ${NAMES[direction]} is geannuleerd en kan niet meer worden gewijzigd.`);
  }
  return found.move;
}

function authorize(ctx: ChangeContext, providerId: number, locationId: number) {
  if (!can(ctx.actor, "planning.update", { providerId })) {
    throw new Forbidden("planning.update", "U mag alleen de planning van locaties van uw eigen organisatie wijzigen.", {
      type: "locatie",
      id: locationId,
    });
  }
}

/** A plan for a day that has passed is no plan: refused, naming the field (422). */
function notInPast(expectedDate: string) {
  const today = amsterdamToday();
  if (expectedDate >= today) return;
  throw new HttpError(422, "Regel geschonden", `De verwachte datum ${expectedDate} ligt in het verleden.`, {
    errors: [{ field: "body.expectedDate", message: `kies vandaag (${today}) of een latere datum` }],
  });
}

async function record(
  tx: Tx,
  direction: PlanDirection,
  action: PlanAction,
  row: repo.PlannedMoveRow,
  ctx: ChangeContext,
  before?: string,
) {
  await repo.appendPlanningEvent(tx, direction, action, row, actorLabel(ctx.actor));
  await recordAudit(tx, {
    actor: ctx.actor,
    action: `planning.${action}`,
    objectType: "locatie",
    objectId: row.locationId,
    outcome: "succes",
    ip: ctx.ip,
    requestKey: ctx.requestKey,
    detail: [`${NAMES[direction]} ${row.id}: ${row.expectedDate} (${row.certainty})`, before]
      .filter(Boolean)
      .join(", "),
  });
}
