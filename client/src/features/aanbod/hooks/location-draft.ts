// A location as a form holds it (text as typed, codes as picked) and the bodies the shared contract accepts: a whole
// new location (locationCreateSchema), or only the fields that differ from the location as it was (locationPatchSchema).

import { amsterdamToday } from "../../../../../shared/calendar.js";
import {
  type CareType,
  CHARACTERISTICS,
  type Characteristic,
  type GenderRule,
  type LocationMunicipality,
  OUTSIDE_REGION,
  PLACE_FLAGS,
  type PlaceFlag,
} from "../../../../../shared/domain.js";
import { changedFields as differing } from "../../../../../shared/rules/changed-fields.js";
import { LOCATION_DECLARED_FIELDS } from "../../../../../shared/schemas/aanbod.js";
import type { Location } from "../../../../../shared/schemas/capacity.js";

export interface LocationDraft {
  code: string;
  name: string;
  careType: CareType | "";
  municipality: LocationMunicipality | "";
  otherMunicipality: string;
  postcode: string;
  lat: string;
  lon: string;
  ageMin: string;
  ageMax: string;
  gender: GenderRule;
  treatment: boolean;
  flags: PlaceFlag[];
  targetGroups: Characteristic[];
  contraIndications: Characteristic[];
  crisisPlaces: string;
  siblingsTogether: boolean;
  capacity: string;
  /** Only when opening: places already taken (a location taken over with its youths). */
  occupied: string;
  /** Only when opening. */
  openedOn: string;
}
export type LocationField = keyof LocationDraft;

/** The fields a change of an existing location may send: the contract's declared fields. */
export const EDITABLE_FIELDS = LOCATION_DECLARED_FIELDS satisfies readonly LocationField[];
export const ALL_FIELDS: readonly LocationField[] = [...EDITABLE_FIELDS, "occupied", "openedOn"];

export function emptyDraft(): LocationDraft {
  return {
    code: "",
    name: "",
    careType: "",
    municipality: "",
    otherMunicipality: "",
    postcode: "",
    lat: "",
    lon: "",
    ageMin: "0",
    ageMax: "18",
    gender: "alle",
    treatment: false,
    flags: [],
    targetGroups: [],
    contraIndications: [],
    crisisPlaces: "0",
    siblingsTogether: false,
    capacity: "",
    occupied: "0",
    openedOn: amsterdamToday(),
  };
}

export function draftOf(l: Location): LocationDraft {
  return {
    code: l.code,
    name: l.name,
    careType: l.careType,
    municipality: l.municipality,
    otherMunicipality: l.otherMunicipality ?? "",
    postcode: l.postcode,
    lat: l.lat === null ? "" : String(l.lat),
    lon: l.lon === null ? "" : String(l.lon),
    ageMin: String(l.ageMin),
    ageMax: String(l.ageMax),
    gender: l.gender,
    treatment: l.treatment,
    flags: PLACE_FLAGS.filter((f) => l.flags.includes(f)),
    targetGroups: inListOrder(l.targetGroups),
    contraIndications: inListOrder(l.contraIndications),
    crisisPlaces: String(l.crisisPlaces),
    siblingsTogether: l.siblingsTogether,
    capacity: String(l.capacity),
    occupied: String(l.occupied),
    openedOn: l.openedOn,
  };
}

/** Codes in the order of the shared list, so a set of codes compares equal however it was ticked. */
export function inListOrder(codes: readonly Characteristic[]): Characteristic[] {
  return CHARACTERISTICS.filter((c) => codes.includes(c));
}

/** A typed number; "" is left out for the schema to call missing, and a Dutch decimal comma is read as a point. */
function num(text: string): number | undefined {
  const t = text.trim().replace(",", ".");
  return t === "" ? undefined : Number(t);
}
const optionalNum = (text: string) => num(text) ?? null;

/** The declared fields and capacity as the contract names them. */
export function declaredOf(d: LocationDraft) {
  return {
    code: d.code,
    name: d.name,
    careType: d.careType === "" ? undefined : d.careType,
    municipality: d.municipality === "" ? undefined : d.municipality,
    // Only a location outside the region names its own municipality; a name left from before is not sent.
    otherMunicipality: d.municipality === OUTSIDE_REGION ? d.otherMunicipality.trim() || null : null,
    postcode: d.postcode.trim(),
    lat: optionalNum(d.lat),
    lon: optionalNum(d.lon),
    ageMin: num(d.ageMin),
    ageMax: num(d.ageMax),
    gender: d.gender,
    treatment: d.treatment,
    flags: PLACE_FLAGS.filter((f) => d.flags.includes(f)),
    targetGroups: inListOrder(d.targetGroups),
    contraIndications: inListOrder(d.contraIndications),
    crisisPlaces: num(d.crisisPlaces),
    siblingsTogether: d.siblingsTogether,
    capacity: num(d.capacity),
  };
}

export function createBodyOf(providerId: number, d: LocationDraft) {
  return { providerId, ...declaredOf(d), occupied: num(d.occupied), openedOn: d.openedOn || undefined };
}

/** The fields whose value differs from the location as the form found it. */
export function changedFields(before: Location, declared: ReturnType<typeof declaredOf>): Partial<typeof declared> {
  const was = declaredOf(draftOf(before));
  return Object.fromEntries(differing(was, declared, EDITABLE_FIELDS).map((f) => [f, declared[f]]));
}
