// One location's open planned moves: read, kept in order, updated in the query cache by one's own changes at once and
// read again when the server says forecasts changed (a colleague or the planning system may have planned meanwhile).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { PlannedMove, PlannedMoveChange, PlannedMoveInput } from "../../../../../shared/schemas/forecast.js";
import { useTotalsRoom } from "../../../hooks/use-totals-room.js";
import { loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import { cancelMove, listPlanned, moveMove, registerMove } from "../api/planning.js";

const soonestFirst = (moves: PlannedMove[]) =>
  moves.toSorted((a, b) => a.expectedDate.localeCompare(b.expectedDate) || a.id - b.id);

export function usePlannedMoves(locationId: number) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.forecast.planned(locationId),
    queryFn: async ({ signal }) => (await listPlanned(locationId, signal)).moves,
  });
  useTotalsRoom(queryKeys.forecast.planned(locationId));

  const update = useCallback(
    (change: (moves: PlannedMove[]) => PlannedMove[]) =>
      queryClient.setQueryData<PlannedMove[]>(queryKeys.forecast.planned(locationId), (prev) => change(prev ?? [])),
    [queryClient, locationId],
  );

  // Each throws an ApiError for the form or row that asked to show.
  const add = useCallback(
    async (input: PlannedMoveInput) => {
      const made = await registerMove(locationId, input);
      update((prev) => soonestFirst([...prev.filter((m) => !same(m, made)), made]));
    },
    [locationId, update],
  );
  const move = useCallback(
    async (target: PlannedMove, change: PlannedMoveChange) => {
      const moved = await moveMove(target, change);
      update((prev) => soonestFirst(prev.map((m) => (same(m, moved) ? moved : m))));
    },
    [update],
  );
  const cancel = useCallback(
    async (target: PlannedMove) => {
      await cancelMove(target);
      update((prev) => prev.filter((m) => !same(m, target)));
    },
    [update],
  );

  return {
    ...loadState(query, "De verwachte uit- en instroom kon niet worden geladen."),
    moves: query.data ?? [],
    add,
    move,
    cancel,
  };
}

/** Departures and admissions are numbered apart: a move is its direction and its id. */
function same(a: PlannedMove, b: PlannedMove) {
  return a.direction === b.direction && a.id === b.id;
}
