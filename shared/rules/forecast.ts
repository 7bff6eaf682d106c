// The vacancy forecast ("er is geen prognose welke vrije plekken er beschikbaar komen", domain.md): for each location
// the distribution of free places per week ahead, from a model fitted on the capacity and planning history.
//
// Every place of a location is a two-state chain, free <-> occupied, in continuous time. An occupant without an open
// planned departure leaves at its care type's rate of exits nobody had announced yet, which grows with the weeks
// ahead (further out, more exits are still to be registered); a free place is taken at the fill rate of its care type
// and calendar month; both at the location's own pace. A place whose occupant has a planned departure frees up as
// registrations of that certainty and lead did in the history (chance and date error); a planned admission takes its
// place in its week. Places move independently (as beds do in the demo history), so the free places of a week are a
// sum of independent Bernoullis: the exact distribution is a short convolution. Locations of one care type do share
// the error of their fitted rates: each week carries its share of that, which only sums of locations add up
// (forecast-aggregate.ts, forecast-spread.ts). Pure, deterministic, no I/O.
import type {
  CapacityEventKind,
  CareType,
  Certainty,
  LocationMunicipality,
  PlanAction,
  PlanDirection,
} from "../domain.js";
import { FORECAST_WEEKS, type ForecastWeek, type LocationForecast } from "../schemas/forecast.js";
import { addBernoulli, interval80, mean } from "./forecast-distribution.js";
import { groupKey, isoDay, WEEK_MS } from "./forecast-history.js";
import { type IntakeDynamics, intakeMultiplier } from "./forecast-intake.js";
import { freeChance, type Place, placesOf } from "./forecast-places.js";
import type { RateSpread } from "./forecast-spread.js";

export { aggregateForecast, EXACT_GROUP_CAPACITY } from "./forecast-aggregate.js";
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
  /** How far off these rates tend to be (forecast-spread.ts): widens sums of locations, not a location's forecast. */
  rateSpread: RateSpread;
  /** How the fill rate depends on the number free (forecast-intake.ts); absent: each place on its own clock. */
  intake?: IntakeDynamics;
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
  municipality: LocationMunicipality;
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
  municipality: LocationMunicipality;
  /** groupKey of the rates it follows: locations of one group share their rates' error. */
  rateGroup: string;
  capacity: number;
  freeNow: number;
  weeks: {
    week: number;
    date: string;
    plannedDepartures: number;
    /** "Free now + known moves": free now, plus planned departures, minus admissions (not onzeker) dated by then. */
    plannedOnly: number;
    p: Float64Array /* P(free = k), k = 0..capacity */;
    /**
     * Expected free places moved by a one-standard-deviation error of the group's exit (fill) rate: the location's
     * share of the spread it has in common with its group (aggregateForecast adds these up per group).
     */
    shared: { exit: number; fill: number };
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
  const rateGroup = model.groups[groupKey(state.careType, state.crisis)]
    ? groupKey(state.careType, state.crisis)
    : state.careType;
  const group = model.groups[rateGroup];
  if (!group) throw new Error(`forecast model has no parameters for ${state.careType}`);
  const open = planned
    .filter((m) => m.locationId === state.id && m.expectedDate >= today)
    .sort((a, b) => (a.expectedDate < b.expectedDate ? -1 : a.expectedDate > b.expectedDate ? 1 : 0));

  const { exit, fill } = rates(group, model.locations[state.id], o, weeks);
  // One at a time or each on its own clock, as learned for the care type, at the number free now.
  const perPlace = intakeMultiplier(group.intake, capacity - taken);
  if (perPlace !== 1) for (let w = 1; w <= weeks; w++) fill[w] = (fill[w] as number) * perPlace;
  const places = placesOf(model, open, { capacity, taken }, o, weeks);
  // Each chance with its slopes in the group's log exit and fill rates: what sums of locations share.
  const chance = (place: Place) => {
    const slopes = { exit: new Float64Array(weeks + 1), fill: new Float64Array(weeks + 1) };
    return { free: freeChance(place, exit, fill, weeks, slopes), slopes };
  };
  const ifFree = chance({ free: true, leaves: null, admission: null });
  const ifOccupied = chance({ free: false, leaves: null, admission: null });
  const individual = places.planned.map(chance);
  const shared = sharedSpread(group.rateSpread, [
    { count: places.free, slopes: ifFree.slopes },
    { count: places.occupied, slopes: ifOccupied.slopes },
    ...individual.map((c) => ({ count: 1, slopes: c.slopes })),
  ]);

  const dates = weekDates(o, weeks);
  const result: LocationDistribution["weeks"] = [];
  for (let w = 1; w <= weeks; w++) {
    const p = new Float64Array(capacity + 1);
    p[0] = 1;
    let n = 0;
    for (let i = 0; i < places.free; i++) addBernoulli(p, n++, ifFree.free[w] as number);
    for (let i = 0; i < places.occupied; i++) addBernoulli(p, n++, ifOccupied.free[w] as number);
    for (const c of individual) addBernoulli(p, n++, c.free[w] as number);
    const date = dates[w - 1] as string;
    const plannedDepartures = open.filter(
      (m) => m.direction === "uitstroom" && m.certainty !== "onzeker" && m.expectedDate <= date,
    ).length;
    const plannedAdmissions = open.filter(
      (m) => m.direction === "instroom" && m.certainty !== "onzeker" && m.expectedDate <= date,
    ).length;
    const plannedOnly = Math.min(capacity, Math.max(0, capacity - taken + plannedDepartures - plannedAdmissions));
    result.push({
      week: w,
      date,
      plannedDepartures,
      plannedOnly,
      p,
      shared: { exit: shared.exit[w] ?? 0, fill: shared.fill[w] ?? 0 },
    });
  }
  const { id: locationId, careType, municipality } = state;
  return { locationId, careType, municipality, rateGroup, capacity, freeNow: capacity - taken, weeks: result };
}

/**
 * The forecast of a location whose numbers are `unreported` weeks old beyond its usual rhythm (#23 item 4): started
 * that many weeks before the origin, so the changes it has not reported yet are in it, and read from the origin on.
 */
export function forecastFromLastReport(
  model: ForecastModel,
  state: LocationState,
  planned: OpenPlannedMove[],
  origin: Date,
  unreported: number,
  weeks: number = FORECAST_WEEKS,
): LocationDistribution {
  if (unreported <= 0) return forecastLocation(model, state, planned, origin, weeks);
  const start = new Date(origin.getTime() - unreported * WEEK_MS);
  const d = forecastLocation(model, state, planned, start, weeks + unreported);
  // Week unreported + i after the start ends on the same day as week i after the origin.
  return { ...d, weeks: d.weeks.slice(unreported).map((w, i) => ({ ...w, week: i + 1 })) };
}

/**
 * Per week: how far the location's expected free places move with a one-standard-deviation error of its group's log
 * exit (fill) rate: the places' slopes added up, times that standard deviation for the weeks ahead.
 */
function sharedSpread(
  spread: RateSpread | undefined,
  parts: { count: number; slopes: { exit: Float64Array; fill: Float64Array } }[],
): { exit: Float64Array; fill: Float64Array } {
  const total = (which: "exit" | "fill", variances: readonly number[]) => {
    const weeks = (parts[0]?.slopes[which].length ?? 1) - 1;
    const out = new Float64Array(weeks + 1);
    for (let w = 1; w <= weeks; w++) {
      const sd = Math.sqrt(variances[Math.min(w, variances.length) - 1] ?? 0);
      if (sd === 0) continue;
      let slope = 0;
      for (const { count, slopes } of parts) slope += count * (slopes[which][w] as number);
      out[w] = sd * slope;
    }
    return out;
  };
  return { exit: total("exit", spread?.exit ?? []), fill: total("fill", spread?.fill ?? []) };
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
  model: mean(p),
  ...interval80(p),
  calibrated: false,
  plannedDepartures,
});

/** The model's expected free places and 80% interval (interval80) per week; forecast-combined.ts calibrates them. */
export function summarizeLocation(d: LocationDistribution): LocationForecast {
  return {
    locationId: d.locationId,
    careType: d.careType,
    municipality: d.municipality,
    capacity: d.capacity,
    freeNow: d.freeNow,
    weeks: d.weeks.map((w) => toWeek(w.week, w.date, w.plannedDepartures, w.p)),
    accuracy: [],
  };
}
