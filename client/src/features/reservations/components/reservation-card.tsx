// One open reservation at the provider's location: what the youth needs (as codes), until when it holds, and the
// answer. Accepting where the provider declared a contra-indication needs its explicit agreement (domain.md rule 4).
import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { DECLINE_REASONS, type DeclineReason } from "../../../../../shared/domain.js";
import { characteristicList, DECLINE_REASON_LABELS, GENDER_LABELS } from "../../../../../shared/labels.js";
import type { AnswerReservation, Reservation } from "../../../../../shared/schemas/placements.js";
import { formatDate, formatDateTime } from "../../../lib/format.js";
import { apiErrors } from "../../../lib/query-client.js";

interface Props {
  reservation: Reservation;
  onAnswer(body: AnswerReservation): Promise<void>;
}

export function ReservationCard({ reservation: r, onAnswer }: Props) {
  const id = useId();
  const contra = r.contraIndications.length > 0;
  const [agreed, setAgreed] = useState(false);
  const [reason, setReason] = useState<DeclineReason | "">("");
  const [note, setNote] = useState("");
  const answer = useMutation({ mutationFn: apiErrors(onAnswer) });
  // What is missing before a refusal can be sent; checked here, so it never reaches the server.
  const [incomplete, setIncomplete] = useState<string | null>(null);
  const error = incomplete ?? answer.error?.detail;
  const busy = answer.isPending;
  // A place that comes free: accepting needs the place itself, so it waits for the planned departure (409 otherwise).
  const waiting =
    r.availableFrom !== null && r.awaiting > 0
      ? `De plek komt pas vrij per ${formatDate(r.availableFrom)}: accepteren kan zodra u de uitstroom als vrijgekomen plek meldt.`
      : undefined;

  function send(body: AnswerReservation) {
    setIncomplete(null);
    answer.mutate(body);
  }

  function decline() {
    if (reason === "") return setIncomplete("Kies een reden om te weigeren.");
    if (reason === "anders" && note.trim().length < 2) return setIncomplete("Geef bij 'anders' een korte toelichting.");
    send({ answer: "weigeren", reason, ...(reason === "anders" ? { note: note.trim() } : {}) });
  }

  return (
    <article
      className={contra ? "reservation reservation--contra" : "reservation"}
      data-testid={`reservation-${r.id}`}
      data-reservation-id={r.id}
      aria-labelledby={`${id}-title`}
    >
      <header>
        <h3 id={`${id}-title`}>
          {r.caseNumber} <span className="reservation__location">voor {r.locationName}</span>
        </h3>
        <p className="reservation__meta">
          {r.places === 1 ? "1 plek" : `${r.places} plekken`} · gereserveerd tot{" "}
          <strong>{formatDateTime(r.expiresAt)}</strong>
          {r.availableFrom && (
            <span data-testid={`reservation-coming-${r.id}`}>
              {" "}
              · per {formatDate(r.availableFrom)}, {r.awaiting > 0 ? "wacht op uitstroom" : "plek is vrijgekomen"}
            </span>
          )}
        </p>
      </header>
      <p className="reservation__youth">
        {GENDER_LABELS[r.youth.gender]}, {r.youth.age} jaar
        {r.youth.characteristics.length > 0 && <> · kenmerken: {characteristicList(r.youth.characteristics)}</>}
      </p>
      {contra && (
        <div className="reservation__contra" data-testid={`reservation-contra-${r.id}`}>
          <span className="badge badge--contra">⚠ Contra-indicatie: {characteristicList(r.contraIndications)}</span>
          <p>
            Deze jeugdige valt onder wat u als contra-indicatie hebt opgegeven. In Twente kennen we geen
            contra-indicaties bij plaatsing: plaatsen kan, met uw uitdrukkelijke instemming.
          </p>
          <div className="field field--check">
            <input
              id={`${id}-agree`}
              data-testid={`agree-${r.id}`}
              type="checkbox"
              checked={agreed}
              onChange={(e) => setAgreed(e.target.checked)}
            />
            <label htmlFor={`${id}-agree`}>Wij stemmen in met plaatsing ondanks deze contra-indicatie(s)</label>
          </div>
        </div>
      )}
      <div className="reservation__answers">
        <button
          type="button"
          className="button--primary"
          data-testid={`accept-${r.id}`}
          disabled={busy || (contra && !agreed) || waiting !== undefined}
          title={waiting}
          onClick={() => send({ answer: "accepteren", contraIndicationsAgreed: contra && agreed })}
        >
          Accepteren
        </button>
        <div className="reservation__decline">
          <div className="field">
            <label htmlFor={`${id}-reason`}>Reden van weigeren</label>
            <select
              id={`${id}-reason`}
              data-testid={`decline-reason-${r.id}`}
              value={reason}
              onChange={(e) => setReason(e.target.value as DeclineReason | "")}
            >
              <option value="">Kies een reden…</option>
              {DECLINE_REASONS.map((code) => (
                <option key={code} value={code}>
                  {DECLINE_REASON_LABELS[code]}
                </option>
              ))}
            </select>
          </div>
          {reason === "anders" && (
            <div className="field">
              <label htmlFor={`${id}-note`}>Korte toelichting (geen gegevens over de jeugdige)</label>
              <input
                id={`${id}-note`}
                data-testid={`decline-note-${r.id}`}
                maxLength={60}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
            </div>
          )}
          <button type="button" data-testid={`decline-${r.id}`} disabled={busy} onClick={decline}>
            Weigeren
          </button>
        </div>
      </div>
      {waiting && (
        <p className="reservation__waiting" data-testid={`reservation-waiting-${r.id}`}>
          {waiting}
        </p>
      )}
      {error && (
        <p className="message message--error" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}
