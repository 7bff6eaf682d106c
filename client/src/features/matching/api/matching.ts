// The regisseur's search: ranked matches for a request, reserving a place, and following a request for places that
// come free.
import { matchListSchema, reservationSchema, watchStateSchema } from "../../../../../shared/schemas/placements.js";
import { request } from "../../../lib/api.js";

export function getMatches(requestId: number, signal?: AbortSignal) {
  return request(`/api/requests/${requestId}/matches`, matchListSchema, signal ? { signal } : {});
}

export function reservePlace(requestId: number, locationId: number) {
  return request(`/api/requests/${requestId}/reservations`, reservationSchema, {
    method: "POST",
    body: { locationId },
  });
}

export function setWatching(requestId: number, watching: boolean) {
  return request(`/api/requests/${requestId}/watch`, watchStateSchema, { method: "PUT", body: { watching } });
}
