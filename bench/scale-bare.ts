// The baseline of the scale bench: a bare socket.io server (no database, no express) with the app's room-scoped
// fan-out (bench/bare-rooms.ts); the writer posts its changes to it as to the app (bench/bare-intake.ts). With
// REDIS_URL it uses the app's @socket.io/redis-adapter on that Redis, so several of these processes do the same work
// as the app on several nodes.
import { bareEvents } from "./bare-events.js";
import { bareIntake } from "./bare-intake.js";
import { scopes, serveBareRooms } from "./bare-rooms.js";
import { failFatally } from "./ipc.js";

const nextEvent = bareEvents();
serveBareRooms((publish) =>
  bareIntake((locationId, change, seq) => {
    const scope = scopes.get(locationId);
    if (!scope) throw new Error(`location ${locationId} is not in BENCH_SCOPES`);
    const event = nextEvent(locationId, change, scope, seq);
    publish(event);
    return event.seq;
  }),
).catch(failFatally);
