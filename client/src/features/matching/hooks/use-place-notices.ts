// Notices for a regisseur that a place fitting a followed request came free. They arrive on whatever page is open and
// stay until read or dismissed: a free place is gone again soon, so it must not slip by in a toast that fades.
import { useCallback, useEffect, useState } from "react";
import type { PlaceAvailable } from "../../../../../shared/schemas/placements.js";
import { onPush } from "../../../lib/pushes.js";
import { getSocket } from "../../../lib/socket.js";

/** More than this many at once are older news; the newest count. */
const MAX_NOTICES = 5;

export function usePlaceNotices() {
  const [notices, setNotices] = useState<PlaceAvailable[]>([]);

  useEffect(() => {
    const socket = getSocket();
    // Parsed like any API answer (lib/pushes.ts): a shape we do not know is not shown half-understood.
    return onPush(socket, "requests:place-available", (notice) => {
      setNotices((prev) => [notice, ...prev.filter((n) => !sameNotice(n, notice))].slice(0, MAX_NOTICES));
    });
  }, []);

  const dismiss = useCallback((notice: PlaceAvailable) => {
    setNotices((prev) => prev.filter((n) => !sameNotice(n, notice)));
  }, []);

  return { notices, dismiss };
}

/** The same place for the same request again replaces the older notice instead of stacking up. */
function sameNotice(a: PlaceAvailable, b: PlaceAvailable): boolean {
  return a.requestId === b.requestId && a.locationId === b.locationId;
}
