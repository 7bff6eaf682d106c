// Keeps the unread count of the signed-in user: read at sign-in and after every reconnect (pushes sent while the
// socket was away are lost, and notices made while the user was offline wait in the inbox), raised by
// `notifications:new` and set by `notifications:unread` (a read in another tab) in between.
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { notificationPushSchema, unreadCountSchema } from "../../../../../shared/schemas/notifications.js";
import { getSocket, onReconnected } from "../../../lib/socket.js";
import { fetchUnreadCount } from "../api/notifications.js";
import { UnreadCountContext } from "../hooks/use-unread-count.js";

/** Mount it keyed by the account, so no count outlives the user it was for. */
export function UnreadCountProvider({ children }: { children: ReactNode }) {
  const [unread, setUnread] = useState<number | undefined>(undefined);
  const [latestTitle, setLatestTitle] = useState<string | undefined>(undefined);

  useEffect(() => {
    const socket = getSocket();
    // A push carries the count as of its own moment; a read that started before it and answers after is older news.
    let pushes = 0;
    let controller: AbortController | undefined;
    const load = () => {
      controller?.abort();
      const current = new AbortController();
      controller = current;
      const pushesBefore = pushes;
      fetchUnreadCount(current.signal).then(
        (count) => {
          if (!current.signal.aborted && pushes === pushesBefore) setUnread(count);
        },
        // The badge keeps the last count it knew; the next reconnect or push brings a new one.
        () => {},
      );
    };
    const onNew = (payload: unknown) => {
      // A push is parsed like any API answer: a shape we do not know is not shown half-understood.
      const parsed = notificationPushSchema.safeParse(payload);
      if (!parsed.success) return;
      pushes += 1;
      setUnread(parsed.data.unread);
      setLatestTitle(parsed.data.notification.title);
    };
    const onUnread = (payload: unknown) => {
      const parsed = unreadCountSchema.safeParse(payload);
      if (!parsed.success) return;
      pushes += 1;
      setUnread(parsed.data.unread);
    };
    socket.on("notifications:new", onNew);
    socket.on("notifications:unread", onUnread);
    const stopReconnected = onReconnected(socket, load);
    load();
    return () => {
      controller?.abort();
      socket.off("notifications:new", onNew);
      socket.off("notifications:unread", onUnread);
      stopReconnected();
    };
  }, []);

  const value = useMemo(() => ({ unread, latestTitle, setUnread }), [unread, latestTitle]);
  return <UnreadCountContext value={value}>{children}</UnreadCountContext>;
}
