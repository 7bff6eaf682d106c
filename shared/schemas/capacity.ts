// The capacity contract: what the API accepts and returns, and what the socket pushes. Written once, used everywhere.
import { z } from "zod";
import {
  CAPACITY_EVENT_KINDS,
  CARE_TYPES,
  CHARACTERISTICS,
  GENDER_RULES,
  LOCATION_MUNICIPALITIES,
  MAX_AGE,
  MIN_AGE,
  MUNICIPALITY_NAMES,
  PLACE_FLAGS,
} from "../domain.js";
import { idParam, MAX_ID } from "./id.js";

export const careTypeSchema = z.enum(CARE_TYPES).meta({ description: "Zorgvorm, van meest naar minst thuis-achtig" });
export const municipalitySchema = z.enum(MUNICIPALITY_NAMES).meta({ description: "Gemeente in Twente" });
/** Where a location lies: a gemeente of Twente, or "buiten de regio" (its own municipality named apart). */
export const locationMunicipalitySchema = z
  .enum(LOCATION_MUNICIPALITIES)
  .meta({ description: 'Gemeente in Twente, of "buiten de regio"' });
export const characteristicSchema = z.enum(CHARACTERISTICS);
/** A calendar day, YYYY-MM-DD (Dutch calendar day). */
export const isoDay = z.iso.date().meta({ description: "Datum, JJJJ-MM-DD" });

/** A location id in a URL path. */
export const locationIdParamsSchema = z.strictObject({
  id: idParam.meta({ description: "Locatie-id" }),
});

/** A location's version as a client sends it back: an integer column too, so a larger number is refused here. */
export const versionField = z.number().int().min(0).max(MAX_ID);

/** The place counts of a location; free is derived and never negative. */
export const countsSchema = z.object({
  capacity: z.number().int().min(0),
  occupied: z.number().int().min(0),
  reserved: z.number().int().min(0),
  free: z.number().int().min(0),
});
export type Counts = z.infer<typeof countsSchema>;

/** A location (voorziening) as everyone may see it: places, never people. */
export const locationSchema = countsSchema
  .extend({
    id: z.number().int(),
    providerId: z.number().int(),
    providerName: z.string(),
    /** The provider's own code for the location, unique per provider. */
    code: z.string(),
    name: z.string(),
    careType: careTypeSchema,
    municipality: locationMunicipalitySchema,
    /** The municipality's name when municipality is "buiten de regio"; otherwise null. */
    otherMunicipality: z.string().nullable(),
    /** PC4: the 4-digit postcode area. */
    postcode: z.string(),
    /** Null when not known (outside the region without coordinates): distances are then unknown. */
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    ageMin: z.number().int(),
    ageMax: z.number().int(),
    gender: z.enum(GENDER_RULES),
    /** Crisisplek: has crisis places (crisisPlaces > 0); takes youths at once, stays of days to weeks. */
    crisis: z.boolean(),
    /** Places of the capacity kept for crisis intake. */
    crisisPlaces: z.number().int().min(0),
    /** Whether brothers and sisters can be placed here together. */
    siblingsTogether: z.boolean(),
    /** Whether the place includes behandeling (treatment). */
    treatment: z.boolean(),
    /** What the places are beyond the care type: respijt, kamertraining (16+), pleegzorg deeltijd/voltijd. */
    flags: z.array(z.enum(PLACE_FLAGS)),
    targetGroups: z.array(characteristicSchema),
    contraIndications: z.array(characteristicSchema),
    openedOn: isoDay,
    /** Set while closed: a closed location is off the board, the totals and the matches. */
    closedOn: isoDay.nullable(),
    /** When the provider last confirmed the numbers (ISO 8601, UTC). */
    lastConfirmedAt: z.iso.datetime(),
    /** Optimistic-concurrency version: send it back when changing availability. */
    version: z.number().int(),
  })
  .meta({ id: "Location" });
export type Location = z.infer<typeof locationSchema>;

/** Filters of the location list; all optional, combined with AND. */
export const locationQuerySchema = z.strictObject({
  careType: careTypeSchema.optional(),
  municipality: locationMunicipalitySchema.optional(),
  /** Only locations with at least one free place. */
  onlyFree: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});
export type LocationQuery = z.infer<typeof locationQuerySchema>;

export const locationListSchema = z
  .object({
    /** The event-log sequence this list is consistent with: replay from here to stay current. */
    seq: z.number().int(),
    /** Numbers not confirmed for longer than this are stale. */
    staleAfterHours: z.number().positive(),
    locations: z.array(locationSchema),
  })
  .meta({ id: "LocationList" });
export type LocationList = z.infer<typeof locationListSchema>;

/** PUT availability: the provider states how many places are free now. */
export const setAvailabilitySchema = z
  .strictObject({
    /** The version the client last saw; a stale one gets 409 with the current state. */
    version: versionField,
    /** Free places now; occupied follows as capacity - reserved - free. */
    free: z.number().int().min(0).max(1000),
  })
  .meta({ id: "SetAvailability" });
export type SetAvailability = z.infer<typeof setAvailabilitySchema>;

/** POST occupancy: one or more places taken or freed, without a version (counts are combined atomically). */
export const occupancyChangeSchema = z
  .strictObject({
    change: z
      .enum(["bezet", "vrijgekomen"])
      .meta({ description: "bezet: plek(ken) ingenomen; vrijgekomen: plek(ken) vrij" }),
    places: z.number().int().min(1).max(50).default(1),
  })
  .meta({ id: "OccupancyChange" });
export type OccupancyChange = z.infer<typeof occupancyChangeSchema>;

/** POST confirm: the numbers are unchanged, as of now. */
export const confirmSchema = z.strictObject({ version: versionField }).meta({ id: "ConfirmUnchanged" });
export type Confirm = z.infer<typeof confirmSchema>;

/** One committed change, as pushed on the socket and replayed from the event log. */
export const capacityEventSchema = countsSchema
  .extend({
    seq: z.number().int().positive(),
    kind: z.enum(CAPACITY_EVENT_KINDS),
    locationId: z.number().int(),
    /** The location's care type and municipality: room-scoped feeds route and filter by them. */
    careType: careTypeSchema,
    municipality: locationMunicipalitySchema,
    version: z.number().int(),
    lastConfirmedAt: z.iso.datetime(),
    /** Commit time of the change (ISO 8601, UTC). */
    at: z.iso.datetime(),
    /**
     * On a location's lifecycle events (LIFECYCLE_EVENT_KINDS: opened, capacity or attributes changed, closed,
     * reopened): the location as it is now, so a board adds or updates it, and removes it when closedOn is set.
     */
    location: locationSchema.optional(),
  })
  .meta({ id: "CapacityEvent" });
export type CapacityEvent = z.infer<typeof capacityEventSchema>;

export const eventsQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

export const eventPageSchema = z
  .object({
    events: z.array(capacityEventSchema),
    /** The newest sequence in the log when this page was read. */
    seq: z.number().int(),
  })
  .meta({ id: "EventPage" });
export type EventPage = z.infer<typeof eventPageSchema>;

export const tallySchema = z.object({
  locations: z.number().int(),
  capacity: z.number().int(),
  free: z.number().int(),
});
export type Tally = z.infer<typeof tallySchema>;

/**
 * One cell of the zorgvorm x gemeente matrix. Counts of places, not of youths: shown to every role as they are, no
 * small-cell rule applies (shared/rules/small-cells.ts covers movements of youths only).
 */
export const capacityCellSchema = tallySchema
  .extend({
    careType: careTypeSchema,
    municipality: locationMunicipalitySchema,
    /** Crisis places the cell's locations declare (part of capacity). */
    crisisPlaces: z.number().int().min(0),
    /** Of the free places, those held for crisis intake (shared/rules/capacity.ts crisisFreePlaces). */
    crisisFree: z.number().int().min(0),
  })
  .meta({ id: "CapacityCell" });
export type CapacityCell = z.infer<typeof capacityCellSchema>;

/** Aggregate counts for everyone, verwijzers included: no per-location detail. */

/**
 * One entry per code of the list: an object with each code as a property (not a record keyed by an enum), so the
 * OpenAPI document names every property it requires.
 */
function everyKey<const K extends string, T extends z.ZodType>(keys: readonly K[], value: T) {
  return z.strictObject(Object.fromEntries(keys.map((k) => [k, value])) as Record<K, T>);
}

export const capacitySummarySchema = z
  .object({
    seq: z.number().int(),
    total: tallySchema,
    byCareType: everyKey(CARE_TYPES, tallySchema),
    byMunicipality: everyKey(LOCATION_MUNICIPALITIES, tallySchema),
    /**
     * The cross table: one entry per zorgvorm x gemeente that has open locations (empty cells are left out, so the
     * pushed summary stays small), in care-type order, then by gemeente.
     */
    cells: z.array(capacityCellSchema),
  })
  .meta({ id: "CapacitySummary" });
export type CapacitySummary = z.infer<typeof capacitySummarySchema>;

export { MAX_AGE, MIN_AGE };
