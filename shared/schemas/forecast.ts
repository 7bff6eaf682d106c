// The forecast and planning contract: planned departures and admissions a provider registers, and the vacancy
// forecast (expected free places per week with an 80% interval) per location and aggregated.
import { z } from "zod";
import { CAPACITY_EVENT_KINDS, CERTAINTIES, PLAN_ACTIONS, PLAN_DIRECTIONS } from "../domain.js";
import { careTypeSchema, locationMunicipalitySchema } from "./capacity.js";
import { idParam } from "./id.js";

const isoDate = z.iso.date().meta({ description: "Datum, JJJJ-MM-DD" });
export const FORECAST_WEEKS = 12;

/** Registering a planned move: uitstroom (a place comes free) or instroom (a place will be taken). */
export const plannedMoveInputSchema = z
  .strictObject({
    direction: z.enum(PLAN_DIRECTIONS),
    expectedDate: isoDate,
    certainty: z.enum(CERTAINTIES),
  })
  .meta({ id: "PlannedMoveInput" });
export type PlannedMoveInput = z.infer<typeof plannedMoveInputSchema>;

/** Moving a planned move to another date and/or certainty. */
export const plannedMoveChangeSchema = z
  .strictObject({ expectedDate: isoDate, certainty: z.enum(CERTAINTIES) })
  .meta({ id: "PlannedMoveChange" });
export type PlannedMoveChange = z.infer<typeof plannedMoveChangeSchema>;

export const plannedMoveSchema = z
  .object({
    id: z.number().int(),
    locationId: z.number().int(),
    direction: z.enum(PLAN_DIRECTIONS),
    expectedDate: isoDate,
    certainty: z.enum(CERTAINTIES),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "PlannedMove" });
export type PlannedMove = z.infer<typeof plannedMoveSchema>;

export const planningEventSchema = z
  .object({
    id: z.number().int(),
    locationId: z.number().int(),
    direction: z.enum(PLAN_DIRECTIONS),
    plannedId: z.number().int(),
    action: z.enum(PLAN_ACTIONS),
    expectedDate: isoDate,
    certainty: z.enum(CERTAINTIES),
    actor: z.string(),
    at: z.iso.datetime(),
  })
  .meta({ id: "PlanningEvent" });
export type PlanningEvent = z.infer<typeof planningEventSchema>;

/** One forecast week: free places expected at the end of week `week` after the origin, with an 80% interval. */
export const forecastWeekSchema = z.object({
  week: z.number().int().min(1).max(FORECAST_WEEKS),
  /** The end of the week: origin + 7 x week days. */
  date: isoDate,
  /**
   * Expected free places: the combination of the model, "free stays as it is" and "free now + known moves" with the
   * weights that did best on the history's own past errors (persistence unless another did clearly better).
   */
  expected: z.number(),
  /** The model's own expected free places (the mean of its distribution). */
  model: z.number(),
  /** The 80% band: from the empirical quantiles of the past errors when `calibrated`, else the model's 10-90%. */
  low: z.number(),
  high: z.number(),
  /** false: too little history (or not yet evaluated) for a band from past errors; low/high are the model's own. */
  calibrated: z.boolean(),
  /** Planned departures (zeker or waarschijnlijk) that fall on or before this date, not cancelled. */
  plannedDepartures: z.number().int(),
});
export type ForecastWeek = z.infer<typeof forecastWeekSchema>;

/** How well the forecast did at one weeks-ahead over the last six months, in the rolling evaluation of the history. */
export const forecastAccuracySchema = z
  .object({
    weeksAhead: z.number().int(),
    /** Forecasts compared with what happened (one per week of origin, for a group or location). */
    forecasts: z.number().int(),
    /** Mean absolute error in places of the forecast shown, of the model alone, and of "nothing changes". */
    mae: z.number(),
    maeModel: z.number(),
    maePersistence: z.number(),
    /** Share of what happened inside the 80% band shown then; null when no band then came from history. */
    inside: z.number().nullable(),
  })
  .meta({ id: "ForecastAccuracy" });
export type ForecastAccuracy = z.infer<typeof forecastAccuracySchema>;

/** Where a reporting location stands: its usual rhythm of updates and how long since its last one. */
export const reportingSchema = z.object({
  /** Median days between its updates (capacity events, confirmations included); null: too few updates. */
  cadenceDays: z.number().nullable(),
  /** Days since its last update. */
  staleDays: z.number(),
  /** Weeks of changes not reported yet that the forecast adds (stale beyond its rhythm). */
  unreportedWeeks: z.number().int(),
});

export const locationForecastSchema = z
  .object({
    locationId: z.number().int(),
    careType: careTypeSchema,
    municipality: locationMunicipalitySchema,
    capacity: z.number().int(),
    freeNow: z.number().int(),
    weeks: z.array(forecastWeekSchema),
    /** Accuracy of this location's forecasts over the last six months (empty: not evaluated yet). */
    accuracy: z.array(forecastAccuracySchema),
    reporting: reportingSchema.optional(),
  })
  .meta({ id: "LocationForecast" });
export type LocationForecast = z.infer<typeof locationForecastSchema>;

/** A week of a group: plannedDepartures is null where the group withholds it (see `suppressed`). */
export const groupForecastWeekSchema = forecastWeekSchema.extend({
  plannedDepartures: z.number().int().nullable(),
});

/**
 * A group of locations. To a reader who may not see locations (policy movements.detail), planned departures are
 * never shown for fewer than MIN_CELL_LOCATIONS locations (shared/rules/small-cells.ts): such care type x gemeente
 * cells are merged, and a group that would still describe one or two locations carries them as null with a note.
 * Free places and capacity are counts of places and are always shown.
 */
export const groupForecastSchema = z.object({
  /** null: all care types (or all municipalities) within the filter, or several of them in a merged group. */
  careType: careTypeSchema.nullable(),
  municipality: locationMunicipalitySchema.nullable(),
  /** Present on a merged group: the care types and gemeenten whose small cells it joins, and why. */
  merged: z
    .object({
      careTypes: z.array(careTypeSchema),
      municipalities: z.array(locationMunicipalitySchema),
      note: z.string(),
    })
    .optional(),
  /** Present when plannedDepartures are withheld (null): why, in Dutch. */
  suppressed: z.string().optional(),
  locations: z.number().int(),
  capacity: z.number().int(),
  freeNow: z.number().int(),
  weeks: z.array(groupForecastWeekSchema),
  /** Accuracy of this group's forecasts over the last six months (empty: a merged group, or not evaluated yet). */
  accuracy: z.array(forecastAccuracySchema),
});
export type GroupForecast = z.infer<typeof groupForecastSchema>;

export const forecastQuerySchema = z.strictObject({
  careType: careTypeSchema.optional(),
  municipality: locationMunicipalitySchema.optional(),
});
export type ForecastQuery = z.infer<typeof forecastQuerySchema>;

/**
 * Aggregated forecast: the filtered total and every care type x municipality group within the filter (for a reader
 * who may not see locations: the merged groups, together holding every location within the filter).
 */
export const forecastSchema = z
  .object({
    /** When the forecast starts (the moment it was computed from). */
    origin: z.iso.datetime(),
    /** The last capacity event it includes. */
    seq: z.number().int(),
    total: groupForecastSchema,
    groups: z.array(groupForecastSchema),
    /**
     * The rolling evaluation behind the weights, bands and accuracy: `ready` as of `asOf` over `origins` weekly
     * origins; `pending` while it runs (the model's own values then, calibrated false).
     */
    evaluation: z.object({
      state: z.enum(["ready", "pending"]),
      asOf: z.iso.datetime().nullable(),
      origins: z.number().int(),
    }),
  })
  .meta({ id: "Forecast" });
export type Forecast = z.infer<typeof forecastSchema>;

/** A location's open planned moves (not cancelled, dated today or later), soonest first. */
export const plannedMoveListSchema = z.object({ moves: z.array(plannedMoveSchema) }).meta({ id: "PlannedMoveList" });
export type PlannedMoveList = z.infer<typeof plannedMoveListSchema>;

/** A planned move is addressed by its direction and its id: /api/planned/:direction/:id. */
export const plannedMoveParamsSchema = z.strictObject({
  direction: z.enum(PLAN_DIRECTIONS),
  id: idParam.meta({ description: "Id van de verwachte uit- of instroom" }),
});
export type PlannedMoveParams = z.infer<typeof plannedMoveParamsSchema>;

/**
 * A history file for the backtest (npm run forecast:backtest -- --history FILE; written by
 * npm run forecast:export-history): HistoryInput as JSON, instants as ISO strings. Fields added after the first
 * version of the file (kind, reserved, municipalities) are optional, so an older file keeps working; unknown fields
 * are ignored.
 */
const isoInstant = z.iso.datetime({ offset: true }).meta({ description: "Tijdstip, ISO 8601" });
const count = z.number().int().min(0);
export const historyFileSchema = z
  .object({
    locations: z.array(
      z.object({
        id: z.number().int(),
        careType: careTypeSchema,
        crisis: z.boolean().default(false),
        createdAt: isoInstant,
      }),
    ),
    /** The capacity event log: counts after each change, oldest first. */
    events: z.array(
      z.object({
        locationId: z.number().int(),
        at: isoInstant,
        kind: z.enum(CAPACITY_EVENT_KINDS).default("vrije-plekken-gewijzigd"),
        capacity: count,
        occupied: count,
        reserved: count.default(0),
      }),
    ),
    /** Registrations, moves and cancellations of planned moves, oldest first. */
    planning: z
      .array(
        z.object({
          locationId: z.number().int(),
          direction: z.enum(PLAN_DIRECTIONS),
          plannedId: z.number().int(),
          action: z.enum(PLAN_ACTIONS),
          expectedDate: isoDate,
          certainty: z.enum(CERTAINTIES),
          at: isoInstant,
        }),
      )
      .default([]),
    /** Location id -> gemeente; a location without one counts under Enschede (only the per-gemeente split needs it). */
    municipalities: z.record(z.string(), locationMunicipalitySchema).default({}),
  })
  .meta({ id: "ForecastHistoryFile" });
export type HistoryFile = z.input<typeof historyFileSchema>;
