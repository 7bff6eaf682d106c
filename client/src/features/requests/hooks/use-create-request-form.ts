// The "Nieuw verzoek" form: what the user typed, turned into the shape of createRequestSchema, checked against that
// same schema before sending, and the server's own answer (field errors, a case number in use) put at its field.
import { useState } from "react";
import type { z } from "zod";
import { createRequestSchema, type PlacementRequest } from "../../../../../shared/schemas/placements.js";
import { asApiError } from "../../../lib/api.js";
import { amsterdamToday } from "../../../lib/format.js";
import {
  flagErrors,
  INVALID_MESSAGE,
  type RequestDraft,
  type RequestFieldErrors,
  schemaErrors,
  serverErrors,
  toRequestBody,
} from "./request-draft.js";

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
    flags: [],
    acceptableCareTypes: [],
    currentCareType: "",
    complex: false,
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
      setErrors(schemaErrors(checked.error.issues));
      setFormError(INVALID_MESSAGE);
      return undefined;
    }
    const flagged = flagErrors({ ...checked.data, flags: checked.data.flags ?? [] });
    if (flagged) {
      setErrors(flagged);
      setFormError(INVALID_MESSAGE);
      return undefined;
    }
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      return await create(checked.data);
    } catch (err) {
      const apiError = asApiError(err);
      // A 409 is the case number already in use.
      const byField = serverErrors(apiError);
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
