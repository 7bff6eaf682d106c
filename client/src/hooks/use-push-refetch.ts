// "Read it again when the server says it changed": the pattern of every page whose data the server pushes no copy
// of (requests, matches, reservations). One read per burst of pushes, and one after every reconnect, because pushes
// sent while the socket was away are lost.
import { useEffect, useRef } from "react";
import type { ServerEventName, ServerEventPayload } from "../../../shared/schemas/socket-events.js";
import { onPush } from "../lib/pushes.js";
import { getSocket, joinTotalsRoom, onReconnected, TOTALS_EVENTS } from "../lib/socket.js";

export function usePushRefetch<E extends ServerEventName>(
  event: E,
  reload: () => void,
  {
    concerns = () => true,
    settleMs = 0,
  }: {
    /** Whether this push is about what the page shows; may keep its own notes (it sees every push in order). */
    concerns?: (payload: ServerEventPayload<E>) => boolean;
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
    // Parsed with the event's schema first: a push that does not match the protocol is dropped (lib/pushes.ts).
    const unlisten = onPush(socket, event, (payload) => {
      if (filter.current(payload)) schedule();
    });
    // A totals push comes only after joining its room; each join reads again, as each reconnect does (one timer: a
    // reconnect and its join make one read).
    const stopReconnected = onReconnected(socket, schedule);
    const leave = TOTALS_EVENTS.has(event) ? joinTotalsRoom(socket, schedule) : () => {};
    return () => {
      clearTimeout(timer);
      unlisten();
      stopReconnected();
      leave();
    };
  }, [event, reload, settleMs]);
}
