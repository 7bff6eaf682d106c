// The provider's tokens: recognisable by name and first characters, with when they were last used, and revocable.
import type { ApiToken } from "../../../../../shared/schemas/auth.js";
import { ConfirmButtons } from "../../../components/confirm-buttons.js";
import { DataTable } from "../../../components/data-table.js";
import { useConfirmedMutation } from "../../../hooks/use-confirmed-mutation.js";
import { formatDateTime } from "../../../lib/format.js";

interface Props {
  tokens: ApiToken[];
  onRevoke(tokenId: number): Promise<void>;
}

export function TokenTable({ tokens, onRevoke }: Props) {
  return (
    <DataTable columns={["Naam", "Begint met", "Aangemaakt", "Laatst gebruikt", "Status"]}>
      {tokens.map((t) => (
        <TokenRow key={t.id} token={t} onRevoke={onRevoke} />
      ))}
    </DataTable>
  );
}

function TokenRow({ token: t, onRevoke }: { token: ApiToken; onRevoke(tokenId: number): Promise<void> }) {
  // Revoking cannot be undone.
  const revoke = useConfirmedMutation(() => onRevoke(t.id));

  return (
    <tr data-testid={`token-${t.id}`} className={t.revokedAt ? "data-table__row--inactive" : undefined}>
      <th scope="row">{t.name}</th>
      <td>
        <code>{t.prefix}…</code>
      </td>
      <td>{formatDateTime(t.createdAt)}</td>
      <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Nog niet gebruikt"}</td>
      <td>
        {t.revokedAt ? (
          <span>Ingetrokken op {formatDateTime(t.revokedAt)}</span>
        ) : revoke.confirming ? (
          <span className="row-actions">
            <ConfirmButtons action={revoke} label="Ja, intrekken" />
          </span>
        ) : (
          <span className="row-actions">
            <span className="badge badge--active">Actief</span>
            <button type="button" onClick={revoke.ask} aria-label={`Token ${t.name} intrekken`}>
              Intrekken
            </button>
          </span>
        )}
        {revoke.error && <p className="message message--error">{revoke.error.detail}</p>}
      </td>
    </tr>
  );
}
