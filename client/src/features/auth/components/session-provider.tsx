// Holds the session for the whole app: asks "who am I" at start, takes in a login, ends the session at logout or
// when the server says it is gone. The socket lives and dies with the session, so it always carries the right cookie,
// and the query cache with the account: no answer read for one account is shown to the next.
import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { CurrentUser } from "../../../../../shared/schemas/auth.js";
import { ApiError } from "../../../lib/api.js";
import { onSessionSignal, setCsrfToken } from "../../../lib/session.js";
import { closeSocket } from "../../../lib/socket.js";
import { fetchCurrentUser, logout as postLogout } from "../api/auth.js";
import { type Session, SessionContext, type SessionContextValue } from "../hooks/use-session.js";

type AnonymousReason = Extract<Session, { status: "anonymous" }>["reason"];

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<Session>({ status: "checking" });
  // Bumped to ask "who am I" again after the server could not be reached.
  const [attempt, setAttempt] = useState(0);
  // Read by callbacks that outlive a render: late answers must not undo what happened since.
  const current = useRef(session);
  useEffect(() => {
    current.current = session;
  }, [session]);

  const signedIn = useCallback(
    (user: CurrentUser) => {
      const prev = current.current;
      // Another account now holds the cookie (a login in another tab): the old account's socket must not linger.
      if (prev.status === "signed-in" && prev.user.id !== user.id) {
        closeSocket();
        queryClient.clear();
      }
      setCsrfToken(user.csrfToken);
      setSession({ status: "signed-in", user });
    },
    [queryClient],
  );

  const end = useCallback(
    (reason: AnonymousReason) => {
      closeSocket();
      queryClient.clear();
      setCsrfToken(undefined);
      setSession({ status: "anonymous", reason });
    },
    [queryClient],
  );

  /** The server no longer knows us. Only news while signed in: a late 401 after logout changes nothing. */
  const lost = useCallback(() => {
    if (current.current.status === "signed-in") end("expired");
  }, [end]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new attempt is the signal to ask again.
  useEffect(() => {
    const controller = new AbortController();
    fetchCurrentUser(controller.signal).then(signedIn, (err: unknown) => {
      if (controller.signal.aborted) return;
      if (err instanceof ApiError && err.status === 401) return end("not-signed-in");
      const error = err instanceof ApiError ? err : new ApiError(0, "De server gaf geen antwoord.");
      setSession({ status: "unavailable", error });
    });
    return () => controller.abort();
  }, [attempt, signedIn, end]);

  // The API client reports a 401 anywhere; the socket reports being refused, which is worth a question.
  useEffect(
    () =>
      onSessionSignal((signal) => {
        if (current.current.status !== "signed-in") return;
        if (signal === "unauthenticated") return lost();
        fetchCurrentUser().then(
          (user) => {
            if (current.current.status === "signed-in") signedIn(user);
          },
          (err: unknown) => {
            if (err instanceof ApiError && err.status === 401) lost();
          },
        );
      }),
    [signedIn, lost],
  );

  const logout = useCallback(async () => {
    // The socket goes first, so the server cutting it off is not mistaken for a lost session.
    closeSocket();
    // Whatever the server answers (the session may already be gone), this browser is signed out.
    await postLogout().catch(() => undefined);
    end("logged-out");
  }, [end]);

  const retry = useCallback(() => {
    setSession({ status: "checking" });
    setAttempt((a) => a + 1);
  }, []);

  const value = useMemo<SessionContextValue>(
    () => ({ session, signedIn, logout, retry }),
    [session, signedIn, logout, retry],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}
