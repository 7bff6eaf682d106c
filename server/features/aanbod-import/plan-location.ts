// Planning one row's location: a new one to open, or an existing one (matched on AGB code + location code) to change,
// reopen or close. Every value is checked by the contract's own schema; the reasons are collected by column.
import { OUTSIDE_REGION } from "../../../shared/domain.js";
import { changedFields } from "../../../shared/rules/changed-fields.js";
import { locationFlagIssues } from "../../../shared/rules/place-flags.js";
import {
  LOCATION_DECLARED_FIELDS,
  type LocationCreate,
  type LocationDeclaredField,
  locationCreateSchema,
} from "../../../shared/schemas/aanbod.js";
import type { AanbodColumn } from "../../../shared/schemas/aanbod-import.js";
import { isoDay, type Location } from "../../../shared/schemas/capacity.js";
import { placeOf } from "../aanbod/place.js";
import type { FileRow } from "./rows.js";
import { add, addIssues, type Errors, type PlanOptions, type Step } from "./steps.js";

const LOCATION_COLUMN: Record<keyof Omit<LocationCreate, "providerId" | "occupied">, AanbodColumn> = {
  code: "locatie_code",
  name: "locatie_naam",
  careType: "zorgvorm",
  municipality: "gemeente",
  otherMunicipality: "andere_gemeente",
  postcode: "postcode",
  lat: "lat",
  lon: "lon",
  ageMin: "leeftijd_van",
  ageMax: "leeftijd_tot",
  gender: "geslacht",
  treatment: "behandeling",
  flags: "kenmerken_plek",
  targetGroups: "kenmerken",
  contraIndications: "contra_indicaties",
  crisisPlaces: "crisisplekken",
  siblingsTogether: "broers_zussen",
  capacity: "capaciteit",
  openedOn: "geopend_op",
};
/**
 * The fields an import compares and changes: the declared ones but the code (a location's key here, never changed)
 * and the coordinates (compared as a pair, statedCoordinates).
 */
const COMPARED = LOCATION_DECLARED_FIELDS.filter(
  (f): f is Exclude<LocationDeclaredField, "code" | "lat" | "lon"> => f !== "code" && f !== "lat" && f !== "lon",
);
/** Compared only when the file has the column: without it the attribute stays as it is. */
const OPTIONAL_COLUMN: Partial<Record<(typeof COMPARED)[number], AanbodColumn>> = {
  otherMunicipality: "andere_gemeente",
  treatment: "behandeling",
  flags: "kenmerken_plek",
};

/**
 * The coordinates a file states for a location: none when they are what its PC4 or gemeente gives anyway. The export
 * writes the same, so an exported list imports as unchanged and a moved location is placed anew by its postcode.
 */
export function statedCoordinates(l: Pick<Location, "municipality" | "postcode" | "lat" | "lon">) {
  if (l.lat === null || l.lon === null) return null;
  const derived = placeOf({ ...l, lat: null, lon: null });
  const same = (a: number | null, b: number) => a !== null && Math.abs(a - b) < 1e-9;
  return same(derived.lat, l.lat) && same(derived.lon, l.lon) ? null : { lat: l.lat, lon: l.lon };
}

/** The values a file gives a location, filled from `base` where the file lacks the column. */
function candidate(row: FileRow, columns: Set<AanbodColumn>, base: Partial<Location>, providerId: number) {
  const v = row.values;
  const has = (c: AanbodColumn) => columns.has(c);
  const coordinates = has("lat") || has("lon") ? { lat: v.lat ?? null, lon: v.lon ?? null } : null;
  return locationCreateSchema.safeParse({
    providerId,
    code: v.code,
    name: v.name,
    careType: v.careType,
    municipality: v.municipality,
    // Without the column a location outside Twente keeps the municipality it has; inside Twente there is none.
    otherMunicipality: has("andere_gemeente")
      ? (v.otherMunicipality ?? null)
      : v.municipality === OUTSIDE_REGION
        ? (base.otherMunicipality ?? null)
        : null,
    postcode: v.postcode,
    lat: coordinates?.lat ?? null,
    lon: coordinates?.lon ?? null,
    ageMin: v.ageMin,
    ageMax: v.ageMax,
    gender: v.gender,
    treatment: has("behandeling") ? v.treatment : base.treatment,
    flags: has("kenmerken_plek") ? (v.flags ?? []) : base.flags,
    targetGroups: v.targetGroups,
    contraIndications: v.contraIndications,
    crisisPlaces: v.crisisPlaces,
    siblingsTogether: v.siblingsTogether,
    capacity: v.capacity,
    openedOn: v.openedOn ?? base.openedOn,
  });
}

/** The place flags against the age range and care type, as the API refuses them (shared/rules/place-flags.ts). */
function checkFlags(
  l: Parameters<typeof locationFlagIssues>[0],
  sent: string[] | undefined,
  row: FileRow,
  errors: Errors,
) {
  for (const issue of locationFlagIssues(l, sent)) {
    const column = LOCATION_COLUMN[issue.field];
    // A cell already refused (an unknown age, say) has its own reason; this one would only follow from it.
    if (!row.errors.has(column)) add(errors, column, issue.message);
  }
}

function checkClosedOn(closedOn: string | undefined, openedOn: string, options: PlanOptions, errors: Errors) {
  if (closedOn === undefined || errors.has("gesloten_op")) return;
  const valid = isoDay.safeParse(closedOn);
  if (!valid.success) return add(errors, "gesloten_op", `${closedOn} is geen bestaande datum`);
  if (closedOn > options.today)
    add(errors, "gesloten_op", `${closedOn} ligt in de toekomst (vandaag is ${options.today})`);
  if (closedOn < openedOn) add(errors, "gesloten_op", `${closedOn} ligt voor de openingsdatum ${openedOn}`);
}

export function openLocation(
  row: FileRow,
  agbCode: string,
  columns: Set<AanbodColumn>,
  options: PlanOptions,
  errors: Errors,
) {
  const parsed = candidate(row, columns, {}, 1);
  if (!parsed.success) {
    addIssues(errors, parsed.error.issues, LOCATION_COLUMN, row.errors);
    return [];
  }
  const { providerId: _, ...input } = parsed.data;
  checkFlags(input, undefined, row, errors);
  checkClosedOn(row.values.closedOn, input.openedOn ?? options.today, options, errors);
  return [{ kind: "location.create", agbCode, input, closedOn: row.values.closedOn ?? null } satisfies Step];
}

export function changeLocation(
  row: FileRow,
  location: Location,
  columns: Set<AanbodColumn>,
  options: PlanOptions,
  errors: Errors,
  fields: AanbodColumn[],
): Step[] {
  const parsed = candidate(row, columns, location, location.providerId);
  if (!parsed.success) {
    addIssues(errors, parsed.error.issues, LOCATION_COLUMN, row.errors);
    return [];
  }
  const next = parsed.data;
  const patch: Record<string, unknown> = {};
  const compared = COMPARED.filter((field) => {
    const optional = OPTIONAL_COLUMN[field];
    return !optional || columns.has(optional);
  });
  const changed = changedFields(location, next, compared);
  for (const field of changed) {
    patch[field] = next[field];
    fields.push(LOCATION_COLUMN[field]);
  }
  checkFlags(next, changed, row, errors);
  if (columns.has("lat") || columns.has("lon")) {
    const was = statedCoordinates(location);
    const stated = next.lat !== null && next.lon !== null ? { lat: next.lat, lon: next.lon } : null;
    // Neither stating coordinates is no change: a location that moves is placed anew by its new PC4 (the service).
    if (stated ? !was || was.lat !== stated.lat || was.lon !== stated.lon : was !== null) {
      // No longer stated: the place its (new) PC4 or gemeente gives, as for any location without coordinates.
      Object.assign(patch, stated ?? placeOf({ ...next, lat: null, lon: null }));
      fields.push("lat", "lon");
    }
  }
  if (row.values.openedOn !== undefined && row.values.openedOn !== location.openedOn)
    add(errors, "geopend_op", `de locatie is geopend op ${location.openedOn}; een import verandert die datum niet`);
  const taken = location.occupied + location.reserved;
  if ("capacity" in patch && next.capacity < taken)
    add(
      errors,
      "capaciteit",
      `${next.capacity} is lager dan de ${location.occupied} bezette plus ${location.reserved} gereserveerde plekken (${taken})`,
    );

  const steps: Step[] = [];
  const closedOn = row.values.closedOn;
  if (location.closedOn !== null && closedOn === undefined) {
    steps.push({ kind: "location.reopen", locationId: location.id, version: location.version });
    fields.push("gesloten_op");
  }
  if (Object.keys(patch).length > 0)
    steps.push({ kind: "location.update", locationId: location.id, version: location.version, patch });
  if (closedOn !== undefined && location.closedOn === null) {
    checkClosedOn(closedOn, location.openedOn, options, errors);
    if (taken > 0)
      add(
        errors,
        "gesloten_op",
        `sluiten kan niet: de locatie heeft nog ${location.occupied} bezette en ${location.reserved} gereserveerde plek(ken)`,
      );
    steps.push({ kind: "location.close", locationId: location.id, version: location.version, closedOn });
    fields.push("gesloten_op");
  } else if (closedOn !== undefined && location.closedOn !== null && closedOn !== location.closedOn) {
    add(
      errors,
      "gesloten_op",
      `de locatie is gesloten sinds ${location.closedOn}; een import verplaatst die datum niet`,
    );
  }
  return steps;
}
