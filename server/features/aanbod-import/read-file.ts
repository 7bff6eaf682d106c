// Reads an uploaded list into a header and rows of cells, with csv-parse (CSV) or exceljs (XLSX): never by splitting
// lines, since a quoted cell may hold line breaks and delimiters. Rows keep the line a person finds them on.
// Types only at load: exceljs takes about 7 MiB of heap, paid by every process from its start though only an
// import or export of XLSX needs it; it is loaded on first use.
import type ExcelJS from "exceljs";
import { onFirstUse } from "../../on-first-use.js";
import type { Cell } from "./cells.js";

// csv-parse too (0.1 MiB) only when a list is read.
const csvParse = onFirstUse<typeof import("csv-parse/sync")>("csv-parse/sync");

export interface SheetRow {
  /** CSV: the line the record starts on; XLSX: the worksheet's row number. */
  line: number;
  cells: Cell[];
}
export interface Sheet {
  headers: string[];
  rows: SheetRow[];
}

/** The file cannot be read at all (not UTF-8 or Windows-1252 text, not an XLSX workbook, broken quoting). */
export class UnreadableFile extends Error {}

/** More rows than a region's list plausibly has: a mistake (a whole export of something else), refused early. */
export const MAX_ROWS = 10_000;

/**
 * Text as Excel writes a CSV: UTF-8 (with or without BOM), or, from "CSV (gescheiden door lijstscheidingsteken)" on
 * Windows, Windows-1252. Line endings become \n, so csv-parse counts lines right after a quoted line break.
 */
function decode(buffer: Buffer): string {
  let textOf: string;
  try {
    textOf = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(buffer);
  } catch {
    textOf = new TextDecoder("windows-1252").decode(buffer);
  }
  return textOf.replace(/\r\n?/g, "\n");
}

/** Dutch Excel writes ";" (the decimal comma is taken), others ","; the header line tells which this file uses. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.indexOf("\n") === -1 ? undefined : text.indexOf("\n"));
  const count = (d: string) => header.split(d).length - 1;
  return [";", "\t", ","].reduce((best, d) => (count(d) > count(best) ? d : best), ",");
}

export function readCsv(buffer: Buffer): Sheet {
  const text = decode(buffer);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = csvParse().parse(text, {
      delimiter: delimiterOf(text),
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      // A stray quote inside an unquoted cell ("De "Es" groep") is kept as text rather than failing the file.
      relax_quotes: true,
      to: MAX_ROWS + 2,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const where = (err as { lines?: number }).lines;
    throw new UnreadableFile(
      `Het CSV-bestand is niet te lezen${where ? ` (rond regel ${where})` : ""}: controleer de aanhalingstekens.`,
    );
  }
  const rows = records
    .map(({ record, info }) => ({
      // info.lines is where the record ends; a quoted line break inside it moves the start up.
      line: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
      cells: record.map((cell): Cell => cell),
    }))
    .filter((row) => row.cells.some((cell) => cell !== null && String(cell).trim() !== ""));
  return sheetOf(rows);
}

/** The value of an XLSX cell as a plain value: rich text, hyperlinks (an e-mail address often is one), formulas. */
function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value !== "object" || value instanceof Date) return value;
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("hyperlink" in value) return cellValue(value.text as ExcelJS.CellValue);
  if ("result" in value) return cellValue(value.result ?? null);
  if ("error" in value) return value.error;
  return null;
}

export async function readXlsx(buffer: Buffer): Promise<Sheet> {
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableFile("Het bestand is geen leesbaar XLSX-werkboek.");
  }
  // The first sheet that holds anything: a workbook may start with an explanation sheet left empty.
  const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0);
  if (!sheet) return { headers: [], rows: [] };
  if (sheet.actualRowCount > MAX_ROWS + 1) throw new UnreadableFile(`Het bestand heeft meer dan ${MAX_ROWS} regels.`);
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Cell[] = [];
    for (let column = 1; column <= row.cellCount; column++) cells.push(cellValue(row.getCell(column).value));
    if (cells.some((cell) => cell !== null && String(cell).trim() !== "")) rows.push({ line: rowNumber, cells });
  });
  return sheetOf(rows);
}

function sheetOf(rows: SheetRow[]): Sheet {
  if (rows.length > MAX_ROWS + 1) throw new UnreadableFile(`Het bestand heeft meer dan ${MAX_ROWS} regels.`);
  const [header, ...data] = rows;
  if (!header) return { headers: [], rows: [] };
  return { headers: header.cells.map((cell) => (cell === null ? "" : String(cell))), rows: data };
}
