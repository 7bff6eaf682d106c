// The forecast backtest: replays the history with rolling origins and compares each forecast with what happened.
// At every origin only what was known then is used: the counts and planning events before it, and a model fitted on
// the history before it. Pure: it takes the history as data (the CLI builds the demo history, no database needed).
import { CARE_TYPES, type CareType, type LocationMunicipality } from "../../../shared/domain.js";
import {
  aggregateForecast,
  forecastLocation,
  type HistoryInput,
  type LocationDistribution,
} from "../../../shared/rules/forecast.js";
import { sumDistribution } from "../../../shared/rules/forecast-aggregate.js";
import { interval80, mean, quantile } from "../../../shared/rules/forecast-distribution.js";
import { fitFromIndex } from "../../../shared/rules/forecast-fit.js";
import {
  freeAt,
  type HistoryIndex,
  indexHistory,
  openMovesAt,
  stateAt,
  WEEK_MS,
} from "../../../shared/rules/forecast-history.js";

export interface BacktestOptions {
  /** The last origin; default: the latest from which the longest horizon still ends inside the history. */
  end?: Date;
  /** Weeks between origins (default 2) and how far back they go (default 52). */
  stepWeeks?: number;
  spanWeeks?: number;
  /** Weeks ahead to check (default 1, 2, 4, 8). */
  horizons?: number[];
}

/** Errors in free places, for one care type (null: all) and one horizon. */
export interface BacktestRow {
  careType: CareType | null;
  weeksAhead: number;
  /** Number of forecasts compared with what happened. */
  forecasts: number;
  /** Mean absolute error of the expected value, of "free stays as it is", and of "free now + known moves". */
  model: number;
  persistence: number;
  plannedOnly: number;
  /** The same for the median of the forecast (the best single number for this error measure). */
  modelMedian: number;
  /** Mean of expected minus actual: above 0, the model expects too many free places. */
  bias: number;
  /** Share of actual values inside the 80% interval. */
  coverage: number;
  /**
   * Calibration: the chance a randomised PIT (the forecast's CDF at the actual value, spread over the value's own
   * probability) lands in 10-90%. 80% when calibrated, even for small counts where whole-number intervals hold more.
   */
  calibration: number;
}

export interface BacktestResult {
  origins: string[];
  /** Each location's forecast against its own free places. */
  locations: BacktestRow[];
  /** The sum per care type (the monitor's figures) against the sum of actual free places. */
  regional: BacktestRow[];
}

interface Tally {
  n: number;
  model: number;
  persistence: number;
  plannedOnly: number;
  modelMedian: number;
  bias: number;
  inside: number;
  calibrated: number;
}

interface Predicted {
  expected: number;
  median: number;
  low: number;
  high: number;
  /** P(free < actual) and P(free <= actual). */
  below: number;
  atOrBelow: number;
}

/** One forecast (of one week) and what happened. */
interface Outcome {
  d: LocationDistribution;
  actual: number;
  plannedOnly: number;
  persistence: number;
  predicted: Predicted;
}

export function runBacktest(
  history: HistoryInput,
  municipalities: ReadonlyMap<number, LocationMunicipality>,
  options: BacktestOptions = {},
): BacktestResult {
  const index = indexHistory(history);
  const horizons = options.horizons ?? [1, 2, 4, 8];
  const lastEvent = history.events.reduce((max, e) => Math.max(max, e.at.getTime()), 0);
  const end = options.end?.getTime() ?? lastEvent - Math.max(...horizons) * WEEK_MS;
  const step = (options.stepWeeks ?? 2) * WEEK_MS;
  const count = Math.max(1, Math.floor(((options.spanWeeks ?? 52) * WEEK_MS) / step));
  const origins = Array.from({ length: count }, (_, k) => end - (count - 1 - k) * step);

  const tallies = { locations: new Map<string, Tally>(), regional: new Map<string, Tally>() };
  for (const origin of origins) {
    const outcomes = replay(index, municipalities, origin, horizons);
    horizons.forEach((h, i) => {
      const atHorizon = outcomes[i] ?? [];
      for (const o of atHorizon) {
        for (const careType of [o.d.careType, null])
          add(tallies.locations, `${careType ?? "alle"}:${h}`, o.predicted, o);
      }
      for (const careType of [...CARE_TYPES, null]) addRegional(tallies.regional, careType, h, atHorizon);
    });
  }
  return {
    origins: origins.map((o) => new Date(o).toISOString()),
    locations: rows(tallies.locations, horizons),
    regional: rows(tallies.regional, horizons),
  };
}

/** Every location's forecast from one origin, with what happened `h` weeks later, per horizon. */
function replay(
  index: HistoryIndex,
  municipalities: ReadonlyMap<number, LocationMunicipality>,
  origin: number,
  horizons: number[],
): Outcome[][] {
  const model = fitFromIndex(index, new Date(origin));
  const outcomes = horizons.map(() => [] as Outcome[]);
  for (const timeline of index.timelines.values()) {
    const state = stateAt(timeline, origin, municipalities.get(timeline.id) ?? "Enschede");
    if (!state) continue;
    const planned = openMovesAt(index.movesByLocation.get(timeline.id) ?? [], origin);
    const d = forecastLocation(model, state, planned, new Date(origin), Math.max(...horizons));
    const known = timeline.at[timeline.at.length - 1] as number;
    horizons.forEach((h, i) => {
      // A stale location's counts after its last event are unknown, so they are not compared.
      const target = origin + h * WEEK_MS;
      if (target > known) return;
      const week = d.weeks[h - 1] as LocationDistribution["weeks"][number];
      const byDate = (direction: string) =>
        planned.filter((m) => m.direction === direction && m.certainty !== "onzeker" && m.expectedDate <= week.date)
          .length;
      const plannedOnly = Math.min(d.capacity, Math.max(0, d.freeNow + byDate("uitstroom") - byDate("instroom")));
      const actual = freeAt(timeline, target) ?? 0;
      const predicted = predict(week.p, 0, mean(week.p), actual);
      outcomes[i]?.push({ d: { ...d, weeks: [week] }, actual, plannedOnly, persistence: d.freeNow, predicted });
    });
  }
  return outcomes;
}

/**
 * The sum over a care type (null: all): the interval as the monitor shows it, median and PIT from the distribution
 * it comes from (the locations' sum with the spread they share).
 */
function addRegional(tallies: Map<string, Tally>, careType: CareType | null, h: number, outcomes: Outcome[]): void {
  const members = outcomes.filter((o) => careType === null || o.d.careType === careType);
  const [week] = aggregateForecast(
    members.map((o) => o.d),
    careType,
    null,
  ).weeks;
  if (!week) return;
  const sum = (f: (o: Outcome) => number) => members.reduce((total, o) => total + f(o), 0);
  const actual = sum((o) => o.actual);
  const together = sumDistribution(
    members.map((o) => o.d),
    0,
  );
  const predicted = { ...predict(together.p, together.offset, week.expected, actual), low: week.low, high: week.high };
  const total = { actual, plannedOnly: sum((o) => o.plannedOnly), persistence: sum((o) => o.persistence) };
  add(tallies, `${careType ?? "alle"}:${h}`, predicted, total);
}

/** What a distribution (value = offset + index) says about one actual value. */
function predict(p: Float64Array, offset: number, expected: number, actual: number): Predicted {
  let below = 0;
  for (let k = 0; k < p.length && offset + k < actual; k++) below += p[k] as number;
  const at = actual - offset >= 0 && actual - offset < p.length ? (p[actual - offset] as number) : 0;
  return {
    expected,
    median: offset + quantile(p, 0.5),
    low: offset + interval80(p).low,
    high: offset + interval80(p).high,
    below,
    atOrBelow: below + at,
  };
}

function add(
  tallies: Map<string, Tally>,
  key: string,
  predicted: Predicted,
  outcome: { actual: number; plannedOnly: number; persistence: number },
): void {
  let t = tallies.get(key);
  if (!t) {
    t = { n: 0, model: 0, persistence: 0, plannedOnly: 0, modelMedian: 0, bias: 0, inside: 0, calibrated: 0 };
    tallies.set(key, t);
  }
  const { actual } = outcome;
  t.n++;
  t.model += Math.abs(predicted.expected - actual);
  t.bias += predicted.expected - actual;
  t.modelMedian += Math.abs(predicted.median - actual);
  t.persistence += Math.abs(outcome.persistence - actual);
  t.plannedOnly += Math.abs(outcome.plannedOnly - actual);
  if (actual >= predicted.low && actual <= predicted.high) t.inside++;
  const { below, atOrBelow } = predicted;
  const width = atOrBelow - below;
  t.calibrated +=
    width > 1e-12
      ? Math.max(0, Math.min(0.9, atOrBelow) - Math.max(0.1, below)) / width
      : +(below >= 0.1 && below <= 0.9);
}

function rows(tallies: Map<string, Tally>, horizons: number[]): BacktestRow[] {
  const out: BacktestRow[] = [];
  for (const careType of [null, ...CARE_TYPES]) {
    for (const weeksAhead of horizons) {
      const t = tallies.get(`${careType ?? "alle"}:${weeksAhead}`);
      if (!t) continue;
      out.push({
        careType,
        weeksAhead,
        forecasts: t.n,
        model: t.model / t.n,
        persistence: t.persistence / t.n,
        plannedOnly: t.plannedOnly / t.n,
        modelMedian: t.modelMedian / t.n,
        bias: t.bias / t.n,
        coverage: t.inside / t.n,
        calibration: t.calibrated / t.n,
      });
    }
  }
  return out;
}

/** A markdown table, as in the README. */
export function formatBacktest(rows: readonly BacktestRow[]): string {
  const lines = [
    "| zorgvorm | weeks | forecasts | MAE model | MAE persistence | MAE planned only | MAE median | bias | in 80% interval | PIT in 10-90% |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const r of rows) {
    const errors = [r.model, r.persistence, r.plannedOnly, r.modelMedian, r.bias].map((e) => e.toFixed(3));
    const shares = [r.coverage, r.calibration].map((x) => `${(100 * x).toFixed(1)}%`);
    const cells = [r.careType ?? "alle", r.weeksAhead, r.forecasts, ...errors, ...shares];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}
