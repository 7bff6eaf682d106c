// A new account: who, how they sign in, their role, and for an aanbieder the provider whose locations they keep.
import type { z } from "zod";
import { ROLE_LABELS, ROLES, type Role } from "../../../../../shared/domain.js";
import type { Account, createAccountSchema } from "../../../../../shared/schemas/auth.js";
import { ProviderPicker } from "../../../components/provider-picker.js";
import type { ProviderOption } from "../../../lib/providers.js";
import { type AccountDraft, type FieldErrors, useCreateAccountForm } from "../hooks/use-create-account-form.js";

interface Props {
  providers: ProviderOption[];
  onCreate(body: z.input<typeof createAccountSchema>): Promise<Account>;
}

export function CreateAccountForm({ providers, onCreate }: Props) {
  const form = useCreateAccountForm(onCreate);
  const { draft, errors } = form;
  return (
    <form
      className="account-create"
      aria-labelledby="account-create-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void form.submit();
      }}
    >
      <h2 id="account-create-title">Nieuw account</h2>
      <TextField id="name" label="Naam" draft={draft} errors={errors} onChange={form.change} autoComplete="off" />
      <TextField id="email" label="E-mailadres" type="email" draft={draft} errors={errors} onChange={form.change} />
      <div className="field">
        <label htmlFor="account-role">Rol</label>
        <select
          id="account-role"
          data-testid="account-role"
          value={draft.role}
          aria-invalid={errors.role ? true : undefined}
          onChange={(e) => form.change({ role: e.target.value as Role | "" })}
        >
          <option value="">Kies een rol…</option>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </select>
        <FieldError message={errors.role} />
      </div>
      {draft.role === "aanbieder" && (
        <div>
          <ProviderPicker
            id="account-provider"
            providers={providers}
            providerId={draft.providerId}
            onSelect={(providerId) => form.change({ providerId })}
          />
          <FieldError message={errors.providerId} />
        </div>
      )}
      <TextField
        id="password"
        label="Wachtwoord (minstens 12 tekens)"
        type="password"
        autoComplete="new-password"
        draft={draft}
        errors={errors}
        onChange={form.change}
      />
      {form.formError && (
        <p className="message message--error" role="alert">
          {form.formError}
        </p>
      )}
      <button type="submit" className="button--primary" data-testid="account-create" disabled={form.busy}>
        Account aanmaken
      </button>
      <p className="account-create__status" role="status">
        {form.created &&
          `Account voor ${form.created.name} aangemaakt. Geef het wachtwoord via een veilige weg door, niet per e-mail.`}
      </p>
    </form>
  );
}

interface TextFieldProps {
  id: "name" | "email" | "password";
  label: string;
  type?: "text" | "email" | "password";
  autoComplete?: string;
  draft: AccountDraft;
  errors: FieldErrors;
  onChange(patch: Partial<AccountDraft>): void;
}

function TextField({ id, label, type = "text", autoComplete, draft, errors, onChange }: TextFieldProps) {
  return (
    <div className="field">
      <label htmlFor={`account-${id}`}>{label}</label>
      <input
        id={`account-${id}`}
        data-testid={`account-${id}`}
        type={type}
        autoComplete={autoComplete}
        spellCheck={false}
        value={draft[id]}
        aria-invalid={errors[id] ? true : undefined}
        onChange={(e) => onChange({ [id]: e.target.value })}
      />
      <FieldError message={errors[id]} />
    </div>
  );
}

function FieldError({ message }: { message: string | undefined }) {
  return message ? <p className="account-create__error">{message}</p> : null;
}
