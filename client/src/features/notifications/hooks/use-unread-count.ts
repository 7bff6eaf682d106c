// The signed-in user's unread count, shared by the header badge and the Meldingen page (which lowers it on a read).
import { createContext, useContext } from "react";

export interface UnreadCount {
  /** undefined until the first answer: the badge shows no number rather than a wrong one. */
  unread: number | undefined;
  /** The title of the newest notification pushed live, for the screen reader's announcement. */
  latestTitle: string | undefined;
  /** Takes in the count the server answered a write with. */
  setUnread(unread: number): void;
}

export const UnreadCountContext = createContext<UnreadCount | null>(null);

export function useUnreadCount(): UnreadCount {
  const value = useContext(UnreadCountContext);
  if (!value) throw new Error("useUnreadCount needs an UnreadCountProvider above it");
  return value;
}
