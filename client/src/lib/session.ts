// The session as the API client and the socket need it: the CSRF token to send with writes, and whom to tell when
// the server no longer knows us. The auth feature fills it in and listens; lib code never imports a feature.

export type SessionSignal =
  /** The server answered 401: the session is gone (expired, logged out elsewhere, account blocked). */
  | "unauthenticated"
  /** Something suggests it may be gone (the socket was refused or cut off): worth asking the server. */
  | "in-doubt";

let csrfToken: string | undefined;
const listeners = new Set<(signal: SessionSignal) => void>();

/** Set at login and on "who am I"; cleared at logout. The server wants it on every cookie-based write. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export function currentCsrfToken(): string | undefined {
  return csrfToken;
}

export function onSessionSignal(listener: (signal: SessionSignal) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function signalSession(signal: SessionSignal): void {
  for (const listener of listeners) listener(signal);
}
