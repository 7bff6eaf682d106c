// The Meldingen page's list: newest first, a page at a time, a new notification pushed live on top, and the loaded
// span read again after a reconnect or a read elsewhere (another tab), when what is on screen may be behind.
import { useCallback, useEffect } from "react";
import { type Notification, notificationPushSchema } from "../../../../../shared/schemas/notifications.js";
import { useAction } from "../../../hooks/use-action.js";
import { useFetched } from "../../../hooks/use-fetched.js";
import { usePushRefetch } from "../../../hooks/use-push-refetch.js";
import { getSocket } from "../../../lib/socket.js";
import { fetchInbox, markAllRead, markRead } from "../api/notifications.js";
import { useUnreadCount } from "./use-unread-count.js";

const PAGE_SIZE = 20;
/** The most one read gives (the route's limit): a refresh of a longer list keeps its tail as it was. */
const MAX_PAGE = 100;

interface Loaded {
  items: Notification[];
  /** Whether older notifications may be left to load. */
  more: boolean;
}

export function useInbox() {
  const { setUnread } = useUnreadCount();
  const inbox = useFetched(
    async (signal): Promise<Loaded> => {
      // A refresh reads as many as are on screen, so "Meer laden" does not start over.
      const limit = Math.min(MAX_PAGE, Math.max(PAGE_SIZE, loaded.items.length));
      const page = await fetchInbox({ limit }, signal);
      setUnread(page.unread);
      const tail = loaded.items.slice(limit);
      return {
        items: mergeNewest(page.items, tail),
        more: tail.length > 0 ? loaded.more : page.items.length === limit,
      };
    },
    { initial: { items: [], more: false }, failure: "De meldingen konden niet worden geladen." },
  );
  const { data: loaded, setData } = inbox;

  // A read elsewhere changes which ones are unread; a reconnect may have missed pushes. One read per burst.
  usePushRefetch("notifications:unread", inbox.reload, { settleMs: 250 });

  useEffect(() => {
    const socket = getSocket();
    const onNew = (payload: unknown) => {
      const parsed = notificationPushSchema.safeParse(payload);
      if (!parsed.success) return;
      const fresh = parsed.data.notification;
      setData((prev) => ({ ...prev, items: mergeNewest([fresh], prev.items) }));
    };
    socket.on("notifications:new", onNew);
    return () => {
      socket.off("notifications:new", onNew);
    };
  }, [setData]);

  const more = useAction(async () => {
    const last = loaded.items.at(-1);
    const page = await fetchInbox({ limit: PAGE_SIZE, ...(last ? { before: last.id } : {}) });
    setUnread(page.unread);
    setData((prev) => ({ items: mergeNewest(prev.items, page.items), more: page.items.length === PAGE_SIZE }));
  }, "Oudere meldingen konden niet worden geladen.");

  const allRead = useAction(async () => {
    const answer = await markAllRead();
    setUnread(answer.unread);
    setData((prev) => ({ ...prev, items: prev.items.map((n) => (n.read ? n : { ...n, read: true })) }));
  }, "De meldingen konden niet als gelezen worden gemarkeerd.");

  /** Marks one read, e.g. as its link is followed; the page may be gone by the answer, the count is not. */
  const read = useCallback(
    (notification: Notification) => {
      if (notification.read) return;
      setData((prev) => ({
        ...prev,
        items: prev.items.map((n) => (n.id === notification.id ? { ...n, read: true } : n)),
      }));
      markRead(notification.id).then(
        (answer) => setUnread(answer.unread),
        // Still unread on the server: the next read of the list shows it so again.
        () => inbox.reload(),
      );
    },
    [setData, setUnread, inbox.reload],
  );

  return {
    status: inbox.status,
    error: inbox.error,
    reload: inbox.reload,
    items: loaded.items,
    hasMore: loaded.more,
    more,
    allRead,
    read,
  };
}

/** One list, newest (highest id) first, each notification once, the first list's copy winning. */
function mergeNewest(first: readonly Notification[], second: readonly Notification[]): Notification[] {
  const byId = new Map<number, Notification>();
  for (const n of [...first, ...second]) if (!byId.has(n.id)) byId.set(n.id, n);
  return [...byId.values()].sort((a, b) => b.id - a.id);
}
