// The reservations made for a request: where, in what state, until when, and why a provider declined.

import { characteristicList, DECLINE_REASON_LABELS, RESERVATION_STATUS_LABELS } from "../../../../../shared/labels.js";
import type { Reservation } from "../../../../../shared/schemas/placements.js";
import { DataTable } from "../../../components/data-table.js";
import { formatDate, formatDateTime } from "../../../lib/format.js";

const COLUMNS = ["Locatie", "Status", "Plekken", "Gemaakt", "Verloopt", "Toelichting"];

export function RequestReservations({ reservations }: { reservations: Reservation[] }) {
  return (
    <section className="request-reservations" aria-labelledby="request-reservations-title">
      <h2 id="request-reservations-title">Reserveringen</h2>
      {reservations.length === 0 ? (
        <p className="empty">Nog geen reserveringen voor dit verzoek.</p>
      ) : (
        <DataTable testId="request-reservations" columns={COLUMNS}>
          {reservations.map((r) => (
            <tr key={r.id} data-testid={`request-reservation-${r.id}`} data-status={r.status}>
              <th scope="row">{r.locationName}</th>
              <td>
                <span className={`status status--reservation-${r.status}`}>{RESERVATION_STATUS_LABELS[r.status]}</span>
              </td>
              <td>{r.places}</td>
              <td>{formatDateTime(r.createdAt)}</td>
              {/* Only an open reservation still runs out; afterwards the time says nothing. */}
              <td>{r.status === "open" ? formatDateTime(r.expiresAt) : "—"}</td>
              <td>
                {r.availableFrom && (
                  <span data-testid={`request-reservation-coming-${r.id}`}>
                    Per {formatDate(r.availableFrom)}
                    {r.status === "open" && r.awaiting > 0 ? ", wacht op uitstroom" : ""}.{" "}
                  </span>
                )}
                {r.declineReason && (
                  <span>
                    Geweigerd: {DECLINE_REASON_LABELS[r.declineReason]}
                    {r.declineNote ? ` (${r.declineNote})` : ""}.{" "}
                  </span>
                )}
                {r.contraIndications.length > 0 && (
                  <span className="badge badge--contra">
                    Contra-indicatie: {characteristicList(r.contraIndications)}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
