// What leaves the server about planned moves: rows shaped by the shared contract.
import type { PlanDirection } from "../../../shared/domain.js";
import type { PlannedMove } from "../../../shared/schemas/forecast.js";
import type { PlannedMoveRow } from "./repository.js";

export function presentMove(direction: PlanDirection, row: PlannedMoveRow): PlannedMove {
  return {
    id: row.id,
    locationId: row.locationId,
    direction,
    expectedDate: row.expectedDate,
    certainty: row.certainty,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
