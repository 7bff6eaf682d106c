// The forecast users see (#23): the model's forecast of a location or group turned into the combination learned by the
// rolling evaluation (forecast-evaluation.ts), with the 80% band from the history's own errors and the accuracy of the
// last six months beside it. Without a calibration (not evaluated yet) the model's own values stay, flagged. Pure.
import type { CareType, LocationMunicipality } from "../domain.js";
import type { GroupForecast, LocationForecast } from "../schemas/forecast.js";
import type { LocationDistribution } from "./forecast.js";
import { sharedVariance } from "./forecast-aggregate.js";
import { type BandLevel, bandKey, bandOf, combine, MODEL_ONLY, scaleOf } from "./forecast-calibration.js";
import { mean, variance } from "./forecast-distribution.js";
import type { Calibration } from "./forecast-evaluation.js";

type Week = LocationDistribution["weeks"][number];

/** A location's expected free places in week index i as the combination of its care type's weights. */
export function combinedExpected(d: LocationDistribution, i: number, calibration: Calibration): number {
  const week = d.weeks[i] as Week;
  const w = calibration.weights[d.careType]?.[i] ?? MODEL_ONLY;
  return combine(w, mean(week.p), d.freeNow, week.plannedOnly);
}

/** The group key accuracy is kept under: `careType|municipality`, empty for "all". */
export const accuracyKey = (careType: CareType | null, municipality: LocationMunicipality | null) =>
  `${careType ?? ""}|${municipality ?? ""}`;

export function calibrateLocation(
  forecast: LocationForecast,
  d: LocationDistribution,
  calibration: Calibration | undefined,
): LocationForecast {
  if (!calibration) return forecast;
  const bands = calibration.bands[bandKey("location", d.careType)];
  return {
    ...forecast,
    weeks: forecast.weeks.map((week, i) => {
      const expected = combinedExpected(d, i, calibration);
      const q = bands?.[i];
      if (!q) return { ...week, expected };
      const band = bandOf(expected, scaleOf(variance((d.weeks[i] as Week).p), "location"), q, d.capacity);
      return { ...week, expected, ...band, calibrated: true };
    }),
    accuracy: calibration.locationAccuracy[String(d.locationId)] ?? [],
  };
}

/**
 * A group's forecast (aggregateForecast of `members`) calibrated: the sum of its members' combinations, the band of
 * its level (a gemeente or several cells, a care type over the region, the region) scaled by the model's spread of
 * the sum, and the accuracy of the same group in the evaluation unless it is a merged group (`merged`).
 */
export function calibrateGroup(
  group: GroupForecast,
  members: readonly LocationDistribution[],
  calibration: Calibration | undefined,
  merged: boolean,
): GroupForecast {
  if (!calibration || members.length === 0) return group;
  const { careType, municipality } = group;
  const level: BandLevel = merged || municipality !== null ? "cell" : careType !== null ? "careType" : "total";
  const bands = calibration.bands[bandKey(level, careType)];
  const weeks = group.weeks.map((week, i) => {
    let expected = 0;
    let independent = 0;
    for (const d of members) {
      expected += combinedExpected(d, i, calibration);
      independent += variance((d.weeks[i] as Week).p);
    }
    const q = bands?.[i];
    if (!q) return { ...week, expected };
    const scale = scaleOf(independent + sharedVariance(members, i), level);
    return { ...week, expected, ...bandOf(expected, scale, q, group.capacity), calibrated: true };
  });
  const accuracy = merged ? [] : (calibration.accuracy[accuracyKey(careType, municipality)] ?? []);
  return { ...group, weeks, accuracy };
}
