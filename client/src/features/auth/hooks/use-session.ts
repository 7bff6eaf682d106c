// Who is signed in, for every component below the SessionProvider.
import { createContext, useContext } from "react";
import type { CurrentUser } from "../../../../../shared/schemas/auth.js";
import type { ApiError } from "../../../lib/api.js";

export type Session =
  /** Asking the server at start whether the cookie still holds a session. */
  | { status: "checking" }
  /** The server could not be asked; without an answer we show neither the login page nor the app. */
  | { status: "unavailable"; error: ApiError }
  /** not-signed-in: a first visit; expired: the session ended under us; logged-out: the user chose to. */
  | { status: "anonymous"; reason: "not-signed-in" | "expired" | "logged-out" }
  | { status: "signed-in"; user: CurrentUser };

export interface SessionContextValue {
  session: Session;
  /** Takes in the user the login answered with. */
  signedIn(user: CurrentUser): void;
  logout(): Promise<void>;
  retry(): void;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession needs a SessionProvider above it");
  return value;
}

/** The signed-in user, for pages that only render when someone is signed in. */
export function useCurrentUser(): CurrentUser {
  const { session } = useSession();
  if (session.status !== "signed-in") throw new Error("useCurrentUser outside the signed-in app");
  return session.user;
}
