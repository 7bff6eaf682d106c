// "Read it again when the server says it changed": the pattern of every page whose data the server pushes no copy
// of (requests, matches, reservations). One read per burst of pushes, and one after every reconnect, because pushes
// sent while the socket was away are lost.
import { useEffect, useRef } from "react";
import type { ServerToClientEvents } from "../../../shared/schemas/realtime.js";
import { getSocket, joinTotalsRoom, onReconnected, TOTALS_EVENTS } from "../lib/socket.js";

type EventName = keyof ServerToClientEvents;

export function usePushRefetch<E extends EventName>(
  event: E,
  reload: () => void,
  {
    concerns = () => true,
    settleMs = 0,
  }: {
    /** Whether this push is about what the page shows; may keep its own notes (it sees every push in order). */
    concerns?: (...args: Parameters<ServerToClientEvents[E]>) => boolean;
    settleMs?: number;
  } = {},
) {
  // The newest filter, without subscribing again at every render.
  const filter = useRef(concerns);
  filter.current = concerns;

  useEffect(() => {
    const socket = getSocket();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(reload, settleMs);
    };
    const onPush = (...args: Parameters<ServerToClientEvents[E]>) => {
      if (filter.current(...args)) schedule();
    };
    // socket.io's typed `on` cannot relate a generic event name to its listener; the signature above is exact.
    const listener = onPush as unknown as ServerToClientEvents[E];
    socket.on(event, listener as never);
    // A totals push comes only after joining its room; each join reads again, as each reconnect does (one timer: a
    // reconnect and its join make one read).
    const stopReconnected = onReconnected(socket, schedule);
    const leave = TOTALS_EVENTS.has(event) ? joinTotalsRoom(socket, schedule) : () => {};
    return () => {
      clearTimeout(timer);
      socket.off(event, listener as never);
      stopReconnected();
      leave();
    };
  }, [event, reload, settleMs]);
}
