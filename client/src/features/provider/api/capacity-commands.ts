// The provider's changes to its own locations. Each answers with the location as it now is.
import type { z } from "zod";
import {
  type Confirm,
  locationSchema,
  type occupancyChangeSchema,
  type SetAvailability,
} from "../../../../../shared/schemas/capacity.js";
import { request } from "../../../lib/api.js";

export function setAvailability(locationId: number, body: SetAvailability) {
  return request(`/api/locations/${locationId}/availability`, locationSchema, { method: "PUT", body });
}

export function changeOccupancy(locationId: number, body: z.input<typeof occupancyChangeSchema>) {
  return request(`/api/locations/${locationId}/occupancy`, locationSchema, { method: "POST", body });
}

export function confirmUnchanged(locationId: number, body: Confirm) {
  return request(`/api/locations/${locationId}/confirm`, locationSchema, { method: "POST", body });
}
