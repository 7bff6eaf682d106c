// Whether and when a location has the places a request needs: free now, or free by planned departures ("vrij per"),
// and whether those are crisis places (domain.md: crisis places are counted apart; a regular placement takes one only by
// exception).
import type { Certainty } from "../domain.js";
import type { Candidate } from "./matching.js";

/** A place expected to come free (verwachte uitstroom). Only zeker and waarschijnlijk count for "vrij per". */
export interface PlannedDeparture {
  /** The planned_departures row: a reservation of the coming place claims it. Absent in hand-made tests. */
  id?: number;
  locationId: number;
  expectedDate: string;
  certainty: "zeker" | "waarschijnlijk" | "onzeker";
}

/** Whether a planned departure counts for "vrij per": zeker or waarschijnlijk, dated from today to the wanted start. */
export function departureCounts(d: PlannedDeparture, wantedStart: string, today: string): boolean {
  // A date that passed without the plan being moved says nothing any more: the youth stayed, or left and the place is
  // already in the free count. Counting it would promise a place twice.
  return d.certainty !== "onzeker" && d.expectedDate >= today && d.expectedDate <= wantedStart;
}

/** Each location's counted departures, earliest first. */
export function countedDepartures(departures: readonly PlannedDeparture[], wantedStart: string, today: string) {
  const byLocation = new Map<number, PlannedDeparture[]>();
  for (const d of departures) {
    if (!departureCounts(d, wantedStart, today)) continue;
    const list = byLocation.get(d.locationId);
    if (list) list.push(d);
    else byLocation.set(d.locationId, [d]);
  }
  for (const list of byLocation.values()) list.sort((a, b) => a.expectedDate.localeCompare(b.expectedDate));
  return byLocation;
}

/** How a location can take the request: from when, resting on how many departures, in which kind of place. */
export interface Availability {
  /** null: now. */
  from: string | null;
  /** How many of the location's counted departures it rests on (the earliest ones). */
  departures: number;
  crisisPlace: boolean;
  crisisException: boolean;
}

/**
 * When enough places are free: now, or the date planned departures make it so before the wanted start; else never.
 * Free places count as crisis places first, up to the location's crisis places (as the board counts them). A regular
 * request is offered regular places, the earliest; only where none come in time, the crisis places as an exception. A
 * crisis request takes any free place, and it is a crisis place when the crisis places alone suffice.
 */
export function availability(
  c: Candidate,
  needed: number,
  crisis: boolean,
  counted: ReadonlyMap<number, readonly PlannedDeparture[]>,
): Availability | undefined {
  const kept = c.crisisPlaces ?? 0;
  const coming = counted.get(c.id);
  const leaving = coming?.length ?? 0;
  if (!crisis && kept > 0) {
    for (let k = 0; k <= leaving; k++) {
      if (c.free + k - crisisFree(c.free, k, kept) >= needed) return at(coming, k, false, false);
    }
  }
  for (let k = 0; k <= leaving; k++) {
    if (c.free + k < needed) continue;
    if (crisis) return at(coming, k, crisisFree(c.free, k, kept) >= needed, false);
    return at(coming, k, kept > 0, kept > 0);
  }
  return undefined;
}

// Plain functions, not closures made per location: availability runs for every location a request can take.
/** Of the places free once k departures happened, the crisis places. */
const crisisFree = (free: number, k: number, kept: number) => Math.max(0, Math.min(free + k, kept));

/** Free once the first k of the coming departures happened (k = 0: now). */
function at(
  coming: readonly PlannedDeparture[] | undefined,
  k: number,
  crisisPlace: boolean,
  crisisException: boolean,
): Availability {
  return {
    from: k === 0 ? null : (coming?.[k - 1]?.expectedDate ?? null),
    departures: k,
    crisisPlace,
    crisisException,
  };
}

/** The weakest certainty among the departures a place rests on. */
export function certaintyOf(rests: readonly PlannedDeparture[]): Certainty | null {
  if (rests.length === 0) return null;
  return rests.some((d) => d.certainty === "waarschijnlijk") ? "waarschijnlijk" : "zeker";
}
