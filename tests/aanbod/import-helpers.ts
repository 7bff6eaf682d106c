// Files and calls for the import tests: a row of the list with sensible values, a CSV of rows, an upload as the
// beheerder's browser sends it (the file itself as the body), and what the database holds of the list.
import { count, max } from "drizzle-orm";
import type { Db } from "../../server/db/client.js";
import { capacityEvents, locations, providers } from "../../server/db/schema.js";
import {
  AANBOD_COLUMNS,
  type AanbodColumn,
  CSV_MEDIA_TYPE,
  type ImportResult,
  REQUIRED_COLUMNS,
} from "../../shared/schemas/aanbod-import.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { type Caller, headersOf } from "../support/auth.js";

export type FileRow = Partial<Record<AanbodColumn, string>>;

/** A residential group in Enschede for 12-17: valid as it is, each test changes what it is about. */
export function listRow(overrides: FileRow = {}): FileRow {
  return {
    aanbieder_agb: "73600001",
    aanbieder_naam: "Importtest Jeugdzorg",
    aanbieder_soort: "aanbieder",
    aanbieder_email: "planning@importtest.example",
    locatie_code: "IMP-1",
    locatie_naam: "Importgroep",
    zorgvorm: "residentieel",
    gemeente: "Enschede",
    postcode: "7511",
    capaciteit: "6",
    leeftijd_van: "12",
    leeftijd_tot: "17",
    geslacht: "alle",
    kenmerken: "",
    contra_indicaties: "",
    crisisplekken: "0",
    broers_zussen: "nee",
    geopend_op: "2025-01-06",
    gesloten_op: "",
    ...overrides,
  };
}

const quoted = (cell: string, delimiter: string) =>
  cell.includes(delimiter) || /["\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;

/** A CSV of rows with the 19 required columns (or the ones given), as a spreadsheet would save it. */
export function csvOf(
  rows: FileRow[],
  options: { delimiter?: string; eol?: string; bom?: boolean; columns?: readonly string[] } = {},
): string {
  const { delimiter = ";", eol = "\n", bom = false, columns = REQUIRED_COLUMNS } = options;
  const lines = [columns.join(delimiter)];
  for (const row of rows)
    lines.push(columns.map((c) => quoted((row as Record<string, string>)[c] ?? "", delimiter)).join(delimiter));
  return `${bom ? "\uFEFF" : ""}${lines.join(eol)}${eol}`;
}

export type ImportAnswer = ImportResult & Problem;

export async function importFile(
  url: string,
  as: Caller,
  body: string | Buffer,
  options: { dryRun?: boolean; closeMissing?: boolean; type?: string } = {},
): Promise<{ status: number; body: ImportAnswer; headers: Headers }> {
  const query = new URLSearchParams({ dryRun: String(options.dryRun ?? false) });
  if (options.closeMissing) query.set("closeMissing", "true");
  const res = await fetch(`${url}/api/imports/aanbod?${query}`, {
    method: "POST",
    headers: { ...headersOf(as), "content-type": options.type ?? CSV_MEDIA_TYPE },
    body: typeof body === "string" ? body : new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json()) as ImportAnswer, headers: res.headers };
}

export async function download(url: string, as: Caller, format: "csv" | "xlsx") {
  const res = await fetch(`${url}/api/exports/aanbod.${format}`, { headers: headersOf(as) });
  return { status: res.status, type: res.headers.get("content-type"), body: Buffer.from(await res.arrayBuffer()) };
}

/** Everything an import could change: the providers, the locations and the head of the event log. */
export async function listState(db: Db) {
  const [events] = await db.select({ n: count(), last: max(capacityEvents.seq) }).from(capacityEvents);
  return {
    providers: await db.select().from(providers).orderBy(providers.id),
    locations: await db.select().from(locations).orderBy(locations.id),
    events,
  };
}

/** The columns the export writes: the 19 and the known extras. */
export const ALL_COLUMNS = AANBOD_COLUMNS;
