// The two moments before the app knows who is there: asking the server, and the server not answering.
import { LoadProblem } from "../../components/load-problem.js";
import type { ApiError } from "../../lib/api.js";

export function CheckingSession() {
  return (
    <section className="page">
      <title>Beschikbaarheidswijzer Twente</title>
      <p className="loading" role="status" data-testid="session-checking">
        Even kijken of u bent ingelogd…
      </p>
    </section>
  );
}

export function SessionUnavailable({ error, onRetry }: { error: ApiError; onRetry(): void }) {
  return (
    <section className="page">
      <title>Niet bereikbaar — Beschikbaarheidswijzer Twente</title>
      <div className="page__intro">
        <h1>De wijzer is even niet bereikbaar</h1>
        <p>Zonder antwoord van de server kan niet worden nagegaan of u bent ingelogd.</p>
      </div>
      <LoadProblem
        status="error"
        error={error}
        onRetry={onRetry}
        loadFailed="Het inloggen kon niet worden gecontroleerd."
      />
    </section>
  );
}
