// Every account with its role and, for an aanbieder, its provider; a blocked account stays listed, greyed.
import { ROLE_LABELS } from "../../../../../shared/domain.js";
import type { Account } from "../../../../../shared/schemas/auth.js";
import { ConfirmButtons } from "../../../components/confirm-buttons.js";
import { DataTable } from "../../../components/data-table.js";
import { useConfirmedAction } from "../../../hooks/use-confirmed-action.js";

interface Props {
  accounts: Account[];
  providerNames: ReadonlyMap<number, string>;
  /** The beheerder's own account: blocking it would lock them out halfway through their work. */
  currentUserId: number;
  onDisable(accountId: number): Promise<void>;
}

export function AccountTable({ accounts, providerNames, currentUserId, onDisable }: Props) {
  return (
    <DataTable label="Accounts" testId="account-table" columns={["Naam", "E-mailadres", "Rol", "Aanbieder", "Status"]}>
      {accounts.map((a) => (
        <AccountRow
          key={a.id}
          account={a}
          providerName={a.providerId === null ? "—" : (providerNames.get(a.providerId) ?? `Aanbieder ${a.providerId}`)}
          own={a.id === currentUserId}
          onDisable={onDisable}
        />
      ))}
    </DataTable>
  );
}

interface RowProps {
  account: Account;
  providerName: string;
  own: boolean;
  onDisable(accountId: number): Promise<void>;
}

function AccountRow({ account: a, providerName, own, onDisable }: RowProps) {
  // Blocking cannot be undone from this page.
  const disable = useConfirmedAction(() => onDisable(a.id));

  return (
    <tr data-testid={`account-${a.id}`} className={a.disabled ? "data-table__row--inactive" : undefined}>
      <th scope="row">{a.name}</th>
      <td>{a.email}</td>
      <td>{ROLE_LABELS[a.role]}</td>
      <td>{providerName}</td>
      <td>
        {a.disabled ? (
          <span>Geblokkeerd</span>
        ) : disable.confirming ? (
          <span className="row-actions">
            <ConfirmButtons action={disable} label="Ja, blokkeren" />
          </span>
        ) : (
          <span className="row-actions">
            <span className="badge badge--active">Actief</span>
            {own ? (
              <span>(uw account)</span>
            ) : (
              <button type="button" onClick={disable.ask} aria-label={`Account ${a.name} blokkeren`}>
                Blokkeren
              </button>
            )}
          </span>
        )}
        {disable.error && <p className="message message--error">{disable.error.detail}</p>}
      </td>
    </tr>
  );
}
