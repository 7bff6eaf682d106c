// The events the bare socket.io baselines send: CapacityEvent-shaped, with counts that move like the app's, stamped
// with at = now as the app stamps them at commit. One set of counts per server process; one sequence per process
// unless the bench numbers the events itself (several bare processes behind one broker).
import type { CareType, Municipality } from "../shared/domain.js";
import type { CapacityEvent } from "../shared/schemas/capacity.js";
import type { Change } from "./ipc.js";

export function bareEvents() {
  const occupied = new Map<number, number>();
  const versions = new Map<number, number>();
  let seq = 0;
  return (
    locationId: number,
    change: Change,
    scope: { careType: CareType; municipality: Municipality },
    given?: number,
  ) => {
    const now = new Date().toISOString();
    const taken = (occupied.get(locationId) ?? 4) + (change === "bezet" ? 1 : -1);
    const version = (versions.get(locationId) ?? 1) + 1;
    occupied.set(locationId, taken);
    versions.set(locationId, version);
    seq = given ?? seq + 1;
    const event: CapacityEvent = {
      seq,
      kind: change === "bezet" ? "plek-bezet" : "plek-vrijgekomen",
      locationId,
      ...scope,
      capacity: 10,
      occupied: taken,
      reserved: 0,
      free: 10 - taken,
      version,
      lastConfirmedAt: now,
      at: now,
    };
    return event;
  };
}
