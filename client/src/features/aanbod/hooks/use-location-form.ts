// The location form, for opening a location (the beheerder) and for changing one (the beheerder, or a provider its
// own): checked against the shared schema before sending, and a change sends only the fields that differ, with the
// version the form started from, so a colleague's change in between is refused (409) rather than overwritten.
import { useState } from "react";
import type { z } from "zod";
import { locationFlagIssues } from "../../../../../shared/rules/place-flags.js";
import { locationCreateSchema, locationPatchSchema } from "../../../../../shared/schemas/aanbod.js";
import type { Location } from "../../../../../shared/schemas/capacity.js";
import { ApiError } from "../../../lib/api.js";
import { apiProblem, issuesByField, type SaveProblem } from "./form-errors.js";
import {
  ALL_FIELDS,
  changedFields,
  createBodyOf,
  declaredOf,
  draftOf,
  emptyDraft,
  type LocationDraft,
  type LocationField,
} from "./location-draft.js";

export type LocationFormMode = { kind: "create"; providerId: number } | { kind: "edit"; location: Location };

export interface LocationSavers {
  create(body: z.input<typeof locationCreateSchema>): Promise<Location>;
  update(locationId: number, body: z.output<typeof locationPatchSchema>): Promise<Location>;
  /** The location as it is now, from a 409: the list shows it at once. */
  onCurrent?(location: Location): void;
}

// Zod's own words for a number left empty ("verwacht number, ontvangen undefined") do not say what to do.
function ownMessage(_field: LocationField, issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === "invalid_type" && issue.expected === "number") return "Vul een getal in.";
  if (issue.code === "invalid_type") return "Maak een keuze.";
  if (issue.code === "invalid_value") return "Maak een keuze.";
  return undefined;
}

/** The rule the server answers 422 for (flags against age and care type), said at the field before sending. */
function flagProblem(
  l: Parameters<typeof locationFlagIssues>[0],
  sent?: readonly string[],
): SaveProblem<LocationField> | undefined {
  const issues = locationFlagIssues(l, sent);
  if (issues.length === 0) return undefined;
  return { kind: "invalid", fields: Object.fromEntries(issues.map((i) => [i.field, i.message])), general: undefined };
}

export function useLocationForm(mode: LocationFormMode, savers: LocationSavers) {
  // The location the form started from: its values are the draft's first values and its version is the one sent.
  const [base, setBase] = useState<Location | undefined>(mode.kind === "edit" ? mode.location : undefined);
  const [draft, setDraft] = useState<LocationDraft>(() => (base ? draftOf(base) : emptyDraft()));
  const [problem, setProblem] = useState<SaveProblem<LocationField> | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  // The location as the server last said it is (from a 409), for "laad opnieuw".
  const [latest, setLatest] = useState<Location | undefined>(undefined);

  function change(patch: Partial<LocationDraft>) {
    setDraft((prev) => ({ ...prev, ...patch }));
    setNotice(undefined);
  }

  /** Start again from the location as it is now (after a stale save, or after saving). */
  function reload(current: Location) {
    setBase(current);
    setLatest(undefined);
    setDraft(draftOf(current));
    setProblem(undefined);
  }

  /** The request to send, or the problem the shared schema finds in the draft; undefined when nothing changed. */
  function prepare(): (() => Promise<Location>) | SaveProblem<LocationField> | undefined {
    if (mode.kind === "create") {
      const checked = locationCreateSchema.safeParse(createBodyOf(mode.providerId, draft));
      if (!checked.success) return issuesByField(ALL_FIELDS, checked.error.issues, ownMessage);
      const flagged = flagProblem(checked.data);
      if (flagged) return flagged;
      return () => savers.create(checked.data);
    }
    const from = base ?? mode.location;
    const declared = declaredOf(draft);
    // The whole location is checked (cross-field rules too), though only the fields that differ are sent.
    const whole = locationPatchSchema.safeParse({ version: from.version, ...declared });
    if (!whole.success) return issuesByField(ALL_FIELDS, whole.error.issues, ownMessage);
    const changed = changedFields(from, declared);
    if (Object.keys(changed).length === 0) return undefined;
    const w = whole.data;
    const flagged = flagProblem(
      {
        careType: w.careType ?? from.careType,
        ageMin: w.ageMin ?? from.ageMin,
        ageMax: w.ageMax ?? from.ageMax,
        flags: w.flags ?? from.flags,
      },
      Object.keys(changed),
    );
    if (flagged) return flagged;
    const body = locationPatchSchema.parse({ version: from.version, ...changed });
    return () => savers.update(from.id, body);
  }

  /** Resolves to the saved location, or undefined when there is something to correct or nothing to save. */
  async function submit(): Promise<Location | undefined> {
    setNotice(undefined);
    const save = prepare();
    if (save === undefined) {
      setProblem(undefined);
      setNotice("Er is niets gewijzigd.");
      return undefined;
    }
    if (typeof save !== "function") {
      setProblem(save);
      return undefined;
    }
    const sentVersion = base?.version;
    setBusy(true);
    setProblem(undefined);
    try {
      const saved = await save();
      if (mode.kind === "edit") reload(saved);
      else setDraft(emptyDraft());
      return saved;
    } catch (err) {
      // A 409 with the location at another version than the one sent: someone else saved first. Another 409 (a code
      // in use, a location already closed) is a refusal in the server's own words.
      const current = err instanceof ApiError && err.status === 409 ? err.current : undefined;
      const stale = current !== undefined && sentVersion !== undefined && current.version !== sentVersion;
      if (current && stale) {
        savers.onCurrent?.(current);
        setLatest(current);
      }
      setProblem(apiProblem(ALL_FIELDS, err, stale));
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  return {
    draft,
    change,
    problem,
    errors: problem?.kind === "invalid" ? problem.fields : {},
    busy,
    notice,
    submit,
    /** After a stale save: the form takes the current values; what the user typed is dropped. */
    reloadCurrent() {
      const current = latest ?? base;
      if (current) reload(current);
    },
  };
}
