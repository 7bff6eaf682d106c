// What the app shows for the state of the session: a moment of checking, the login page, a server that cannot be
// reached, or the signed-in app with the pages the user's role is offered.
import type { CurrentUser } from "../../../shared/schemas/auth.js";
import { useSession } from "../features/auth/hooks/use-session.js";
import { PlaceNotices } from "../features/matching/components/place-notices.js";
import { UnreadCountProvider } from "../features/notifications/components/unread-count-provider.js";
import { Layout } from "./layout.js";
import { LoginPage } from "./pages/login-page.js";
import { NoAccessPage } from "./pages/no-access-page.js";
import { NotFoundPage } from "./pages/not-found-page.js";
import { CheckingSession, SessionUnavailable } from "./pages/session-pages.js";
import { Link, usePathname } from "./router.js";
import { findRoute, normalizePath, OPEN_PAGES, PUBLIC_PAGES, routesFor } from "./routes.js";

export function App() {
  const { session, retry } = useSession();
  const path = normalizePath(usePathname());
  const OpenPage = OPEN_PAGES[path];
  if (OpenPage)
    return (
      <Layout>
        <OpenPage />
      </Layout>
    );

  switch (session.status) {
    case "checking":
      return (
        <Layout>
          <CheckingSession />
        </Layout>
      );
    case "unavailable":
      return (
        <Layout>
          <SessionUnavailable error={session.error} onRetry={retry} />
        </Layout>
      );
    case "anonymous": {
      const PublicPage = PUBLIC_PAGES[path];
      return <Layout>{PublicPage ? <PublicPage /> : <LoginPage reason={session.reason} path={path} />}</Layout>;
    }
    case "signed-in":
      return <SignedInApp user={session.user} path={path} />;
  }
}

function SignedInApp({ user, path }: { user: CurrentUser; path: string }) {
  const route = findRoute(path);
  const Page = !route ? NotFoundPage : route.roles.includes(user.role) ? route.page : NoAccessPage;
  return (
    // The header's unread count and the Meldingen page share it; keyed, so no count outlives its account.
    <UnreadCountProvider key={user.id}>
      <Layout
        navigation={{ routes: routesFor(user.role), pathname: path }}
        // Only a regisseur follows requests; keyed like the page, so no notice outlives the account it was for.
        notices={user.role === "regisseur" ? <PlaceNotices key={user.id} link={Link} /> : undefined}
      >
        {/* Keyed by account: when another account takes over the session, no page keeps the previous one's data. */}
        <Page key={user.id} />
      </Layout>
    </UnreadCountProvider>
  );
}
