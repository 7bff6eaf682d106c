// The verwijzer's board: regional totals only (domain.md: verwijzers see aggregate counts). The server pushes the
// whole new summary on "capacity:summary", which is put in the query cache as it is; after a reconnect or a join of
// the totals room, one read catches up.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { type CapacitySummary, capacitySummarySchema } from "../../../../../shared/schemas/capacity.js";
import { useTotalsRoom } from "../../../hooks/use-totals-room.js";
import { request } from "../../../lib/api.js";
import { onPush } from "../../../lib/pushes.js";
import { type LoadState, loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import { getSocket } from "../../../lib/socket.js";

export interface LiveSummary extends LoadState {
  summary: CapacitySummary | undefined;
}

/** Fetched and pushed figures arrive in any order: the higher sequence is the newer, whichever came last. */
function newest(a: CapacitySummary | undefined, b: CapacitySummary): CapacitySummary {
  return a && a.seq > b.seq ? a : b;
}

export function useCapacitySummary(): LiveSummary {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.capacitySummary,
    queryFn: async ({ signal }) =>
      newest(
        queryClient.getQueryData<CapacitySummary>(queryKeys.capacitySummary),
        await request("/api/capacity/summary", capacitySummarySchema, { signal }),
      ),
  });
  useEffect(
    () =>
      onPush(getSocket(), "capacity:summary", (summary) =>
        queryClient.setQueryData<CapacitySummary>(queryKeys.capacitySummary, (prev) => newest(prev, summary)),
      ),
    [queryClient],
  );
  useTotalsRoom(queryKeys.capacitySummary);
  return { ...loadState(query, "De totalen konden niet worden geladen."), summary: query.data };
}
