// The ranked matches of a request, kept current: a capacity change that can move the ranking (a location on the list,
// or one with more free places than before) fetches the list again, once per burst of changes.
import { useCallback, useEffect, useRef } from "react";
import type { CapacityEvent } from "../../../../../shared/schemas/capacity.js";
import type { MatchList } from "../../../../../shared/schemas/placements.js";
import { type LoadStatus, useFetched } from "../../../hooks/use-fetched.js";
import { usePushRefetch } from "../../../hooks/use-push-refetch.js";
import type { ApiError } from "../../../lib/api.js";
import { getMatches, setWatching } from "../api/matching.js";

/** Changes arrive in bursts (a reservation changes the location, then the answer does): one fetch for the burst. */
export const REFETCH_DEBOUNCE_MS = 500;

export interface Matches {
  status: LoadStatus;
  list: MatchList | undefined;
  error: ApiError | undefined;
  /** When the list on screen was fetched. */
  fetchedAt: Date | undefined;
  reload(): void;
  /** Throws an ApiError for the toggle to show. */
  watch(watching: boolean): Promise<void>;
}

export function useMatches(requestId: number): Matches {
  // Free places per location as last seen, to tell "more free than before" from any other change.
  const knownFree = useRef(new Map<number, number>());
  const { status, data, setData, error, reload } = useFetched(
    async (signal) => {
      const list = await getMatches(requestId, signal);
      for (const m of list.matches) knownFree.current.set(m.locationId, m.free);
      return { list, fetchedAt: new Date() };
    },
    { key: requestId, failure: "De matches konden niet worden geladen." },
  );
  const list = data?.list;

  // Read by the socket handler, which is set up once and must see the newest list.
  const onList = useRef(new Set<number>());
  useEffect(() => {
    onList.current = new Set(list?.matches.map((m) => m.locationId));
  }, [list]);

  usePushRefetch("capacity:changed", reload, {
    concerns: (event) => {
      const before = knownFree.current.get(event.locationId);
      knownFree.current.set(event.locationId, event.free);
      return movesRanking(event, onList.current.has(event.locationId), before);
    },
    settleMs: REFETCH_DEBOUNCE_MS,
  });

  const watch = useCallback(
    async (watching: boolean) => {
      const state = await setWatching(requestId, watching);
      setData((prev) => prev && { ...prev, list: { ...prev.list, watching: state.watching } });
    },
    [requestId, setData],
  );

  return { status, list, error, fetchedAt: data?.fetchedAt, reload, watch };
}

/**
 * A location on the list can move or drop off with any change. One not on the list can only join it when it has more
 * free places than before; when we never saw it, any free place might be new to the list.
 */
export function movesRanking(event: CapacityEvent, listed: boolean, freeBefore: number | undefined): boolean {
  if (listed) return true;
  if (event.free <= 0) return false;
  return freeBefore === undefined ? event.kind !== "ongewijzigd-bevestigd" : event.free > freeBefore;
}
