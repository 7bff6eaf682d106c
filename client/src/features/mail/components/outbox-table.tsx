// The outbox's mails, newest first: to whom, what, its state, and for a given-up one a button to try again.
import type { OutboxMail } from "../../../../../shared/schemas/mail.js";
import type { MailKind, MailStatus } from "../../../../../shared/schemas/notifications.js";
import { DataTable } from "../../../components/data-table.js";
import { formatTimestamp } from "../../../lib/format.js";
import "./outbox.css";

export const STATUS_LABELS: Record<MailStatus, string> = {
  wachtend: "Wachtend",
  verzonden: "Verzonden",
  mislukt: "Mislukt",
};

const KIND_LABELS: Record<MailKind, string> = {
  melding: "Melding",
  samenvatting: "Dagelijkse samenvatting",
  "wachtwoord-herstel": "Wachtwoord herstellen",
};

const COLUMNS = [
  "Aangemaakt",
  "Aan",
  "Onderwerp",
  "Soort",
  "Status",
  "Pogingen",
  "Volgende poging",
  "Laatste fout",
  "Verzonden",
  { label: "Acties", hidden: true },
] as const;

interface Props {
  mails: readonly OutboxMail[];
  busy: boolean;
  onRetry(id: number): void;
}

export function OutboxTable({ mails, busy, onRetry }: Props) {
  return (
    <DataTable label="Uitgaande e-mails" testId="outbox-table" columns={COLUMNS} className="outbox-table">
      {mails.map((mail) => (
        <tr key={mail.id} data-testid={`outbox-mail-${mail.id}`} data-status={mail.status}>
          <td>
            <time dateTime={mail.createdAt}>{formatTimestamp(mail.createdAt)}</time>
          </td>
          <td>{mail.toAddress}</td>
          <td>
            <details>
              <summary>{mail.subject}</summary>
              {mail.carriesSecret ? (
                <p className="outbox-table__secret">Bevat een eenmalige link: de inhoud wordt niet getoond.</p>
              ) : (
                <pre className="outbox-table__body">{mail.body ?? "—"}</pre>
              )}
            </details>
          </td>
          <td>{KIND_LABELS[mail.kind]}</td>
          <td>{STATUS_LABELS[mail.status]}</td>
          <td>{mail.attempts}</td>
          <td>{mail.status === "wachtend" ? formatTimestamp(mail.nextAttemptAt) : "—"}</td>
          <td>{mail.lastError ?? "—"}</td>
          <td>{mail.sentAt ? formatTimestamp(mail.sentAt) : "—"}</td>
          <td>
            {mail.status === "mislukt" && (
              <button
                type="button"
                disabled={busy}
                onClick={() => onRetry(mail.id)}
                data-testid={`outbox-retry-${mail.id}`}
              >
                Opnieuw versturen
              </button>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
