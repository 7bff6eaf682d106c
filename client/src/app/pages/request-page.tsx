// One plaatsingsverzoek: its facts, the ambulant-first stepper, and, for the regisseur while searching, the live
// ranked matches. The verwijzer follows the same request without the matching (server/policies/placements.ts).
import type { ReactNode } from "react";
import { Link, useParams } from "react-router";
import { SEARCHING_STATUSES } from "../../../../shared/domain.js";
import type { PlacementRequest } from "../../../../shared/schemas/placements.js";
import { LoadProblem } from "../../components/load-problem.js";
import { useCurrentUser } from "../../features/auth/hooks/use-session.js";
import { MatchMap } from "../../features/map/components/match-map.js";
import { MatchList } from "../../features/matching/components/match-list.js";
import { AmbulantGate } from "../../features/requests/components/ambulant-gate.js";
import { RequestCorrection } from "../../features/requests/components/correct-request.js";
import { RequestReservations } from "../../features/requests/components/request-reservations.js";
import { RequestSummary, RequestTransitions } from "../../features/requests/components/request-summary.js";
import { WithdrawRequest } from "../../features/requests/components/withdraw-request.js";
import { useRequest } from "../../features/requests/hooks/use-request.js";
import { useNow } from "../../hooks/use-now.js";
import "../../features/requests/components/requests.css";

/** Where matching is possible: the server refuses it before the gate and after the end (placed, withdrawn). */

export function RequestPage() {
  const raw = useParams().id ?? "";
  const id = /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : undefined;
  if (id === undefined) {
    return (
      <RequestFrame>
        <p className="empty">Dit is geen geldig verzoeknummer.</p>
      </RequestFrame>
    );
  }
  // Keyed: another request's page starts from nothing, never from the previous one's data.
  return <RequestView key={id} id={id} />;
}

function RequestView({ id }: { id: number }) {
  const { role } = useCurrentUser();
  const state = useRequest(id);
  const now = useNow();
  const r = state.request;

  return (
    <RequestFrame caseNumber={r?.caseNumber}>
      <LoadProblem
        status={state.status}
        error={state.error}
        onRetry={state.reload}
        loadFailed="Het verzoek kon niet worden geladen."
        refreshFailed="Het verzoek kon niet worden bijgewerkt."
      />
      {state.status === "loading" && <p className="loading">Verzoek laden…</p>}
      {r && (
        <div className="request-layout" data-testid="request-page" data-request-id={r.id}>
          <div className="request-header">
            <RequestSummary request={r} now={now} />
            <div className="request-header__actions">
              {/* A verwijzer gets no live word of a provider's answer (no per-location pushes): it looks again. */}
              <button type="button" data-testid="request-refresh" onClick={state.reload}>
                Vernieuwen
              </button>
              <Link to={`/verzoeken/${r.id}/advies`} className="button" data-testid="request-advice">
                Matchadvies
              </Link>
              <WithdrawRequest request={r} onWithdraw={() => state.transition("ingetrokken")} />
            </div>
          </div>
          <RequestCorrection request={r} role={role} onCorrect={state.correct} onReload={state.refetchRequest} />
          <AmbulantGate
            request={r}
            onAddAmbulant={state.addAmbulant}
            onSetAnalysis={state.setAnalysis}
            onStartSearch={() => state.transition("zoekend")}
          />
          {role === "regisseur" && SEARCHING_STATUSES.includes(r.status) && (
            // Keyed by the codes matching reads: a correction ranks anew at once, from the corrected request.
            <>
              <MatchList
                key={`lijst-${matchKey(r)}`}
                requestId={r.id}
                requestStatus={r.status}
                urgency={r.urgency}
                onReserved={state.reload}
              />
              <MatchMap key={`kaart-${matchKey(r)}`} requestId={r.id} />
            </>
          )}
          <RequestReservations reservations={state.reservations} />
          <RequestTransitions request={r} />
        </div>
      )}
    </RequestFrame>
  );
}

/** What the ranking depends on; the rest of the request (status, history) leaves the match list as it is. */
function matchKey(r: PlacementRequest): string {
  return JSON.stringify([
    r.age,
    r.gender,
    r.homePostcode,
    r.schoolPostcode,
    r.wantedStart,
    r.siblings,
    r.characteristics,
    r.acceptableCareTypes,
  ]);
}

function RequestFrame({ caseNumber, children }: { caseNumber?: string | undefined; children: ReactNode }) {
  return (
    <section className="page">
      <title>{`${caseNumber ?? "Plaatsingsverzoek"} — Beschikbaarheidswijzer Twente`}</title>
      <div className="page__intro">
        <p className="breadcrumb">
          <Link to="/verzoeken">← Alle plaatsingsverzoeken</Link>
        </p>
        <h1>Plaatsingsverzoek{caseNumber && ` ${caseNumber}`}</h1>
      </div>
      {children}
    </section>
  );
}
