// Inloggen, with a word on why the user is here again when the session ended.

import { Link, useLocation, useNavigate } from "react-router";
import type { CurrentUser } from "../../../../shared/schemas/auth.js";
import { LoginForm } from "../../features/auth/components/login-form.js";
import { type Session, useSession } from "../../features/auth/hooks/use-session.js";
import { findRoute } from "../routes.js";

type Reason = Extract<Session, { status: "anonymous" }>["reason"];

const NOTICES: Record<Reason, string | undefined> = {
  "not-signed-in": undefined,
  expired: "Uw sessie is verlopen of elders beëindigd. Log opnieuw in om verder te gaan.",
  "logged-out": "U bent uitgelogd.",
};

/** Shown at whatever path was asked for; after login the user lands there when the role may open it. */
export function LoginPage({ reason }: { reason: Reason }) {
  const { signedIn } = useSession();
  const { pathname } = useLocation();
  const navigate = useNavigate();

  function enter(user: CurrentUser) {
    // The previous user (or an old link) may have left a page this role is not offered; start at the board then.
    const route = findRoute(pathname);
    if (route && !route.roles.includes(user.role)) navigate("/", { replace: true });
    signedIn(user);
  }

  return (
    <section className="page">
      <title>Inloggen — Beschikbaarheidswijzer Twente</title>
      <LoginForm
        onSignedIn={enter}
        notice={NOTICES[reason]}
        forgotLink={
          <Link to="/wachtwoord-vergeten" data-testid="forgot-password">
            Wachtwoord vergeten?
          </Link>
        }
      />
    </section>
  );
}
