// The map's data, read again after a burst of capacity changes that can move the matches (app/push-invalidation.ts).
import { useQuery } from "@tanstack/react-query";
import { loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import { getMatchMap } from "../api/map.js";

export function useMatchMap(requestId: number) {
  const query = useQuery({
    queryKey: queryKeys.matchMap.of(requestId),
    queryFn: ({ signal }) => getMatchMap(requestId, signal),
  });
  return { ...loadState(query, "De kaart kon niet worden geladen."), data: query.data };
}
