// Whether the live socket is up: a page must say so when its numbers may have stopped updating.
import { useSyncExternalStore } from "react";
import { type ConnectionState, connectionState, subscribeConnection } from "../lib/socket.js";

export function useConnection(): ConnectionState {
  return useSyncExternalStore(subscribeConnection, connectionState);
}
