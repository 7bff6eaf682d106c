// Bulk availability: a provider's planning system sets the free places of many of its locations in one call, and
// hears per location whether it was applied, stale (with the current state) or refused (with the reason).
import { z } from "zod";
import { locationSchema, setAvailabilitySchema } from "./capacity.js";
import { idField } from "./id.js";

/** At most this many locations per call: the largest providers have tens, a region a few hundred. */
export const BULK_MAX_ITEMS = 500;

/** One location's new number, with the version the planning system last saw of it. */
export const bulkAvailabilityItemSchema = setAvailabilitySchema
  .extend({
    /** The location (its id as GET /api/locations gives it); each location at most once per call. */
    locationId: idField,
  })
  .meta({ id: "BulkAvailabilityItem" });
export type BulkAvailabilityItem = z.infer<typeof bulkAvailabilityItemSchema>;

export const bulkAvailabilitySchema = z
  .strictObject({
    /**
     * Applied in this order, each in its own transaction: one item's refusal never undoes another's change. More than
     * BULK_MAX_ITEMS, or a location twice, is refused as a whole (422) before anything is written.
     */
    items: z
      .array(bulkAvailabilityItemSchema)
      .min(1)
      .meta({ description: `1 tot en met ${BULK_MAX_ITEMS} locaties, elk hoogstens één keer` }),
  })
  .meta({ id: "BulkAvailability" });
export type BulkAvailability = z.infer<typeof bulkAvailabilitySchema>;

/**
 * Why an item was not applied:
 * - unknown-location: no location has this id;
 * - other-provider: the location belongs to another provider than the one in the path;
 * - closed: the location is closed and holds no places until it is reopened;
 * - out-of-range: more free places than the capacity minus the reserved places allows.
 */
export const BULK_REFUSALS = ["unknown-location", "other-provider", "closed", "out-of-range"] as const;
export type BulkRefusal = (typeof BULK_REFUSALS)[number];

const resultBase = { locationId: z.number().int() };

export const bulkAvailabilityResultSchema = z
  .discriminatedUnion("status", [
    z.object({
      ...resultBase,
      status: z.literal("applied"),
      /** The location after the change: its new version is the one to send next time. */
      location: locationSchema,
    }),
    z.object({
      ...resultBase,
      /** The version sent is not the location's current one: nothing was written for it. */
      status: z.literal("stale"),
      detail: z.string(),
      /** The location as it is now (version, free, capacity, ...), to decide again and resend with its version. */
      location: locationSchema,
    }),
    z.object({
      ...resultBase,
      /** Not applied, for the reason given; nothing was written for it. */
      status: z.literal("refused"),
      reason: z.enum(BULK_REFUSALS),
      /** The reason in words (Dutch), for a person reading the planning system's log. */
      detail: z.string(),
    }),
  ])
  .meta({ id: "BulkAvailabilityResult" });
export type BulkAvailabilityResult = z.infer<typeof bulkAvailabilityResultSchema>;

export const bulkAvailabilityAnswerSchema = z
  .object({
    /** One result per item, in the order of the request. */
    results: z.array(bulkAvailabilityResultSchema),
    /** How many items ended in each status. */
    counts: z.object({
      applied: z.number().int().min(0),
      stale: z.number().int().min(0),
      refused: z.number().int().min(0),
    }),
  })
  .meta({ id: "BulkAvailabilityAnswer" });
export type BulkAvailabilityAnswer = z.infer<typeof bulkAvailabilityAnswerSchema>;
