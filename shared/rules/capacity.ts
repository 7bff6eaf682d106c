// Capacity rules as pure functions: how a command changes a location's counts, and how counts add up.
import { CARE_TYPES, type CareType, LOCATION_MUNICIPALITIES, type LocationMunicipality } from "../domain.js";
import type { CapacityCell, CapacityEvent, CapacitySummary, Counts, Location, Tally } from "../schemas/capacity.js";

export type StoredCounts = Pick<Counts, "capacity" | "occupied" | "reserved">;

export type CapacityCommand =
  | { kind: "set-free"; free: number }
  | { kind: "occupy"; places: number }
  | { kind: "release"; places: number }
  | { kind: "confirm" }
  /** A regisseur holds places for a request until the provider answers or the reservation expires. */
  | { kind: "reserve"; places: number }
  | { kind: "unreserve"; places: number }
  /** An accepted reservation becomes a placement: reserved places become occupied. */
  | { kind: "place"; places: number };

export type CommandOutcome = { ok: true; counts: StoredCounts } | { ok: false; reason: string };

export function freePlaces(c: StoredCounts): number {
  return c.capacity - c.occupied - c.reserved;
}

/** Applies a command to the current counts; refuses anything that would make free or occupied negative. */
export function applyCapacityCommand(current: StoredCounts, command: CapacityCommand): CommandOutcome {
  const available = freePlaces(current);
  switch (command.kind) {
    case "set-free": {
      const bookable = current.capacity - current.reserved;
      if (command.free > bookable) {
        return {
          ok: false,
          reason: `Er kunnen hoogstens ${bookable} plekken vrij zijn (capaciteit ${current.capacity}, gereserveerd ${current.reserved}).`,
        };
      }
      return { ok: true, counts: { ...current, occupied: bookable - command.free } };
    }
    case "occupy":
      if (command.places > available) {
        return {
          ok: false,
          reason: `Geen ${command.places} vrije plek(ken): er ${available === 1 ? "is" : "zijn"} ${available} vrij.`,
        };
      }
      return { ok: true, counts: { ...current, occupied: current.occupied + command.places } };
    case "release":
      if (command.places > current.occupied) {
        return {
          ok: false,
          reason: `Er ${current.occupied === 1 ? "is" : "zijn"} maar ${current.occupied} plek(ken) bezet.`,
        };
      }
      return { ok: true, counts: { ...current, occupied: current.occupied - command.places } };
    case "confirm":
      return { ok: true, counts: current };
    case "reserve":
      if (command.places > available) {
        return {
          ok: false,
          reason: `Geen ${command.places} vrije plek(ken) meer: er ${available === 1 ? "is" : "zijn"} ${available} vrij.`,
        };
      }
      return { ok: true, counts: { ...current, reserved: current.reserved + command.places } };
    case "unreserve":
      return { ok: true, counts: { ...current, reserved: Math.max(0, current.reserved - command.places) } };
    case "place":
      if (command.places > current.reserved) return { ok: false, reason: "De gereserveerde plek is er niet meer." };
      return {
        ok: true,
        counts: {
          ...current,
          reserved: current.reserved - command.places,
          occupied: current.occupied + command.places,
        },
      };
  }
}

/** Folds a pushed or replayed event into the location it concerns; older versions never overwrite newer ones. */
export function applyCapacityEvent(location: Location, event: CapacityEvent): Location {
  if (event.locationId !== location.id || event.version <= location.version) return location;
  return {
    ...location,
    capacity: event.capacity,
    occupied: event.occupied,
    reserved: event.reserved,
    free: event.free,
    version: event.version,
    lastConfirmedAt: event.lastConfirmedAt,
  };
}

/**
 * Folds events (in sequence order) into a live list of open locations: an event that carries its location (a
 * lifecycle event) adds or replaces it, and removes it when the location is closed; any other event moves counts.
 * Undefined when an event concerns a location the list has never seen and does not carry it: reload the snapshot.
 */
export function foldLocationEvents(locations: readonly Location[], events: readonly CapacityEvent[]) {
  const byId = new Map(locations.map((l) => [l.id, l]));
  for (const event of events) {
    const known = byId.get(event.locationId);
    if (event.location) {
      if (known && event.version < known.version) continue;
      if (event.location.closedOn !== null) byId.delete(event.locationId);
      else byId.set(event.locationId, applyCapacityEvent({ ...event.location, version: 0 }, event));
      continue;
    }
    if (!known) return undefined;
    byId.set(event.locationId, applyCapacityEvent(known, event));
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

function emptyTally(): Tally {
  return { locations: 0, capacity: 0, free: 0 };
}

function add(tally: Tally, g: Tally): void {
  tally.locations += g.locations;
  tally.capacity += g.capacity;
  tally.free += g.free;
}

/**
 * Free places held for crisis intake: crisis places are kept apart so a crisis can always find one, and a regular
 * placement takes one only by exception (domain.md, "Running a region"), so a location's free places count as crisis
 * places first, up to the number it declares. The database counts the same (least(free, crisis_places)).
 */
export function crisisFreePlaces(l: Pick<Location, "free" | "crisisPlaces">): number {
  return Math.max(0, Math.min(l.free, l.crisisPlaces));
}

/** Totals of the locations of one care type in one municipality. */
export interface CapacityGroup extends Tally {
  careType: CareType;
  /** A Twente gemeente, or "buiten de regio" for every location outside it. */
  municipality: LocationMunicipality;
  crisisPlaces: number;
  crisisFree: number;
}

const municipalityOrder = new Map<LocationMunicipality, number>(LOCATION_MUNICIPALITIES.map((m, i) => [m, i]));
const careTypeOrder = new Map<CareType, number>(CARE_TYPES.map((t, i) => [t, i]));

/** Aggregate counts per care type, per municipality and per both: what the board and verwijzers show. */
export function summarizeGroups(groups: readonly CapacityGroup[], seq: number): CapacitySummary {
  const byCareType = Object.fromEntries(CARE_TYPES.map((t) => [t, emptyTally()])) as Record<CareType, Tally>;
  const byMunicipality = Object.fromEntries(LOCATION_MUNICIPALITIES.map((m) => [m, emptyTally()])) as Record<
    LocationMunicipality,
    Tally
  >;
  const total = emptyTally();
  const cells = new Map<string, CapacityCell>();
  for (const g of groups) {
    add(total, g);
    add(byCareType[g.careType], g);
    add(byMunicipality[g.municipality], g);
    const key = `${g.careType}|${g.municipality}`;
    const into = cells.get(key) ?? {
      ...emptyTally(),
      careType: g.careType,
      municipality: g.municipality,
      crisisPlaces: 0,
      crisisFree: 0,
    };
    cells.set(key, into);
    add(into, g);
    into.crisisPlaces += g.crisisPlaces;
    into.crisisFree += g.crisisFree;
  }
  const ordered = [...cells.values()].sort(
    (a, b) =>
      (careTypeOrder.get(a.careType) ?? 0) - (careTypeOrder.get(b.careType) ?? 0) ||
      (municipalityOrder.get(a.municipality) ?? 0) - (municipalityOrder.get(b.municipality) ?? 0),
  );
  return { seq, total, byCareType, byMunicipality, cells: ordered };
}

/** The same totals from single locations (the board keeps them live client-side). */
export function summarizeCapacity(
  locations: readonly Pick<Location, "careType" | "municipality" | "capacity" | "free" | "crisisPlaces">[],
  seq: number,
): CapacitySummary {
  const groups = locations.map((l) => ({
    careType: l.careType,
    municipality: l.municipality,
    locations: 1,
    capacity: l.capacity,
    free: l.free,
    crisisPlaces: l.crisisPlaces,
    crisisFree: crisisFreePlaces(l),
  }));
  return summarizeGroups(groups, seq);
}
