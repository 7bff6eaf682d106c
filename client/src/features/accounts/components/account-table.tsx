// Every account with its role and, for an aanbieder, its provider; a blocked account stays listed, greyed. The role
// and provider of an account can be changed in a row that opens below it.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ROLE_LABELS } from "../../../../../shared/domain.js";
import type { Account, UpdateAccount } from "../../../../../shared/schemas/auth.js";
import { ConfirmButtons } from "../../../components/confirm-buttons.js";
import { DataTable } from "../../../components/data-table.js";
import { useConfirmedMutation } from "../../../hooks/use-confirmed-mutation.js";
import type { ProviderOption } from "../../../lib/providers.js";
import { apiErrors } from "../../../lib/query-client.js";
import { AccountAccessForm } from "./account-access-form.js";

const COLUMNS = ["Naam", "E-mailadres", "Rol", "Aanbieder", "Status"];

interface Props {
  accounts: Account[];
  providers: ProviderOption[];
  /** The beheerder's own account: blocking it would lock them out halfway through their work. */
  currentUserId: number;
  onUpdate(accountId: number, body: UpdateAccount): Promise<void>;
  onDisable(accountId: number): Promise<void>;
  onEnable(accountId: number): Promise<void>;
  onResetMfa(accountId: number): Promise<void>;
}

export function AccountTable({ accounts, providers, currentUserId, ...actions }: Props) {
  const providerNames = new Map(providers.map((p) => [p.id, p.name]));
  return (
    <DataTable label="Accounts" testId="account-table" columns={COLUMNS}>
      {accounts.map((a) => (
        <AccountRow
          key={a.id}
          account={a}
          providerName={a.providerId === null ? "—" : (providerNames.get(a.providerId) ?? `Aanbieder ${a.providerId}`)}
          providers={providers}
          own={a.id === currentUserId}
          {...actions}
        />
      ))}
    </DataTable>
  );
}

interface RowProps {
  account: Account;
  providerName: string;
  providers: ProviderOption[];
  own: boolean;
  onUpdate(accountId: number, body: UpdateAccount): Promise<void>;
  onDisable(accountId: number): Promise<void>;
  onEnable(accountId: number): Promise<void>;
  onResetMfa(accountId: number): Promise<void>;
}

function AccountRow({ account: a, providerName, providers, own, onUpdate, onDisable, onEnable, onResetMfa }: RowProps) {
  // Blocking ends the account's sessions at once: it takes a second click.
  const disable = useConfirmedMutation(() => onDisable(a.id));
  const resetMfa = useConfirmedMutation(() => onResetMfa(a.id));
  const enable = useMutation({ mutationFn: apiErrors(() => onEnable(a.id)) });
  const [editing, setEditing] = useState(false);

  return (
    <>
      <tr data-testid={`account-${a.id}`} className={a.disabled ? "data-table__row--inactive" : undefined}>
        <th scope="row">{a.name}</th>
        <td>{a.email}</td>
        <td>{ROLE_LABELS[a.role]}</td>
        <td>{providerName}</td>
        <td>
          {a.disabled ? (
            <span className="row-actions">
              <span>Geblokkeerd</span>
              <button
                type="button"
                data-testid={`account-${a.id}-enable`}
                disabled={enable.isPending}
                onClick={() => enable.mutate()}
                aria-label={`Account ${a.name} weer toegang geven`}
              >
                Vrijgeven
              </button>
            </span>
          ) : disable.confirming ? (
            <span className="row-actions">
              <ConfirmButtons action={disable} label="Ja, blokkeren" />
            </span>
          ) : resetMfa.confirming ? (
            <span className="row-actions">
              <ConfirmButtons action={resetMfa} label="Ja, tweestapsverificatie resetten" />
            </span>
          ) : (
            <span className="row-actions">
              <span className="badge badge--active">Actief</span>
              {own ? (
                // The server refuses it too: a beheerder who gives away their own role could leave the region without one.
                <span>(uw account)</span>
              ) : (
                <>
                  <button
                    type="button"
                    data-testid={`account-${a.id}-edit`}
                    onClick={() => setEditing(!editing)}
                    aria-label={`Rol en aanbieder van ${a.name} wijzigen`}
                  >
                    Wijzigen
                  </button>
                  <button type="button" onClick={disable.ask} aria-label={`Account ${a.name} blokkeren`}>
                    Blokkeren
                  </button>
                  {a.secondFactor && (
                    <button
                      type="button"
                      data-testid={`account-${a.id}-reset-mfa`}
                      onClick={resetMfa.ask}
                      aria-label={`Tweestapsverificatie van ${a.name} resetten`}
                    >
                      2FA resetten
                    </button>
                  )}
                </>
              )}
            </span>
          )}
          {[disable.error, resetMfa.error, enable.error].map(
            (error) =>
              error && (
                <p key={error.detail} className="message message--error">
                  {error.detail}
                </p>
              ),
          )}
        </td>
      </tr>
      {editing && !a.disabled && (
        <tr>
          <td colSpan={COLUMNS.length}>
            <AccountAccessForm account={a} providers={providers} onSave={onUpdate} onDone={() => setEditing(false)} />
          </td>
        </tr>
      )}
    </>
  );
}
