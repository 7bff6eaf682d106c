// The "Nieuw verzoek" form: what the user typed, turned into the shape of createRequestSchema, checked against that
// same schema before sending, and the server's own answer (field errors, a case number in use) put at its field.
import { useState } from "react";
import type { z } from "zod";
import type { CareType, Characteristic, Municipality, Urgency } from "../../../../../shared/domain.js";
import { createRequestSchema, type PlacementRequest } from "../../../../../shared/schemas/placements.js";
import { asApiError } from "../../../lib/api.js";
import { amsterdamToday } from "../../../lib/format.js";

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
  acceptableCareTypes: CareType[];
  /** "": at home or elsewhere, not in a place of wonen en verblijf. */
  currentCareType: CareType | "";
  complex: boolean;
}

export type RequestField = keyof RequestDraft;
export type RequestFieldErrors = Partial<Record<RequestField, string>>;

const FIELDS: readonly RequestField[] = [
  "caseNumber",
  "age",
  "gender",
  "homeMunicipality",
  "homePostcode",
  "schoolPostcode",
  "urgency",
  "wantedStart",
  "siblings",
  "characteristics",
  "acceptableCareTypes",
  "currentCareType",
  "complex",
];

function emptyDraft(): RequestDraft {
  return {
    caseNumber: "",
    age: "",
    gender: "",
    homeMunicipality: "",
    homePostcode: "",
    schoolPostcode: "",
    urgency: "regulier",
    wantedStart: amsterdamToday(),
    siblings: "0",
    characteristics: [],
    acceptableCareTypes: [],
    currentCareType: "",
    complex: false,
  };
}

// Zod's generic Dutch ("Ongeldige invoer: verwacht nummer") does not say what to fill in. The schema's own messages
// (the form of a case number or postcode) are kept.
export const OWN_MESSAGES: Partial<Record<RequestField, Partial<Record<string, string>>>> = {
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

/** The draft in the shape of createRequestSchema, unchecked: safeParse says what is wrong with it. */
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

export function useCreateRequestForm(create: (body: z.input<typeof createRequestSchema>) => Promise<PlacementRequest>) {
  const [draft, setDraft] = useState<RequestDraft>(emptyDraft);
  const [errors, setErrors] = useState<RequestFieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function change(patch: Partial<RequestDraft>) {
    setDraft((prev) => ({ ...prev, ...patch }));
  }

  /** Resolves with the created request, or undefined when the errors are on screen. */
  async function submit(): Promise<PlacementRequest | undefined> {
    const checked = createRequestSchema.safeParse(toRequestBody(draft));
    if (!checked.success) {
      setErrors(
        fieldErrorsOf(
          checked.error.issues.map((i) => {
            const field = String(i.path[0]);
            const own = OWN_MESSAGES[field as RequestField]?.[i.code];
            return { field, message: own ?? i.message };
          }),
        ),
      );
      setFormError("Niet alles is goed ingevuld; zie de velden hieronder.");
      return undefined;
    }
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      return await create(checked.data);
    } catch (err) {
      const apiError = asApiError(err);
      // The server names fields as "body.caseNumber"; a 409 is the case number already in use.
      const byField = fieldErrorsOf(apiError.fieldErrors.map((f) => ({ ...f, field: f.field.split(".")[1] ?? "" })));
      if (apiError.status === 409) byField.caseNumber = apiError.detail;
      setErrors(byField);
      setFormError(
        Object.keys(byField).length > 0 ? "De server wees het verzoek af; zie de velden hieronder." : apiError.detail,
      );
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  return { draft, change, errors, formError, busy, submit };
}

function fieldErrorsOf(issues: { field: string; message: string }[]): RequestFieldErrors {
  const errors: RequestFieldErrors = {};
  for (const { field, message } of issues) {
    const known = FIELDS.find((f) => f === field);
    if (known && !errors[known]) errors[known] = message;
  }
  return errors;
}
