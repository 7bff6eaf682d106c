// The map of a request's matches: home, school and the matched places with their coordinates, and the tile source.
import { matchMapSchema } from "../../../../../shared/schemas/advice.js";
import { request } from "../../../lib/api.js";

export function getMatchMap(requestId: number, signal?: AbortSignal) {
  return request(`/api/requests/${requestId}/map`, matchMapSchema, signal ? { signal } : {});
}
