// E-mail: the beheerder sees what the app sent, what waits and what failed (and why), and puts a failed mail back.
import { MAIL_STATUSES, type MailStatus } from "../../../../shared/schemas/notifications.js";
import { LoadProblem } from "../../components/load-problem.js";
import { OutboxTable, STATUS_LABELS } from "../../features/mail/components/outbox-table.js";
import { useOutbox } from "../../features/mail/hooks/use-outbox.js";
import { errorText } from "../../lib/api.js";

export function OutboxPage() {
  const outbox = useOutbox();
  const data = outbox.data;
  return (
    <section className="page">
      <title>E-mail — Beschikbaarheidswijzer Twente</title>
      <div className="page__intro">
        <h1>E-mail</h1>
        <p>
          De e-mails die de app verstuurt: meldingen, dagelijkse samenvattingen en wachtwoordherstel. Een e-mail die
          niet lukt, wordt later opnieuw geprobeerd; na de laatste poging staat hij op mislukt.
        </p>
      </div>
      {data && !data.smtpConfigured && (
        <div className="alert outbox-banner" role="status" data-testid="outbox-no-smtp">
          <p>Er is geen mailserver ingesteld: deze e-mails worden niet verzonden.</p>
        </div>
      )}
      <div className="field">
        <label htmlFor="outbox-status">Status</label>
        <select
          id="outbox-status"
          data-testid="outbox-status"
          value={outbox.filter.status ?? ""}
          onChange={(e) => outbox.byStatus((e.target.value || undefined) as MailStatus | undefined)}
        >
          <option value="">Alle</option>
          {MAIL_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
              {data ? ` (${data.counts[s]})` : ""}
            </option>
          ))}
        </select>
      </div>
      <LoadProblem
        status={outbox.status}
        error={outbox.error}
        onRetry={outbox.reload}
        loadFailed="De uitgaande e-mails konden niet worden geladen."
        refreshFailed="De uitgaande e-mails konden niet worden bijgewerkt."
      />
      {outbox.retry.error && (
        <p className="alert alert--error" role="alert">
          {errorText(outbox.retry.error)}
        </p>
      )}
      {outbox.status === "loading" && <p className="loading">E-mails laden…</p>}
      {data &&
        (data.items.length > 0 ? (
          <OutboxTable mails={data.items} busy={outbox.retry.isPending} onRetry={(id) => outbox.retry.mutate(id)} />
        ) : (
          <p className="empty">Geen e-mails met deze status.</p>
        ))}
      {(outbox.newest || outbox.older) && (
        <nav className="outbox-paging" aria-label="Bladeren door de e-mails">
          <button type="button" disabled={!outbox.newest} onClick={outbox.newest}>
            Nieuwste e-mails
          </button>
          <button type="button" disabled={!outbox.older} onClick={outbox.older}>
            Oudere e-mails
          </button>
        </nav>
      )}
    </section>
  );
}
