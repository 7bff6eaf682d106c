// Fitting the forecast model on the history before a moment: rates per care type (and crisis flag), seasonal fill
// rates, and how registered moves of each certainty turn out. Sparse groups lean on priors from domain.md.
import { CARE_TYPES, type CareType, CERTAINTIES, type Certainty, PLAN_DIRECTIONS } from "../domain.js";
import { FORECAST_WEEKS } from "../schemas/forecast.js";
import type { ForecastModel, GroupParameters, HistoryInput, RealisationParameters } from "./forecast.js";
import {
  type Announced,
  DAY_MS,
  forEachStretch,
  groupKey,
  type HistoryIndex,
  indexHistory,
  lastKnown,
  MATCH_WINDOW_DAYS,
  type MoveHistory,
  matchMoves,
  openVersionAt,
  type Timeline,
  WEEK_MS,
} from "./forecast-history.js";
import { addIntakes, emptyIntakeTally, fitIntakeDynamics, type IntakeTally } from "./forecast-intake.js";
import { fitRateSpread, type RateCounts } from "./forecast-spread.js";

/** Typical stays in weeks (domain.md "Rough planning figures"): the prior exit rate is one over these. */
const PRIOR_STAY_WEEKS: Record<CareType, number> = {
  pleegzorg: 200,
  gezinshuis: 150,
  "kleinschalig-wonen": 52,
  residentieel: 40,
  driemilieu: 40,
  jeugdzorgplus: 20,
};
const PRIOR_CRISIS_STAY_WEEKS = 4;
/** A free place is typically taken within a month (crisis beds within days). */
const PRIOR_FILL_RATE = 0.25;
const PRIOR_CRISIS_FILL_RATE = 0.7;
/** Prior weights, in place-weeks (rates) and registrations (realisation): enough to steady a sparse group only. */
const EXIT_PRIOR_WEEKS = 52;
const FILL_PRIOR_WEEKS = 12;
/** A month's fill rate leans on the year-round rate with the weight of this many intakes: few intakes, flat season. */
const MONTH_PRIOR_INTAKES = 15;
/** In days a registration was open (forecast-days): a couple of registrations' worth. */
const REALISATION_PRIOR_DAYS = 30;
/** A location's own pace counts with this many events' weight against its group's. */
const PACE_PRIOR_EVENTS = 4;
/** Lead buckets (days from origin to expected date): a plan due this week is surer than one two months out. */
const LEAD_BUCKET_DAYS = [0, 2, 4, 7, 14, 28];

/** Prior chance that a registration happens around its date, and how far off its date it may be (days). */
const PRIOR_REALISATION: Record<Certainty, { chance: number; spreadDays: number }> = {
  zeker: { chance: 0.9, spreadDays: 7 },
  waarschijnlijk: { chance: 0.7, spreadDays: 14 },
  onzeker: { chance: 0.4, spreadDays: 21 },
};

interface Tally {
  occupiedWeeks: number;
  /** Exits no planned departure announced. */
  exits: number;
  /** Announced exits by week ahead (index 0 = week 1) at which no open plan covered them yet (or any more). */
  exitsLater: number[];
  freeWeeks: number[];
  /** Intakes no planned admission announced, by calendar month; announced ones as exitsLater. */
  intakes: number[];
  intakesLater: number[];
  /** Every exit and intake, announced or not: for the locations' own pace. */
  allExits: number;
  allIntakes: number;
}

const emptyTally = (): Tally => ({
  occupiedWeeks: 0,
  exits: 0,
  exitsLater: new Array(FORECAST_WEEKS).fill(0),
  freeWeeks: new Array(12).fill(0),
  intakes: new Array(12).fill(0),
  intakesLater: new Array(FORECAST_WEEKS).fill(0),
  allExits: 0,
  allIntakes: 0,
});

function addTally(into: Tally, from: Tally): void {
  into.occupiedWeeks += from.occupiedWeeks;
  into.exits += from.exits;
  into.allExits += from.allExits;
  into.allIntakes += from.allIntakes;
  for (const key of ["exitsLater", "freeWeeks", "intakes", "intakesLater"] as const) {
    from[key].forEach((n, i) => {
      into[key][i] = (into[key][i] as number) + n;
    });
  }
}

/**
 * Counts an announced exit (intake) at `at` for each week ahead w at which a forecast would not have seen it as an
 * open plan: registered later than (w - 0.5) weeks before it, or its plan already overdue then.
 */
function addUnseen(later: number[], move: MoveHistory, at: number): void {
  for (let w = 1; w <= later.length; w++) {
    if (!openVersionAt(move, at - (w - 0.5) * WEEK_MS)) later[w - 1] = (later[w - 1] as number) + 1;
  }
}

export function fitForecastModel(history: HistoryInput, until: Date): ForecastModel {
  return fitFromIndex(indexHistory(history), until);
}

/** The same fit on an index built once, for replays that fit at many moments (the backtest). */
export function fitFromIndex(index: HistoryIndex, until: Date): ForecastModel {
  const end = until.getTime();
  const { realisedAt, announced } = matchMoves(index, end);

  const tallies = new Map<string, Tally>();
  const byLocation = new Map<number, Tally>();
  // Intake dynamics per care type (crisis apart, as the rates).
  const intakes = new Map<string, IntakeTally>();
  for (const t of index.timelines.values()) {
    const intakeKey = groupKey(t.careType, t.crisis);
    const intake = intakes.get(intakeKey) ?? emptyIntakeTally();
    intakes.set(intakeKey, intake);
    addIntakes(intake, t, end);
    const tally = tallyLocation(t, end, announced.get(t.id));
    byLocation.set(t.id, tally);
    const key = groupKey(t.careType, t.crisis);
    const group = tallies.get(key) ?? emptyTally();
    tallies.set(key, group);
    addTally(group, tally);
  }

  // The same estimator on the weeks before each week of the last year: how far off the group's rates tend to be.
  const fitRates = (counts: RateCounts, careType: CareType, crisis: boolean) => {
    const rates = groupParameters({ ...emptyTally(), ...counts }, careType, crisis);
    return { exit: rates.exitRate[0] ?? 0, fill: rates.fillRate };
  };
  const spread = fitRateSpread(index, end, announced, fitRates, FORECAST_WEEKS);
  const groups: Record<string, GroupParameters> = {};
  for (const careType of CARE_TYPES) {
    for (const crisis of [false, true]) {
      const key = groupKey(careType, crisis);
      const rateSpread = spread[key] ?? NO_SPREAD;
      const intake = fitIntakeDynamics(intakes.get(key) ?? emptyIntakeTally());
      groups[key] = { ...groupParameters(tallies.get(key), careType, crisis), rateSpread, intake };
    }
  }
  const locations: ForecastModel["locations"] = {};
  for (const t of index.timelines.values()) {
    const own = byLocation.get(t.id) as Tally;
    const group = tallies.get(groupKey(t.careType, t.crisis)) as Tally;
    locations[t.id] = locationPace(own, group);
  }
  return {
    fittedUntil: until.toISOString(),
    groups,
    locations,
    realisation: fitRealisation(index, end, realisedAt),
  };
}

/** A location's place-weeks, exits and intakes before `end`; `marks`: which of them a planned move announced. */
function tallyLocation(t: Timeline, end: number, marks: Announced | undefined): Tally {
  const tally = emptyTally();
  forEachStretch(t, end, (from, to, taken, free) => {
    tally.occupiedWeeks += (taken * (to - from)) / WEEK_MS;
    addByMonth(tally.freeWeeks, from, to, free);
  });
  t.exits.forEach((at, i) => {
    if (at >= end) return;
    tally.allExits++;
    const move = marks?.exits.get(i);
    if (move === undefined) tally.exits++;
    else addUnseen(tally.exitsLater, move, at);
  });
  t.intakes.forEach((at, i) => {
    if (at >= end) return;
    tally.allIntakes++;
    const move = marks?.intakes.get(i);
    if (move !== undefined) addUnseen(tally.intakesLater, move, at);
    else {
      const month = new Date(at).getUTCMonth();
      tally.intakes[month] = (tally.intakes[month] as number) + 1;
    }
  });
  return tally;
}

/**
 * A location's own pace against its group's: its exits (intakes) over what the group's rate predicts for its
 * occupied (free) time, shrunk towards 1. Locations differ (a group that is always full fills a place sooner), and
 * over weeks ahead the slow ones would otherwise be forecast to fill as fast as the rest.
 */
function locationPace(own: Tally, group: Tally): { exit: number; fill: number } {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const exitRate = group.occupiedWeeks > 0 ? group.allExits / group.occupiedWeeks : 0;
  const groupFreeWeeks = sum(group.freeWeeks);
  const fillRate = groupFreeWeeks > 0 ? group.allIntakes / groupFreeWeeks : 0;
  const ratio = (seen: number, expected: number) => (seen + PACE_PRIOR_EVENTS) / (expected + PACE_PRIOR_EVENTS);
  return {
    exit: ratio(own.allExits, own.occupiedWeeks * exitRate),
    fill: ratio(own.allIntakes, sum(own.freeWeeks) * fillRate),
  };
}

/** A group without history: nothing to tell how far off its (prior) rates are. */
const NO_SPREAD = { exit: [0], fill: [0] };

function groupParameters(
  tally: Tally | undefined,
  careType: CareType,
  crisis: boolean,
): Omit<GroupParameters, "rateSpread"> {
  const priorExit = 1 / (crisis ? PRIOR_CRISIS_STAY_WEEKS : PRIOR_STAY_WEEKS[careType]);
  const priorFill = crisis ? PRIOR_CRISIS_FILL_RATE : PRIOR_FILL_RATE;
  const occupiedWeeks = tally?.occupiedWeeks ?? 0;
  const exits = tally?.exits ?? 0;
  const exitsLater = tally?.exitsLater ?? new Array<number>(FORECAST_WEEKS).fill(0);
  const intakesLater = tally?.intakesLater ?? new Array<number>(FORECAST_WEEKS).fill(0);
  const freeWeeks = tally?.freeWeeks ?? new Array<number>(12).fill(0);
  const intakes = tally?.intakes ?? new Array<number>(12).fill(0);
  const totalFreeWeeks = freeWeeks.reduce((a, b) => a + b, 0);
  const totalIntakes = intakes.reduce((a, b) => a + b, 0);
  const overallFill = (totalIntakes + FILL_PRIOR_WEEKS * priorFill) / (totalFreeWeeks + FILL_PRIOR_WEEKS);
  return {
    exitRate: exitsLater.map(
      (later) => (exits + later + EXIT_PRIOR_WEEKS * priorExit) / (occupiedWeeks + EXIT_PRIOR_WEEKS),
    ),
    fillRate: freeWeeks.map(
      (weeks, m) => ((intakes[m] as number) + MONTH_PRIOR_INTAKES) / (weeks + MONTH_PRIOR_INTAKES / overallFill),
    ),
    fillAhead: intakesLater.map((later) => (totalIntakes + later + 1) / (totalIntakes + 1)),
    basis: { occupiedWeeks, exits, freeWeeks: totalFreeWeeks, intakes: totalIntakes },
  };
}

/** Adds `places` x the time between from and to, in weeks, to the calendar months (UTC) it falls in. */
function addByMonth(byMonth: number[], from: number, to: number, places: number): void {
  if (places <= 0) return;
  let t = from;
  while (t < to) {
    const d = new Date(t);
    const month = d.getUTCMonth();
    const next = Math.min(to, Date.UTC(d.getUTCFullYear(), month + 1, 1));
    byMonth[month] = (byMonth[month] as number) + (places * (next - t)) / WEEK_MS;
    t = next;
  }
}

/**
 * Registrations as forecasts meet them: every moment a version was open (registered or moved, not yet cancelled or
 * replaced, dated today or later) is an origin at which a forecast relied on it. Per lead bucket this adds up those
 * moments (in days) and, per offset of the real exit (intake) from the version's date, the moments after which it
 * still came. Integrating over the open time counts a plan left open after its exit as not realised for that part,
 * and a short-lived version (e.g. re-dated on the day itself) weighs only as long as it was open.
 */
function fitRealisation(
  index: HistoryIndex,
  end: number,
  realisedAt: ReadonlyMap<object, number>,
): ForecastModel["realisation"] {
  const bins = 2 * MATCH_WINDOW_DAYS + 1;
  const tallies = new Map<string, { days: number; byOffset: number[] }[]>();
  const tallyOf = (key: string) => {
    let t = tallies.get(key);
    if (!t) {
      t = LEAD_BUCKET_DAYS.map(() => ({ days: 0, byOffset: new Array<number>(bins).fill(0) }));
      tallies.set(key, t);
    }
    return t;
  };
  for (const move of index.moves) {
    const known = lastKnown(move, end);
    if (!known) continue;
    const cancelled = move.cancelledAt !== null && move.cancelledAt < end;
    if (!cancelled && known.day + MATCH_WINDOW_DAYS * DAY_MS >= end) continue;
    const at = cancelled ? undefined : realisedAt.get(move);
    move.versions.forEach((v, i) => {
      // Open from its registration until replaced, cancelled or the end of its date.
      const opens = v.at;
      const closes = Math.min(move.versions[i + 1]?.at ?? end, move.cancelledAt ?? end, v.day + DAY_MS / 2, end);
      if (closes <= opens) return;
      const buckets = tallyOf(`${move.direction}:${v.certainty}`);
      const offset = at === undefined ? Infinity : Math.round((at - v.day) / DAY_MS);
      LEAD_BUCKET_DAYS.forEach((fromDays, b) => {
        const toDays = LEAD_BUCKET_DAYS[b + 1] ?? Infinity;
        // Origins o with lead (v.day - o) in [fromDays, toDays); the first bucket takes every shorter lead too.
        const from = Math.max(opens, v.day - toDays * DAY_MS);
        const to = b === 0 ? closes : Math.min(closes, v.day - fromDays * DAY_MS);
        if (to <= from) return;
        const bucket = buckets[b] as { days: number; byOffset: number[] };
        bucket.days += (to - from) / DAY_MS;
        if (at !== undefined && Math.abs(offset) <= MATCH_WINDOW_DAYS && at > from) {
          const k = offset + MATCH_WINDOW_DAYS;
          bucket.byOffset[k] = (bucket.byOffset[k] as number) + (Math.min(to, at) - from) / DAY_MS;
        }
      });
    });
  }
  const realisation = {} as ForecastModel["realisation"];
  for (const direction of PLAN_DIRECTIONS) {
    realisation[direction] = {} as Record<Certainty, RealisationParameters>;
    for (const certainty of CERTAINTIES) {
      const prior = priorOffsets(certainty);
      const buckets = tallies.get(`${direction}:${certainty}`);
      realisation[direction][certainty] = {
        byLead: LEAD_BUCKET_DAYS.map((fromDays, b) => {
          const t = buckets?.[b] ?? { days: 0, byOffset: new Array<number>(bins).fill(0) };
          const weight = t.days + REALISATION_PRIOR_DAYS;
          const byOffsetDay = t.byOffset.map((n, i) => (n + REALISATION_PRIOR_DAYS * (prior[i] as number)) / weight);
          return { fromDays, byOffsetDay, observedDays: t.days };
        }),
      };
    }
  }
  return realisation;
}

/** Prior: the chance of the certainty, spread as a triangle around the expected date. */
function priorOffsets(certainty: Certainty): number[] {
  const { chance, spreadDays } = PRIOR_REALISATION[certainty];
  const weights = Array.from({ length: 2 * MATCH_WINDOW_DAYS + 1 }, (_, i) =>
    Math.max(0, spreadDays + 1 - Math.abs(i - MATCH_WINDOW_DAYS)),
  );
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (chance * w) / total);
}
