// "Reserveringen": the open reservations at the provider's own locations, to answer before they run out.
import { useState } from "react";
import type { AnswerReservation, Reservation } from "../../../../../shared/schemas/placements.js";
import { LoadProblem } from "../../../components/load-problem.js";
import { useOwnReservations } from "../hooks/use-own-reservations.js";
import { ReservationCard } from "./reservation-card.js";
import "./reservations.css";

export function ReservationInbox() {
  const own = useOwnReservations();
  const [answered, setAnswered] = useState<Reservation | null>(null);
  const open = own.reservations.filter((r) => r.status === "open");

  async function answer(id: number, body: AnswerReservation) {
    setAnswered(await own.answer(id, body));
  }

  return (
    <section className="reservations" aria-labelledby="reservations-title" data-testid="reservation-inbox">
      <h2 id="reservations-title">
        Reserveringen{open.length > 0 && <span className="reservations__count"> ({open.length} open)</span>}
      </h2>
      {answered && (
        <p className="message message--success" role="status" data-testid="answer-message">
          {answered.status === "geaccepteerd"
            ? `Geaccepteerd: ${answered.caseNumber} is geplaatst bij ${answered.locationName}.`
            : `Geweigerd: de plek bij ${answered.locationName} is weer vrij en het CPWV zoekt verder.`}
        </p>
      )}
      <LoadProblem
        status={own.status}
        error={own.error}
        onRetry={own.reload}
        loadFailed="De reserveringen konden niet worden geladen."
        refreshFailed="De reserveringen konden niet worden bijgewerkt."
      />
      {own.status === "loading" && <p className="loading">Reserveringen laden…</p>}
      {own.status === "ready" &&
        (open.length === 0 ? (
          <p className="empty">Geen openstaande reserveringen op uw locaties.</p>
        ) : (
          <div className="reservations__list">
            {open.map((r) => (
              <ReservationCard key={r.id} reservation={r} onAnswer={(body) => answer(r.id, body)} />
            ))}
          </div>
        ))}
    </section>
  );
}
