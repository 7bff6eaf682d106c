// Nog wachtend: requests not yet placed nor withdrawn, by how long ago they were made, per zorgvorm and per
// woongemeente. A zorgvorm over too few locations shows the server's reason instead of its numbers (small cells).
import { CARE_TYPE_LABELS } from "../../../../../shared/domain.js";
import type { AgeBucketId, StillWaiting } from "../../../../../shared/schemas/monitor.js";
import { DataTable } from "../../../components/data-table.js";
import type { CsvExport } from "./chart-panel.js";

export const AGE_BUCKET_LABELS: Record<AgeBucketId, string> = {
  "0-1": "< 1 week",
  "1-2": "1–2 weken",
  "2-4": "2–4 weken",
  "4-8": "4–8 weken",
  "8-13": "8–13 weken",
  "13+": "> 13 weken",
};

interface Row {
  key: string;
  label: string;
  requests: number | null;
  buckets: readonly number[] | null;
  note: string | null;
}

function rowsOf(waiting: StillWaiting): { careTypes: Row[]; municipalities: Row[] } {
  return {
    careTypes: waiting.byCareType.map((g) => ({ key: g.careType, label: CARE_TYPE_LABELS[g.careType], ...g })),
    municipalities: waiting.byMunicipality.map((g) => ({ key: g.municipality, label: g.municipality, ...g })),
  };
}

export function stillWaitingCsv(waiting: StillWaiting): CsvExport {
  const { careTypes, municipalities } = rowsOf(waiting);
  const line = (kind: string, r: Row) => [kind, r.label, r.requests, ...(r.buckets ?? waiting.buckets.map(() => null))];
  return {
    name: "nog-wachtend",
    header: ["groep", "naam", "verzoeken", ...waiting.buckets.map((b) => AGE_BUCKET_LABELS[b.id])],
    rows: [
      ["totaal", "Regio", waiting.requests, ...waiting.buckets.map((b) => b.requests)],
      ...careTypes.map((r) => line("zorgvorm", r)),
      ...municipalities.map((r) => line("woongemeente", r)),
    ],
  };
}

export function StillWaitingTable({ waiting }: { waiting: StillWaiting }) {
  const { careTypes, municipalities } = rowsOf(waiting);
  const columns = ["", "Verzoeken", ...waiting.buckets.map((b) => AGE_BUCKET_LABELS[b.id])];
  return (
    <>
      <p className="monitor-figures" data-testid="still-waiting-summary">
        {waiting.requests === 0 ? (
          "Geen verzoeken die nog wachten."
        ) : (
          <>
            <strong>{waiting.requests}</strong> {waiting.requests === 1 ? "verzoek wacht" : "verzoeken wachten"} nog op
            een plek
          </>
        )}
      </p>
      <DataTable label="Nog wachtend" columns={columns} className="waiting-table" testId="still-waiting-table">
        <tr className="waiting-table__total">
          <th scope="row">Totaal</th>
          <td className="waiting-table__number">{waiting.requests}</td>
          {waiting.buckets.map((b) => (
            <td key={b.id} className="waiting-table__number">
              {b.requests}
            </td>
          ))}
        </tr>
        <Section
          title="Per zorgvorm (een verzoek telt bij elke zorgvorm die past)"
          rows={careTypes}
          span={columns.length}
        />
        <Section title="Per woongemeente" rows={municipalities} span={columns.length} />
      </DataTable>
    </>
  );
}

function Section({ title, rows, span }: { title: string; rows: readonly Row[]; span: number }) {
  return (
    <>
      <tr className="waiting-table__section">
        <th scope="colgroup" colSpan={span}>
          {title}
        </th>
      </tr>
      {rows.map((r) => (
        <tr key={r.key} data-testid={`still-waiting-${r.key}`}>
          <th scope="row">{r.label}</th>
          {r.buckets === null ? (
            <td colSpan={span - 1} className="waiting-table__note">
              {r.note}
            </td>
          ) : (
            <>
              <td className="waiting-table__number">{r.requests}</td>
              {r.buckets.map((n, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the buckets are a fixed list in a fixed order.
                <td key={i} className="waiting-table__number">
                  {n}
                </td>
              ))}
            </>
          )}
        </tr>
      ))}
    </>
  );
}
