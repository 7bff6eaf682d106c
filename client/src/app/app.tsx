// What the app shows for the state of the session: a moment of checking, the login page, a server that cannot be
// reached, or the signed-in app with the pages the user's role is offered. Paths are matched by react-router.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Route, Routes, useLocation } from "react-router";
import type { CurrentUser } from "../../../shared/schemas/auth.js";
import { useSession } from "../features/auth/hooks/use-session.js";
import { PlaceNotices } from "../features/matching/components/place-notices.js";
import { UnreadCountProvider } from "../features/notifications/components/unread-count-provider.js";
import { getSocket } from "../lib/socket.js";
import { Layout } from "./layout.js";
import { LoginPage } from "./pages/login-page.js";
import { NoAccessPage } from "./pages/no-access-page.js";
import { NotFoundPage } from "./pages/not-found-page.js";
import { CheckingSession, SessionUnavailable } from "./pages/session-pages.js";
import { startPushInvalidation } from "./push-invalidation.js";
import { OPEN_PAGES, PUBLIC_PAGES, ROUTES, routesFor } from "./routes.js";

export function App() {
  return (
    <Routes>
      {OPEN_PAGES.map(({ path, page: Page }) => (
        <Route
          key={path}
          path={path}
          element={
            <Layout>
              <Page />
            </Layout>
          }
        />
      ))}
      <Route path="*" element={<SessionPages />} />
    </Routes>
  );
}

function SessionPages() {
  const { session, retry } = useSession();
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
    case "anonymous":
      return (
        <Layout>
          <Routes>
            {PUBLIC_PAGES.map(({ path, page: Page }) => (
              <Route key={path} path={path} element={<Page />} />
            ))}
            <Route path="*" element={<LoginPage reason={session.reason} />} />
          </Routes>
        </Layout>
      );
    case "signed-in":
      return <SignedInApp user={session.user} />;
  }
}

function SignedInApp({ user }: { user: CurrentUser }) {
  const { pathname } = useLocation();
  return (
    // The header's unread count and the Meldingen page share it; keyed, so no count outlives its account.
    <UnreadCountProvider key={user.id}>
      {/* Keyed: another account's session has a socket of its own. */}
      <PushInvalidation key={user.id} />
      <Layout
        navigation={{ routes: routesFor(user.role), pathname }}
        // Only a regisseur follows requests; keyed like the page, so no notice outlives the account it was for.
        notices={user.role === "regisseur" ? <PlaceNotices key={user.id} /> : undefined}
      >
        <Routes>
          {ROUTES.map(({ path, roles, page: Page }) => (
            <Route
              key={path}
              path={path}
              // Keyed by account: when another account takes over the session, no page keeps the previous one's data.
              element={roles.includes(user.role) ? <Page key={user.id} /> : <NoAccessPage />}
            />
          ))}
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Layout>
    </UnreadCountProvider>
  );
}

/** Pushes mark the cached queries they concern stale, for as long as this account is signed in. */
function PushInvalidation() {
  const queryClient = useQueryClient();
  useEffect(() => startPushInvalidation(getSocket(), queryClient), [queryClient]);
  return null;
}
