// The ranked matches of a request, kept current: a capacity change that can move the ranking (a location on the list,
// or one with more free places than before) marks the list stale (app/push-invalidation.ts), once per burst.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { CapacityEvent } from "../../../../../shared/schemas/capacity.js";
import type { MatchList } from "../../../../../shared/schemas/placements.js";
import { type LoadState, loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import { getMatches, setWatching } from "../api/matching.js";

/** The list as read, and when: "bijgewerkt" says how current the ranking on screen is. */
export interface MatchesData {
  list: MatchList;
  fetchedAt: Date;
}

export interface Matches extends LoadState {
  list: MatchList | undefined;
  /** When the list on screen was fetched. */
  fetchedAt: Date | undefined;
  /** Throws an ApiError for the toggle to show. */
  watch(watching: boolean): Promise<void>;
}

export function useMatches(requestId: number): Matches {
  const queryClient = useQueryClient();
  const key = queryKeys.matches.list(requestId);
  const query = useQuery({
    queryKey: key,
    queryFn: async ({ signal }): Promise<MatchesData> => ({
      list: await getMatches(requestId, signal),
      fetchedAt: new Date(),
    }),
  });

  const watch = useCallback(
    async (watching: boolean) => {
      const state = await setWatching(requestId, watching);
      queryClient.setQueryData<MatchesData>(
        queryKeys.matches.list(requestId),
        (prev) => prev && { ...prev, list: { ...prev.list, watching: state.watching } },
      );
    },
    [requestId, queryClient],
  );

  return {
    ...loadState(query, "De matches konden niet worden geladen."),
    list: query.data?.list,
    fetchedAt: query.data?.fetchedAt,
    watch,
  };
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
