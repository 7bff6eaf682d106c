// The board's data: the live location list and the regional totals derived from it, so both move with every push.
import { useMemo } from "react";
import { summarizeCapacity } from "../../../../../shared/rules/capacity.js";
import { useLiveLocations } from "../../../hooks/use-live-locations.js";

export function useCapacityBoard() {
  const live = useLiveLocations();
  const summary = useMemo(() => summarizeCapacity(live.locations, live.seq), [live.locations, live.seq]);
  return { ...live, summary };
}
