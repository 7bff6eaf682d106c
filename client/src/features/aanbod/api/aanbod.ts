// The region's providers and locations as the beheerder manages them, and a provider's edits to its own locations.
// Every answer is parsed with the shared contract (shared/schemas/aanbod.ts); a change answers with the thing as it
// now is, so the screen puts it in place without reading the whole list again.
import type { z } from "zod";
import {
  type LocationClose,
  type LocationPatch,
  type LocationReopen,
  type locationCreateSchema,
  type ProviderPatch,
  type providerCreateSchema,
  providerListSchema,
  providerSchema,
} from "../../../../../shared/schemas/aanbod.js";
import { locationSchema } from "../../../../../shared/schemas/capacity.js";
import { request } from "../../../lib/api.js";

export function listProviders(signal?: AbortSignal) {
  return request("/api/providers", providerListSchema, signal ? { signal } : {});
}

export function createProvider(body: z.input<typeof providerCreateSchema>) {
  return request("/api/providers", providerSchema, { method: "POST", body });
}

export function updateProvider(providerId: number, body: ProviderPatch) {
  return request(`/api/providers/${providerId}`, providerSchema, { method: "PATCH", body });
}

export function createLocation(body: z.input<typeof locationCreateSchema>) {
  return request("/api/locations", locationSchema, { method: "POST", body });
}

export function updateLocation(locationId: number, body: LocationPatch) {
  return request(`/api/locations/${locationId}`, locationSchema, { method: "PATCH", body });
}

export function closeLocation(locationId: number, body: LocationClose) {
  return request(`/api/locations/${locationId}/close`, locationSchema, { method: "POST", body });
}

export function reopenLocation(locationId: number, body: LocationReopen) {
  return request(`/api/locations/${locationId}/reopen`, locationSchema, { method: "POST", body });
}
