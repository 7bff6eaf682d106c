// From a read sheet to the file's rows as values: which columns the file has (and which it has that the list does not
// know), and per row every cell converted, or why a cell cannot be. Whether the values are valid is plan.ts's question.
import type {
  CareType,
  Characteristic,
  GenderRule,
  LocationMunicipality,
  PlaceFlag,
  ProviderKind,
} from "../../../shared/domain.js";
import { AANBOD_COLUMNS, type AanbodColumn, REQUIRED_COLUMNS } from "../../../shared/schemas/aanbod-import.js";
import * as cell from "./cells.js";
import type { Sheet } from "./read-file.js";

/** A row's values; undefined is an empty cell or a column the file does not have. */
export interface RowValues {
  agbCode?: string;
  providerName?: string;
  kind?: ProviderKind;
  email?: string;
  code?: string;
  name?: string;
  careType?: CareType;
  municipality?: LocationMunicipality;
  postcode?: string;
  capacity?: number;
  ageMin?: number;
  ageMax?: number;
  gender?: GenderRule;
  targetGroups?: Characteristic[];
  contraIndications?: Characteristic[];
  crisisPlaces?: number;
  siblingsTogether?: boolean;
  openedOn?: string;
  closedOn?: string;
  treatment?: boolean;
  otherMunicipality?: string;
  lat?: number;
  lon?: number;
  flags?: PlaceFlag[];
}

export interface FileRow {
  line: number;
  values: RowValues;
  /** Cells that could not be converted, by column: "onbekende zorgvorm ..." */
  errors: Map<AanbodColumn, string>;
}

export interface FileRows {
  /** The known columns the file has: a known column it lacks leaves that attribute of a location as it is. */
  columns: Set<AanbodColumn>;
  unknownColumns: string[];
  /** Problems with the file as a whole: the rows are not looked at when there are any. */
  errors: string[];
  rows: FileRow[];
}

/** "Aanbieder AGB" or "aanbieder-agb" is the column aanbieder_agb. */
const headerKey = (header: string) => cell.normalized(header).replace(/[ -]+/g, "_");

type Converter = (c: cell.Cell) => { value?: unknown } | { error: string };
const plain =
  (read: (c: cell.Cell) => unknown): Converter =>
  (c) => ({ value: read(c) });

/** Each column: the value it fills, and how a cell becomes that value. */
const COLUMNS: Record<AanbodColumn, [keyof RowValues, Converter]> = {
  aanbieder_agb: ["agbCode", plain(cell.agbCode)],
  aanbieder_naam: ["providerName", plain(cell.text)],
  aanbieder_soort: ["kind", (c) => cell.code(c, cell.providerKindOf, "onbekende soort aanbieder")],
  aanbieder_email: ["email", plain(cell.text)],
  locatie_code: ["code", plain(cell.text)],
  locatie_naam: ["name", plain(cell.text)],
  zorgvorm: ["careType", (c) => cell.code(c, cell.careTypeOf, "onbekende zorgvorm")],
  gemeente: ["municipality", (c) => cell.code(c, cell.municipalityOf, "onbekende gemeente")],
  postcode: ["postcode", plain(cell.postcode)],
  capaciteit: ["capacity", cell.integer],
  leeftijd_van: ["ageMin", cell.integer],
  leeftijd_tot: ["ageMax", cell.integer],
  geslacht: ["gender", (c) => cell.code(c, cell.genderOf, "onbekende waarde")],
  kenmerken: ["targetGroups", (c) => cell.codes(c, cell.characteristicOf, "onbekend kenmerk")],
  contra_indicaties: ["contraIndications", (c) => cell.codes(c, cell.characteristicOf, "onbekende contra-indicatie")],
  crisisplekken: ["crisisPlaces", cell.integer],
  broers_zussen: ["siblingsTogether", cell.yesNo],
  geopend_op: ["openedOn", cell.day],
  gesloten_op: ["closedOn", cell.day],
  behandeling: ["treatment", cell.yesNo],
  andere_gemeente: ["otherMunicipality", plain(cell.text)],
  lat: ["lat", cell.decimal],
  lon: ["lon", cell.decimal],
  kenmerken_plek: ["flags", (c) => cell.codes(c, cell.placeFlagOf, "onbekend kenmerk van de plek")],
};

/** The columns a row must fill; the others may stay empty (empty: none, or the contract's default). */
export const FILLED_COLUMNS: readonly AanbodColumn[] = [
  "aanbieder_agb",
  "aanbieder_naam",
  "aanbieder_soort",
  "locatie_code",
  "locatie_naam",
  "zorgvorm",
  "gemeente",
  "postcode",
  "capaciteit",
  "leeftijd_van",
  "leeftijd_tot",
];

export function rowsOf(sheet: Sheet): FileRows {
  const index = new Map<AanbodColumn, number>();
  const unknownColumns: string[] = [];
  const errors: string[] = [];
  sheet.headers.forEach((header, i) => {
    const key = headerKey(header);
    if (key === "") return;
    const known = (AANBOD_COLUMNS as readonly string[]).includes(key) ? (key as AanbodColumn) : undefined;
    if (!known) unknownColumns.push(header.trim());
    else if (index.has(known)) errors.push(`De kolom ${known} staat twee keer in het bestand.`);
    else index.set(known, i);
  });
  if (sheet.headers.length === 0) errors.push("Het bestand is leeg: er is geen kopregel met kolomnamen.");
  else {
    const missing = REQUIRED_COLUMNS.filter((c) => !index.has(c));
    if (missing.length > 0)
      errors.push(`De kopregel mist ${missing.length === 1 ? "de kolom" : "de kolommen"} ${missing.join(", ")}.`);
  }
  if (errors.length === 0 && sheet.rows.length === 0)
    errors.push("Het bestand bevat geen locaties, alleen een kopregel.");
  const columns = new Set(index.keys());
  if (errors.length > 0) return { columns, unknownColumns, errors, rows: [] };

  const rows = sheet.rows.map(({ line, cells }) => {
    const values: Record<string, unknown> = {};
    const rowErrors = new Map<AanbodColumn, string>();
    for (const [column, i] of index) {
      const [field, convert] = COLUMNS[column];
      const converted = convert(cells[i] ?? null);
      if ("error" in converted) rowErrors.set(column, converted.error);
      else if (converted.value !== undefined) values[field] = converted.value;
    }
    for (const column of FILLED_COLUMNS)
      if (!rowErrors.has(column) && values[COLUMNS[column][0]] === undefined) rowErrors.set(column, "verplicht");
    return { line, values: values as RowValues, errors: rowErrors };
  });
  return { columns, unknownColumns, errors, rows };
}
