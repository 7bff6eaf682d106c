// The inbox on the Meldingen page: newest first, unread ones marked, each with the link to the page to act on.
import { Link } from "react-router";
import type { Notification } from "../../../../../shared/schemas/notifications.js";
import { LoadProblem } from "../../../components/load-problem.js";
import { errorText } from "../../../lib/api.js";
import { formatDateTime } from "../../../lib/format.js";
import { useInbox } from "../hooks/use-inbox.js";
import { useUnreadCount } from "../hooks/use-unread-count.js";
import "./notifications.css";

export function NotificationList() {
  const inbox = useInbox();
  const { unread } = useUnreadCount();
  const failed = inbox.more.error ?? inbox.allRead.error;

  return (
    <section className="inbox" aria-labelledby="inbox-title" data-testid="inbox">
      <div className="inbox__head">
        <h2 id="inbox-title">Ontvangen</h2>
        <button
          type="button"
          onClick={() => inbox.allRead.mutate()}
          disabled={inbox.allRead.isPending || unread === 0}
          data-testid="inbox-read-all"
        >
          Alles gelezen
        </button>
      </div>
      <LoadProblem
        status={inbox.status}
        error={inbox.error}
        onRetry={inbox.reload}
        loadFailed="De meldingen konden niet worden geladen."
        refreshFailed="De meldingen konden niet worden bijgewerkt."
      />
      {failed && (
        <p className="message message--error" role="alert">
          {errorText(failed)}
        </p>
      )}
      {inbox.status === "loading" && <p className="loading">Meldingen laden…</p>}
      {inbox.empty && <p className="empty">U heeft nog geen meldingen.</p>}
      {inbox.items.length > 0 && (
        <ol className="inbox__list" data-testid="inbox-list">
          {inbox.items.map((n) => (
            <NotificationItem key={n.id} notification={n} onOpen={() => inbox.read(n)} />
          ))}
        </ol>
      )}
      {inbox.hasMore && (
        <button
          type="button"
          className="inbox__more"
          onClick={() => inbox.more.mutate()}
          disabled={inbox.more.isPending}
          data-testid="inbox-more"
        >
          {inbox.more.isPending ? "Laden…" : "Meer laden"}
        </button>
      )}
    </section>
  );
}

interface ItemProps {
  notification: Notification;
  /** Following the link or "Gelezen" marks it read. */
  onOpen(): void;
}

function NotificationItem({ notification: n, onOpen }: ItemProps) {
  return (
    <li
      className={n.read ? "notification" : "notification notification--unread"}
      data-testid={`notification-${n.id}`}
      data-kind={n.kind}
      data-read={String(n.read)}
    >
      <div className="notification__head">
        <h3 className="notification__title">
          {!n.read && <span className="badge notification__new">Nieuw</span>} {n.title}
        </h3>
        <time className="notification__time" dateTime={n.createdAt}>
          {formatDateTime(n.createdAt)}
        </time>
      </div>
      <p className="notification__body">{n.body}</p>
      <p className="row-actions">
        {n.caseNumber && <span className="notification__case">Zaaknummer {n.caseNumber}</span>}
        <Link to={n.link} onClick={onOpen} data-testid={`notification-link-${n.id}`}>
          Openen
        </Link>
        {!n.read && (
          <button type="button" className="link-button" onClick={onOpen} aria-label={`${n.title}: markeer als gelezen`}>
            Markeer als gelezen
          </button>
        )}
      </p>
    </li>
  );
}
