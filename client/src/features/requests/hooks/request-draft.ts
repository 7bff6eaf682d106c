// A request as the user types it (the "Nieuw verzoek" and "Corrigeren" forms): its fields, the draft in the shape of
// the request schema, and what the schema or the server said about it put at the field it concerns.
import type { z } from "zod";
import type { CareType, Characteristic, Municipality, RequestFlag, Urgency } from "../../../../../shared/domain.js";
import { requestFlagIssues } from "../../../../../shared/rules/place-flags.js";
import { CORRECTABLE_FIELDS } from "../../../../../shared/schemas/placements.js";
import type { ApiError } from "../../../lib/api.js";

export interface RequestDraft {
  caseNumber: string;
  age: string;
  gender: "jongen" | "meisje" | "anders" | "";
  homeMunicipality: Municipality | "";
  homePostcode: string;
  schoolPostcode: string;
  urgency: Urgency;
  wantedStart: string;
  siblings: string;
  characteristics: Characteristic[];
  /** Soort plek: respijt, kamertraining, behandeling, a form of pleegzorg. */
  flags: RequestFlag[];
  acceptableCareTypes: CareType[];
  /** "": at home or elsewhere, not in a place of wonen en verblijf. */
  currentCareType: CareType | "";
  complex: boolean;
}

export type RequestField = keyof RequestDraft;
export type RequestFieldErrors = Partial<Record<RequestField, string>>;

/** Every field of a request, in the schema's order: the facts creating sets and a correction may change. */
export const REQUEST_FIELDS: readonly RequestField[] = CORRECTABLE_FIELDS;

export const INVALID_MESSAGE = "Niet alles is goed ingevuld; zie de velden hieronder.";

// Zod's generic Dutch ("Ongeldige invoer: verwacht nummer") does not say what to fill in. The schema's own messages
// (the form of a case number or postcode) are kept.
const OWN_MESSAGES: Partial<Record<RequestField, Partial<Record<string, string>>>> = {
  age: {
    invalid_type: "Vul een leeftijd in.",
    too_small: "De leeftijd is 0 tot 23 jaar.",
    too_big: "De leeftijd is 0 tot 23 jaar.",
  },
  gender: { invalid_value: "Kies een geslacht.", invalid_type: "Kies een geslacht." },
  homeMunicipality: {
    invalid_value: "Kies de gemeente waar de jeugdige woont.",
    invalid_type: "Kies de gemeente waar de jeugdige woont.",
  },
  wantedStart: { invalid_format: "Vul een gewenste startdatum in." },
  siblings: { invalid_type: "Vul een aantal in (0 als er geen broers of zussen mee gaan).", too_big: "Hoogstens 6." },
  acceptableCareTypes: { too_small: "Kies minstens één zorgvorm." },
};

/** Empty stays missing (the schema then names the field); anything else becomes a number, or NaN for the schema. */
const numberOrMissing = (value: string) => (value.trim() === "" ? undefined : Number(value));
/** An unchosen select is missing, not "": the schema then says "kies ...", not "ongeldige waarde". */
const choiceOrMissing = (value: string) => (value === "" ? undefined : value);

/** The draft in the shape of the request schema, unchecked: safeParse says what is wrong with it. */
export function toRequestBody(draft: RequestDraft): Record<RequestField, unknown> {
  return {
    ...draft,
    caseNumber: draft.caseNumber.trim().toUpperCase(),
    age: numberOrMissing(draft.age),
    gender: choiceOrMissing(draft.gender),
    homeMunicipality: choiceOrMissing(draft.homeMunicipality),
    homePostcode: draft.homePostcode.trim(),
    // No school (yet) is allowed: school distance is then not weighed (domain.md rule 3).
    schoolPostcode: draft.schoolPostcode.trim() === "" ? null : draft.schoolPostcode.trim(),
    siblings: numberOrMissing(draft.siblings),
    currentCareType: draft.currentCareType === "" ? null : draft.currentCareType,
  };
}

/** The schema's issues by the field they name, in the form's own words where it has them. */
export function schemaErrors(issues: readonly z.core.$ZodIssue[]): RequestFieldErrors {
  return byField(
    issues.map((i) => {
      const field = String(i.path[0]);
      return { field, message: OWN_MESSAGES[field as RequestField]?.[i.code] ?? i.message };
    }),
  );
}

/**
 * The rule the server answers 422 for (flags against age and care types), said at the field before sending; `sent`
 * on a correction names what it changes.
 */
export function flagErrors(
  r: Parameters<typeof requestFlagIssues>[0],
  sent?: readonly string[],
): RequestFieldErrors | undefined {
  const issues = requestFlagIssues(r, sent);
  return issues.length === 0 ? undefined : byField(issues);
}

/** The server's field errors by field; the server names them as "body.caseNumber". */
export function serverErrors(apiError: ApiError): RequestFieldErrors {
  return byField(apiError.fieldErrors.map((f) => ({ ...f, field: f.field.split(".")[1] ?? "" })));
}

/** The first message for each field of a request; messages about anything else are left out. */
function byField(issues: { field: string; message: string }[]): RequestFieldErrors {
  const errors: RequestFieldErrors = {};
  for (const { field, message } of issues) {
    const known = REQUEST_FIELDS.find((f) => f === field);
    if (known && !errors[known]) errors[known] = message;
  }
  return errors;
}
