// The signals a request must show wherever it is listed: crisis, escalated to the RET, and a crisis request whose
// ambulant record is overdue (domain.md rules 1 and 4).
import type { PlacementRequest } from "../../../../../shared/schemas/placements.js";
import { formatDateTime } from "../../../lib/format.js";

export function RequestBadges({ request: r }: { request: PlacementRequest }) {
  const escalated = r.status === "opgeschaald" || r.escalatedAt !== null;
  return (
    <span className="badges">
      {r.urgency === "crisis" && <span className="badge badge--crisis">Crisis</span>}
      {escalated && (
        <span
          className="badge badge--escalated"
          data-testid={`escalated-${r.id}`}
          title={r.escalatedAt ? `Opgeschaald naar het RET op ${formatDateTime(r.escalatedAt)}` : undefined}
        >
          Opgeschaald
        </span>
      )}
      {r.ambulantOverdue && (
        <span
          className="badge badge--overdue"
          data-testid={`overdue-${r.id}`}
          title={
            r.ambulantDueAt
              ? `Ambulant spoor was uiterlijk ${formatDateTime(r.ambulantDueAt)} vast te leggen`
              : undefined
          }
        >
          Ambulant spoor te laat
        </span>
      )}
    </span>
  );
}
