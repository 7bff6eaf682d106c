// Tallies of forecasts against what happened, per weeks ahead: the backtest's rows and the accuracy users see beside
// a forecast (#23 item 6). Pure.
import { FORECAST_WEEKS } from "../schemas/forecast.js";

/** One forecast of a location or a sum, at `h` weeks ahead, and what happened. */
export interface Outcome {
  h: number;
  model: number;
  persistence: number;
  planned: number;
  combined: number;
  actual: number;
  /** The 80% band shown (null: too little history for one), and the model's own 80% interval where computed. */
  band: { low: number; high: number } | null;
  modelBand: { low: number; high: number } | null;
}

/** How well the forecast did at one weeks-ahead: what the API sends beside a forecast. */
export interface Accuracy {
  weeksAhead: number;
  forecasts: number;
  /** Mean absolute error of the forecast shown (the combination), of the model alone, and of "nothing changes". */
  mae: number;
  maeModel: number;
  maePersistence: number;
  /** Share of what happened inside the 80% band, over the forecasts that had a band from history; null: none had. */
  inside: number | null;
}

/** The weeks ahead whose accuracy is sent beside a forecast. */
export const ACCURACY_WEEKS = [1, 2, 4, 8, 12] as const;

const STATS = [
  "n",
  "model",
  "combined",
  "persistence",
  "planned",
  "bias",
  "banded",
  "inside",
  "modelBanded",
  "modelInside",
] as const;
type Stat = (typeof STATS)[number];

export class AccuracyTally {
  private readonly byWeek = Array.from({ length: FORECAST_WEEKS + 1 }, () => new Float64Array(STATS.length));

  add(o: Outcome): void {
    const s = this.byWeek[o.h];
    if (!s) return;
    // Indices in STATS order; add() runs for every forecast of every origin, so no lookups by name here.
    s[0] = (s[0] as number) + 1;
    s[1] = (s[1] as number) + Math.abs(o.model - o.actual);
    s[2] = (s[2] as number) + Math.abs(o.combined - o.actual);
    s[3] = (s[3] as number) + Math.abs(o.persistence - o.actual);
    s[4] = (s[4] as number) + Math.abs(o.planned - o.actual);
    s[5] = (s[5] as number) + o.combined - o.actual;
    if (o.band) {
      s[6] = (s[6] as number) + 1;
      if (o.actual >= o.band.low && o.actual <= o.band.high) s[7] = (s[7] as number) + 1;
    }
    if (o.modelBand) {
      s[8] = (s[8] as number) + 1;
      if (o.actual >= o.modelBand.low && o.actual <= o.modelBand.high) s[9] = (s[9] as number) + 1;
    }
  }

  /** Totals at h weeks ahead; null when nothing was compared there. */
  at(h: number): Record<Stat, number> | null {
    const s = this.byWeek[h];
    if (!s || s[0] === 0) return null;
    return Object.fromEntries(STATS.map((k, i) => [k, s[i] as number])) as Record<Stat, number>;
  }

  summary(weeks: readonly number[] = ACCURACY_WEEKS): Accuracy[] {
    const out: Accuracy[] = [];
    for (const h of weeks) {
      const s = this.at(h);
      if (!s) continue;
      out.push({
        weeksAhead: h,
        forecasts: s.n,
        mae: s.combined / s.n,
        maeModel: s.model / s.n,
        maePersistence: s.persistence / s.n,
        inside: s.banded > 0 ? s.inside / s.banded : null,
      });
    }
    return out;
  }
}

/** The backtest's tallies, keyed by care type ("alle": all): of each location, and of the sums over the region. */
export interface Tallies {
  locations: Map<string, AccuracyTally>;
  regional: Map<string, AccuracyTally>;
}
