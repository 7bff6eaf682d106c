// The map's data, read again after a burst of capacity changes that can move the matches (as the match list does).
import { useRef } from "react";
import { useFetched } from "../../../hooks/use-fetched.js";
import { usePushRefetch } from "../../../hooks/use-push-refetch.js";
import { getMatchMap } from "../api/map.js";

const SETTLE_MS = 1000;

export function useMatchMap(requestId: number) {
  const onMap = useRef(new Set<number>());
  const fetched = useFetched(
    async (signal) => {
      const map = await getMatchMap(requestId, signal);
      onMap.current = new Set(map.places.map((p) => p.locationId));
      return map;
    },
    { key: requestId, failure: "De kaart kon niet worden geladen." },
  );
  usePushRefetch("capacity:changed", fetched.reload, {
    concerns: (event) => onMap.current.has(event.locationId) || event.free > 0,
    settleMs: SETTLE_MS,
  });
  return fetched;
}
