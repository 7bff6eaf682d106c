// Aanbod inlezen: the beheerder uploads the region's list (CSV or XLSX, in the export's columns), reads the dry run
// row by row, and applies it, all or nothing. The current list is one click away as a file to edit.
import { CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE } from "../../../../../shared/schemas/aanbod-import.js";
import { EXPORT_CSV_URL, EXPORT_XLSX_URL } from "../api/import.js";
import { useListImport } from "../hooks/use-list-import.js";
import { ImportResultView } from "./import-result.js";
import "./import.css";

export function ImportPanel({ onApplied }: { onApplied?: () => void }) {
  const im = useListImport(onApplied);
  const answer = im.answer;
  return (
    <section className="aanbod-import" aria-labelledby="aanbod-import-title" data-testid="aanbod-import">
      <h2 id="aanbod-import-title">Aanbod inlezen en exporteren</h2>
      <p>
        Eén regel per locatie, met de kolommen van de export (aanbieder_agb tot en met gesloten_op). Regels worden
        herkend aan AGB-code plus locatiecode. Eerst ziet u per regel wat er zou gebeuren; pas met Toepassen wordt het
        bestand ingelezen, helemaal of helemaal niet.
      </p>
      <p className="aanbod-import__exports">
        Huidige lijst downloaden:{" "}
        <a href={EXPORT_CSV_URL} download data-testid="export-csv">
          CSV
        </a>{" "}
        ·{" "}
        <a href={EXPORT_XLSX_URL} download data-testid="export-xlsx">
          Excel (XLSX)
        </a>
      </p>
      <form
        className="aanbod-import__form"
        onSubmit={(e) => {
          e.preventDefault();
          void im.dryRun();
        }}
      >
        <label>
          Bestand (CSV of XLSX)
          <input
            type="file"
            accept={`.csv,.xlsx,${CSV_MEDIA_TYPE},${XLSX_MEDIA_TYPE}`}
            data-testid="import-file"
            onChange={(e) => im.chooseFile(e.currentTarget.files?.[0] ?? null)}
          />
        </label>
        <label className="aanbod-import__check">
          <input
            type="checkbox"
            checked={im.closeMissing}
            data-testid="import-close-missing"
            onChange={(e) => im.setCloseMissing(e.currentTarget.checked)}
          />
          Locaties die niet in het bestand staan sluiten
        </label>
        <div className="aanbod-import__buttons">
          <button type="submit" disabled={!im.file || im.busy !== null} data-testid="import-dry-run">
            {im.busy === "proef" ? "Bezig…" : "Proef-import"}
          </button>
          <button
            type="button"
            className="button--primary"
            disabled={!im.cleared || im.busy !== null}
            onClick={() => void im.apply()}
            data-testid="import-apply"
          >
            {im.busy === "toepassen" ? "Bezig…" : "Toepassen"}
          </button>
        </div>
      </form>
      {im.error && (
        <p role="alert" className="aanbod-import__problem" data-testid="import-error">
          {im.error.detail}
        </p>
      )}
      {answer && <ImportResultView answer={answer} />}
    </section>
  );
}
