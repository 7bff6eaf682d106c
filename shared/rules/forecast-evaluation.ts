// The rolling-origin evaluation (#23): the forecast replayed every week over the history, each time with only what was
// known then (the model refitted on the history before it every few weeks), and compared with what happened. Origin by
// origin, in time order, the comparisons whose target has passed teach the combination weights and the 80% bands that
// the next origins use (forecast-calibration.ts), so every forecast here is out of sample. What it learns by the last
// origin is the Calibration the live forecast uses; what it tallies is the backtest and the accuracy users see.
import { CARE_TYPES, type CareType, type LocationMunicipality } from "../domain.js";
import { FORECAST_WEEKS } from "../schemas/forecast.js";
import { forecastFromLastReport, type LocationDistribution } from "./forecast.js";
import { sumDistribution } from "./forecast-aggregate.js";
import {
  ABOVE,
  type BandLevel,
  type BandQuantiles,
  BELOW,
  bandKey,
  bandOf,
  chooseWeights,
  combine,
  gainT,
  INSIDE,
  MIN_WEIGHT_RECORDS,
  NO_BAND,
  type PastSum,
  PERSISTENCE,
  requiredT,
  ScoreStore,
  scaleOf,
  WEIGHT_WINDOW_WEEKS,
  type Weights,
} from "./forecast-calibration.js";
import { interval80, mean, variance } from "./forecast-distribution.js";
import { fitFromIndex } from "./forecast-fit.js";
import {
  freeAt,
  type HistoryIndex,
  openMovesAt,
  reportingAt,
  stateAt,
  unreportedWeeks,
  WEEK_MS,
} from "./forecast-history.js";
import { type Accuracy, AccuracyTally, type Tallies } from "./forecast-tally.js";

export interface EvaluationOptions {
  /** First and last origin (ms); origins are a week apart, counted back from `last`. */
  first: number;
  last: number;
  /** What the calibration is as of (ms): comparisons whose target is later are not known yet. */
  asOf: number;
  /** Weeks between refits of the model (a refit costs more than a forecast of every location). */
  refitWeeks: number;
  /** Accuracy shown to users: forecasts whose target lies within this many weeks before asOf. */
  accuracyWeeks: number;
  /** The backtest's tallies: origins from `from` on, every `step` weeks back from `last`, at these weeks ahead. */
  report?: { from: number; stepWeeks: number; horizons: readonly number[]; modelBands: boolean };
}

/** What the live forecast needs: plain data, can be cached and sent. */
export interface Calibration {
  asOf: string;
  origins: number;
  /** Per care type, per week ahead (index 0 = week 1): the weights of model, persistence and planned only. */
  weights: Record<CareType, Weights[]>;
  /** Per bandKey(level, care type), per week ahead: the scaled-error quantiles of the 80% band; null: too few. */
  bands: Record<string, (BandQuantiles | null)[]>;
  /** Over the last accuracyWeeks, per group key (`careType|municipality`, empty for all) and per location id. */
  accuracy: Record<string, Accuracy[]>;
  locationAccuracy: Record<string, Accuracy[]>;
}

/** One forecast of a group (a location or a sum) at one week ahead, waiting for its target to pass. */
interface Pending {
  group: string;
  level: BandLevel;
  careType: CareType | null;
  locationId: number | null;
  origin: number;
  h: number;
  model: number;
  persistence: number;
  planned: number;
  combined: number;
  scale: number;
  capacity: number;
  band: { low: number; high: number } | null;
  modelBand: { low: number; high: number } | null;
  actual: number;
}

/** Group keys a location adds to: the region, its care type, its gemeente, and the two together. */
const groupKeys = (c: CareType, m: LocationMunicipality) => ["|", `${c}|`, `|${m}`, `${c}|${m}`];
const levelOf = (key: string): { level: BandLevel; careType: CareType | null } => {
  const [c, m] = key.split("|") as [string, string];
  const careType = (c || null) as CareType | null;
  if (m) return { level: "cell", careType };
  return { level: careType ? "careType" : "total", careType };
};

/** A running sum of a group at one week ahead: a class with fixed fields, as it is added to in the hot loop. */
class Sum {
  model = 0;
  persistence = 0;
  planned = 0;
  combined = 0;
  variance = 0;
  capacity = 0;
  actual = 0;
  count = 0;
  /** Per rate group: the locations' shift by their group's shared rate error (forecast-aggregate.ts). */
  readonly shared = new Map<string, { exit: number; fill: number }>();
  readonly members: LocationDistribution[] = [];
}

export class RollingEvaluation {
  private readonly scores = new ScoreStore();
  private readonly past = new Map<string, PastSum[]>();
  private readonly accuracy = new Map<string | number, AccuracyTally>();
  private readonly locationAccuracy = new Map<string | number, AccuracyTally>();
  /** Every sample-th location (by id) feeds the location-level band: about 1,000 of them. */
  private readonly sample: number;
  readonly tallies: Tallies = { locations: new Map(), regional: new Map() };
  readonly origins: number[] = [];
  private model: ReturnType<typeof fitFromIndex> | undefined;
  private weights: Record<CareType, Weights[]> | undefined;
  private readonly locationBands = new Map<string, (BandQuantiles | null)[]>();

  constructor(
    private readonly index: HistoryIndex,
    private readonly municipalities: ReadonlyMap<number, LocationMunicipality>,
    private readonly options: EvaluationOptions,
  ) {
    this.sample = Math.max(1, Math.ceil(index.timelines.size / 1000));
    const count = Math.max(1, Math.floor((options.last - options.first) / WEEK_MS) + 1);
    for (let k = count - 1; k >= 0; k--) this.origins.push(options.last - k * WEEK_MS);
  }

  /** Runs the evaluation in slices (one per origin, and the refits apart), so a server can yield between them. */
  *steps(): Generator<void> {
    for (const [k, origin] of this.origins.entries()) {
      if (!this.model || k % this.options.refitWeeks === 0) {
        this.model = fitFromIndex(this.index, new Date(origin));
        // Weights and the location-level band are relearned with the model: each costs a search over many errors.
        this.weights = this.weightsAt(origin);
        this.locationBands.clear();
        yield;
      }
      yield* this.forecastFrom(origin);
    }
  }

  run(): this {
    for (const _ of this.steps());
    return this;
  }

  /**
   * The weights for each care type and week ahead, from the sums whose target passed by `now`. The region total is
   * the sum of the care types' combinations: unless that sum beat persistence on the past totals as clearly as one
   * combination as far from persistence must (the care types' small gains can share one direction and add up to a
   * loss; a bare "not worse" let the total be 4-7% worse out of sample on the regime-shift world), every care type
   * keeps persistence there.
   */
  private weightsAt(now: number): Record<CareType, Weights[]> {
    const from = now - WEIGHT_WINDOW_WEEKS * WEEK_MS;
    const out = {} as Record<CareType, Weights[]>;
    const recent = (c: CareType, h: number) =>
      (this.past.get(`${c}:${h}`) ?? []).filter((r) => r.target > from && r.target <= now);
    for (const c of CARE_TYPES) {
      out[c] = Array.from({ length: FORECAST_WEEKS }, (_, i) => chooseWeights(recent(c, i + 1), i + 1));
    }
    for (let h = 1; h <= FORECAST_WEEKS; h++) {
      const totals = new Map<number, { combined: number; persistence: number; actual: number }>();
      let persistenceWeight = 0;
      for (const c of CARE_TYPES) {
        const w = out[c][h - 1] as Weights;
        persistenceWeight += w[1] / CARE_TYPES.length;
        for (const r of recent(c, h)) {
          const t = totals.get(r.target) ?? { combined: 0, persistence: 0, actual: 0 };
          t.combined += combine(w, r.model, r.persistence, r.planned);
          t.persistence += r.persistence;
          t.actual += r.actual;
          totals.set(r.target, t);
        }
      }
      if (totals.size < MIN_WEIGHT_RECORDS || persistenceWeight > 1 - 1e-9) continue;
      // The total must gain as clearly as one combination as far from persistence as the care types are on average.
      const gains = [...totals.values()].map(
        (t) => Math.abs(t.persistence - t.actual) - Math.abs(t.combined - t.actual),
      );
      if (gainT(gains, h) < requiredT(persistenceWeight)) {
        for (const c of CARE_TYPES) out[c][h - 1] = PERSISTENCE;
      }
    }
    return out;
  }

  /** Forecasts every location from `origin` and records them with what happened; yields every 200 locations. */
  private *forecastFrom(origin: number): Generator<void> {
    const { model, weights } = this;
    if (!model || !weights) return;
    const bands = new Map<string, (BandQuantiles | null)[]>();
    const bandAt = (key: string, h: number) => {
      const cache = key.startsWith("location:") ? this.locationBands : bands;
      let byWeek = cache.get(key);
      if (!byWeek) {
        byWeek = Array.from({ length: FORECAST_WEEKS }, (_, i) => this.scores.quantiles(key, i + 1, origin));
        cache.set(key, byWeek);
      }
      return byWeek[h - 1] ?? null;
    };
    // Per group key, one running sum per week ahead.
    const sums = new Map<string, Sum[]>();
    const sumsOf = (key: string) => {
      let list = sums.get(key);
      if (!list) {
        list = Array.from({ length: FORECAST_WEEKS }, () => new Sum());
        sums.set(key, list);
      }
      return list;
    };
    let done = 0;
    for (const timeline of this.index.timelines.values()) {
      if (++done % 200 === 0) yield;
      const municipality = this.municipalities.get(timeline.id) ?? "Enschede";
      const state = stateAt(timeline, origin, municipality);
      if (!state) continue;
      const planned = openMovesAt(this.index.movesByLocation.get(timeline.id) ?? [], origin);
      const unreported = unreportedWeeks(reportingAt(timeline, origin), origin);
      const d = forecastFromLastReport(model, state, planned, new Date(origin), unreported, FORECAST_WEEKS);
      const known = timeline.at[timeline.at.length - 1] as number;
      const groups = groupKeys(d.careType, municipality).map(sumsOf);
      for (let h = 1; h <= FORECAST_WEEKS; h++) {
        const target = origin + h * WEEK_MS;
        // A location's counts after its last event are unknown (closed, or the history ends): not compared.
        if (target > known) continue;
        const week = d.weeks[h - 1] as LocationDistribution["weeks"][number];
        const actual = freeAt(timeline, target) ?? 0;
        const w = weights[d.careType][h - 1] as Weights;
        const m = mean(week.p);
        const v = variance(week.p);
        const combined = combine(w, m, d.freeNow, week.plannedOnly);
        const q = bandAt(bandKey("location", d.careType), h);
        const scale = scaleOf(v, "location");
        this.record(target, {
          group: `location:${d.locationId}`,
          level: "location",
          careType: d.careType,
          locationId: d.locationId,
          origin,
          h,
          model: m,
          persistence: d.freeNow,
          planned: week.plannedOnly,
          combined,
          scale,
          capacity: d.capacity,
          band: q ? bandOf(combined, scale, q, d.capacity) : null,
          modelBand: interval80(week.p),
          actual,
        });
        for (const [g, byWeek] of groups.entries()) {
          const sum = byWeek[h - 1] as Sum;
          sum.model += m;
          sum.persistence += d.freeNow;
          sum.planned += week.plannedOnly;
          sum.combined += combined;
          sum.variance += v;
          sum.capacity += d.capacity;
          sum.actual += actual;
          sum.count++;
          const shared = sum.shared.get(d.rateGroup) ?? { exit: 0, fill: 0 };
          shared.exit += week.shared.exit;
          shared.fill += week.shared.fill;
          sum.shared.set(d.rateGroup, shared);
          // Only the region's and the care types' sums (g 0 and 1) are reported with the model's own interval.
          if (g < 2 && this.wantsModelBand(origin, h)) sum.members.push({ ...d, weeks: [week] });
        }
      }
    }
    for (const [key, byWeek] of sums) {
      for (const [i, sum] of byWeek.entries()) {
        const h = i + 1;
        if (sum.count === 0) continue;
        const { level, careType } = levelOf(key);
        let shared = 0;
        for (const s of sum.shared.values()) shared += s.exit * s.exit + s.fill * s.fill;
        const scale = scaleOf(sum.variance + shared, level);
        const q = bandAt(bandKey(level, careType), h);
        let modelBand: Pending["modelBand"] = null;
        if (sum.members.length > 0) {
          const together = sumDistribution(sum.members, 0);
          const interval = interval80(together.p);
          modelBand = { low: together.offset + interval.low, high: together.offset + interval.high };
        }
        this.record(origin + h * WEEK_MS, {
          group: key,
          level,
          careType,
          locationId: null,
          origin,
          h,
          model: sum.model,
          persistence: sum.persistence,
          planned: sum.planned,
          combined: sum.combined,
          scale,
          capacity: sum.capacity,
          band: q ? bandOf(sum.combined, scale, q, sum.capacity) : null,
          modelBand,
          actual: sum.actual,
        });
      }
    }
  }

  private wantsModelBand(origin: number, h: number): boolean {
    const report = this.options.report;
    return !!report?.modelBands && this.reported(origin, h);
  }

  /**
   * Records a forecast with what happened. Safe to do at once: whatever learns from it (bands, weights) reads only
   * the records whose target passed by the origin it serves, so no forecast sees its own or a later outcome.
   */
  private record(target: number, p: Pending): void {
    const { accuracyWeeks, asOf, report } = this.options;
    if (target > asOf) return;
    // One location in `sample` adds its errors to the location-level band: enough for its quantiles, bounded memory.
    if (p.level !== "location" || (p.locationId as number) % this.sample === 0) {
      const { band, actual } = p;
      const outcome = !band ? NO_BAND : actual < band.low ? BELOW : actual > band.high ? ABOVE : INSIDE;
      this.scores.add(bandKey(p.level, p.careType), p.h, target, (actual - p.combined) / p.scale, outcome);
    }
    if (p.level === "careType" && p.careType) {
      const key = `${p.careType}:${p.h}`;
      const list = this.past.get(key) ?? [];
      list.push({ target, model: p.model, persistence: p.persistence, planned: p.planned, actual: p.actual });
      this.past.set(key, list);
    }
    if (target > asOf - accuracyWeeks * WEEK_MS) {
      const into: Map<string | number, AccuracyTally> = p.locationId === null ? this.accuracy : this.locationAccuracy;
      const id = p.locationId ?? p.group;
      let tally = into.get(id);
      if (!tally) {
        tally = new AccuracyTally();
        into.set(id, tally);
      }
      tally.add(p);
    }
    if (report && this.reported(p.origin, p.h)) this.tally(p);
  }

  private reported(origin: number, h: number): boolean {
    const report = this.options.report;
    if (!report || origin < report.from || !report.horizons.includes(h)) return false;
    return Math.round((this.options.last - origin) / WEEK_MS) % report.stepWeeks === 0;
  }

  private tally(outcome: Pending): void {
    const p = outcome;
    const add = (into: Map<string, AccuracyTally>, key: string) => {
      let t = into.get(key);
      if (!t) {
        t = new AccuracyTally();
        into.set(key, t);
      }
      t.add(outcome);
    };
    if (p.level === "location") {
      add(this.tallies.locations, p.careType ?? "alle");
      add(this.tallies.locations, "alle");
    } else if (p.level === "careType" || p.level === "total") add(this.tallies.regional, p.careType ?? "alle");
  }

  /** What was learned by asOf: for the live forecast. */
  calibration(): Calibration {
    const { asOf } = this.options;
    const summary = (m: Map<string | number, AccuracyTally>) =>
      Object.fromEntries([...m].map(([k, t]) => [String(k), t.summary()]));
    return {
      asOf: new Date(asOf).toISOString(),
      origins: this.origins.length,
      weights: this.weightsAt(asOf),
      bands: this.scores.snapshot(asOf),
      accuracy: summary(this.accuracy),
      locationAccuracy: summary(this.locationAccuracy),
    };
  }
}
