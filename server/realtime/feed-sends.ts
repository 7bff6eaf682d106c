// What this node has sent to each feed room, so the head ticker can pass over the sockets that have the head already.
// Noted where every capacity event this node sends passes exactly once, whoever committed it: the packet encoder, which
// a broadcast calls once for all its sockets (this node's own events, and other nodes' arriving through the Redis
// adapter). A listener on every socket (socket.onAnyOutgoing) was called once per delivery instead: about a twentieth
// of a node's CPU with ten thousand boards (docs/benchmarks.md).
import { Encoder, type Packet, PacketType } from "socket.io-parser";
import type { CapacityEvent } from "../../shared/schemas/capacity.js";
import { eventRooms } from "./scopes.js";

export function feedSends() {
  /** Counts the events sent: a socket's place in this order says which of them reached it. */
  let sent = 0;
  const newest = new Map<string, { seq: number; at: number }>();

  const note = (event: CapacityEvent) => {
    sent++;
    for (const room of eventRooms(event)) {
      const before = newest.get(room);
      if (!before || before.seq <= event.seq) newest.set(room, { seq: event.seq, at: sent });
    }
  };

  class NotingEncoder extends Encoder {
    override encode(packet: Packet) {
      if (packet.type === PacketType.EVENT && packet.data?.[0] === "capacity:changed") note(packet.data[1]);
      return super.encode(packet);
    }
  }

  return {
    /** For socket.io's `parser` option, with the default Decoder: the same packets on the wire. */
    Encoder: NotingEncoder,
    /** The mark of a socket that joins a feed room now: only what the room is sent after it reaches that socket. */
    mark: () => sent,
    /**
     * Whether a member of the room since `joined` (its mark) was sent an event of the room at least as new as `head`.
     * Out-of-order sends keep the newest; a socket that joined between the two hears the head, which is harmless.
     */
    has: (room: string, head: number, joined: number | undefined) => {
      const last = newest.get(room);
      return joined !== undefined && last !== undefined && last.seq >= head && last.at > joined;
    },
  };
}
