// Plaatsingsverzoeken: a verwijzer's own requests, or for the regisseur all of them, and the form for a new one.
import { useState } from "react";
import { useNavigate } from "react-router";
import { LoadProblem } from "../../components/load-problem.js";
import { useCurrentUser } from "../../features/auth/hooks/use-session.js";
import { createRequest } from "../../features/requests/api/requests.js";
import { CreateRequestForm } from "../../features/requests/components/create-request-form.js";
import { RequestList } from "../../features/requests/components/request-list.js";
import { useRequests } from "../../features/requests/hooks/use-requests.js";
import { useNow } from "../../hooks/use-now.js";
import "../../features/requests/components/requests.css";

export function RequestsPage() {
  const { role } = useCurrentUser();
  const [finished, setFinished] = useState(false);
  const requests = useRequests(finished);
  const now = useNow();
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();

  return (
    <section className="page">
      <title>Plaatsingsverzoeken — Beschikbaarheidswijzer Twente</title>
      <div className="page__intro">
        <h1>Plaatsingsverzoeken</h1>
        <p>
          {role === "regisseur"
            ? "Alle plaatsingsverzoeken in de regio. Elke inzage wordt vastgelegd."
            : "Uw plaatsingsverzoeken. Het CPWV zoekt een passende plek zodra het ambulante spoor is vastgelegd."}
        </p>
      </div>
      {creating ? (
        <CreateRequestForm
          onCreate={createRequest}
          onCreated={(created) => navigate(`/verzoeken/${created.id}`)}
          onCancel={() => setCreating(false)}
        />
      ) : (
        <div className="requests__actions">
          <button type="button" className="button--primary" data-testid="new-request" onClick={() => setCreating(true)}>
            Nieuw verzoek
          </button>
        </div>
      )}
      <div className="field field--check">
        <input
          id="requests-finished"
          type="checkbox"
          checked={finished}
          onChange={(e) => setFinished(e.target.checked)}
        />
        <label htmlFor="requests-finished">Ook geplaatste en ingetrokken verzoeken tonen</label>
      </div>
      <LoadProblem
        status={requests.status}
        error={requests.error}
        onRetry={requests.reload}
        loadFailed="De plaatsingsverzoeken konden niet worden geladen."
        refreshFailed="De plaatsingsverzoeken konden niet worden bijgewerkt."
      />
      {requests.status === "loading" && <p className="loading">Verzoeken laden…</p>}
      {requests.status === "ready" &&
        (requests.requests.length > 0 ? (
          <RequestList requests={requests.requests} now={now} />
        ) : (
          <p className="empty">
            {finished ? "Nog geen plaatsingsverzoeken." : "Geen openstaande plaatsingsverzoeken."}
          </p>
        ))}
    </section>
  );
}
