// A region simulated day by day with dynamics the forecast model does not assume, for the backtest tests (#23 item 7).
// The worlds (heavy-tail.ts, batch-reporting.ts, regime-shift.ts) set its options; it writes what the database would
// hold: each location's reported counts (capacity events) and the providers' planned moves (planning events).
import { Rng } from "../../../server/db/seed/random.js";
import {
  CARE_TYPES,
  type CareType,
  type Certainty,
  type LocationMunicipality,
  MUNICIPALITY_NAMES,
} from "../../../shared/domain.js";
import type { HistoryInput } from "../../../shared/rules/forecast.js";

const DAY = 86_400_000;

export interface WorldOptions {
  seed: number;
  locations: number;
  days: number;
  /** The last day's end: the history runs from end - days to end. */
  end: Date;
  /** Median stay in days per care type, and the log-sd of stays (lognormal: about 1 has a long tail). */
  stayMedianDays: Record<CareType, number>;
  staySigma: number;
  /** Target occupancy, for the fill rate. */
  occupancy: number;
  /** true: a location takes one youth at a time (its intake clock runs only while it has a free place, whatever their number). */
  oneAtATime: boolean;
  /** Share of locations (whole providers of ~3 locations) that report once a week, in a batch. */
  batchShare: number;
  /** Chance a departure is registered beforehand, and chance a registered one slips (is moved) or is cancelled. */
  announced: number;
  slips: number;
  cancelled: number;
  /** Fill-rate multiplier by day (a crisis wave raises it) and residential capacity cuts (day, places per location). */
  demand?: (day: number) => number;
  cuts?: { day: number; careTypes: CareType[]; places: number }[];
}

export interface World {
  name: string;
  history: HistoryInput;
  municipalities: Map<number, LocationMunicipality>;
}

const CAPACITIES: Record<CareType, [number, number]> = {
  pleegzorg: [1, 3],
  gezinshuis: [2, 4],
  "kleinschalig-wonen": [5, 8],
  residentieel: [8, 12],
  driemilieu: [8, 10],
  jeugdzorgplus: [8, 10],
};
const MIX: Record<CareType, number> = {
  pleegzorg: 30,
  gezinshuis: 20,
  "kleinschalig-wonen": 20,
  residentieel: 20,
  driemilieu: 5,
  jeugdzorgplus: 5,
};

/** A normal draw with real tails (Box-Muller), for lognormal stays. */
function gauss(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

interface Occupant {
  leaves: number;
  /** Days before leaving its provider registers the departure; null: it leaves unannounced. */
  leadDays: number | null;
  registered: boolean;
}

export function simulateWorld(name: string, o: WorldOptions): World {
  const rng = new Rng(o.seed);
  const start = o.end.getTime() - o.days * DAY;
  const history: HistoryInput = { locations: [], events: [], planning: [] };
  const municipalities = new Map<number, LocationMunicipality>();
  const careTypes = CARE_TYPES.flatMap((c) => new Array<CareType>(MIX[c]).fill(c));
  let planned = 0;
  const stay = (careType: CareType) => Math.max(1, o.stayMedianDays[careType] * Math.exp(o.staySigma * gauss(rng)));
  // E[stay] of a lognormal, for the fill rate that gives the target occupancy.
  const meanStay = (c: CareType) => o.stayMedianDays[c] * Math.exp((o.staySigma * o.staySigma) / 2);

  for (let id = 1; id <= o.locations; id++) {
    const careType = rng.pick(careTypes);
    municipalities.set(id, rng.pick(MUNICIPALITY_NAMES));
    const createdAt = new Date(start);
    history.locations.push({ id, careType, crisis: false, createdAt });
    let capacity = rng.int(...CAPACITIES[careType]);
    // Providers of three locations share a reporting habit.
    const batch = ((id - 1) / 3) % 1 === 0 ? rng.chance(o.batchShare) : batchOf(history, id);
    batchHabit.set(id, batch);
    const batchDay = (id * 3) % 5;
    const perPlace = 1 / (meanStay(careType) * ((1 - o.occupancy) / o.occupancy));
    const occupant = (leaves: number): Occupant => ({
      leaves,
      leadDays: rng.chance(o.announced) ? rng.between(5, 45) : null,
      registered: false,
    });
    const occupants: Occupant[] = [];
    for (let k = 0; k < capacity; k++) {
      if (rng.chance(o.occupancy)) occupants.push(occupant(start + stay(careType) * rng.next() * DAY));
    }
    let reported = { capacity, taken: occupants.length };
    const emit = (at: number) => {
      history.events.push({
        locationId: id,
        at: new Date(at),
        kind: "vrije-plekken-gewijzigd",
        capacity,
        occupied: occupants.length,
        reserved: 0,
      });
      reported = { capacity, taken: occupants.length };
    };
    emit(start);
    let lastEmit = start;
    const plan = (action: "gepland" | "verplaatst" | "geannuleerd", at: number, p: number, day: number, c: Certainty) =>
      history.planning.push({
        locationId: id,
        direction: "uitstroom",
        plannedId: p,
        action,
        expectedDate: new Date(day).toISOString().slice(0, 10),
        certainty: c,
        at: new Date(at),
      });

    for (let d = 0; d < o.days; d++) {
      const dayStart = start + d * DAY;
      const at = () => dayStart + (8 + 8 * rng.next()) * 3_600_000;
      for (const cut of o.cuts ?? []) {
        if (cut.day === d && cut.careTypes.includes(careType))
          capacity = Math.max(occupants.length, capacity - cut.places);
      }
      // Departures, and the registrations of those announced beforehand (a few weeks ahead).
      for (let i = occupants.length - 1; i >= 0; i--) {
        const occ = occupants[i] as Occupant;
        const leadDays = (occ.leaves - dayStart) / DAY;
        if (occ.leadDays !== null && !occ.registered && leadDays <= occ.leadDays && leadDays > 1) {
          occ.registered = true;
          const certainty: Certainty = rng.weighted(["zeker", "waarschijnlijk", "onzeker"] as const, [5, 3, 2]);
          const p = ++planned;
          let expected = occ.leaves + Math.round(gauss(rng) * 3) * DAY;
          plan("gepland", at(), p, expected, certainty);
          if (rng.chance(o.cancelled)) {
            // Cancelled: the youth stays on, months longer, and leaves unannounced.
            const cancelAt = dayStart + rng.between(1, leadDays) * DAY;
            plan("geannuleerd", cancelAt, p, expected, certainty);
            occ.leaves += stay(careType) * DAY;
          } else if (rng.chance(o.slips)) {
            // Slips: the real departure moves a few weeks; the provider moves the plan, often late.
            occ.leaves += rng.between(7, 35) * DAY;
            expected = occ.leaves + Math.round(gauss(rng) * 2) * DAY;
            const movedAt = dayStart + rng.between(1, leadDays + 7) * DAY;
            plan("verplaatst", movedAt, p, expected, "waarschijnlijk");
          }
        }
        if (occ.leaves < dayStart + DAY) occupants.splice(i, 1);
      }
      // Intakes: each free place on its own clock, or one at a time per location.
      const free = capacity - occupants.length;
      const rate = perPlace * (o.demand?.(d) ?? 1);
      if (free > 0) {
        // One at a time: the location's clock runs as fast as its usual number of free places would, whatever it has free.
        const intakes = o.oneAtATime
          ? +rng.chance(1 - Math.exp(-rate * Math.max(1, 1.2 * capacity * (1 - o.occupancy))))
          : Array.from({ length: free }, () => rng.chance(1 - Math.exp(-rate))).filter(Boolean).length;
        for (let k = 0; k < intakes; k++) occupants.push(occupant(dayStart + stay(careType) * DAY));
      }
      const changed = reported.capacity !== capacity || reported.taken !== occupants.length;
      if (batch) {
        if (new Date(dayStart).getUTCDay() === batchDay + 1) {
          emit(dayStart + 10 * 3_600_000);
          lastEmit = dayStart;
        }
      } else if (changed || dayStart - lastEmit > 14 * DAY) {
        emit(at());
        lastEmit = dayStart;
      }
    }
  }
  const byTime = (a: { at: Date }, b: { at: Date }) => a.at.getTime() - b.at.getTime();
  history.events.sort(byTime);
  history.planning = history.planning.filter((e) => e.at.getTime() < o.end.getTime()).sort(byTime);
  batchHabit.clear();
  return { name, history, municipalities };
}

// The reporting habit of a provider's first location, for its other two.
const batchHabit = new Map<number, boolean>();
function batchOf(_history: HistoryInput, id: number): boolean {
  return batchHabit.get(id - ((id - 1) % 3)) ?? false;
}
