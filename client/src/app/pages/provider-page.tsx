// Aanbieder: a provider keeps the free places of its own locations current, and what it declares about them (age range,
// kenmerken, contra-indications, capacity); every change shows on the board at once.
// An aanbieder's provider is fixed by its account (server/policies/capacity.ts); the beheerder picks any provider.
import type { ReactNode } from "react";
import { LoadProblem } from "../../components/load-problem.js";
import { ProviderPicker } from "../../components/provider-picker.js";
import { LocationDetailsEditor } from "../../features/aanbod/components/location-details-editor.js";
import { useCurrentUser } from "../../features/auth/hooks/use-session.js";
import { PlannedMoves } from "../../features/planning/components/planned-moves.js";
import { LocationEditor } from "../../features/provider/components/location-editor.js";
import { useProviderLocations } from "../../features/provider/hooks/use-provider-locations.js";
import { ReservationInbox } from "../../features/reservations/components/reservation-inbox.js";
import { useNow } from "../../hooks/use-now.js";

export function ProviderPage() {
  const user = useCurrentUser();
  if (user.role !== "aanbieder") return <ProviderLocations />;
  // The account schema binds every aanbieder to a provider; an unbound one must not fall back to the picker.
  if (user.providerId === null) {
    return (
      <ProviderIntro>
        <p className="empty">Uw account is niet aan een aanbieder gekoppeld. Neem contact op met de beheerder.</p>
      </ProviderIntro>
    );
  }
  // Reservations are answered by the provider's own staff only (server/policies/placements.ts), not the beheerder.
  return <ProviderLocations ownProviderId={user.providerId} reservations={<ReservationInbox />} />;
}

function ProviderLocations({ ownProviderId, reservations }: { ownProviderId?: number; reservations?: ReactNode }) {
  const provider = useProviderLocations(ownProviderId);
  const now = useNow();
  const chosen = provider.providers.find((p) => p.id === provider.providerId);

  return (
    <ProviderIntro providerName={chosen?.name}>
      {reservations}
      <LoadProblem status={provider.status} error={provider.error} onRetry={provider.reload} />
      {provider.status === "loading" && <p className="loading">Locaties laden…</p>}
      {provider.status === "ready" && (
        <>
          {ownProviderId === undefined && (
            <ProviderPicker
              providers={provider.providers}
              providerId={provider.providerId}
              onSelect={provider.selectProvider}
            />
          )}
          {provider.providerId !== undefined && !chosen && (
            <p className="empty">
              {ownProviderId === undefined
                ? "Deze aanbieder is niet (meer) bekend. Kies een aanbieder uit de lijst."
                : "Er staan nog geen locaties van uw organisatie in de wijzer. Neem contact op met de beheerder."}
            </p>
          )}
          {chosen && (
            <div className="editors" data-testid="provider-locations">
              {provider.locations.map((l) => (
                <LocationEditor
                  key={l.id}
                  location={l}
                  now={now}
                  staleAfterHours={provider.staleAfterHours}
                  merge={provider.merge}
                >
                  <LocationDetailsEditor location={l} onSaved={provider.merge} />
                  <PlannedMoves locationId={l.id} locationName={l.name} />
                </LocationEditor>
              ))}
            </div>
          )}
        </>
      )}
    </ProviderIntro>
  );
}

function ProviderIntro({ providerName, children }: { providerName?: string | undefined; children: ReactNode }) {
  return (
    <section className="page">
      <title>Plekken doorgeven — Beschikbaarheidswijzer Twente</title>
      <div className="page__intro">
        <h1>Vrije plekken doorgeven{providerName && ` — ${providerName}`}</h1>
        <p>
          Houd de vrije plekken van uw locaties actueel. Wijzigingen zijn direct zichtbaar voor de regisseurs. Klopt
          alles nog? Bevestig dat dan, zodat de aantallen niet als verouderd worden getoond. Geef ook door wie er naar
          verwachting vertrekt of komt: dat maakt de prognose van vrije plekken beter. Verandert er iets aan de locatie
          zelf (capaciteit, leeftijden, kenmerken, contra-indicaties), wijzig dan de gegevens van de locatie.
        </p>
      </div>
      {children}
    </section>
  );
}
