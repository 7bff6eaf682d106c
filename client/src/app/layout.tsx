// The frame around every page: header with the name and, once signed in, the navigation of the user's role, the live
// indicator, the inbox with its unread count and who is signed in.
import type { ReactNode } from "react";
import { Link } from "react-router";
import { ConnectionStatus } from "../components/connection-status.js";
import { UserMenu } from "../features/auth/components/user-menu.js";
import { InboxLink } from "../features/notifications/components/inbox-link.js";
import "./layout.css";

interface Props {
  /** Only when signed in: the live indicator opens the socket, which needs the session. */
  navigation?: { routes: readonly { path: string; label: string }[]; pathname: string };
  /** Live notices for the signed-in user, shown above every page (e.g. a place came free for a followed request). */
  notices?: ReactNode;
  children: ReactNode;
}

export function Layout({ navigation, notices, children }: Props) {
  return (
    <div className="app">
      <a className="skip-link" href="#inhoud">
        Naar de inhoud
      </a>
      <header className="app-header">
        <div className="app-header__inner">
          <Link to="/" className="brand">
            Beschikbaarheidswijzer <span className="brand__region">Twente</span>
          </Link>
          {navigation && (
            <>
              <nav aria-label="Hoofdmenu" className="main-nav" data-testid="main-nav">
                {navigation.routes.map((route) => (
                  <Link key={route.path} to={route.path} aria-current={currentness(route.path, navigation)}>
                    {route.label}
                  </Link>
                ))}
              </nav>
              <InboxLink current={navigation.pathname === "/meldingen"} />
              <ConnectionStatus />
              <UserMenu />
            </>
          )}
        </div>
      </header>
      <main id="inhoud" className="app-main">
        {notices}
        {children}
      </main>
      <footer className="app-footer">
        Vrije woon- en verblijfsplekken in de jeugdzorg, regio Twente. Alleen aantallen plekken, nooit gegevens over
        jeugdigen.
      </footer>
    </div>
  );
}

/**
 * The menu entry of the page itself or, on a page that is not in the menu (/verzoeken/7), of the list it belongs to.
 * /aanbieder/tokens is in the menu itself, so "Plekken doorgeven" is not lit up there.
 */
function currentness(
  routePath: string,
  { routes, pathname }: { routes: readonly { path: string }[]; pathname: string },
): "page" | "location" | undefined {
  if (routePath === pathname) return "page";
  const inMenu = routes.some((r) => r.path === pathname);
  if (!inMenu && routePath !== "/" && pathname.startsWith(`${routePath}/`)) return "location";
  return undefined;
}
