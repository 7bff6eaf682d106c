// What a failed save of an aanbod form means for the person at the screen: a field to correct, a refusal in the
// server's own words, or a change someone else made first (a stale version) that the form must be reloaded for.
import type { z } from "zod";
import { type ApiError, asApiError } from "../../../lib/api.js";

/** A 409 on a stale version; the same words on every aanbod form (issue #20). */
export const STALE_TEXT = "Iemand anders heeft dit intussen gewijzigd; laad opnieuw.";

export type Errors<F extends string> = Partial<Record<F, string>>;

export type SaveProblem<F extends string> =
  /** Correct the fields named; general is anything not pinned to one. */
  | { kind: "invalid"; fields: Errors<F>; general: string | undefined }
  /** The version the form started from is no longer the current one. */
  | { kind: "stale" };

/** Zod's issues (client-side check of the shared schema) by the first field they name. */
export function issuesByField<F extends string>(
  fields: readonly F[],
  issues: readonly z.core.$ZodIssue[],
  ownMessage: (field: F, issue: z.core.$ZodIssue) => string | undefined = () => undefined,
): SaveProblem<F> {
  const errors: Errors<F> = {};
  const rest: string[] = [];
  for (const issue of issues) {
    const field = fields.find((f) => f === String(issue.path[0]));
    if (field === undefined) rest.push(issue.message);
    else errors[field] ??= ownMessage(field, issue) ?? issue.message;
  }
  return { kind: "invalid", fields: errors, general: rest.length > 0 ? rest.join(" ") : undefined };
}

/**
 * The server's answer as a problem for the form. The server names fields as "body.capacity"; a refusal it does not
 * pin to a field (a capacity below the places taken, a code already in use) is said in its own words.
 */
export function apiProblem<F extends string>(fields: readonly F[], err: unknown, stale: boolean): SaveProblem<F> {
  if (stale) return { kind: "stale" };
  const apiError: ApiError = asApiError(err);
  const errors: Errors<F> = {};
  const rest: string[] = [];
  for (const f of apiError.fieldErrors) {
    const field = fields.find((name) => name === f.field.split(".").at(-1));
    if (field === undefined) rest.push(f.message);
    else errors[field] ??= f.message;
  }
  const general = [apiError.detail, ...rest].filter((m, i, all) => m && all.indexOf(m) === i).join(" ");
  return {
    kind: "invalid",
    fields: errors,
    general: Object.keys(errors).length > 0 && rest.length === 0 ? undefined : general,
  };
}
