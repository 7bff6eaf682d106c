// One provider in the beheer list: its own data with the form to change it, and its locations with the form to add one.
import { useState } from "react";
import { PROVIDER_KIND_LABELS } from "../../../../../shared/labels.js";
import type { ProviderWithLocations } from "../../../../../shared/schemas/aanbod.js";
import { DataTable } from "../../../components/data-table.js";
import type { LocationSavers } from "../hooks/use-location-form.js";
import type { ProviderSavers } from "../hooks/use-provider-form.js";
import { LocationForm } from "./location-form.js";
import { LOCATION_COLUMNS, LocationRow } from "./location-row.js";
import { ProviderForm } from "./provider-form.js";

interface Props {
  provider: ProviderWithLocations;
  providerSavers: ProviderSavers;
  locationSavers: LocationSavers;
  onCloseLocation: Parameters<typeof LocationRow>[0]["onClose"];
  onReopenLocation: Parameters<typeof LocationRow>[0]["onReopen"];
}

export function ProviderSection({
  provider: p,
  providerSavers,
  locationSavers,
  onCloseLocation,
  onReopenLocation,
}: Props) {
  const [open, setOpen] = useState<"provider" | "location" | undefined>(undefined);
  // After a stale save the form opens anew on the provider as the list now holds it.
  const [formKey, setFormKey] = useState(0);
  const toggle = (form: "provider" | "location") => setOpen(open === form ? undefined : form);
  const titleId = `aanbod-provider-${p.id}-title`;

  return (
    <section className="aanbod-provider" aria-labelledby={titleId} data-testid={`aanbod-provider-${p.id}`}>
      <header className="aanbod-provider__header">
        <h2 id={titleId}>{p.name}</h2>
        <p className="aanbod-provider__meta">
          AGB {p.agbCode} · {PROVIDER_KIND_LABELS[p.kind]}
          {p.email && ` · ${p.email}`}
        </p>
        {p.active ? <span className="badge badge--active">Actief</span> : <span className="badge">Niet actief</span>}
        <span className="aanbod-provider__buttons">
          <button type="button" data-testid={`aanbod-provider-${p.id}-edit`} onClick={() => toggle("provider")}>
            Wijzigen
          </button>
          <button type="button" data-testid={`aanbod-provider-${p.id}-add-location`} onClick={() => toggle("location")}>
            Locatie toevoegen
          </button>
        </span>
      </header>
      {open === "provider" && (
        <ProviderForm
          key={`${p.version}-${formKey}`}
          provider={p}
          savers={providerSavers}
          idPrefix={`provider-${p.id}`}
          onSaved={() => setOpen(undefined)}
          onCancel={() => setOpen(undefined)}
          onReload={() => setFormKey((k) => k + 1)}
        />
      )}
      {open === "location" && (
        <LocationForm
          mode={{ kind: "create", providerId: p.id }}
          savers={locationSavers}
          idPrefix={`new-location-${p.id}`}
          onSaved={() => setOpen(undefined)}
          onCancel={() => setOpen(undefined)}
        />
      )}
      {p.locations.length === 0 ? (
        <p className="empty">Nog geen locaties.</p>
      ) : (
        <DataTable
          label={`Locaties van ${p.name}`}
          columns={LOCATION_COLUMNS}
          testId={`aanbod-provider-${p.id}-locations`}
        >
          {p.locations.map((l) => (
            <LocationRow
              key={l.id}
              location={l}
              savers={locationSavers}
              onClose={onCloseLocation}
              onReopen={onReopenLocation}
            />
          ))}
        </DataTable>
      )}
    </section>
  );
}
