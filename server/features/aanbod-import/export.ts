// Writes the region's list in the import's own columns (one row per location, provider columns repeated, closed
// locations with gesloten_op), as CSV or XLSX: export, edit in a spreadsheet, import is a round trip.
import { OUTSIDE_REGION } from "../../../shared/domain.js";
import type { ProviderList } from "../../../shared/schemas/aanbod.js";
import { AANBOD_COLUMNS, type AanbodColumn } from "../../../shared/schemas/aanbod-import.js";
import { statedCoordinates } from "./plan-location.js";

type Value = string | number | Date | null;

/** Codes rather than labels: they never change with a label's wording; the import takes either. */
export function exportRows(list: ProviderList): Record<AanbodColumn, Value>[] {
  return list.providers.flatMap((p) =>
    p.locations.map((l) => {
      const stated = statedCoordinates(l);
      return {
        aanbieder_agb: p.agbCode,
        aanbieder_naam: p.name,
        aanbieder_soort: p.kind,
        aanbieder_email: p.email,
        locatie_code: l.code,
        locatie_naam: l.name,
        zorgvorm: l.careType,
        gemeente: l.municipality,
        postcode: l.postcode,
        capaciteit: l.capacity,
        leeftijd_van: l.ageMin,
        leeftijd_tot: l.ageMax,
        geslacht: l.gender,
        kenmerken: l.targetGroups.join(","),
        contra_indicaties: l.contraIndications.join(","),
        crisisplekken: l.crisisPlaces,
        broers_zussen: l.siblingsTogether ? "ja" : "nee",
        geopend_op: l.openedOn,
        gesloten_op: l.closedOn,
        behandeling: l.treatment ? "ja" : "nee",
        andere_gemeente: l.municipality === OUTSIDE_REGION ? l.otherMunicipality : null,
        lat: stated?.lat ?? null,
        lon: stated?.lon ?? null,
        kenmerken_plek: l.flags.join(","),
      };
    }),
  );
}

/**
 * A text cell a spreadsheet would run as a formula (= + - @ first) gets an apostrophe in front (CSV injection); the
 * import takes it off again.
 */
function guarded(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(value: Value): string {
  if (value === null) return "";
  const text = typeof value === "string" ? guarded(value) : String(value);
  return /[";,\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Semicolons and a BOM, as Dutch Excel writes and reads a CSV: with the BOM it takes the file as UTF-8, so names with
 * accents survive a round trip; CRLF line ends, as RFC 4180 has them.
 */
export function toCsv(list: ProviderList): string {
  const lines = [AANBOD_COLUMNS.join(";")];
  for (const row of exportRows(list)) lines.push(AANBOD_COLUMNS.map((c) => csvCell(row[c])).join(";"));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

const DATE_COLUMNS: readonly AanbodColumn[] = ["geopend_op", "gesloten_op"];
/** Cells the export writes as text even when they look like numbers: an AGB code keeps its leading zero. */
const TEXT_COLUMNS: readonly AanbodColumn[] = ["aanbieder_agb", "locatie_code", "postcode"];

export async function toXlsx(list: ProviderList): Promise<Buffer> {
  // Loaded on first use: exceljs takes about 7 MiB of heap, which every process paid from its start.
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Aanbod", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = AANBOD_COLUMNS.map((c) => ({
    header: c,
    key: c,
    width: Math.max(12, c.length + 2),
    ...(DATE_COLUMNS.includes(c) ? { style: { numFmt: "yyyy-mm-dd" } } : {}),
    ...(TEXT_COLUMNS.includes(c) ? { style: { numFmt: "@" } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of exportRows(list)) {
    const cells: Record<string, Value> = { ...row };
    // Real date cells (midnight UTC, which is how a spreadsheet's day is read back).
    for (const c of DATE_COLUMNS) {
      const day = row[c];
      cells[c] = typeof day === "string" ? new Date(`${day}T00:00:00Z`) : null;
    }
    sheet.addRow(cells);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
