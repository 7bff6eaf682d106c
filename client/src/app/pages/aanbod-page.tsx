// Aanbod: the beheerder keeps the region's providers and locations (issue #20): add and change them, close and reopen
// locations, and load the region's whole list from a file.
import { AanbodOverview } from "../../features/aanbod/components/aanbod-overview.js";
import { useAanbod } from "../../features/aanbod/hooks/use-aanbod.js";
import { ImportPanel } from "../../features/aanbod-import/components/import-panel.js";

export function AanbodPage() {
  const aanbod = useAanbod();
  return (
    <section className="page">
      <title>Aanbod — Beschikbaarheidswijzer Twente</title>
      <div className="page__intro">
        <h1>Aanbod</h1>
        <p>
          De aanbieders van de regio en hun locaties. Een nieuwe of gewijzigde locatie staat direct op het overzicht van
          de regisseurs. Een locatie sluiten kan pas als er niemand meer verblijft en er geen reservering openstaat.
        </p>
      </div>
      {/* The import and export of the region's list: after an import the list follows by itself (pushed events),
          aanbod.reload reads it at once (a provider's own fields change without an event). */}
      <ImportPanel onApplied={aanbod.reload} />
      <AanbodOverview aanbod={aanbod} />
    </section>
  );
}
