// The inbox ("Meldingen") over the API: pages of notifications with the unread count, marking them read, and which
// kinds come by e-mail.
import {
  inboxSchema,
  type MailPreferences,
  mailPreferencesSchema,
  unreadCountSchema,
} from "../../../../../shared/schemas/notifications.js";
import { request } from "../../../lib/api.js";

export interface InboxQuery {
  /** Only notifications older than this id: the next page. */
  before?: number;
  limit: number;
}

export function fetchInbox({ before, limit }: InboxQuery, signal?: AbortSignal) {
  const query = new URLSearchParams({ limit: String(limit) });
  if (before !== undefined) query.set("before", String(before));
  return request(`/api/notifications?${query}`, inboxSchema, signal ? { signal } : {});
}

/** Only the count: the newest notification rides along, the smallest page the route gives. */
export async function fetchUnreadCount(signal?: AbortSignal): Promise<number> {
  return (await fetchInbox({ limit: 1 }, signal)).unread;
}

/** Answers the caller's unread count after the change. */
export function markRead(id: number) {
  return request(`/api/notifications/${id}/read`, unreadCountSchema, { method: "POST" });
}

export function markAllRead() {
  return request("/api/notifications/read-all", unreadCountSchema, { method: "POST" });
}

export function fetchMailPreferences(signal?: AbortSignal) {
  return request("/api/notifications/preferences", mailPreferencesSchema, signal ? { signal } : {});
}

export function saveMailPreferences(body: MailPreferences) {
  return request("/api/notifications/preferences", mailPreferencesSchema, { method: "PUT", body });
}
