// Thuis, tenzij: the share of placements in the most home-like care type that fitted freely, and per coded reason the
// placements that went to a less home-like one.
import { HOME_LIKE_EXCEPTION_REASON_LABELS } from "../../../../../shared/labels.js";
import type { HomeLike } from "../../../../../shared/schemas/monitor.js";
import { DataTable } from "../../../components/data-table.js";
import type { CsvExport } from "./chart-panel.js";

const percent = new Intl.NumberFormat("nl-NL", { style: "percent", maximumFractionDigits: 0 });

export function homeLikeCsv(homeLike: HomeLike): CsvExport {
  return {
    name: "thuisnabij-geplaatst",
    header: ["groep", "code", "plaatsingen"],
    rows: [
      ["Alle plaatsingen", null, homeLike.placements],
      ["In de meest thuisnabije passende vorm", null, homeLike.mostHomeLike],
      ...homeLike.reasons.map((r) => [`Niet: ${HOME_LIKE_EXCEPTION_REASON_LABELS[r.reason]}`, r.reason, r.placements]),
    ],
  };
}

export function HomeLikeTable({ homeLike }: { homeLike: HomeLike }) {
  return (
    <>
      <p className="monitor-figures" data-testid="home-like-summary">
        {homeLike.share === null ? (
          "Geen plaatsingen in deze periode."
        ) : (
          <>
            <strong>{percent.format(homeLike.share)}</strong> in de meest thuisnabije passende vorm (
            {homeLike.mostHomeLike} van {homeLike.placements})
          </>
        )}
      </p>
      <DataTable
        label="Niet in de meest thuisnabije vorm, per reden"
        columns={["Reden", "Plaatsingen"]}
        className="waiting-table"
        testId="home-like-table"
      >
        {homeLike.reasons.map((r) => (
          <tr key={r.reason} data-testid={`home-like-${r.reason}`}>
            <th scope="row">{HOME_LIKE_EXCEPTION_REASON_LABELS[r.reason]}</th>
            <td className="waiting-table__number">{r.placements}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
