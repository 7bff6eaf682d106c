// The one socket.io connection of the app. Only signed-in pages use it, so it is opened after login, with the session
// cookie of that login; closeSocket() at logout makes the next user's pages open a fresh one with their own cookie.
import { io } from "socket.io-client";
import type { FeedSocket } from "./capacity-feed.js";
import { requestWithAck } from "./pushes.js";
import { signalSession } from "./session.js";

/** "connecting" only before the first attempt has succeeded or failed, so a page load does not cry "verbroken". */
export type ConnectionState = "connecting" | "connected" | "disconnected";

// How long a refused or cut-off socket waits before trying again, while the app checks whether we are signed in.
const RETRY_REFUSED_MS = 5000;

let socket: FeedSocket | undefined;
let state: ConnectionState = "connecting";
const listeners = new Set<() => void>();

function setState(next: ConnectionState) {
  if (state === next) return;
  state = next;
  for (const listener of listeners) listener();
}

export function getSocket(): FeedSocket {
  if (socket) return socket;
  const opened: FeedSocket = io({
    // Straight to websocket: the long-polling fallback would need sticky sessions behind a load balancer.
    transports: ["websocket"],
    // A fresh manager per login: socket.io would otherwise reuse the previous user's underlying connection.
    forceNew: true,
    reconnection: true,
    // Backoff 1, 2, 4 ... up to 30 s, each +-50% at random: after a node restart thousands of boards come back spread
    // over seconds instead of in one instant, and a long outage costs each board one try per half minute.
    reconnectionDelay: 1000,
    reconnectionDelayMax: 30_000,
    randomizationFactor: 0.5,
  });
  opened.on("connect", () => setState("connected"));
  opened.on("disconnect", (reason) => {
    setState("disconnected");
    // The server cuts a session's sockets at logout (perhaps in another tab); socket.io does not reconnect then.
    if (reason === "io server disconnect") refused(opened);
  });
  opened.on("connect_error", () => {
    setState("disconnected");
    // A refused handshake is not retried by socket.io either (a network error is: the socket stays active).
    if (!opened.active) refused(opened);
  });
  socket = opened;
  return opened;
}

/**
 * The app asks the server whether the session still exists; when it does not, it closes this socket. When it does
 * (the refusal was a hiccup, e.g. the database was briefly away), the socket tries again a little later.
 */
function refused(refusedSocket: FeedSocket) {
  signalSession("in-doubt");
  setTimeout(() => {
    if (socket === refusedSocket && !refusedSocket.active) refusedSocket.connect();
  }, RETRY_REFUSED_MS);
}

/** Ends the connection for good (logout, session gone); the next getSocket() opens a new one. */
export function closeSocket(): void {
  if (!socket) return;
  const closing = socket;
  socket = undefined;
  closing.removeAllListeners();
  closing.disconnect();
  setState("connecting");
}

/** For useSyncExternalStore: calls listener on every change of the connection state. */
export function subscribeConnection(listener: () => void): () => void {
  getSocket();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function connectionState(): ConnectionState {
  return state;
}

/**
 * Calls fn each time the socket connects while it was not connected before: after a cut, or the first connect when
 * that comes after this call. Pushes sent meanwhile are lost, so whoever relies on them fetches afresh; a socket that
 * is already up costs no extra fetch. Returns the unsubscribe.
 */
export function onReconnected(target: FeedSocket, fn: () => void): () => void {
  let cutOff = !target.connected;
  const onDisconnect = () => {
    cutOff = true;
  };
  const onConnect = () => {
    if (!cutOff) return;
    cutOff = false;
    fn();
  };
  target.on("disconnect", onDisconnect);
  target.on("connect", onConnect);
  return () => {
    target.off("disconnect", onDisconnect);
    target.off("connect", onConnect);
  };
}

/** The pushes of the totals room: the server sends them only to sockets that asked (see joinTotalsRoom). */
export const TOTALS_EVENTS: ReadonlySet<string> = new Set(["capacity:summary", "forecast:changed"]);

const JOIN_RETRY_MS = 1000;

/** How many hooks of each socket want the totals room: the last one to stop leaves it. */
const totalsUsers = new WeakMap<FeedSocket, number>();

/**
 * Joins the totals room (regional totals and forecast pushes) now and on every reconnect. The server sends those
 * several times a second under load, so only pages that show them ask, and the stop of the last of them leaves the
 * room. onJoined runs after each join: pushes sent before it did not come to this socket. Returns the stop.
 */
export function joinTotalsRoom(target: FeedSocket, onJoined: () => void): () => void {
  totalsUsers.set(target, (totalsUsers.get(target) ?? 0) + 1);
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const join = () => {
    if (stopped || !target.connected) return;
    requestWithAck(target, "capacity:subscribe", { scope: "capaciteit-totalen" }, 5000, (err, reply) => {
      if (stopped) return;
      // No answer: ask again; a refusal (a role without totals) holds for this connection.
      if (err) retry = setTimeout(join, JOIN_RETRY_MS);
      else if (reply.ok) onJoined();
    });
  };
  join();
  target.on("connect", join);
  return () => {
    if (stopped) return;
    stopped = true;
    clearTimeout(retry);
    target.off("connect", join);
    const users = (totalsUsers.get(target) ?? 1) - 1;
    totalsUsers.set(target, users);
    // Emitted in order with any join that follows at once (another page's), so the server ends up in the room then.
    if (users === 0 && target.connected) target.emit("capacity:unsubscribe", { scope: "capaciteit-totalen" }, () => {});
  };
}
