// The "Corrigeren" form: the request as it is, edited as a draft; only the fields the user may change and did change
// are sent, with the version the page showed, so a colleague's change in between is not overwritten.
import { useState } from "react";
import type { Role } from "../../../../../shared/domain.js";
import {
  type CorrectableField,
  type CorrectRequest,
  correctRequestSchema,
  type PlacementRequest,
} from "../../../../../shared/schemas/placements.js";
import { asApiError } from "../../../lib/api.js";
import {
  flagErrors,
  INVALID_MESSAGE,
  REQUEST_FIELDS,
  type RequestDraft,
  type RequestFieldErrors,
  schemaErrors,
  serverErrors,
  toRequestBody,
} from "./request-draft.js";

export const STALE_MESSAGE = "Iemand anders heeft dit verzoek intussen gewijzigd; laad opnieuw.";

const BEFORE_SEARCH = new Set(["concept", "ambulant-vastgelegd"]);
const OPEN_TO_CORRECT = new Set(["concept", "ambulant-vastgelegd", "zoekend", "opgeschaald"]);

/**
 * The fields this user may correct now; none when the request cannot be corrected. The server decides
 * (placements/correction.ts); this only keeps out of the form what it would refuse: a verwijzer corrects its own
 * concept, the case number included; a regisseur any open request without an open reservation, but not the case
 * number (the verwijzer's dossier number) nor, once searching, urgency and complexity (they decided the gate).
 */
export function correctableFields(request: PlacementRequest, role: Role): readonly CorrectableField[] {
  if (!OPEN_TO_CORRECT.has(request.status)) return [];
  const beforeSearch = BEFORE_SEARCH.has(request.status);
  if (role === "verwijzer") return beforeSearch ? REQUEST_FIELDS : [];
  if (role !== "regisseur") return [];
  return REQUEST_FIELDS.filter((f) => f !== "caseNumber" && (beforeSearch || (f !== "urgency" && f !== "complex")));
}

export function draftOf(r: PlacementRequest): RequestDraft {
  return {
    caseNumber: r.caseNumber,
    age: String(r.age),
    gender: r.gender,
    homeMunicipality: r.homeMunicipality,
    homePostcode: r.homePostcode,
    schoolPostcode: r.schoolPostcode ?? "",
    urgency: r.urgency,
    wantedStart: r.wantedStart,
    siblings: String(r.siblings),
    characteristics: r.characteristics,
    flags: r.flags,
    acceptableCareTypes: r.acceptableCareTypes,
    currentCareType: r.currentCareType ?? "",
    complex: r.complex,
  };
}

const same = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b) ? [...a].sort().join(",") === [...b].sort().join(",") : a === b;

export function useCorrectRequestForm(
  request: PlacementRequest,
  fields: readonly CorrectableField[],
  correct: (body: CorrectRequest) => Promise<void>,
) {
  // The request as the form opened on it: its version goes along, even when a push has since shown a newer one, so
  // a colleague's change in between is answered with 409 instead of being overwritten.
  const [base, setBase] = useState(request);
  const [draft, setDraft] = useState<RequestDraft>(() => draftOf(request));
  const [errors, setErrors] = useState<RequestFieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);

  function change(patch: Partial<RequestDraft>) {
    setDraft((prev) => ({ ...prev, ...patch }));
  }

  /** True when the server took the correction. */
  async function submit(): Promise<boolean> {
    const typed = toRequestBody(draft);
    const changed = Object.fromEntries(
      fields.filter((f) => !same(typed[f], base[f])).map((f) => [f, typed[f]] as const),
    );
    setStale(false);
    if (Object.keys(changed).length === 0) {
      setErrors({});
      setFormError("Er is niets gewijzigd.");
      return false;
    }
    const checked = correctRequestSchema.safeParse({ version: base.version, ...changed });
    if (!checked.success) {
      setErrors(schemaErrors(checked.error.issues));
      setFormError(INVALID_MESSAGE);
      return false;
    }
    const c = checked.data;
    const flagged = flagErrors(
      {
        age: c.age ?? base.age,
        acceptableCareTypes: c.acceptableCareTypes ?? base.acceptableCareTypes,
        flags: c.flags ?? base.flags,
      },
      Object.keys(changed),
    );
    if (flagged) {
      setErrors(flagged);
      setFormError(INVALID_MESSAGE);
      return false;
    }
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      await correct(checked.data);
      return true;
    } catch (err) {
      const apiError = asApiError(err);
      // A 409 naming no field is a colleague's change since this page loaded.
      const named = serverErrors(apiError);
      setErrors(named);
      const isStale = apiError.status === 409 && Object.keys(named).length === 0;
      setStale(isStale);
      setFormError(isStale ? STALE_MESSAGE : Object.keys(named).length > 0 ? null : apiError.detail);
      return false;
    } finally {
      setBusy(false);
    }
  }

  /** After a reload: start again from the request as it is now. */
  function reset(to: PlacementRequest) {
    setBase(to);
    setDraft(draftOf(to));
    setErrors({});
    setFormError(null);
    setStale(false);
  }

  return { draft, change, errors, formError, stale, busy, submit, reset };
}
