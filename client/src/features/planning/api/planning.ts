// A location's planned moves (verwachte uit- en instroom) and its forecast. Each change answers with the move as it now is.
import {
  locationForecastSchema,
  type PlannedMove,
  type PlannedMoveChange,
  type PlannedMoveInput,
  plannedMoveListSchema,
  plannedMoveSchema,
} from "../../../../../shared/schemas/forecast.js";
import { request } from "../../../lib/api.js";

export function listPlanned(locationId: number, signal?: AbortSignal) {
  return request(`/api/locations/${locationId}/planned`, plannedMoveListSchema, signal ? { signal } : {});
}

export function registerMove(locationId: number, body: PlannedMoveInput) {
  return request(`/api/locations/${locationId}/planned`, plannedMoveSchema, { method: "POST", body });
}

export function moveMove(move: Pick<PlannedMove, "direction" | "id">, body: PlannedMoveChange) {
  return request(`/api/planned/${move.direction}/${move.id}`, plannedMoveSchema, { method: "PUT", body });
}

export function cancelMove(move: Pick<PlannedMove, "direction" | "id">) {
  return request(`/api/planned/${move.direction}/${move.id}/cancel`, plannedMoveSchema, { method: "POST" });
}

export function getLocationForecast(locationId: number, signal?: AbortSignal) {
  return request(`/api/locations/${locationId}/forecast`, locationForecastSchema, signal ? { signal } : {});
}
