// Import and export routes of the region's list. The import's body is the file itself (CSV or XLSX), read here only,
// after the caller was let in, up to 5 MB: the rest of the API keeps its small JSON limit.
import express, { type Request, type Response } from "express";
import { z } from "zod";
import {
  CSV_MEDIA_TYPE,
  importQuerySchema,
  importResultSchema,
  MAX_IMPORT_BYTES,
  XLSX_MEDIA_TYPE,
} from "../../../shared/schemas/aanbod-import.js";
import { HttpError, ValidationFailed } from "../../http/errors.js";
import { defineRoute } from "../../http/routes.js";
import type { AanbodDeps } from "../aanbod/service.js";
import { type ExportFormat, exportAanbod, importAanbod, type UploadedFile } from "./service.js";

const MEDIA_TYPES = [CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE] as const;
const readRaw = express.raw({ type: [...MEDIA_TYPES], limit: MAX_IMPORT_BYTES });

/** The uploaded file, or a 413/415/400 problem that says what to send instead. */
function upload(req: Request, res: Response): Promise<UploadedFile> {
  const mediaType = req.is([...MEDIA_TYPES]);
  if (mediaType !== CSV_MEDIA_TYPE && mediaType !== XLSX_MEDIA_TYPE)
    return Promise.reject(
      new HttpError(
        415,
        "Ander bestandstype nodig",
        `Stuur het bestand zelf als body, met Content-Type ${CSV_MEDIA_TYPE} (CSV) of ${XLSX_MEDIA_TYPE} (XLSX).`,
      ),
    );
  return new Promise((resolve, reject) => {
    readRaw(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === "entity.too.large")
        return reject(
          new HttpError(413, "Te groot", `Het bestand is groter dan ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`),
        );
      if (err) return reject(err);
      const body: unknown = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0)
        return reject(new ValidationFailed([{ field: "body", message: "geen bestand meegestuurd" }]));
      resolve({ body, mediaType });
    });
  });
}

const MEDIA_OF: Record<ExportFormat, string> = { csv: `${CSV_MEDIA_TYPE}; charset=utf-8`, xlsx: XLSX_MEDIA_TYPE };

export function aanbodImportRoutes(deps: AanbodDeps) {
  const exportRoute = (format: ExportFormat) =>
    defineRoute({
      method: "get",
      path: `/api/exports/aanbod.${format}`,
      summary: `Aanbieders en locaties als ${format.toUpperCase()}, in de kolommen van de import (ook gesloten locaties)`,
      tag: "aanbod",
      // The list holds no youths' data, but providers' contact e-mail (often a gezinshuis' own): the beheerder's.
      access: "providers.read",
      schemas: {},
      response: z.string().meta({ description: MEDIA_OF[format] }),
      handler: async (_input, ctx, _req, res) => {
        const file = await exportAanbod(deps, format, ctx);
        res
          .type(MEDIA_OF[format])
          .attachment(`aanbod-${new Date().toISOString().slice(0, 10)}.${format}`)
          .send(file);
      },
    });
  return [
    defineRoute({
      method: "post",
      path: "/api/imports/aanbod",
      summary:
        "Aanbieders en locaties inlezen uit CSV of XLSX (body: het bestand zelf); eerst een proef-import, " +
        "dan alles of niets toepassen",
      tag: "aanbod",
      access: "providers.manage",
      schemas: { query: importQuerySchema },
      upload: [...MEDIA_TYPES],
      response: importResultSchema,
      errors: [409, 413, 415, 422],
      handler: async ({ query }, ctx, req, res) => importAanbod(deps, await upload(req, res), query, ctx),
    }),
    exportRoute("csv"),
    exportRoute("xlsx"),
  ];
}
