// The places of one location in the forecast: which follow their group's rates, and which a planned move concerns,
// each a two-state chain (free <-> occupied) over the weeks ahead.
import type { ForecastModel, OpenPlannedMove, RealisationParameters } from "./forecast.js";
import { DAY_MS, MATCH_WINDOW_DAYS, middayOf, WEEK_MS } from "./forecast-history.js";

/** A planned admission as seen from week w, if it has not come before that week. */
interface Admission {
  /** The chance it comes in week w. */
  hazard: Float64Array;
  /** The chance it is still to come (from week w on): the place is kept for it, so others do not fill it. */
  waiting: Float64Array;
}

/** One place: how it starts, when a planned departure may free it, and a planned admission's hazard of taking it. */
export interface Place {
  free: boolean;
  /** Chance the planned occupant leaves in week w (index w, 1-based); null: no planned departure. */
  leaves: Float64Array | null;
  admission: Admission | null;
}

/**
 * Splits a location's places: those free now and those occupied without a plan follow the group's rates; a place
 * whose occupant has a planned departure, or that a planned admission will take, gets its own chain. No more planned
 * departures than occupants; an admission takes a place free now, else the first place a planned departure frees,
 * and beyond that has no place. `open` is sorted by date.
 */
export function placesOf(
  model: ForecastModel,
  open: readonly OpenPlannedMove[],
  counts: { capacity: number; taken: number },
  origin: number,
  weeks: number,
): { free: number; occupied: number; planned: Place[] } {
  const freeNow = counts.capacity - counts.taken;
  const departures = open.filter((m) => m.direction === "uitstroom").slice(0, counts.taken);
  const planned: Place[] = departures.map((m) => ({
    free: false,
    leaves: weekMasses(model.realisation.uitstroom[m.certainty], m.expectedDate, origin, weeks),
    admission: null,
  }));
  let freeWithAdmission = 0;
  open
    .filter((m) => m.direction === "instroom")
    .forEach((m, i) => {
      const admission = toAdmission(weekMasses(model.realisation.instroom[m.certainty], m.expectedDate, origin, weeks));
      if (i < freeNow) {
        planned.push({ free: true, leaves: null, admission });
        freeWithAdmission++;
      } else {
        const target = planned[i - freeNow];
        if (target) target.admission = admission;
      }
    });
  return { free: freeNow - freeWithAdmission, occupied: counts.taken - departures.length, planned };
}

/**
 * The chance a registered move happens in week w after the origin (index w): the fitted date error for its lead,
 * shifted onto the move's date.
 */
function weekMasses(realisation: RealisationParameters, expectedDate: string, origin: number, weeks: number) {
  const masses = new Float64Array(weeks + 1);
  const day = middayOf(expectedDate);
  const leadDays = (day - origin) / DAY_MS;
  const bucket = realisation.byLead.findLast((b) => leadDays >= b.fromDays) ?? realisation.byLead[0];
  bucket?.byOffsetDay.forEach((chance, i) => {
    const at = day + (i - MATCH_WINDOW_DAYS) * DAY_MS;
    // Fitted on registrations open at an origin, so the rare mass before this origin is another lead's: dropped.
    if (at <= origin) return;
    const week = Math.ceil((at - origin) / WEEK_MS);
    if (week <= weeks) masses[week] = (masses[week] as number) + chance;
  });
  return masses;
}

function toAdmission(masses: Float64Array): Admission {
  const hazard = new Float64Array(masses.length);
  const waiting = new Float64Array(masses.length);
  let left = 1;
  let toCome = masses.reduce((a, b) => a + b, 0);
  for (let w = 1; w < masses.length; w++) {
    const m = masses[w] as number;
    hazard[w] = left > 1e-12 ? Math.min(1, m / left) : 0;
    waiting[w] = left > 1e-12 ? Math.min(1, toCome / left) : 0;
    left -= m;
    toCome -= m;
  }
  return { hazard, waiting };
}

/**
 * Two-state chain over `weeks` weeks: occupied -> free at rate `exit`, free -> occupied at rate `fill` (per week);
 * writes [P(free stays free), P(occupied becomes free)] over that time into `out`, then their slopes in the log of
 * exit ([2], [3]) and of fill ([4], [5]). Exact in continuous time, so a place that frees up and is taken again within
 * one week is counted right. Into a buffer: it runs for every place and week of every location.
 */
function transition(exit: number, fill: number, weeks: number, out: Float64Array): Float64Array {
  const total = exit + fill;
  if (total <= 0) {
    out.fill(0);
    out[0] = 1;
    return out;
  }
  const decay = Math.exp(-total * weeks);
  const slope = -weeks * decay; // of decay, in exit and in fill alike
  const stay = (exit + fill * decay) / total;
  const frees = (exit * (1 - decay)) / total;
  out[0] = stay;
  out[1] = frees;
  out[2] = (exit * (1 + fill * slope - stay)) / total;
  out[3] = (exit * (1 - decay - exit * slope - frees)) / total;
  out[4] = (fill * (decay + fill * slope - stay)) / total;
  out[5] = (fill * (-exit * slope - frees)) / total;
  return out;
}

const week = new Float64Array(6);
const halfWeek = new Float64Array(6);

/**
 * P(the place is free at the end of week w), w = 1..weeks (index 0 unused). With `slopes`, also how that chance moves
 * with the log of the group's exit and fill rates (all weeks' rates at once), carried along the same recursion.
 */
export function freeChance(
  place: Place,
  exit: Float64Array,
  fill: Float64Array,
  weeks: number,
  slopes?: { exit: Float64Array; fill: Float64Array },
): Float64Array {
  const out = new Float64Array(weeks + 1);
  let planned = 0;
  if (place.leaves) for (let w = 1; w <= weeks; w++) planned += place.leaves[w] as number;
  // A planned occupant who does not leave within the horizon is an ordinary occupant from now on.
  let free = place.free ? 1 : 0;
  let byExit = 0;
  let byFill = 0;
  for (let w = 1; w <= weeks; w++) {
    const filling = (fill[w] as number) * (1 - (place.admission?.waiting[w] ?? 0));
    transition(exit[w] as number, filling, 1, week);
    const stay = week[0] as number;
    const frees = week[1] as number;
    const occupied = 1 - free - planned;
    let next = free * stay + occupied * frees;
    // Slopes by the product rule: a place's chance now, and the week's chances, both move with the rates.
    let nextByExit = byExit * (stay - frees) + free * (week[2] as number) + occupied * (week[3] as number);
    let nextByFill = byFill * (stay - frees) + free * (week[4] as number) + occupied * (week[5] as number);
    const leaving = place.leaves ? (place.leaves[w] as number) : 0;
    if (leaving > 0) {
      // Leaves mid-week on average: half a week in which the place may be taken again.
      transition(exit[w] as number, filling, 0.5, halfWeek);
      next += leaving * (halfWeek[0] as number);
      nextByExit += leaving * (halfWeek[2] as number);
      nextByFill += leaving * (halfWeek[4] as number);
      planned -= leaving;
    }
    if (place.admission) {
      const kept = 1 - (place.admission.hazard[w] as number);
      next *= kept;
      nextByExit *= kept;
      nextByFill *= kept;
    }
    const clamped = next < 0 || next > 1;
    free = Math.min(1, Math.max(0, next));
    byExit = clamped ? 0 : nextByExit;
    byFill = clamped ? 0 : nextByFill;
    out[w] = free;
    if (slopes) {
      slopes.exit[w] = byExit;
      slopes.fill[w] = byFill;
    }
  }
  return out;
}
