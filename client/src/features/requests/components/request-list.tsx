// Placement requests as a table: who is waiting, how urgently, for how long, and what needs attention.
import { Link } from "react-router";
import { REQUEST_STATUS_LABELS, URGENCY_LABELS } from "../../../../../shared/labels.js";
import type { PlacementRequest } from "../../../../../shared/schemas/placements.js";
import { DataTable } from "../../../components/data-table.js";
import { daysBetween, formatDate } from "../../../lib/format.js";
import { RequestBadges } from "./request-badges.js";

const COLUMNS = ["Zaaknummer", "Urgentie", "Status", "Wachttijd", "Gewenste start", "Gemeente", "Let op"];

interface Props {
  requests: PlacementRequest[];
  now: Date;
}

export function RequestList({ requests, now }: Props) {
  return (
    <DataTable label="Plaatsingsverzoeken" testId="request-list" columns={COLUMNS}>
      {requests.map((r) => (
        <tr key={r.id} data-testid={`request-${r.id}`} data-status={r.status}>
          <th scope="row">
            <Link to={`/verzoeken/${r.id}`}>{r.caseNumber}</Link>
          </th>
          <td>{URGENCY_LABELS[r.urgency]}</td>
          <td data-testid={`request-status-${r.id}`}>{REQUEST_STATUS_LABELS[r.status]}</td>
          <td>{waitingText(r, now)}</td>
          <td>{formatDate(r.wantedStart)}</td>
          <td>{r.homeMunicipality}</td>
          <td>
            <RequestBadges request={r} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** Wachttijd: from the request to the placement, or to now while still waiting. A withdrawn one waits no more. */
export function waitingText(r: PlacementRequest, now: Date): string {
  const until = r.placedAt ?? (r.status === "ingetrokken" ? lastTransitionAt(r) : undefined) ?? now;
  const days = daysBetween(r.createdAt, until);
  return days === 1 ? "1 dag" : `${days} dagen`;
}

function lastTransitionAt(r: PlacementRequest): string | undefined {
  return r.transitions.at(-1)?.at;
}
