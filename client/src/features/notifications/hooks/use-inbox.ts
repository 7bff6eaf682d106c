// The Meldingen page's list: newest first, a page at a time, a new notification pushed live on top, and the loaded
// span read again after a reconnect or a read elsewhere (another tab), when what is on screen may be behind
// (app/push-invalidation.ts marks the query stale).
import { useMutation, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { Notification } from "../../../../../shared/schemas/notifications.js";
import { onPush } from "../../../lib/pushes.js";
import { apiErrors, loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import { getSocket } from "../../../lib/socket.js";
import { fetchInbox, markAllRead, markRead } from "../api/notifications.js";
import { useUnreadCount } from "./use-unread-count.js";

const PAGE_SIZE = 20;
/** The most one read gives (the route's limit): a refresh of a longer list keeps its tail as it was. */
const MAX_PAGE = 100;

/** A page and whether older ones are left: one more is asked than shown, so the last page says it is the last. */
async function readPage(limit: number, before: number | undefined, signal?: AbortSignal) {
  const page = await fetchInbox({ limit: limit + 1, ...(before === undefined ? {} : { before }) }, signal);
  return { items: page.items.slice(0, limit), more: page.items.length > limit, unread: page.unread };
}

interface Loaded {
  items: Notification[];
  /** Whether older notifications may be left to load. */
  more: boolean;
}

export function useInbox() {
  const { setUnread } = useUnreadCount();
  const [loaded, setLoaded] = useState<Loaded>({ items: [], more: false });
  // Read by the query function, which must see how many are on screen when it runs.
  const shown = useRef(0);
  shown.current = loaded.items.length;
  const query = useQuery({
    queryKey: queryKeys.notifications.inbox,
    queryFn: async ({ signal }): Promise<Loaded> => {
      // A refresh reads as many as are on screen, so "Meer laden" does not start over.
      const limit = Math.min(MAX_PAGE - 1, Math.max(PAGE_SIZE, shown.current));
      const { unread, ...page } = await readPage(limit, undefined, signal);
      setUnread(unread);
      return page;
    },
    // Every answer is merged into what is on screen, also one equal to the last (a read that failed shows again).
    structuralSharing: false,
  });
  const refresh = { ...loadState(query, "De meldingen konden niet worden geladen."), data: query.data };
  // Merged into what is on screen when it lands, not when it was asked: an older page or a push may have come since.
  useEffect(() => {
    const answer = refresh.data;
    if (answer) setLoaded((prev) => withRefresh(prev, answer));
  }, [refresh.data]);

  useEffect(() => {
    const socket = getSocket();
    return onPush(socket, "notifications:new", ({ notification }) => {
      setLoaded((prev) => ({ ...prev, items: mergeNewest([notification], prev.items) }));
    });
  }, []);

  const more = useMutation({
    mutationFn: apiErrors(
      () => readPage(PAGE_SIZE, loaded.items.at(-1)?.id),
      "Oudere meldingen konden niet worden geladen.",
    ),
    onSuccess: (page) => {
      setUnread(page.unread);
      setLoaded((prev) => ({ items: mergeNewest(prev.items, page.items), more: page.more }));
    },
  });

  const allRead = useMutation({
    mutationFn: apiErrors(markAllRead, "De meldingen konden niet als gelezen worden gemarkeerd."),
    onSuccess: (answer) => {
      setUnread(answer.unread);
      setLoaded((prev) => ({ ...prev, items: prev.items.map((n) => (n.read ? n : { ...n, read: true })) }));
    },
  });

  /** Marks one read, e.g. as its link is followed; the page may be gone by the answer, the count is not. */
  const read = useCallback(
    (notification: Notification) => {
      if (notification.read) return;
      setLoaded((prev) => ({
        ...prev,
        items: prev.items.map((n) => (n.id === notification.id ? { ...n, read: true } : n)),
      }));
      markRead(notification.id).then(
        (answer) => setUnread(answer.unread),
        // Still unread on the server: the next read of the list shows it so again.
        () => void query.refetch(),
      );
    },
    [setUnread, query.refetch],
  );

  return {
    status: refresh.status,
    error: refresh.error,
    reload: refresh.reload,
    items: loaded.items,
    /** Asked and answered: nothing there (not merely not merged in yet). */
    empty: refresh.data?.items.length === 0 && loaded.items.length === 0,
    hasMore: loaded.more,
    more,
    allRead,
    read,
  };
}

/**
 * The refreshed newest page in place of what it covers; what is newer (a push since) and older (pages loaded with
 * "Meer laden") stays.
 */
function withRefresh(prev: Loaded, { items, more }: Loaded): Loaded {
  const newest = items[0]?.id;
  const oldest = items.at(-1)?.id;
  if (newest === undefined || oldest === undefined) return { items: [], more: false };
  const head = prev.items.filter((n) => n.id > newest);
  if (!more) return { items: mergeNewest(head, items), more: false };
  const tail = prev.items.filter((n) => n.id < oldest);
  return { items: mergeNewest(head, [...items, ...tail]), more: tail.length > 0 ? prev.more : true };
}

/** One list, newest (highest id) first, each notification once, the first list's copy winning. */
function mergeNewest(first: readonly Notification[], second: readonly Notification[]): Notification[] {
  const byId = new Map<number, Notification>();
  for (const n of [...first, ...second]) if (!byId.has(n.id)) byId.set(n.id, n);
  return [...byId.values()].sort((a, b) => b.id - a.id);
}
