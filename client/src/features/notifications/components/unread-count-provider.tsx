// Keeps the unread count of the signed-in user: read at sign-in and after every reconnect (pushes sent while the
// socket was away are lost, and notices made while the user was offline wait in the inbox), raised by
// `notifications:new` and set by `notifications:unread` (a read in another tab) in between.
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { onPush } from "../../../lib/pushes.js";
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
    // Pushes are parsed like any API answer (lib/pushes.ts): a shape we do not know is not shown half-understood.
    const stopNew = onPush(socket, "notifications:new", (push) => {
      pushes += 1;
      setUnread(push.unread);
      setLatestTitle(push.notification.title);
    });
    const stopUnread = onPush(socket, "notifications:unread", ({ unread }) => {
      pushes += 1;
      setUnread(unread);
    });
    const stopReconnected = onReconnected(socket, load);
    load();
    return () => {
      controller?.abort();
      stopNew();
      stopUnread();
      stopReconnected();
    };
  }, []);

  const value = useMemo(() => ({ unread, latestTitle, setUnread }), [unread, latestTitle]);
  return <UnreadCountContext value={value}>{children}</UnreadCountContext>;
}
