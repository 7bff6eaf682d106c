// Who is signed in, in which role, the way to their own sign-in settings, and the way out.
import { useState } from "react";
import { Link } from "react-router";
import { ROLE_LABELS } from "../../../../../shared/domain.js";
import { useCurrentUser, useSession } from "../hooks/use-session.js";
import "./user-menu.css";

export function UserMenu() {
  const user = useCurrentUser();
  const { logout } = useSession();
  const [busy, setBusy] = useState(false);
  return (
    <div className="user-menu">
      <p className="user-menu__who">
        <span className="user-menu__name" data-testid="user-name">
          {user.name}
        </span>
        <span className="user-menu__role" data-testid="user-role">
          {ROLE_LABELS[user.role]}
        </span>
      </p>
      <Link to="/account/beveiliging" className="user-menu__security" data-testid="account-security">
        Beveiliging
      </Link>
      <button
        type="button"
        className="user-menu__logout"
        data-testid="logout"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void logout();
        }}
      >
        Uitloggen
      </button>
    </div>
  );
}
