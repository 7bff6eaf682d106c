// One location's open planned moves: fetched, kept in order, updated by one's own changes at once and fetched again
// when the server says forecasts changed (a colleague or the planning system may have planned meanwhile).
import { useCallback } from "react";
import type { PlannedMove, PlannedMoveChange, PlannedMoveInput } from "../../../../../shared/schemas/forecast.js";
import { useFetched } from "../../../hooks/use-fetched.js";
import { usePushRefetch } from "../../../hooks/use-push-refetch.js";
import { cancelMove, listPlanned, moveMove, registerMove } from "../api/planning.js";

// One refetch per burst of pushes.
const SETTLE_MS = 300;

const soonestFirst = (moves: PlannedMove[]) =>
  moves.toSorted((a, b) => a.expectedDate.localeCompare(b.expectedDate) || a.id - b.id);

export function usePlannedMoves(locationId: number) {
  const { status, data, setData, error, reload } = useFetched(
    async (signal) => (await listPlanned(locationId, signal)).moves,
    { initial: [], key: locationId, failure: "De verwachte uit- en instroom kon niet worden geladen." },
  );
  usePushRefetch("forecast:changed", reload, { settleMs: SETTLE_MS });

  // Each throws an ApiError for the form or row that asked to show.
  const add = useCallback(
    async (input: PlannedMoveInput) => {
      const made = await registerMove(locationId, input);
      setData((prev) => soonestFirst([...prev.filter((m) => !same(m, made)), made]));
    },
    [locationId, setData],
  );
  const move = useCallback(
    async (target: PlannedMove, change: PlannedMoveChange) => {
      const moved = await moveMove(target, change);
      setData((prev) => soonestFirst(prev.map((m) => (same(m, moved) ? moved : m))));
    },
    [setData],
  );
  const cancel = useCallback(
    async (target: PlannedMove) => {
      await cancelMove(target);
      setData((prev) => prev.filter((m) => !same(m, target)));
    },
    [setData],
  );

  return { status, moves: data, error, reload, add, move, cancel };
}

/** Departures and admissions are numbered apart: a move is its direction and its id. */
function same(a: PlannedMove, b: PlannedMove) {
  return a.direction === b.direction && a.id === b.id;
}
