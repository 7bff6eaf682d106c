// The small forms of the ambulant-first stepper: a draft checked against the shared schema, then sent; the server's
// answer lands at the field it names, or above the button.
import { useState } from "react";
import type { z } from "zod";
import { asApiError } from "../../../lib/api.js";

interface StepFormOptions<S extends z.ZodType, D> {
  schema: S;
  initial: () => D;
  send(body: z.output<S>): Promise<void>;
  /** The draft in the schema's shape (an empty date field as null, say); the draft itself when absent. */
  toBody?: (draft: D) => unknown;
  /** Own words per field and zod issue code, where zod's generic Dutch would not say what to do. */
  messages?: Partial<Record<keyof D & string, Partial<Record<string, string>>>>;
}

export function useStepForm<S extends z.ZodType, D extends Record<string, unknown>>({
  schema,
  initial,
  send,
  toBody = (draft) => draft,
  messages = {},
}: StepFormOptions<S, D>) {
  const [draft, setDraft] = useState<D>(initial);
  const [errors, setErrors] = useState<Partial<Record<keyof D & string, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function change(patch: Partial<D>) {
    setDraft((prev) => ({ ...prev, ...patch }));
  }

  /** True when the server took it. */
  async function submit(): Promise<boolean> {
    const checked = schema.safeParse(toBody(draft));
    if (!checked.success) {
      const issues = checked.error.issues.map((i) => {
        const field = String(i.path[0]);
        return { field, message: messages[field as keyof D & string]?.[i.code] ?? i.message };
      });
      setErrors(byField(issues));
      setFormError(null);
      return false;
    }
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      await send(checked.data);
      setDraft(initial());
      return true;
    } catch (err) {
      const apiError = asApiError(err);
      const fields = byField(apiError.fieldErrors.map((f) => ({ ...f, field: f.field.split(".")[1] ?? "" })));
      setErrors(fields);
      setFormError(Object.keys(fields).length > 0 ? null : apiError.detail);
      return false;
    } finally {
      setBusy(false);
    }
  }

  function byField(issues: { field: string; message: string }[]) {
    const found: Partial<Record<keyof D & string, string>> = {};
    for (const { field, message } of issues) {
      if (field in draft && !found[field as keyof D & string]) found[field as keyof D & string] = message;
    }
    return found;
  }

  return { draft, change, errors, formError, busy, submit };
}
