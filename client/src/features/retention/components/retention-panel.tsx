// Bewaartermijnen: when the daily retention job last ran and what it did, so the beheerder can show that closed
// requests lose their identifying data on time (AVG), the audit log is kept as long as it should be (NEN 7513), and
// messages do not pile up.
import { useQuery } from "@tanstack/react-query";
import type { RetentionRun } from "../../../../../shared/schemas/retention.js";
import { DataTable } from "../../../components/data-table.js";
import { LoadProblem } from "../../../components/load-problem.js";
import { formatDate, formatTimestamp } from "../../../lib/format.js";
import { loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import { fetchRetention } from "../api/retention.js";
import "./retention.css";

const COLUMNS = [
  "Dag",
  "Gestart",
  "Klaar",
  "Uitkomst",
  "Verzoeken gepseudonimiseerd",
  "Auditregels zonder zaaknummer",
  "Auditregels verwijderd",
  "Berichten verwijderd",
];

export function RetentionPanel() {
  const query = useQuery({ queryKey: queryKeys.retention, queryFn: ({ signal }) => fetchRetention(signal) });
  const { status, error, reload } = loadState(query, "De bewaartermijnen konden niet worden geladen.");
  const data = query.data;
  const last = data?.runs.find((r) => r.outcome === "voltooid");
  return (
    <section className="retention-panel" aria-labelledby="retention-title" data-testid="retention-panel">
      <h2 id="retention-title">Bewaartermijnen</h2>
      {data && (
        <p>
          Geplaatste en ingetrokken verzoeken verliezen {data.retentionMonths} maanden na afsluiten hun dossiernummer,
          postcodes en toelichtingen; de codes voor de monitor blijven. Auditregels worden {data.auditRetentionYears}{" "}
          jaar bewaard. Meldingen, verstuurde e-mails, afgeronde webhookberichten en verlopen links worden na{" "}
          {data.messageRetentionDays} dagen verwijderd. Eén keer per dag, door één server.
        </p>
      )}
      <LoadProblem
        status={status}
        error={error}
        onRetry={reload}
        loadFailed="De bewaartermijnen konden niet worden geladen."
        refreshFailed="De bewaartermijnen konden niet worden bijgewerkt."
      />
      {status === "loading" && <p className="loading">Bewaartermijnen laden…</p>}
      {data && (
        <p data-testid="retention-last">
          {last?.finishedAt
            ? `Laatst uitgevoerd: ${formatTimestamp(last.finishedAt)}.`
            : "De dagelijkse retentie is nog niet uitgevoerd."}
        </p>
      )}
      {data && data.runs.length > 0 && (
        <DataTable label="Runs van de retentie" testId="retention-runs" columns={COLUMNS}>
          {data.runs.map((run) => (
            <RunRow key={run.id} run={run} />
          ))}
        </DataTable>
      )}
    </section>
  );
}

function RunRow({ run }: { run: RetentionRun }) {
  const count = (n: number | undefined) => (n === undefined ? "—" : String(n));
  return (
    <tr data-testid={`retention-run-${run.id}`} data-outcome={run.outcome}>
      <td>{formatDate(run.day)}</td>
      <td>
        <time dateTime={run.startedAt}>{formatTimestamp(run.startedAt)}</time>
      </td>
      <td>{run.finishedAt ? <time dateTime={run.finishedAt}>{formatTimestamp(run.finishedAt)}</time> : "—"}</td>
      <td>
        {run.outcome === "voltooid" ? "Voltooid" : "Mislukt"}
        {run.error && <span className="retention-panel__error"> ({run.error}; wordt opnieuw geprobeerd)</span>}
      </td>
      <td>{count(run.counts?.requestsPseudonymised)}</td>
      <td>{count(run.counts?.auditEntriesBlanked)}</td>
      <td>{count(run.counts?.auditEntriesDeleted)}</td>
      <td>{count(run.counts?.messagesDeleted)}</td>
    </tr>
  );
}
