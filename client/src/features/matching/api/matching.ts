// The regisseur's search: ranked matches for a request, reserving a place, and following a request for places that
// come free.
import {
  type CreateReservation,
  matchListSchema,
  reservationSchema,
  watchStateSchema,
} from "../../../../../shared/schemas/placements.js";
import { request } from "../../../lib/api.js";

export function getMatches(requestId: number, signal?: AbortSignal) {
  return request(`/api/requests/${requestId}/matches`, matchListSchema, signal ? { signal } : {});
}

/**
 * `homeLikeReason`: why a less home-like care type is chosen while a more home-like one fits freely; `crisisReason`:
 * why a regular request takes a crisis place. Only the reasons given are sent.
 */
export function reservePlace(requestId: number, locationId: number, reasons: ReserveReasons = {}) {
  const given = Object.fromEntries(Object.entries(reasons).filter(([, v]) => v !== undefined));
  return request(`/api/requests/${requestId}/reservations`, reservationSchema, {
    method: "POST",
    body: { locationId, ...given },
  });
}

export type ReserveReasons = Omit<CreateReservation, "locationId">;

export function setWatching(requestId: number, watching: boolean) {
  return request(`/api/requests/${requestId}/watch`, watchStateSchema, { method: "PUT", body: { watching } });
}
