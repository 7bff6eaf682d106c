// "Meldingen" in the header, with the number of unread notifications; a new one is also announced to screen readers.
import { Link } from "react-router";
import { useUnreadCount } from "../hooks/use-unread-count.js";
import "./notifications.css";

interface Props {
  /** Whether the inbox is the page on screen. */
  current: boolean;
}

export function InboxLink({ current }: Props) {
  const { unread, latestTitle } = useUnreadCount();
  const label = unread ? `Meldingen, ${unread} ongelezen` : "Meldingen, geen ongelezen";
  return (
    <>
      <Link
        to="/meldingen"
        className="inbox-link"
        aria-label={unread === undefined ? "Meldingen" : label}
        aria-current={current ? "page" : undefined}
        data-testid="inbox-link"
        data-unread={unread ?? ""}
      >
        Meldingen
        {unread !== undefined && unread > 0 && (
          <span className="inbox-link__count" aria-hidden="true" data-testid="inbox-count">
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </Link>
      <span className="sr-only" aria-live="polite">
        {latestTitle && `Nieuwe melding: ${latestTitle}`}
      </span>
    </>
  );
}
