// The mail outbox for the beheerder: a page of mails (filtered by status) and putting a given-up one back.
import { type OutboxQuery, outboxMailSchema, outboxSchema } from "../../../../../shared/schemas/mail.js";
import { request } from "../../../lib/api.js";

export type OutboxFilter = Pick<OutboxQuery, "status" | "before">;

/** A page of the outbox, newest first. */
export const OUTBOX_PAGE = 50;

export function fetchOutbox(filter: OutboxFilter, signal?: AbortSignal) {
  const params = new URLSearchParams({ limit: String(OUTBOX_PAGE) });
  if (filter.status) params.set("status", filter.status);
  if (filter.before) params.set("before", String(filter.before));
  return request(`/api/mail/outbox?${params}`, outboxSchema, signal ? { signal } : {});
}

export function retryMail(id: number) {
  return request(`/api/mail/outbox/${id}/retry`, outboxMailSchema, { method: "POST" });
}
