// Auditlog: the beheerder checks who did what, when, from where, and on whose behalf; and exports it for an audit.
import { useMemo } from "react";
import { ROLE_LABELS } from "../../../../shared/domain.js";
import { LoadProblem } from "../../components/load-problem.js";
import { useAccounts } from "../../features/accounts/hooks/use-accounts.js";
import { auditCsvHref } from "../../features/audit/api/audit.js";
import { type ActorOption, AuditFilterForm } from "../../features/audit/components/audit-filter-form.js";
import { AuditTable } from "../../features/audit/components/audit-table.js";
import { useAuditLog } from "../../features/audit/hooks/use-audit-log.js";
import { RetentionPanel } from "../../features/retention/components/retention-panel.js";

export function AuditPage() {
  const log = useAuditLog();
  // Only for names instead of "user:12": if the accounts do not load, the log is still complete without them.
  const { accounts } = useAccounts();
  const names = useMemo(() => new Map(accounts.map((a) => [`user:${a.id}`, a.name])), [accounts]);
  const actors = useMemo<ActorOption[]>(
    () => [
      ...accounts.map((a) => ({ value: `user:${a.id}`, label: `${a.name} (${ROLE_LABELS[a.role]})` })),
      { value: "anoniem", label: "Niet ingelogd (mislukte logins)" },
    ],
    [accounts],
  );

  return (
    <section className="page">
      <title>Auditlog — Beschikbaarheidswijzer Twente</title>
      <div className="page__intro">
        <h1>Auditlog</h1>
        <p>
          Wie wat deed, wanneer, vanaf welk adres en namens wie: inloggen, accounts, tokens en het inzien van
          plaatsingsverzoeken. Het log kan niet worden gewijzigd; ook het inzien ervan wordt vastgelegd.
        </p>
      </div>
      <AuditFilterForm actors={actors} actions={log.knownActions} onApply={log.apply} />
      <div className="audit-toolbar">
        <p aria-live="polite">
          {log.status === "ready" && `Pagina ${log.page}: ${log.entries.length} regels, nieuwste eerst.`}
        </p>
        <a className="button-link" href={auditCsvHref(log.filter)} download data-testid="audit-csv">
          Exporteer CSV
        </a>
      </div>
      <LoadProblem
        status={log.status}
        error={log.error}
        onRetry={log.reload}
        loadFailed="Het auditlog kon niet worden geladen."
        refreshFailed="Het auditlog kon niet worden bijgewerkt."
      />
      {log.status === "loading" && <p className="loading">Auditlog laden…</p>}
      {log.status === "ready" &&
        (log.entries.length > 0 ? (
          <AuditTable entries={log.entries} names={names} />
        ) : (
          <p className="empty">Geen regels die aan deze filters voldoen.</p>
        ))}
      {log.status === "ready" && (log.hasNewer || log.hasOlder) && (
        <nav className="audit-paging" aria-label="Bladeren door het auditlog">
          <button type="button" data-testid="audit-newer" disabled={log.busy || !log.hasNewer} onClick={log.newer}>
            Nieuwere regels
          </button>
          <button type="button" data-testid="audit-older" disabled={log.busy || !log.hasOlder} onClick={log.older}>
            Oudere regels
          </button>
        </nav>
      )}
      <RetentionPanel />
    </section>
  );
}
