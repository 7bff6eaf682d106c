// The aanbod contract: providers and locations as the beheerder (and a provider for its own) manages them. The
// location as everyone sees it is locationSchema in capacity.ts; this file adds what creating and editing it takes.
import { z } from "zod";
import {
  CHARACTERISTICS,
  GENDER_RULES,
  MAX_AGE,
  MIN_AGE,
  OUTSIDE_REGION,
  PLACE_FLAGS,
  PROVIDER_KINDS,
} from "../domain.js";
import {
  careTypeSchema,
  characteristicSchema,
  isoDay,
  type Location,
  locationMunicipalitySchema,
  locationSchema,
  versionField,
} from "./capacity.js";
import { idField, idParam } from "./id.js";

/** AGB code: 8 digits, the provider's identifier in the AGB register and in iJW messages. */
export const agbCodeSchema = z
  .string()
  .regex(/^\d{8}$/, "een AGB-code is 8 cijfers")
  .meta({ description: "AGB-code (8 cijfers)" });
/** PC4: the 4-digit postcode area, first digit not 0. */
export const pc4Schema = z
  .string()
  .regex(/^[1-9]\d{3}$/, "een postcodegebied is 4 cijfers, het eerste geen 0")
  .meta({ description: "Postcodegebied (PC4)" });
/** A name as a register writes it (& / + : allowed); never control characters or line breaks (logs, CSV cells). */
const plainText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "verplicht")
    .max(max)
    .regex(/^[^\p{C}\u2028\u2029]+$/u, "geen regeleinden of stuurtekens");
const nameField = plainText(120);
/** The provider's own code for a location: letters, digits and - _ . /, unique per provider. */
export const locationCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/, "een locatiecode is 1-40 letters, cijfers of - _ . /")
  .meta({ description: "Eigen code van de aanbieder voor de locatie" });
const ageField = z.number().int().min(MIN_AGE).max(MAX_AGE);
const codes = z.array(characteristicSchema).max(CHARACTERISTICS.length);

/** A provider as the beheerder manages it. */
export const providerSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    agbCode: agbCodeSchema,
    kind: z.enum(PROVIDER_KINDS),
    /** Contact e-mail of the provider's planning, or null. */
    email: z.string().nullable(),
    /** An inactive provider keeps its locations and history. */
    active: z.boolean(),
    /** Optimistic-concurrency version: send it back when editing. */
    version: z.number().int(),
  })
  .meta({ id: "Provider" });
export type Provider = z.infer<typeof providerSchema>;

export const providerIdParamsSchema = z.strictObject({ id: idParam.meta({ description: "Aanbieder-id" }) });

const providerFields = {
  name: nameField,
  agbCode: agbCodeSchema,
  kind: z.enum(PROVIDER_KINDS),
  email: z.email("geen geldig e-mailadres").max(254).nullable(),
  active: z.boolean(),
};

export const providerCreateSchema = z
  .strictObject({
    ...providerFields,
    email: providerFields.email.default(null),
    active: providerFields.active.default(true),
  })
  .meta({ id: "ProviderCreate" });
export type ProviderCreate = z.infer<typeof providerCreateSchema>;

/** PATCH: only the fields sent change (no defaults here); version is the one last seen (409 when stale). */
export const providerPatchSchema = z
  .strictObject({ ...providerFields, version: versionField })
  .partial()
  .required({ version: true })
  .meta({ id: "ProviderPatch" });
export type ProviderPatch = z.infer<typeof providerPatchSchema>;

/** A provider with its locations, closed ones included: the beheer list and the export read this. */
export const providerWithLocationsSchema = providerSchema
  .extend({ locations: z.array(locationSchema) })
  .meta({ id: "ProviderWithLocations" });
export type ProviderWithLocations = z.infer<typeof providerWithLocationsSchema>;
export const providerListSchema = z
  .object({ providers: z.array(providerWithLocationsSchema) })
  .meta({ id: "ProviderList" });
export type ProviderList = z.infer<typeof providerListSchema>;

/** What a provider declares about a location: everything but its counts and lifecycle. */
const declaredFields = {
  name: nameField,
  careType: careTypeSchema,
  /** A Twente gemeente, or "buiten de regio" with otherMunicipality. */
  municipality: locationMunicipalitySchema,
  otherMunicipality: plainText(80).nullable(),
  postcode: pc4Schema,
  /** Optional coordinates; without them a Twente PC4 (or the gemeente) places the location. */
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  ageMin: ageField,
  ageMax: ageField,
  gender: z.enum(GENDER_RULES),
  treatment: z.boolean(),
  /**
   * What the places are beyond the care type (respijt, kamertraining, pleegzorg deeltijd/voltijd). Which fit the other
   * attributes is a rule (shared/rules/place-flags.ts): the server answers 422 naming the field.
   */
  flags: z.array(z.enum(PLACE_FLAGS)).max(PLACE_FLAGS.length),
  /** Kenmerken the location serves. */
  targetGroups: codes,
  /** Contra-indications the provider declares (domain.md rule 4: shown and flagged, never silently dropped). */
  contraIndications: codes,
  crisisPlaces: z.number().int().min(0).max(1000),
  siblingsTogether: z.boolean(),
};

type Shape = {
  ageMin?: number;
  ageMax?: number;
  crisisPlaces?: number;
  capacity?: number;
  municipality?: string;
  otherMunicipality?: string | null;
  lat?: number | null;
  lon?: number | null;
};
/** Cross-field rules, named by field, for a whole body (create) or the fields a patch sends. */
function checkFields(v: Shape, ctx: z.RefinementCtx) {
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if (v.ageMin !== undefined && v.ageMax !== undefined && v.ageMin > v.ageMax)
    issue("ageMax", `leeftijd tot (${v.ageMax}) ligt onder leeftijd van (${v.ageMin})`);
  if (v.crisisPlaces !== undefined && v.capacity !== undefined && v.crisisPlaces > v.capacity)
    issue("crisisPlaces", `crisisplekken (${v.crisisPlaces}) zijn meer dan de capaciteit (${v.capacity})`);
  if (v.municipality === OUTSIDE_REGION && v.otherMunicipality === null)
    issue("otherMunicipality", "een locatie buiten de regio noemt haar gemeente");
  if (v.municipality !== undefined && v.municipality !== OUTSIDE_REGION && v.otherMunicipality)
    issue("otherMunicipality", "alleen voor een locatie buiten de regio");
  if (v.lat !== undefined && v.lon !== undefined && (v.lat === null) !== (v.lon === null))
    issue("lon", "breedte- en lengtegraad horen bij elkaar");
}

export const locationCreateSchema = z
  .strictObject({
    providerId: idField,
    code: locationCodeSchema,
    ...declaredFields,
    otherMunicipality: declaredFields.otherMunicipality.default(null),
    lat: declaredFields.lat.default(null),
    lon: declaredFields.lon.default(null),
    gender: declaredFields.gender.default("alle"),
    treatment: declaredFields.treatment.default(false),
    flags: declaredFields.flags.default([]),
    targetGroups: codes.default([]),
    contraIndications: codes.default([]),
    crisisPlaces: declaredFields.crisisPlaces.default(0),
    siblingsTogether: declaredFields.siblingsTogether.default(false),
    capacity: z.number().int().min(0).max(1000),
    /** Places taken at opening (a location taken over with its youths); free = capacity - occupied. */
    occupied: z.number().int().min(0).max(1000).default(0),
    /** Open from (default: today). */
    openedOn: isoDay.optional(),
  })
  .superRefine((v, ctx) => {
    checkFields(v, ctx);
    if (v.occupied > v.capacity)
      ctx.addIssue({
        code: "custom",
        path: ["occupied"],
        message: `bezet (${v.occupied}) is meer dan de capaciteit (${v.capacity})`,
      });
  })
  .meta({ id: "LocationCreate" });
export type LocationCreate = z.infer<typeof locationCreateSchema>;

/**
 * PATCH: the declared attributes and the capacity; only the fields sent change. A capacity below the places now
 * occupied + reserved is refused with 422 naming both numbers; crisisPlaces never exceeds the capacity.
 */
export const locationPatchSchema = z
  .strictObject({
    version: versionField,
    code: locationCodeSchema.optional(),
    ...Object.fromEntries(Object.entries(declaredFields).map(([k, v]) => [k, v.optional()])),
    capacity: z.number().int().min(0).max(1000).optional(),
  } as {
    version: typeof versionField;
    code: z.ZodOptional<typeof locationCodeSchema>;
    capacity: z.ZodOptional<z.ZodNumber>;
  } & { [K in keyof typeof declaredFields]: z.ZodOptional<(typeof declaredFields)[K]> })
  .superRefine(checkFields)
  .meta({ id: "LocationPatch" });
export type LocationPatch = z.infer<typeof locationPatchSchema>;

/** Close: refused while places are occupied or reserved. closedOn defaults to today and is never in the future. */
export const locationCloseSchema = z
  .strictObject({ version: versionField, closedOn: isoDay.optional() })
  .meta({ id: "LocationClose" });
export type LocationClose = z.infer<typeof locationCloseSchema>;

export const locationReopenSchema = z.strictObject({ version: versionField }).meta({ id: "LocationReopen" });
export type LocationReopen = z.infer<typeof locationReopenSchema>;

/** The fields of a location a change may touch, for audit before/after and the import's "gewijzigd (which fields)". */
export const LOCATION_DECLARED_FIELDS = [
  "code",
  ...(Object.keys(declaredFields) as (keyof typeof declaredFields)[]),
  "capacity",
] as const satisfies readonly (keyof Location)[];
export type LocationDeclaredField = (typeof LOCATION_DECLARED_FIELDS)[number];
