// The new-account form: checked against the same schema the server uses, so most mistakes show before sending, and
// the server's own answer (an e-mail address already in use) lands at the field it names.
import { useState } from "react";
import type { z } from "zod";
import type { Role } from "../../../../../shared/domain.js";
import { type Account, createAccountSchema } from "../../../../../shared/schemas/auth.js";
import { asApiError } from "../../../lib/api.js";

export interface AccountDraft {
  name: string;
  email: string;
  role: Role | "";
  providerId: number | undefined;
  password: string;
}

type Field = keyof AccountDraft;
export type FieldErrors = Partial<Record<Field, string>>;

const EMPTY: AccountDraft = { name: "", email: "", role: "", providerId: undefined, password: "" };
const FIELDS: readonly Field[] = ["name", "email", "role", "providerId", "password"];

// Zod's generic Dutch ("Te kort: verwacht dat string >=12 tekens heeft") does not tell the beheerder what to do.
// The schema's own messages (the characters a name may hold) are kept.
const OWN_MESSAGES: Record<Field, Partial<Record<string, string>>> = {
  name: { too_small: "Vul een naam in van minstens 2 tekens." },
  email: { invalid_format: "Vul een geldig e-mailadres in.", too_big: "Dit e-mailadres is te lang." },
  role: { invalid_value: "Kies een rol." },
  providerId: { custom: "Een aanbieder-account hoort bij precies één aanbieder: kies die aanbieder." },
  password: { too_small: "Het wachtwoord moet minstens 12 tekens lang zijn.", too_big: "Het wachtwoord is te lang." },
};

export function useCreateAccountForm(create: (body: z.input<typeof createAccountSchema>) => Promise<Account>) {
  const [draft, setDraft] = useState<AccountDraft>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<Account | null>(null);
  const [busy, setBusy] = useState(false);

  function change(patch: Partial<AccountDraft>) {
    setDraft((prev) => ({ ...prev, ...patch }));
    setCreated(null);
  }

  async function submit() {
    const body = {
      ...draft,
      // Only an aanbieder belongs to a provider; a provider picked before switching role must not be sent along.
      providerId: draft.role === "aanbieder" ? (draft.providerId ?? null) : null,
    };
    const checked = createAccountSchema.safeParse(body);
    if (!checked.success) {
      const issues = checked.error.issues.map((i) => {
        const field = String(i.path[0]);
        const own = FIELDS.includes(field as Field) ? OWN_MESSAGES[field as Field][i.code] : undefined;
        return { field, message: own ?? i.message };
      });
      setErrors(fieldErrorsOf(issues));
      setFormError(null);
      return;
    }
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      setCreated(await create(checked.data));
      setDraft(EMPTY);
    } catch (err) {
      const apiError = asApiError(err);
      // The server names fields as "body.email"; anything it does not pin to a field is said above the button.
      const byField = fieldErrorsOf(
        apiError.fieldErrors.map((f) => ({ ...f, field: f.field.split(".").at(-1) ?? "" })),
      );
      setErrors(byField);
      setFormError(Object.keys(byField).length > 0 ? null : apiError.detail);
    } finally {
      setBusy(false);
    }
  }

  return { draft, change, errors, formError, created, busy, submit };
}

function fieldErrorsOf(issues: { field: string; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const { field, message } of issues) {
    const known = FIELDS.find((f) => f === field);
    if (known && !errors[known]) errors[known] = message;
  }
  return errors;
}
