// Crisis places taken by regular requests: crisis places are kept for crisis intake, so each one taken otherwise is an
// exception with a coded reason (domain.md), counted here per reason with the placements that followed.
import { CRISIS_PLACE_REASON_LABELS } from "../../../../../shared/labels.js";
import type { CrisisForRegular } from "../../../../../shared/schemas/monitor.js";
import { DataTable } from "../../../components/data-table.js";
import type { CsvExport } from "./chart-panel.js";

export function crisisForRegularCsv(figure: CrisisForRegular): CsvExport {
  return {
    name: "crisisplekken-regulier",
    header: ["reden", "code", "reserveringen", "geplaatst"],
    rows: [
      ["Alle", null, figure.reservations, figure.placed],
      ...figure.reasons.map((r) => [CRISIS_PLACE_REASON_LABELS[r.reason], r.reason, r.reservations, r.placed]),
    ],
  };
}

export function CrisisForRegularTable({ figure }: { figure: CrisisForRegular }) {
  return (
    <>
      <p className="monitor-figures" data-testid="crisis-regular-summary">
        {figure.reservations === 0 ? (
          "Geen crisisplekken ingezet voor reguliere verzoeken in deze periode."
        ) : (
          <>
            <strong>{figure.reservations}</strong> {figure.reservations === 1 ? "crisisplek" : "crisisplekken"}{" "}
            gereserveerd voor een regulier verzoek, waarvan {figure.placed} geplaatst
          </>
        )}
      </p>
      <DataTable
        label="Crisisplekken voor reguliere verzoeken, per reden"
        columns={["Reden", "Reserveringen", "Geplaatst"]}
        className="waiting-table"
        testId="crisis-regular-table"
      >
        {figure.reasons.map((r) => (
          <tr key={r.reason} data-testid={`crisis-regular-${r.reason}`}>
            <th scope="row">{CRISIS_PLACE_REASON_LABELS[r.reason]}</th>
            <td className="waiting-table__number">{r.reservations}</td>
            <td className="waiting-table__number">{r.placed}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
