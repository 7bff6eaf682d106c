// The regisseur's search for one request: locations ranked by the shared matching rule, updated live, with contra-
// indications flagged but never hidden (domain.md rule 4), and a place held with one click.
import { Fragment, useState } from "react";
import { CARE_TYPE_LABELS, type RequestStatus, type Urgency } from "../../../../../shared/domain.js";
import { betterCareType } from "../../../../../shared/rules/thuis-tenzij.js";
import type { MatchView, Reservation } from "../../../../../shared/schemas/placements.js";
import { type Column, DataTable } from "../../../components/data-table.js";
import { LoadProblem } from "../../../components/load-problem.js";
import { formatDate, formatDateTime, formatTimestamp } from "../../../lib/format.js";
import { type ReserveReasons, reservePlace } from "../api/matching.js";
import { useMatches } from "../hooks/use-matches.js";
import { MatchRow } from "./match-row.js";
import { WatchToggle } from "./watch-toggle.js";
import "./matching.css";

const COLUMNS: readonly Column[] = [
  "#",
  "Locatie en aanbieder",
  "Zorgvorm",
  "Gemeente",
  "Plek",
  "Km thuis",
  "Km school",
  "Score",
  // The buttons need no visible heading; a screen reader says what they are for.
  { label: "Reserveren", hidden: true },
];

interface Props {
  requestId: number;
  requestStatus: RequestStatus;
  /** A crisis request lists its free crisis places first, in a section of their own, and regular places after them. */
  urgency?: Urgency;
  /** After a reservation: the request and its reservations changed too. */
  onReserved(reservation: Reservation): void;
}

export function MatchList({ requestId, requestStatus, urgency, onReserved }: Props) {
  const matches = useMatches(requestId);
  // Sections only for a crisis request: its crisis places come first, each section grouped by care type again.
  const sectionOf = (m: MatchView | undefined) =>
    urgency === "crisis" && m ? (m.crisisPlace ? "crisis" : "regulier") : undefined;
  const [reserved, setReserved] = useState<Reservation | null>(null);
  const blocked =
    requestStatus === "gereserveerd"
      ? "Dit verzoek heeft al een openstaande reservering: wacht op het antwoord van de aanbieder."
      : undefined;

  async function reserve(locationId: number, reasons: ReserveReasons) {
    const reservation = await reservePlace(requestId, locationId, reasons);
    setReserved(reservation);
    onReserved(reservation);
  }

  return (
    <section className="matches" aria-labelledby="matches-title" data-testid="matches">
      <div className="matches__header">
        <h2 id="matches-title">Passende locaties</h2>
        {matches.list && <WatchToggle watching={matches.list.watching} onChange={matches.watch} />}
      </div>
      <p className="matches__intro">
        Per zorgvorm, van meest naar minst thuis ("thuis, tenzij"); binnen een zorgvorm op score, met verouderde cijfers
        na de bevestigde. Een contra-indicatie van de aanbieder staat erbij en zakt in de ranglijst; plaatsen vraagt dan
        de uitdrukkelijke instemming van de aanbieder. Wie een minder thuisnabije vorm kiest terwijl een meer
        thuisnabije passend vrij is, geeft een reden.
      </p>
      {reserved && (
        <p className="message message--success" role="status" data-testid="reserved-message">
          Plek gereserveerd bij {reserved.locationName}
          {reserved.availableFrom && <> per {formatDate(reserved.availableFrom)} (wacht op uitstroom)</>}, tot{" "}
          {formatDateTime(reserved.expiresAt)}. De aanbieder is gevraagd te antwoorden.
        </p>
      )}
      <LoadProblem
        status={matches.status}
        error={matches.error}
        onRetry={matches.reload}
        loadFailed="De passende locaties konden niet worden geladen."
        refreshFailed="De ranglijst kon niet worden bijgewerkt."
      />
      {matches.status === "loading" && <p className="loading">Passende locaties zoeken…</p>}
      {matches.list && (
        <>
          <p className="matches__meta" data-testid="matches-meta">
            {matches.list.fitting} passend
            {matches.list.matches.length < matches.list.fitting && ` (de beste ${matches.list.matches.length} getoond)`}
            {matches.list.excluded > 0 &&
              `, ${matches.list.excluded} locaties vallen af (zorgvorm, leeftijd, geslacht of geen plek)`}
            {matches.fetchedAt && <span> · bijgewerkt {formatTimestamp(matches.fetchedAt)}</span>}
          </p>
          {blocked && matches.list.matches.length > 0 && (
            <p className="message message--conflict" data-testid="reserve-blocked">
              {blocked}
            </p>
          )}
          {matches.list.matches.length === 0 ? (
            <p className="empty">
              Nu geen passende locatie met een vrije plek. Volg dit verzoek om een melding te krijgen zodra er een
              vrijkomt.
            </p>
          ) : (
            <DataTable label="Passende locaties" className="match-table" testId="match-table" columns={COLUMNS}>
              {matches.list.matches.map((m, i, all) => (
                <Fragment key={m.locationId}>
                  {sectionOf(all[i - 1]) !== sectionOf(m) && (
                    <tr
                      className={`match-section match-section--${sectionOf(m)}`}
                      data-testid={`match-section-${sectionOf(m)}`}
                    >
                      <th colSpan={COLUMNS.length} scope="colgroup">
                        {sectionOf(m) === "crisis" ? "Crisisplekken" : "Reguliere plekken"}
                      </th>
                    </tr>
                  )}
                  {(all[i - 1]?.careType !== m.careType || sectionOf(all[i - 1]) !== sectionOf(m)) && (
                    <tr className="match-group" data-testid={`match-group-${m.careType}`}>
                      <th colSpan={COLUMNS.length} scope="colgroup">
                        {CARE_TYPE_LABELS[m.careType]}
                      </th>
                    </tr>
                  )}
                  <MatchRow
                    rank={i + 1}
                    match={m}
                    better={betterCareType(m.careType, all, urgency === "crisis" && m.crisisPlace)}
                    reserveBlocked={blocked}
                    onReserve={reserve}
                  />
                </Fragment>
              ))}
            </DataTable>
          )}
        </>
      )}
    </section>
  );
}
