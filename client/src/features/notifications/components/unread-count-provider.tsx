// Keeps the unread count of the signed-in user in the query cache: read at sign-in and after every reconnect (pushes
// sent while the socket was away are lost: app/push-invalidation.ts), raised by `notifications:new` and set by
// `notifications:unread` (a read in another tab) in between.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { onPush } from "../../../lib/pushes.js";
import { queryKeys } from "../../../lib/query-keys.js";
import { getSocket } from "../../../lib/socket.js";
import { fetchUnreadCount } from "../api/notifications.js";
import { UnreadCountContext } from "../hooks/use-unread-count.js";

/** Mount it keyed by the account, so no title outlives the user it was for. */
export function UnreadCountProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  // The badge keeps the last count it knew when a read fails; the next reconnect or push brings a new one.
  const { data: unread } = useQuery({
    queryKey: queryKeys.notifications.unreadCount,
    queryFn: ({ signal }) => fetchUnreadCount(signal),
  });
  const [latestTitle, setLatestTitle] = useState<string | undefined>(undefined);

  const setUnread = useCallback(
    (count: number) => {
      // A push or an answer carries the count as of its own moment: a read that started before it is older news.
      void queryClient.cancelQueries({ queryKey: queryKeys.notifications.unreadCount });
      queryClient.setQueryData(queryKeys.notifications.unreadCount, count);
    },
    [queryClient],
  );

  useEffect(() => {
    const socket = getSocket();
    // Pushes are parsed like any API answer (lib/pushes.ts): a shape we do not know is not shown half-understood.
    const stopNew = onPush(socket, "notifications:new", (push) => {
      setUnread(push.unread);
      setLatestTitle(push.notification.title);
    });
    const stopUnread = onPush(socket, "notifications:unread", ({ unread }) => setUnread(unread));
    return () => {
      stopNew();
      stopUnread();
    };
  }, [setUnread]);

  const value = useMemo(() => ({ unread, latestTitle, setUnread }), [unread, latestTitle, setUnread]);
  return <UnreadCountContext value={value}>{children}</UnreadCountContext>;
}
