// Shapes provider rows into the aanbod contract, and what an audit entry records of a location's declared fields.
import { LOCATION_DECLARED_FIELDS, type LocationDeclaredField, type Provider } from "../../../shared/schemas/aanbod.js";
import type { Location } from "../../../shared/schemas/capacity.js";
import type { ProviderRow } from "../../db/schema.js";

export function presentProvider(p: ProviderRow): Provider {
  return {
    id: p.id,
    name: p.name,
    agbCode: p.agbCode,
    kind: p.kind,
    email: p.email,
    active: p.active,
    version: p.version,
  };
}

type Declared = Partial<Record<LocationDeclaredField, unknown>>;

/** The declared fields of a location, for an audit entry's before or after. */
export function declaredOf(location: Location): Declared {
  return Object.fromEntries(LOCATION_DECLARED_FIELDS.map((f) => [f, location[f]]));
}

/** "veld: oud -> nieuw" per changed field, for the audit entry's detail (its data holds the values themselves). */
export function describeChanges(before: Record<string, unknown>, after: Record<string, unknown>): string {
  const show = (v: unknown) => (Array.isArray(v) ? `[${v.join(", ")}]` : v === null ? "leeg" : String(v));
  return Object.keys(after)
    .map((field) => `${field}: ${show(before[field])} -> ${show(after[field])}`)
    .join("; ");
}
