// Changing an account's access: its role and, for an aanbieder, the provider it works for. Checked against the same
// schema as the server's; the account's sessions end with the change, which the form says before saving.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ROLE_LABELS, ROLES, type Role } from "../../../../../shared/domain.js";
import { type Account, type UpdateAccount, updateAccountSchema } from "../../../../../shared/schemas/auth.js";
import { ProviderPicker } from "../../../components/provider-picker.js";
import { errorText } from "../../../lib/api.js";
import type { ProviderOption } from "../../../lib/providers.js";
import { apiErrors } from "../../../lib/query-client.js";

interface Props {
  account: Account;
  providers: ProviderOption[];
  onSave(accountId: number, body: UpdateAccount): Promise<void>;
  onDone(): void;
}

export function AccountAccessForm({ account, providers, onSave, onDone }: Props) {
  const [role, setRole] = useState<Role>(account.role);
  const [providerId, setProviderId] = useState<number | undefined>(account.providerId ?? undefined);
  const [invalid, setInvalid] = useState<string | undefined>(undefined);
  const save = useMutation({
    mutationFn: apiErrors(async (body: UpdateAccount) => {
      await onSave(account.id, body);
      onDone();
    }),
  });
  const error = invalid ?? (save.error && errorText(save.error));
  const busy = save.isPending;
  const prefix = `account-${account.id}`;

  function submit() {
    // Only an aanbieder belongs to a provider; one picked before switching role is not sent along.
    const checked = updateAccountSchema.safeParse({
      role,
      providerId: role === "aanbieder" ? (providerId ?? null) : null,
    });
    setInvalid(
      checked.success ? undefined : "Een aanbieder-account hoort bij precies één aanbieder: kies die aanbieder.",
    );
    if (checked.success) save.mutate(checked.data);
  }

  return (
    <form
      className="account-access"
      aria-label={`Toegang van ${account.name} wijzigen`}
      data-testid={`${prefix}-access`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="field">
        <label htmlFor={`${prefix}-role`}>Rol</label>
        <select
          id={`${prefix}-role`}
          data-testid={`${prefix}-role`}
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      {role === "aanbieder" && (
        <ProviderPicker
          id={`${prefix}-provider`}
          providers={providers}
          providerId={providerId}
          onSelect={setProviderId}
        />
      )}
      <p className="account-access__hint">Het account wordt uitgelogd en logt opnieuw in met de nieuwe toegang.</p>
      {error && (
        <p className="message message--error" role="alert" data-testid={`${prefix}-access-error`}>
          {error}
        </p>
      )}
      <span className="row-actions">
        <button type="submit" className="button--primary" data-testid={`${prefix}-access-save`} disabled={busy}>
          Opslaan
        </button>
        <button type="button" onClick={onDone} disabled={busy}>
          Annuleren
        </button>
      </span>
    </form>
  );
}
