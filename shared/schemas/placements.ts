// Placement requests (plaatsingsverzoeken), the ambulant-first record, matches and reservations. Minimal data only
// (domain.md, privacy): a case number, age, gender, postcode areas and codes; no name, no BSN, no free-text diagnosis.
import { z } from "zod";
import {
  AMBULANT_OUTCOMES,
  AMBULANT_REASONS,
  AMBULANT_TYPES,
  CERTAINTIES,
  CHARACTERISTICS,
  CRISIS_PLACE_REASONS,
  DECLINE_REASONS,
  HOME_LIKE_EXCEPTION_REASONS,
  MAX_AGE,
  MIN_AGE,
  REQUEST_FLAGS,
  REQUEST_STATUSES,
  RESERVATION_STATUSES,
  URGENCIES,
  YOUTH_GENDERS,
} from "../domain.js";
import { careTypeSchema, locationMunicipalitySchema, municipalitySchema } from "./capacity.js";
import { idField, idParam, MAX_ID } from "./id.js";

const isoDate = z.iso.date().meta({ description: "Datum, JJJJ-MM-DD" });
/** A 4-digit postcode area; the letters would narrow it to a street. */
const pc4 = z.string().regex(/^[1-9]\d{3}$/, "een postcodegebied van 4 cijfers, zonder letters");
const shortCode = z
  .string()
  .trim()
  .min(2)
  .max(60)
  .regex(/^[\p{L}\p{N} .,'()/-]+$/u, "alleen letters, cijfers, spaties en . , ' ( ) / -");

export const requestIdParamsSchema = z.strictObject({ id: idParam });
export const reservationIdParamsSchema = z.strictObject({ id: idParam });

/** The request list: open requests only, unless the finished ones (geplaatst, ingetrokken) are asked for too. */
export const requestListQuerySchema = z.strictObject({
  finished: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .meta({ description: "Ook geplaatste en ingetrokken verzoeken" }),
});
export type RequestListQuery = z.infer<typeof requestListQuerySchema>;

/** The request's facts, each once: creating sets them, a correction changes some of them. */
const requestFields = {
  /** The referrer's own case number: the only identifier of the youth in this product. */
  caseNumber: z.string().regex(/^[A-Z0-9][A-Z0-9-]{2,29}$/, "hoofdletters, cijfers en -, 3 tot 30 tekens"),
  age: z.number().int().min(MIN_AGE).max(MAX_AGE),
  gender: z.enum(YOUTH_GENDERS),
  homeMunicipality: municipalitySchema,
  homePostcode: pc4,
  schoolPostcode: pc4.nullable(),
  urgency: z.enum(URGENCIES),
  wantedStart: isoDate,
  /** Brothers and sisters to be placed together with the youth. */
  siblings: z.number().int().min(0).max(6),
  characteristics: z.array(z.enum(CHARACTERISTICS)).max(CHARACTERISTICS.length),
  /**
   * What the youth needs beyond the care type (soort plek: respijt, kamertraining, behandeling, pleegzorg form). Which
   * fit the age and care types is a rule (shared/rules/place-flags.ts): the server answers 422 naming the field.
   */
  flags: z.array(z.enum(REQUEST_FLAGS)).max(REQUEST_FLAGS.length),
  acceptableCareTypes: z.array(careTypeSchema).min(1).max(6),
  /**
   * Where the youth lives now, as a zorgvorm only (no location: minimal data); null: at home or elsewhere, not in a
   * place of wonen en verblijf. A placement of a youth who lives in a zorgvorm is the monitor's doorstroom.
   */
  currentCareType: careTypeSchema.nullable(),
  /** Complex problems: a verklarende analyse is required before searching (rule 2). */
  complex: z.boolean(),
};

export const createRequestSchema = z
  .strictObject({
    ...requestFields,
    schoolPostcode: requestFields.schoolPostcode.default(null),
    siblings: requestFields.siblings.default(0),
    characteristics: requestFields.characteristics.default([]),
    /** None when left out (the service stores []); optional for the same reason as currentCareType. */
    flags: requestFields.flags.optional(),
    /** Optional rather than defaulted, so callers built before the field (the benchmarks) still type-check. */
    currentCareType: requestFields.currentCareType.optional(),
  })
  .meta({ id: "CreatePlacementRequest" });
export type CreateRequest = z.infer<typeof createRequestSchema>;

/** The fields a correction may name; who may change which is the server's to decide (placements/correction.ts). */
export const CORRECTABLE_FIELDS = Object.keys(requestFields) as (keyof typeof requestFields)[];
export type CorrectableField = keyof typeof requestFields;

/**
 * PATCH a request: the version the caller last saw and the fields it corrects, nothing else (status changes go through
 * the transition route). A stale version is refused with 409.
 */
export const correctRequestSchema = z
  .strictObject({
    /** The request's version as the caller last read it. */
    version: z.number().int().min(1).max(MAX_ID),
    ...(Object.fromEntries(Object.entries(requestFields).map(([k, t]) => [k, t.optional()])) as {
      [K in CorrectableField]: z.ZodOptional<(typeof requestFields)[K]>;
    }),
  })
  .refine((body) => CORRECTABLE_FIELDS.some((f) => body[f] !== undefined), {
    message: "geef ten minste één veld om te corrigeren",
  })
  .meta({ id: "CorrectPlacementRequest" });
export type CorrectRequest = z.infer<typeof correctRequestSchema>;

export const ambulantAlternativeSchema = z
  .strictObject({
    type: z.enum(AMBULANT_TYPES),
    periodFrom: isoDate,
    periodTo: isoDate.nullable().default(null),
    outcome: z.enum(AMBULANT_OUTCOMES),
    /** Why it does not suffice, as a code. */
    reason: z.enum(AMBULANT_REASONS),
  })
  .refine((a) => a.periodTo === null || a.periodTo >= a.periodFrom, {
    path: ["periodTo"],
    message: "einddatum ligt vóór begindatum",
  })
  .meta({ id: "AmbulantAlternative" });
export type AmbulantAlternative = z.infer<typeof ambulantAlternativeSchema>;

export const explanatoryAnalysisSchema = z
  .strictObject({
    madeOn: isoDate,
    madeBy: shortCode.meta({ description: "Wie (functie/organisatie) de analyse maakte" }),
  })
  .meta({ id: "ExplanatoryAnalysis" });

export const transitionSchema = z
  .strictObject({ to: z.enum(["zoekend", "ingetrokken"]) })
  .meta({ id: "RequestTransition" });

export const placementRequestSchema = createRequestSchema
  .extend({
    id: z.number().int(),
    /** Bumped by every change; a correction sends it back (optimistic concurrency). */
    version: z.number().int(),
    /** Always present in an answer: null when the youth lives at home. */
    currentCareType: careTypeSchema.nullable(),
    /** Always present in an answer: [] when the request asks nothing beyond the care type. */
    flags: z.array(z.enum(REQUEST_FLAGS)),
    status: z.enum(REQUEST_STATUSES),
    createdAt: z.iso.datetime(),
    ambulantAlternatives: z.array(ambulantAlternativeSchema),
    explanatoryAnalysis: explanatoryAnalysisSchema.nullable(),
    /** Crisis only: when the ambulant record is owed. */
    ambulantDueAt: z.iso.datetime().nullable(),
    /** Crisis request without ambulant record past its due date: shown on every list. */
    ambulantOverdue: z.boolean(),
    declines: z.number().int(),
    escalatedAt: z.iso.datetime().nullable(),
    placedAt: z.iso.datetime().nullable(),
    transitions: z.array(
      z.object({
        from: z.string().nullable(),
        to: z.string(),
        /** Who, as stored: "user:12", "token:3" or "systeem". */
        actor: z.string(),
        /** The account's or API token's name; null for the system. */
        actorName: z.string().nullable(),
        at: z.iso.datetime(),
      }),
    ),
  })
  .meta({ id: "PlacementRequest" });
export type PlacementRequest = z.infer<typeof placementRequestSchema>;

export const matchSchema = z
  .object({
    locationId: z.number().int(),
    locationName: z.string(),
    providerName: z.string(),
    careType: careTypeSchema,
    municipality: locationMunicipalitySchema,
    free: z.number().int(),
    score: z.number(),
    availableFrom: isoDate.nullable(),
    distanceHomeKm: z.number().nullable(),
    distanceSchoolKm: z.number().nullable(),
    contraIndications: z.array(z.enum(CHARACTERISTICS)),
    /** Why the region's rules forbid placing here (e.g. "Geen machtiging JeugdzorgPlus"): shown, never reservable. */
    notAllowed: z.array(z.string()),
    components: z.record(z.string(), z.number()),
    explanation: z.array(z.string()),
    /** Numbers not confirmed in time (STALE_AFTER_HOURS): ranked after the confirmed ones of the same care type. */
    stale: z.boolean(),
    /** The places offered are crisis places (for a crisis request: the ones it ranks first). */
    crisisPlace: z.boolean(),
    /** A regular request that can only have crisis places here: reserving asks a crisisReason (422 without). */
    crisisException: z.boolean(),
    /** A place that comes free: the weakest certainty of the planned departures it rests on; null when free now. */
    certainty: z.enum(CERTAINTIES).nullable(),
    /** What the places are beyond the care type: the location's flags, with behandeling when it includes treatment. */
    flags: z.array(z.enum(REQUEST_FLAGS)),
  })
  .meta({ id: "Match" });
export type MatchView = z.infer<typeof matchSchema>;

/** The best matches come first; a region-wide list of hundreds is not what a regisseur reads, nor cheap to send. */
export const DEFAULT_MATCH_LIMIT = 50;
export const MAX_MATCH_LIMIT = 500;
export const matchQuerySchema = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_MATCH_LIMIT)
    .default(DEFAULT_MATCH_LIMIT)
    .meta({ description: "Hoeveel van de best passende locaties" }),
});

export const matchListSchema = z
  .object({
    requestId: z.number().int(),
    /** The best `limit` of the fitting locations, best first. */
    matches: z.array(matchSchema),
    /** How many locations fit in all; matches may show fewer. */
    fitting: z.number().int(),
    excluded: z.number().int(),
    /** Whether the signed-in regisseur watches this request for newly free fitting places. */
    watching: z.boolean(),
  })
  .meta({ id: "MatchList" });
export type MatchList = z.infer<typeof matchListSchema>;

export const watchSchema = z.strictObject({ watching: z.boolean() }).meta({ id: "Watch" });
export const watchStateSchema = z
  .object({ requestId: z.number().int(), watching: z.boolean() })
  .meta({ id: "WatchState" });
export type WatchState = z.infer<typeof watchStateSchema>;

/** Pushed to a regisseur who watches a request: a place that fits it has just come free. */
export const placeAvailableSchema = z
  .object({
    requestId: z.number().int(),
    caseNumber: z.string(),
    locationId: z.number().int(),
    locationName: z.string(),
    free: z.number().int(),
    score: z.number(),
    contraIndications: z.array(z.enum(CHARACTERISTICS)),
    at: z.iso.datetime(),
  })
  .meta({ id: "PlaceAvailable" });
export type PlaceAvailable = z.infer<typeof placeAvailableSchema>;

export const createReservationSchema = z
  .strictObject({
    locationId: idField,
    /**
     * "Thuis, tenzij": required when a fitting, free place of a more home-like care type exists (else 422 naming the
     * rule and that care type); kept, audited and counted in the monitor. Ignored when no such place exists.
     */
    homeLikeReason: z.enum(HOME_LIKE_EXCEPTION_REASONS).optional(),
    /**
     * A regular request on a location where only crisis places are free (Match.crisisException): required (else 422
     * naming the rule), kept, audited and counted in the monitor. Ignored when no crisis place is taken by exception.
     */
    crisisReason: z.enum(CRISIS_PLACE_REASONS).optional(),
  })
  .meta({ id: "CreateReservation" });
export type CreateReservation = z.infer<typeof createReservationSchema>;

export const answerReservationSchema = z
  .discriminatedUnion("answer", [
    z.strictObject({
      answer: z.literal("accepteren"),
      /** Required when the match carried contra-indications: the provider's explicit agreement (rule 4). */
      contraIndicationsAgreed: z.boolean().default(false),
    }),
    z
      .strictObject({
        answer: z.literal("weigeren"),
        reason: z.enum(DECLINE_REASONS),
        /** A short coded note: required with reason "anders", which says nothing by itself. */
        note: shortCode.optional(),
      })
      .refine((d) => d.reason !== "anders" || d.note !== undefined, {
        path: ["note"],
        message: "Bij reden 'anders' is een korte toelichting (note) verplicht.",
      }),
  ])
  .meta({ id: "AnswerReservation" });
export type AnswerReservation = z.infer<typeof answerReservationSchema>;

export const reservationSchema = z
  .object({
    id: z.number().int(),
    requestId: z.number().int(),
    caseNumber: z.string(),
    locationId: z.number().int(),
    locationName: z.string(),
    places: z.number().int(),
    status: z.enum(RESERVATION_STATUSES),
    expiresAt: z.iso.datetime(),
    contraIndications: z.array(z.enum(CHARACTERISTICS)),
    declineReason: z.enum(DECLINE_REASONS).nullable(),
    declineNote: z.string().nullable(),
    /** Why a less home-like care type was reserved while a more home-like one had a fitting, free place; else null. */
    homeLikeReason: z.enum(HOME_LIKE_EXCEPTION_REASONS).nullable(),
    /** That more home-like care type, when a reason was needed. */
    homeLikeBetter: careTypeSchema.nullable(),
    /** Why a regular request took a crisis place (domain.md: only by exception); null: no crisis place by exception. */
    crisisReason: z.enum(CRISIS_PLACE_REASONS).nullable(),
    /** A place that comes free ("vrij per"): the day its planned departures make it free; null for a place free now. */
    availableFrom: isoDate.nullable(),
    /** Of `places`, how many still wait for their departure; the provider can accept only at 0. */
    awaiting: z.number().int(),
    /** What the provider needs to decide, as codes. */
    youth: z.object({
      age: z.number().int(),
      gender: z.enum(YOUTH_GENDERS),
      characteristics: z.array(z.enum(CHARACTERISTICS)),
    }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "Reservation" });
export type Reservation = z.infer<typeof reservationSchema>;

export const plannedDepartureSchema = z
  .strictObject({ expectedDate: isoDate, certainty: z.enum(CERTAINTIES) })
  .meta({ id: "PlannedDeparture" });
