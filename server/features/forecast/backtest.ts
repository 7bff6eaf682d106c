// The forecast backtest: the rolling-origin evaluation (shared/rules/forecast-evaluation.ts) over a history, reported
// for the origins of its last year. At every origin only what was known then is used: the counts and planning events
// before it, a model fitted on the history before it, and weights and bands learned from the forecasts whose target
// had passed. Pure: it takes the history as data (the CLI reads a file or builds the demo history).
import { CARE_TYPES, type CareType, type LocationMunicipality } from "../../../shared/domain.js";
import type { HistoryInput } from "../../../shared/rules/forecast.js";
import { RollingEvaluation } from "../../../shared/rules/forecast-evaluation.js";
import { indexHistory, WEEK_MS } from "../../../shared/rules/forecast-history.js";
import type { AccuracyTally } from "../../../shared/rules/forecast-tally.js";

export interface BacktestOptions {
  /** The last origin; default: the latest from which the longest horizon still ends inside the history. */
  end?: Date;
  /** Weeks between the reported origins (default 1) and how far back they go (default 52). */
  stepWeeks?: number;
  spanWeeks?: number;
  /** Weeks ahead to check (default 1, 2, 4, 8). */
  horizons?: number[];
  /** Weeks between refits of the model (default 4). */
  refitWeeks?: number;
  /** The model's own 80% interval of sums (a convolution per sum: slower). Default true. */
  modelBands?: boolean;
}

/** Errors in free places, for one care type (null: all) and one horizon. */
export interface BacktestRow {
  careType: CareType | null;
  weeksAhead: number;
  /** Number of forecasts compared with what happened. */
  forecasts: number;
  /** Mean absolute error of the model's expected value, of the combination (what users see), of "free stays as it
   * is" and of "free now + known moves". */
  model: number;
  combination: number;
  persistence: number;
  plannedOnly: number;
  /** Mean of the combination minus actual: above 0, it expects too many free places. */
  bias: number;
  /** Share of forecasts whose band came from enough past errors, and the share of actual values inside those bands. */
  calibrated: number;
  coverage: number | null;
  /** Share inside the model's own 80% interval (before calibration); null where not computed. */
  modelCoverage: number | null;
}

export interface BacktestResult {
  origins: string[];
  /** Each location's forecast against its own free places. */
  locations: BacktestRow[];
  /** The sum per care type (the monitor's figures) against the sum of actual free places. */
  regional: BacktestRow[];
}

/** A history's first event: nothing can be forecast before it. */
const firstEvent = (history: HistoryInput) =>
  history.events.reduce((min, e) => Math.min(min, e.at.getTime()), Infinity);

export function runBacktest(
  history: HistoryInput,
  municipalities: ReadonlyMap<number, LocationMunicipality>,
  options: BacktestOptions = {},
): BacktestResult {
  const horizons = options.horizons ?? [1, 2, 4, 8];
  const lastEvent = history.events.reduce((max, e) => Math.max(max, e.at.getTime()), 0);
  const last = options.end?.getTime() ?? lastEvent - Math.max(...horizons) * WEEK_MS;
  const step = options.stepWeeks ?? 1;
  const span = options.spanWeeks ?? 52;
  // The evaluation starts four weeks into the history (a model needs some) and learns until the reported origins.
  const first = Math.min(firstEvent(history) + 4 * WEEK_MS, last);
  const from = last - (Math.floor(span / step) - 1) * step * WEEK_MS;
  const evaluation = new RollingEvaluation(indexHistory(history), municipalities, {
    first,
    last,
    asOf: lastEvent,
    refitWeeks: options.refitWeeks ?? 4,
    accuracyWeeks: 26,
    report: { from, stepWeeks: step, horizons, modelBands: options.modelBands ?? true },
  }).run();
  const origins = evaluation.origins.filter((o) => o >= from && Math.round((last - o) / WEEK_MS) % step === 0);
  return {
    origins: origins.map((o) => new Date(o).toISOString()),
    locations: rows(evaluation.tallies.locations, horizons),
    regional: rows(evaluation.tallies.regional, horizons),
  };
}

function rows(tallies: Map<string, AccuracyTally>, horizons: number[]): BacktestRow[] {
  const out: BacktestRow[] = [];
  for (const careType of [null, ...CARE_TYPES]) {
    for (const weeksAhead of horizons) {
      const t = tallies.get(careType ?? "alle")?.at(weeksAhead);
      if (!t) continue;
      out.push({
        careType,
        weeksAhead,
        forecasts: t.n,
        model: t.model / t.n,
        combination: t.combined / t.n,
        persistence: t.persistence / t.n,
        plannedOnly: t.planned / t.n,
        bias: t.bias / t.n,
        calibrated: t.banded / t.n,
        coverage: t.banded > 0 ? t.inside / t.banded : null,
        modelCoverage: t.modelBanded > 0 ? t.modelInside / t.modelBanded : null,
      });
    }
  }
  return out;
}

const share = (x: number | null) => (x === null ? "–" : `${(100 * x).toFixed(1)}%`);

/** A markdown table, as in docs/forecast-accuracy.md. */
export function formatBacktest(rows: readonly BacktestRow[]): string {
  const lines = [
    "| zorgvorm | weeks | forecasts | MAE model | MAE combination | MAE persistence | MAE planned only | bias | band from history | in 80% band | in model's 80% interval |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const r of rows) {
    const errors = [r.model, r.combination, r.persistence, r.plannedOnly, r.bias].map((e) => e.toFixed(2));
    const cells = [r.careType ?? "alle", r.weeksAhead, r.forecasts, ...errors, share(r.calibrated)];
    lines.push(`| ${[...cells, share(r.coverage), share(r.modelCoverage)].join(" | ")} |`);
  }
  return lines.join("\n");
}
