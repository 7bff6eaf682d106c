// Uploading the region's list: the file itself is the body (not JSON), so this is its own small fetch rather than
// lib/api's request(). A refused file (422) is still an answer to show: every row with its outcome and reasons.
import {
  CSV_MEDIA_TYPE,
  type ImportResult,
  importResultSchema,
  XLSX_MEDIA_TYPE,
} from "../../../../../shared/schemas/aanbod-import.js";
import { problemSchema } from "../../../../../shared/schemas/problem.js";
import { ApiError } from "../../../lib/api.js";
import { currentCsrfToken, signalSession } from "../../../lib/session.js";

export const EXPORT_CSV_URL = "/api/exports/aanbod.csv";
export const EXPORT_XLSX_URL = "/api/exports/aanbod.xlsx";

/** What the server said of a file: the rows, and on a refusal why the file as a whole was not taken. */
export interface ImportAnswer {
  result: ImportResult;
  /** Set when the file was refused (422): the server's explanation. */
  refused?: string;
}

/**
 * The media type by the file's name: a browser names a .csv "application/vnd.ms-excel" where Excel is installed,
 * so the file's own type says too little.
 */
export function mediaTypeOf(file: File): string {
  return /\.xlsx$/i.test(file.name) ? XLSX_MEDIA_TYPE : CSV_MEDIA_TYPE;
}

export async function uploadList(
  file: File,
  options: { dryRun: boolean; closeMissing: boolean },
): Promise<ImportAnswer> {
  const query = new URLSearchParams({ dryRun: String(options.dryRun), closeMissing: String(options.closeMissing) });
  const headers: Record<string, string> = { accept: "application/json", "content-type": mediaTypeOf(file) };
  const csrf = currentCsrfToken();
  if (csrf) headers["x-csrf-token"] = csrf;
  let response: Response;
  try {
    response = await fetch(`/api/imports/aanbod?${query}`, {
      method: "POST",
      credentials: "same-origin",
      headers,
      body: file,
    });
  } catch {
    throw new ApiError(0, "De server is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.");
  }
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok || response.status === 422) {
    const result = importResultSchema.safeParse(payload);
    if (result.success) {
      const problem = problemSchema.safeParse(payload);
      return response.ok ? { result: result.data } : { result: result.data, refused: problem.data?.detail ?? "" };
    }
  }
  if (response.status === 401) signalSession("unauthenticated");
  const problem = problemSchema.safeParse(payload);
  if (!problem.success)
    throw new ApiError(response.status, `De server gaf een onverwachte fout (status ${response.status}).`);
  throw new ApiError(response.status, problem.data.detail, problem.data.errors ?? []);
}
