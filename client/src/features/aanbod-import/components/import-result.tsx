// What a file does, as the server said it: a sentence with the counts, problems with the file as a whole, and a table
// with a row per line (nieuw / gewijzigd with the columns / ongewijzigd / fout with every reason).
import type { ImportOutcome, ImportRow, MissingLocation } from "../../../../../shared/schemas/aanbod-import.js";
import { DataTable } from "../../../components/data-table.js";
import type { ImportAnswer } from "../api/import.js";

const OUTCOME_LABELS: Record<ImportOutcome, string> = {
  nieuw: "Nieuw",
  gewijzigd: "Gewijzigd",
  ongewijzigd: "Ongewijzigd",
  fout: "Fout",
};
const MISSING_LABELS: Record<MissingLocation["outcome"], string> = {
  "blijft-open": "Blijft open",
  sluiten: "Wordt gesloten",
  fout: "Kan niet sluiten",
};

function headline({ result, refused }: ImportAnswer): string {
  const c = result.counts;
  const counts = `${c.nieuw} nieuw, ${c.gewijzigd} gewijzigd, ${c.ongewijzigd} ongewijzigd, ${c.fout} met een fout`;
  const closing = c.sluiten > 0 ? `, ${c.sluiten} te sluiten` : "";
  if (refused !== undefined) return `Niet ingelezen: ${refused}`;
  if (result.applied) return `Ingelezen: ${counts}${closing}.`;
  return `Proef-import: ${counts}${closing}. Er is nog niets veranderd; kies Toepassen om dit in te lezen.`;
}

export function ImportResultView({ answer }: { answer: ImportAnswer }) {
  const { result } = answer;
  return (
    <div className="aanbod-import__result" data-testid="import-result" data-applied={String(result.applied)}>
      <p role="status" className={answer.refused === undefined ? "" : "aanbod-import__problem"}>
        {headline(answer)}
      </p>
      {result.fileErrors.length > 0 && (
        <ul className="aanbod-import__problem">
          {result.fileErrors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      {result.unknownColumns.length > 0 && (
        <p>Onbekende kolommen, niet ingelezen: {result.unknownColumns.join(", ")}.</p>
      )}
      {result.rows.length > 0 && (
        <DataTable
          label="Regels van het bestand"
          testId="import-rows"
          columns={["Regel", "Uitkomst", "Locatie", "Toelichting"]}
        >
          {result.rows.map((row) => (
            <RowLine key={row.line} row={row} />
          ))}
        </DataTable>
      )}
      {result.missing.length > 0 && (
        <DataTable
          label="Open locaties die niet in het bestand staan"
          testId="import-missing"
          columns={["Aanbieder", "Locatie", "Wat er gebeurt"]}
        >
          {result.missing.map((m) => (
            <tr key={m.locationId} data-outcome={m.outcome}>
              <td>{m.providerName}</td>
              <td>
                {m.code} {m.name}
              </td>
              <td>
                {MISSING_LABELS[m.outcome]}
                {m.errors && `: ${m.errors.join("; ")}`}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}

function RowLine({ row }: { row: ImportRow }) {
  return (
    <tr data-testid={`import-row-${row.line}`} data-outcome={row.outcome}>
      <td>{row.line}</td>
      <td>
        <span className={`badge aanbod-import__outcome--${row.outcome}`}>{OUTCOME_LABELS[row.outcome]}</span>
      </td>
      <td>
        {row.code || "—"} {row.name} <span className="aanbod-import__agb">AGB {row.agbCode || "—"}</span>
      </td>
      <td>
        {row.errors ? (
          <ul>
            {row.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        ) : row.fields ? (
          row.fields.join(", ")
        ) : (
          ""
        )}
      </td>
    </tr>
  );
}
