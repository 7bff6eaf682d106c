// The vacancy forecast ("er is geen prognose welke vrije plekken er beschikbaar komen", domain.md): for each location
// the distribution of free places per week ahead, from a model fitted on the capacity and planning history.
//
// Every place of a location is a two-state chain, free <-> occupied, in continuous time. An occupant without an open
// planned departure leaves at its care type's rate of exits nobody had announced yet, which grows with the weeks
// ahead (further out, more exits are still to be registered); a free place is taken at the fill rate of its care type
// and calendar month; both at the location's own pace. A place whose occupant has a planned departure frees up as
// registrations of that certainty and lead did in the history (chance and date error); a planned admission takes its
// place in its week. Places move independently (as beds do in the demo history), so the free places of a week are a
// sum of independent Bernoullis: the exact distribution is a short convolution. Pure, deterministic, no I/O.
import type { CapacityEventKind, CareType, Certainty, Municipality, PlanAction, PlanDirection } from "../domain.js";
import { FORECAST_WEEKS, type ForecastWeek, type GroupForecast, type LocationForecast } from "../schemas/forecast.js";
import { addBernoulli, convolveTrimmed, interval80, mean, variance } from "./forecast-distribution.js";
import { groupKey, isoDay, WEEK_MS } from "./forecast-history.js";
import { freeChance, placesOf } from "./forecast-places.js";

export { fitForecastModel } from "./forecast-fit.js";
export { groupKey } from "./forecast-history.js";

export interface HistoryInput {
  locations: { id: number; careType: CareType; crisis: boolean; createdAt: Date }[];
  /** capacity_events rows, ascending by time: kind, counts after the change. */
  events: {
    locationId: number;
    at: Date;
    kind: CapacityEventKind;
    capacity: number;
    occupied: number;
    reserved: number;
  }[];
  /** planning_events rows, ascending by time (registrations, moves and cancellations of planned moves). */
  planning: {
    locationId: number;
    direction: PlanDirection;
    plannedId: number;
    action: PlanAction;
    expectedDate: string;
    certainty: Certainty;
    at: Date;
  }[];
}

/** Rates of one care type (and crisis flag): the part of the history a planned move does not explain. */
export interface GroupParameters {
  /**
   * Exits per occupied place-week of an occupant without a known planned departure, by weeks ahead (index 0 = week 1):
   * exits never announced, plus those announced later than that (unknown at the origin, so they grow with the week).
   */
  exitRate: number[];
  /** Intakes not announced by a planned admission, per free place-week, by calendar month (0 = January). */
  fillRate: number[];
  /** Multiplies fillRate by weeks ahead, for intakes announced only after the origin (as for exitRate). */
  fillAhead: number[];
  /** What the rates were fitted from (place-weeks and counts), for the README and the backtest. */
  basis: { occupiedWeeks: number; exits: number; freeWeeks: number; intakes: number };
}

/**
 * How an open registration of one certainty turns out, by its lead (days from the forecast's origin to its expected
 * date; a bucket holds leads from `fromDays` up to the next bucket's): entry i of byOffsetDay is the chance it happens
 * i - MATCH_WINDOW_DAYS days from its expected date, and not before the origin. The rest of the mass is the chance it
 * brings no exit (intake) after the origin: it does not happen then, or happened already and was never closed.
 */
export interface RealisationParameters {
  byLead: { fromDays: number; byOffsetDay: number[]; observedDays: number }[];
}

/** Plain JSON: can be stored, sent and compared. */
export interface ForecastModel {
  fittedUntil: string;
  /** Keyed by groupKey(careType, crisis). */
  groups: Record<string, GroupParameters>;
  /** Per location id: its own pace of exits and intakes relative to its group's (1 when unknown). */
  locations: Record<string, { exit: number; fill: number }>;
  realisation: Record<PlanDirection, Record<Certainty, RealisationParameters>>;
}

export interface LocationState {
  id: number;
  careType: CareType;
  municipality: Municipality;
  crisis: boolean;
  capacity: number;
  occupied: number;
  reserved: number;
}

export interface OpenPlannedMove {
  locationId: number;
  direction: PlanDirection;
  expectedDate: string;
  certainty: Certainty;
}

export interface LocationDistribution {
  locationId: number;
  careType: CareType;
  municipality: Municipality;
  capacity: number;
  freeNow: number;
  weeks: {
    week: number;
    date: string;
    plannedDepartures: number;
    p: Float64Array /* P(free = k), k = 0..capacity */;
  }[];
}

/**
 * The distribution of free places at the end of each week after `origin`. Moves dated before the origin's day are
 * left out: a provider moves or cancels a plan that did not happen, and one that did is in the counts already.
 * Reserved places count as taken (a reservation mostly becomes a placement within days).
 */
export function forecastLocation(
  model: ForecastModel,
  state: LocationState,
  planned: OpenPlannedMove[],
  origin: Date,
  weeks: number = FORECAST_WEEKS,
): LocationDistribution {
  const o = origin.getTime();
  const today = isoDay(o);
  const capacity = Math.max(0, state.capacity);
  const taken = Math.min(capacity, Math.max(0, state.occupied + state.reserved));
  const group = model.groups[groupKey(state.careType, state.crisis)] ?? model.groups[state.careType];
  if (!group) throw new Error(`forecast model has no parameters for ${state.careType}`);
  const open = planned
    .filter((m) => m.locationId === state.id && m.expectedDate >= today)
    .sort((a, b) => (a.expectedDate < b.expectedDate ? -1 : a.expectedDate > b.expectedDate ? 1 : 0));

  const { exit, fill } = rates(group, model.locations[state.id], o, weeks);
  const places = placesOf(model, open, { capacity, taken }, o, weeks);
  const freeIfFree = freeChance({ free: true, leaves: null, admission: null }, exit, fill, weeks);
  const freeIfOccupied = freeChance({ free: false, leaves: null, admission: null }, exit, fill, weeks);
  const individual = places.planned.map((place) => freeChance(place, exit, fill, weeks));

  const dates = weekDates(o, weeks);
  const result: LocationDistribution["weeks"] = [];
  for (let w = 1; w <= weeks; w++) {
    const p = new Float64Array(capacity + 1);
    p[0] = 1;
    let n = 0;
    for (let i = 0; i < places.free; i++) addBernoulli(p, n++, freeIfFree[w] as number);
    for (let i = 0; i < places.occupied; i++) addBernoulli(p, n++, freeIfOccupied[w] as number);
    for (const chance of individual) addBernoulli(p, n++, chance[w] as number);
    const date = dates[w - 1] as string;
    const plannedDepartures = open.filter(
      (m) => m.direction === "uitstroom" && m.certainty !== "onzeker" && m.expectedDate <= date,
    ).length;
    result.push({ week: w, date, plannedDepartures, p });
  }
  const { id: locationId, careType, municipality } = state;
  return { locationId, careType, municipality, capacity, freeNow: capacity - taken, weeks: result };
}

/** Rates per week ahead (index w): the group's, at the location's own pace, the fill rate of that week's month. */
function rates(
  group: GroupParameters,
  pace: { exit: number; fill: number } | undefined,
  origin: number,
  weeks: number,
) {
  const exit = new Float64Array(weeks + 1);
  const fill = new Float64Array(weeks + 1);
  for (let w = 1; w <= weeks; w++) {
    exit[w] = (pace?.exit ?? 1) * (group.exitRate[Math.min(w, group.exitRate.length) - 1] ?? 0);
    const month = new Date(origin + (w - 0.5) * WEEK_MS).getUTCMonth();
    const ahead = group.fillAhead[Math.min(w, group.fillAhead.length) - 1] ?? 1;
    fill[w] = (pace?.fill ?? 1) * (group.fillRate[month] ?? 0) * ahead;
  }
  return { exit, fill };
}

// Every location of one forecast run shares the origin: its week dates are made once.
let datesFor = { origin: Number.NaN, dates: [] as string[] };
function weekDates(origin: number, weeks: number): string[] {
  if (datesFor.origin !== origin || datesFor.dates.length < weeks) {
    datesFor = { origin, dates: Array.from({ length: weeks }, (_, i) => isoDay(origin + (i + 1) * WEEK_MS)) };
  }
  return datesFor.dates;
}

const toWeek = (week: number, date: string, plannedDepartures: number, p: Float64Array): ForecastWeek => ({
  week,
  date,
  expected: mean(p),
  ...interval80(p),
  plannedDepartures,
});

/** Expected free places and the 80% interval (interval80) per week. */
export function summarizeLocation(d: LocationDistribution): LocationForecast {
  return {
    locationId: d.locationId,
    careType: d.careType,
    municipality: d.municipality,
    capacity: d.capacity,
    freeNow: d.freeNow,
    weeks: d.weeks.map((w) => toWeek(w.week, w.date, w.plannedDepartures, w.p)),
  };
}

/** Groups with at most this many places get the exact distribution of their sum; larger ones a normal approximation. */
export const EXACT_GROUP_CAPACITY = 2000;
const Z90 = 1.2815515655446004;

/**
 * The forecast of the locations of `ds` within careType and municipality (null: all). Expected values are the sums
 * of the locations' expected values; the interval comes from the sum of the (independent) locations.
 */
export function aggregateForecast(
  ds: readonly LocationDistribution[],
  careType: CareType | null,
  municipality: Municipality | null,
): GroupForecast {
  const members = ds.filter(
    (d) => (careType === null || d.careType === careType) && (municipality === null || d.municipality === municipality),
  );
  const capacity = members.reduce((sum, d) => sum + d.capacity, 0);
  const freeNow = members.reduce((sum, d) => sum + d.freeNow, 0);
  const weekCount = members.length === 0 ? 0 : Math.min(...members.map((d) => d.weeks.length));
  const weeks: ForecastWeek[] = [];
  for (let i = 0; i < weekCount; i++) {
    const first = (members[0] as LocationDistribution).weeks[i] as LocationDistribution["weeks"][number];
    let expected = 0;
    let plannedDepartures = 0;
    for (const d of members) {
      const w = d.weeks[i] as LocationDistribution["weeks"][number];
      expected += mean(w.p);
      plannedDepartures += w.plannedDepartures;
    }
    let low: number;
    let high: number;
    if (capacity <= EXACT_GROUP_CAPACITY) {
      const sum = convolveTrimmed(members.map((d) => (d.weeks[i] as LocationDistribution["weeks"][number]).p));
      const interval = interval80(sum.p);
      low = sum.offset + interval.low;
      high = sum.offset + interval.high;
    } else {
      const sd = Math.sqrt(members.reduce((s, d) => s + variance((d.weeks[i] as { p: Float64Array }).p), 0));
      low = Math.max(0, Math.round(expected - Z90 * sd));
      high = Math.min(capacity, Math.round(expected + Z90 * sd));
    }
    weeks.push({ week: first.week, date: first.date, expected, low, high, plannedDepartures });
  }
  return { careType, municipality, locations: members.length, capacity, freeNow, weeks };
}
