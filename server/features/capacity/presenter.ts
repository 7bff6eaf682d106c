// Shapes database rows into the API contract: rows never leave the server as they are.
import type { CapacityEvent, Location } from "../../../shared/schemas/capacity.js";
import type { CapacityEventRow } from "../../db/schema.js";
import type { LocationWithProvider } from "./repository.js";

export function presentLocation({ location: l, providerName }: LocationWithProvider): Location {
  return {
    id: l.id,
    providerId: l.providerId,
    providerName,
    code: l.code,
    name: l.name,
    careType: l.careType,
    municipality: l.municipality,
    otherMunicipality: l.otherMunicipality,
    postcode: l.postcode,
    lat: l.lat,
    lon: l.lon,
    ageMin: l.ageMin,
    ageMax: l.ageMax,
    gender: l.gender,
    crisis: l.crisis,
    crisisPlaces: l.crisisPlaces,
    siblingsTogether: l.siblingsTogether,
    treatment: l.treatment,
    flags: l.flags,
    targetGroups: l.targetGroups,
    contraIndications: l.contraIndications,
    openedOn: l.openedOn,
    closedOn: l.closedOn,
    capacity: l.capacity,
    occupied: l.occupied,
    reserved: l.reserved,
    free: l.free,
    lastConfirmedAt: l.lastConfirmedAt.toISOString(),
    version: l.version,
  };
}

/** where: the event's location (care type and municipality travel with the event for room-scoped feeds). */
export function presentEvent(e: CapacityEventRow, where: Pick<Location, "careType" | "municipality">): CapacityEvent {
  return {
    seq: e.seq,
    kind: e.kind,
    locationId: e.locationId,
    careType: where.careType,
    municipality: where.municipality,
    capacity: e.capacity,
    occupied: e.occupied,
    reserved: e.reserved,
    free: e.capacity - e.occupied - e.reserved,
    version: e.version,
    lastConfirmedAt: e.lastConfirmedAt.toISOString(),
    at: e.at.toISOString(),
  };
}
