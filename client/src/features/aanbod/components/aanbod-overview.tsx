// The region's aanbod for the beheerder: a provider can be added, and every provider is listed with its locations.
import { useState } from "react";
import { LoadProblem } from "../../../components/load-problem.js";
import type { useAanbod } from "../hooks/use-aanbod.js";
import type { LocationSavers } from "../hooks/use-location-form.js";
import type { ProviderSavers } from "../hooks/use-provider-form.js";
import { ProviderForm } from "./provider-form.js";
import { ProviderSection } from "./provider-section.js";
import "./aanbod.css";

interface Props {
  aanbod: ReturnType<typeof useAanbod>;
}

export function AanbodOverview({ aanbod }: Props) {
  const [adding, setAdding] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const providerSavers: ProviderSavers = {
    create: aanbod.createProvider,
    update: aanbod.updateProvider,
    currentVersion: aanbod.currentVersion,
  };
  const locationSavers: LocationSavers = {
    create: aanbod.createLocation,
    update: aanbod.updateLocation,
    onCurrent: aanbod.putLocation,
  };

  return (
    <div className="aanbod" data-testid="aanbod">
      <LoadProblem
        status={aanbod.status}
        error={aanbod.error}
        onRetry={aanbod.reload}
        loadFailed="De aanbieders en locaties konden niet worden geladen."
        refreshFailed="De aanbieders en locaties konden niet worden bijgewerkt."
      />
      <div className="aanbod__actions">
        {adding ? (
          <ProviderForm
            key={formKey}
            savers={providerSavers}
            idPrefix="new-provider"
            onSaved={() => setAdding(false)}
            onCancel={() => setAdding(false)}
            onReload={() => setFormKey((k) => k + 1)}
          />
        ) : (
          <button
            type="button"
            className="button--primary"
            data-testid="aanbod-add-provider"
            onClick={() => setAdding(true)}
          >
            Aanbieder toevoegen
          </button>
        )}
      </div>
      {aanbod.status === "loading" && <p className="loading">Aanbieders laden…</p>}
      {aanbod.status === "ready" && aanbod.providers.length === 0 && (
        <p className="empty">
          Er staan nog geen aanbieders in de wijzer. Voeg er een toe of laad de lijst van de regio.
        </p>
      )}
      {aanbod.providers.map((p) => (
        <ProviderSection
          key={p.id}
          provider={p}
          providerSavers={providerSavers}
          locationSavers={locationSavers}
          onCloseLocation={aanbod.closeLocation}
          onReopenLocation={aanbod.reopenLocation}
        />
      ))}
    </div>
  );
}
