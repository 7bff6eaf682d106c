// Actualiteit per aanbieder: how many of its locations are stale now, which share of the period its numbers were
// confirmed in time, and its oldest confirmation. Worst first, as the server orders it.
import type { ProviderCompliance } from "../../../../../shared/schemas/monitor.js";
import { DataTable } from "../../../components/data-table.js";
import { formatDateTime } from "../../../lib/format.js";
import type { CsvExport } from "./chart-panel.js";

const percent = (share: number | null) => (share === null ? "—" : `${Math.round(share * 100)}%`);

export function complianceCsv(rows: readonly ProviderCompliance[]): CsvExport {
  return {
    name: "actualiteit-per-aanbieder",
    header: ["aanbieder", "locaties", "verouderd", "op_tijd_bevestigd_pct", "oudste_bevestiging"],
    rows: rows.map((r) => [
      r.providerName,
      r.locations,
      r.stale,
      r.inTimeShare === null ? null : Math.round(r.inTimeShare * 1000) / 10,
      r.oldestConfirmedAt,
    ]),
  };
}

export function ComplianceTable({ rows }: { rows: readonly ProviderCompliance[] }) {
  if (rows.length === 0) return <p className="empty">Geen aanbieders met locaties die aan deze filters voldoen.</p>;
  return (
    <DataTable
      label="Actualiteit per aanbieder"
      columns={["Aanbieder", "Locaties", "Verouderd", "Op tijd bevestigd", "Oudste bevestiging"]}
      className="compliance-table"
      testId="compliance-table"
    >
      {rows.map((r) => (
        <tr key={r.providerId} data-testid={`compliance-${r.providerId}`}>
          <th scope="row">{r.providerName}</th>
          <td className="compliance-table__number">{r.locations}</td>
          <td className="compliance-table__number">
            {r.stale > 0 ? <span className="badge badge--stale">{r.stale}</span> : 0}
          </td>
          <td className="compliance-table__number">{percent(r.inTimeShare)}</td>
          <td>{formatDateTime(r.oldestConfirmedAt)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
