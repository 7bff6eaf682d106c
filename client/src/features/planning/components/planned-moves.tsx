// A location's verwachte uit- en instroom: the open ones with move and withdraw, a form to add one, and what the
// forecast expects for the place counts. Shown in the provider's location card.
import { DataTable } from "../../../components/data-table.js";
import { LoadProblem } from "../../../components/load-problem.js";
import { usePlannedMoves } from "../hooks/use-planned-moves.js";
import { AddMoveForm } from "./add-move-form.js";
import { LocationOutlook } from "./location-outlook.js";
import { PlannedMoveRow } from "./planned-move-row.js";
import "./planning.css";

export function PlannedMoves({ locationId, locationName }: { locationId: number; locationName: string }) {
  const planned = usePlannedMoves(locationId);
  const headingId = `planning-title-${locationId}`;

  return (
    <section className="planning" aria-labelledby={headingId} data-testid={`planning-${locationId}`}>
      <h3 id={headingId}>Verwachte uit- en instroom</h3>
      <LoadProblem
        status={planned.status}
        error={planned.error}
        onRetry={planned.reload}
        loadFailed="De verwachte uit- en instroom kon niet worden geladen."
        refreshFailed="De verwachte uit- en instroom kon niet worden bijgewerkt."
      />
      {planned.status === "loading" && <p className="loading">Planning laden…</p>}
      {planned.status === "ready" &&
        (planned.moves.length === 0 ? (
          <p className="empty">Geen verwachte uit- of instroom geregistreerd.</p>
        ) : (
          <DataTable
            label={`Verwachte uit- en instroom van ${locationName}`}
            className="planning__table"
            columns={["Soort", "Datum en zekerheid", { label: "Acties", hidden: true }]}
            testId={`planned-moves-${locationId}`}
          >
            {planned.moves.map((m) => (
              <PlannedMoveRow
                key={`${m.direction}-${m.id}`}
                move={m}
                onMove={(change) => planned.move(m, change)}
                onCancel={() => planned.cancel(m)}
              />
            ))}
          </DataTable>
        ))}
      <AddMoveForm locationId={locationId} onAdd={planned.add} />
      <LocationOutlook locationId={locationId} />
    </section>
  );
}
