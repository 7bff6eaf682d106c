// From a spreadsheet cell to the value the contract checks: numbers, yes/no, dates, and codes given as the code or as
// its Dutch label. Only the conversion lives here; what a valid value is stays in shared/schemas/aanbod.ts.
import {
  CARE_TYPE_LABELS,
  CARE_TYPES,
  CHARACTERISTICS,
  GENDER_RULES,
  LOCATION_MUNICIPALITIES,
  PLACE_FLAGS,
  PROVIDER_KINDS,
} from "../../../shared/domain.js";
import {
  CHARACTERISTIC_LABELS,
  GENDER_RULE_LABELS,
  PLACE_FLAG_LABELS,
  PROVIDER_KIND_LABELS,
} from "../../../shared/labels.js";

/** A cell as a reader gives it: text from a CSV, and also numbers, booleans and dates from an XLSX. */
export type Cell = string | number | boolean | Date | null;

/** Either the converted value (undefined: the cell is empty), or why the cell cannot be one. */
export type Converted<T> = { value: T | undefined } | { error: string };

const empty = { value: undefined };

/** Lower case, no accents, one space: "Suïcidaliteit " and "suicidaliteit" are the same word. */
export function normalized(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[\s_]+/g, " ")
    .trim();
}

/** A cell as text: whitespace (a line break typed in a cell too) folds to one space; empty is undefined. */
export function text(cell: Cell): string | undefined {
  if (cell === null) return undefined;
  const raw = cell instanceof Date ? isoDay(cell) : String(cell);
  const folded = raw.replace(/\s+/g, " ").trim();
  // The export writes a leading apostrophe before = + - @ so a spreadsheet does not run the cell as a formula.
  const unguarded = /^'[=+\-@]/.test(folded) ? folded.slice(1) : folded;
  return unguarded === "" ? undefined : unguarded;
}

/** An AGB code: a spreadsheet stores "01234567" as the number 1234567, so a number gets its leading zeros back. */
export function agbCode(cell: Cell): string | undefined {
  if (typeof cell === "number" && Number.isInteger(cell) && cell >= 0 && cell < 1e8)
    return String(cell).padStart(8, "0");
  return text(cell);
}

/** A PC4; a full postcode ("7511 AB") gives its four digits, since a location's area is all the list keeps. */
export function postcode(cell: Cell): string | undefined {
  const value = text(cell);
  const full = value === undefined ? null : /^(\d{4}) ?[A-Za-z]{2}$/.exec(value);
  return full ? full[1] : value;
}

export function integer(cell: Cell): Converted<number> {
  if (typeof cell === "number")
    return Number.isInteger(cell) ? { value: cell } : { error: `geen geheel getal: ${cell}` };
  const value = text(cell);
  if (value === undefined) return empty;
  return /^[+-]?\d{1,9}$/.test(value) ? { value: Number(value) } : { error: `geen geheel getal: "${value}"` };
}

/** Coordinates: a decimal point or a Dutch decimal comma. */
export function decimal(cell: Cell): Converted<number> {
  if (typeof cell === "number") return { value: cell };
  const value = text(cell);
  if (value === undefined) return empty;
  return /^[+-]?\d{1,3}([.,]\d+)?$/.test(value)
    ? { value: Number(value.replace(",", ".")) }
    : { error: `geen getal: "${value}"` };
}

const YES = new Set(["ja", "j", "yes", "y", "true", "waar", "1", "x"]);
const NO = new Set(["nee", "n", "no", "false", "onwaar", "0"]);

export function yesNo(cell: Cell): Converted<boolean> {
  if (typeof cell === "boolean") return { value: cell };
  const value = text(cell);
  if (value === undefined) return empty;
  if (YES.has(normalized(value))) return { value: true };
  if (NO.has(normalized(value))) return { value: false };
  return { error: `ja of nee, niet "${value}"` };
}

/** The calendar day of a date as a spreadsheet stores it: midnight UTC, whatever the server's own zone. */
function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

// Excel's day 0 is 1899-12-30 (its serial numbers count from there, leap-year bug included).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * A day as JJJJ-MM-DD. Accepts an Excel date cell, an Excel serial number (a date cell formatted as a number), the
 * ISO form and the Dutch DD-MM-JJJJ (also with / or .); whether the day exists is the contract's check.
 */
export function day(cell: Cell): Converted<string> {
  if (cell instanceof Date)
    return Number.isNaN(cell.getTime()) ? { error: "geen geldige datum" } : { value: isoDay(cell) };
  if (typeof cell === "number") {
    if (!Number.isInteger(cell) || cell < 1 || cell > 2_958_465) return { error: `geen datum: ${cell}` };
    return { value: isoDay(new Date(EXCEL_EPOCH_MS + cell * 86_400_000)) };
  }
  const value = text(cell);
  if (value === undefined) return empty;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return { value };
  const dutch = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(value);
  if (dutch) {
    const [, d = "", m = "", y = ""] = dutch;
    return { value: `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}` };
  }
  return { error: `geen datum (JJJJ-MM-DD of DD-MM-JJJJ): "${value}"` };
}

/** A code list: every code and every Dutch label, looked up without case or accents. */
function lookup<C extends string>(codes: readonly C[], labels: Partial<Record<C, string>> = {}) {
  const byWord = new Map<string, C>();
  for (const code of codes) {
    byWord.set(normalized(code), code);
    const label = labels[code];
    if (label) byWord.set(normalized(label), code);
  }
  return (word: string): C | undefined => byWord.get(normalized(word));
}

export const careTypeOf = lookup(CARE_TYPES, CARE_TYPE_LABELS);
export const municipalityOf = lookup(LOCATION_MUNICIPALITIES);
export const genderOf = lookup(GENDER_RULES, GENDER_RULE_LABELS);
export const providerKindOf = lookup(PROVIDER_KINDS, PROVIDER_KIND_LABELS);
export const characteristicOf = lookup(CHARACTERISTICS, CHARACTERISTIC_LABELS);
export const placeFlagOf = lookup(PLACE_FLAGS, PLACE_FLAG_LABELS);

/** One code of a list, or why not: `what` names the kind of value in the message ("onbekende zorgvorm"). */
export function code<C>(cell: Cell, find: (word: string) => C | undefined, what: string): Converted<C> {
  const value = text(cell);
  if (value === undefined) return empty;
  const found = find(value);
  return found === undefined ? { error: `${what} "${value}"` } : { value: found };
}

/** Codes separated by commas (a line break in the cell counts as one too); empty is none. Each code once. */
export function codes<C>(cell: Cell, find: (word: string) => C | undefined, what: string): Converted<C[]> {
  const raw = cell === null ? "" : String(cell);
  const words = raw
    .split(/[,\r\n]+/)
    .map((w) => w.trim())
    .filter((w) => w !== "");
  const unknown = words.filter((w) => find(w) === undefined);
  if (unknown.length > 0) return { error: unknown.map((w) => `${what} "${w}"`).join(", ") };
  return { value: [...new Set(words.map((w) => find(w) as C))] };
}
