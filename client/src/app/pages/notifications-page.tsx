// Meldingen: every signed-in person's own inbox (what asks for their action, kept until read) and which kinds also come
// by e-mail (server/policies/notifications.ts: each account its own).

import { useCurrentUser } from "../../features/auth/hooks/use-session.js";
import { MailPreferences } from "../../features/notifications/components/mail-preferences.js";
import { NotificationList } from "../../features/notifications/components/notification-list.js";

export function NotificationsPage() {
  const user = useCurrentUser();
  return (
    <section className="page">
      <title>Meldingen — Beschikbaarheidswijzer Twente</title>
      <div className="page__intro">
        <h1>Meldingen</h1>
        <p>
          Wat uw aandacht vraagt, ook wat binnenkwam terwijl u niet was ingelogd. Open een melding om ernaar te
          handelen; daarmee is hij gelezen.
        </p>
      </div>
      <NotificationList />
      <MailPreferences role={user.role} />
    </section>
  );
}
