// The audit log as a table, newest first: when, who in which role and on whose behalf, what on which object, with
// which outcome, from where (NEN 7513: who, when, which object, on whose behalf).
import type { AuditEntry } from "../../../../../shared/schemas/auth.js";
import { DataTable } from "../../../components/data-table.js";
import { formatTimestamp } from "../../../lib/format.js";
import { actorLabel, OUTCOME_LABELS, roleLabel } from "./audit-labels.js";
import "./audit.css";

const COLUMNS = ["Tijd", "Wie", "Rol", "Namens", "Actie", "Object", "Uitkomst", "Vanaf (IP)", "Toelichting"];

interface Props {
  entries: AuditEntry[];
  /** Account names by the label the log records ("user:12"). */
  names: ReadonlyMap<string, string>;
}

export function AuditTable({ entries, names }: Props) {
  return (
    <DataTable label="Auditlog" className="audit-table" testId="audit-table" columns={COLUMNS}>
      {entries.map((e) => (
        <tr key={e.id} data-testid={`audit-${e.id}`} data-action={e.action} data-outcome={e.outcome}>
          <td className="audit-table__time">
            <time dateTime={e.at}>{formatTimestamp(e.at)}</time>
          </td>
          <td>
            {actorLabel(e.actor, names)}
            {names.has(e.actor) && <span className="audit-table__raw">{e.actor}</span>}
          </td>
          <td>{roleLabel(e.role)}</td>
          <td>{e.onBehalfOf ?? "—"}</td>
          <td>
            <code>{e.action}</code>
          </td>
          <td>{objectLabel(e, names)}</td>
          <td>
            <span className={`badge audit-outcome audit-outcome--${e.outcome}`}>{OUTCOME_LABELS[e.outcome]}</span>
          </td>
          <td>{e.ip ?? "—"}</td>
          <td className="audit-table__detail">{e.detail ?? ""}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function objectLabel(e: AuditEntry, names: ReadonlyMap<string, string>): string {
  if (e.objectType === null) return "—";
  if (e.objectId === null) return e.objectType;
  // An account object is a user: its name says more than its number.
  const name = e.objectType === "account" ? names.get(`user:${e.objectId}`) : undefined;
  return `${e.objectType} ${e.objectId}${name ? ` (${name})` : ""}`;
}
