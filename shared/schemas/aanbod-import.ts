// The import contract: what POST /api/imports/aanbod answers for a file with the region's providers and locations
// (one row per location, provider columns repeated), on a dry run and on an apply alike.
import { z } from "zod";

/** What a row of the file does to the list: nieuw, gewijzigd (which columns), ongewijzigd, or fout (why). */
export const IMPORT_OUTCOMES = ["nieuw", "gewijzigd", "ongewijzigd", "fout"] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];

/**
 * The file's columns in the order the export writes them (Dutch headers). The first 19 are the list itself; the rest
 * are known extras the export writes as well (treatment, a location outside Twente, the place flags): a file without
 * them leaves those attributes as they are. Any other column is reported, never fatal.
 */
export const AANBOD_COLUMNS = [
  "aanbieder_agb",
  "aanbieder_naam",
  "aanbieder_soort",
  "aanbieder_email",
  "locatie_code",
  "locatie_naam",
  "zorgvorm",
  "gemeente",
  "postcode",
  "capaciteit",
  "leeftijd_van",
  "leeftijd_tot",
  "geslacht",
  "kenmerken",
  "contra_indicaties",
  "crisisplekken",
  "broers_zussen",
  "geopend_op",
  "gesloten_op",
  "behandeling",
  "andere_gemeente",
  "lat",
  "lon",
  /** The place flags (PLACE_FLAGS), codes or Dutch labels separated by commas like kenmerken. */
  "kenmerken_plek",
] as const;
export type AanbodColumn = (typeof AANBOD_COLUMNS)[number];
/** Columns a file must have; the others may be left out. */
export const REQUIRED_COLUMNS = AANBOD_COLUMNS.slice(0, 19) as readonly AanbodColumn[];

/** The two media types of a list: the body of an import, and what the exports write. */
export const CSV_MEDIA_TYPE = "text/csv";
export const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** Larger bodies answer 413. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

const flag = z.enum(["true", "false"]).transform((v) => v === "true");

export const importQuerySchema = z
  .strictObject({
    /** true (the default): only tell what the file would do; false: apply it, all or nothing. */
    dryRun: flag.default(true).meta({ description: "Proef-import (true, standaard) of toepassen (false)" }),
    /** Close the open locations the file does not name (only empty ones can close). Default false: they stay. */
    closeMissing: flag.default(false).meta({ description: "Locaties die niet in het bestand staan sluiten" }),
  })
  .meta({ id: "ImportQuery" });
export type ImportQuery = z.infer<typeof importQuerySchema>;

export const importRowSchema = z.object({
  /** The row's line in the file (CSV: where the record starts; XLSX: the worksheet row). */
  line: z.number().int().positive(),
  outcome: z.enum(IMPORT_OUTCOMES),
  /** The row's key as the file gives it: the provider's AGB code and its own code for the location. */
  agbCode: z.string(),
  code: z.string(),
  /** The location's name as the file gives it, to recognise the row by. */
  name: z.string(),
  /** On "gewijzigd": the columns whose value changes. */
  fields: z.array(z.string()).optional(),
  /** On "fout": every reason, "kolom: wat er mis is". */
  errors: z.array(z.string()).optional(),
});
export type ImportRow = z.infer<typeof importRowSchema>;

/** An open location the file does not name: it stays open, or closes when closeMissing was asked. */
export const MISSING_OUTCOMES = ["blijft-open", "sluiten", "fout"] as const;
export const missingLocationSchema = z.object({
  locationId: z.number().int(),
  agbCode: z.string(),
  providerName: z.string(),
  code: z.string(),
  name: z.string(),
  outcome: z.enum(MISSING_OUTCOMES),
  errors: z.array(z.string()).optional(),
});
export type MissingLocation = z.infer<typeof missingLocationSchema>;

export const importResultSchema = z
  .object({
    /** true only when the file was applied: a dry run and a refused file change nothing. */
    applied: z.boolean(),
    dryRun: z.boolean(),
    counts: z.object({
      nieuw: z.number().int(),
      gewijzigd: z.number().int(),
      ongewijzigd: z.number().int(),
      fout: z.number().int(),
      /** Open locations not in the file that close (closeMissing) or, if asked, cannot. */
      sluiten: z.number().int(),
    }),
    /** Problems with the file as a whole (no header, a missing column): its rows are then not looked at. */
    fileErrors: z.array(z.string()),
    /** Columns the file has that the list does not know: reported and left out. */
    unknownColumns: z.array(z.string()),
    rows: z.array(importRowSchema),
    missing: z.array(missingLocationSchema),
  })
  .meta({ id: "ImportResult" });
export type ImportResult = z.infer<typeof importResultSchema>;
