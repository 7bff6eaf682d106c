// The audit log: one page of entries, newest first, and the CSV export of the same selection.
import type { z } from "zod";
import { auditPageSchema, type auditQuerySchema } from "../../../../../shared/schemas/auth.js";
import { request } from "../../../lib/api.js";

type AuditQueryInput = z.input<typeof auditQuerySchema>;

/** What the beheerder narrows the log to; paging is kept apart so the export can carry the filters alone. */
export type AuditFilter = Pick<AuditQueryInput, "actor" | "action" | "outcome" | "from" | "to">;

export const AUDIT_PAGE_SIZE = 50;
/** The most the server puts in one export (shared/schemas/auth.ts caps limit at 500). */
const EXPORT_LIMIT = 500;

function searchOf(query: AuditQueryInput): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  return params.toString();
}

export function fetchAuditPage(filter: AuditFilter, before: number | undefined, signal?: AbortSignal) {
  const search = searchOf({ ...filter, before, limit: AUDIT_PAGE_SIZE });
  return request(`/api/audit?${search}`, auditPageSchema, signal ? { signal } : {});
}

/** A plain link: the browser downloads the file with the session cookie, no script in between. */
export function auditCsvHref(filter: AuditFilter): string {
  return `/api/audit.csv?${searchOf({ ...filter, limit: EXPORT_LIMIT })}`;
}
