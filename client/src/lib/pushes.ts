// Everything the server sends on the socket is parsed with its schema from the registry (shared/schemas/socket-events.ts)
// before the app sees it, pushes and acknowledgements alike: a payload that does not parse is dropped and logged, never
// applied half-understood. No DOM here: the capacity feed, tests and benchmarks use it too.
import type { Socket } from "socket.io-client";
import {
  CLIENT_EVENTS,
  type ClientEventAck,
  type ClientEventName,
  type ClientToServerEvents,
  SERVER_EVENTS,
  type ServerEventName,
  type ServerEventPayload,
  type ServerToClientEvents,
} from "../../../shared/schemas/socket-events.js";

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Listens to one push, parsed; returns the undo. */
export function onPush<E extends ServerEventName>(
  socket: AppSocket,
  event: E,
  listener: (payload: ServerEventPayload<E>) => void,
): () => void {
  const schema = SERVER_EVENTS[event].payload;
  const parsed = (payload: unknown) => {
    const result = schema.safeParse(payload);
    if (!result.success) {
      console.warn(`socket: "${event}" dropped, its payload does not match the protocol`, result.error.issues);
      return;
    }
    listener(result.data as ServerEventPayload<E>);
  };
  // socket.io's typed `on` cannot relate a generic event name to its listener; the parse above makes it exact.
  socket.on(event, parsed as never);
  return () => {
    socket.off(event, parsed as never);
  };
}

/**
 * Sends a request and hands its acknowledgement over parsed: err when none came in time or it does not match the
 * protocol (the caller retries as after a timeout).
 */
export function requestWithAck<E extends ClientEventName>(
  socket: AppSocket,
  event: E,
  request: Parameters<ClientToServerEvents[E]>[0],
  timeoutMs: number,
  done: (...answer: [err: Error, reply: undefined] | [err: null, reply: ClientEventAck<E>]) => void,
): void {
  const schema = CLIENT_EVENTS[event].ack;
  const onReply = (err: Error | null, reply: unknown) => {
    if (err) return done(err, undefined);
    const result = schema.safeParse(reply);
    if (!result.success) {
      console.warn(`socket: the answer to "${event}" does not match the protocol`, result.error.issues);
      return done(new Error(`ongeldig antwoord op ${event}`), undefined);
    }
    done(null, result.data as ClientEventAck<E>);
  };
  // The same: a generic event name hides the request's and answer's types from socket.io's overloads.
  (socket.timeout(timeoutMs).emit as (...args: unknown[]) => void)(event, request, onReply);
}
