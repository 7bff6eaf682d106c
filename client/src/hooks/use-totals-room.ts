// For pages that show what only the totals room hears of (regional totals, forecasts): joins the room while shown,
// and reads the given queries again after each join, since pushes sent before it did not come to this socket.
import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useEffect, useEffectEvent } from "react";
import { getSocket, joinTotalsRoom } from "../lib/socket.js";

export function useTotalsRoom(queryKey: QueryKey) {
  const queryClient = useQueryClient();
  const joined = useEffectEvent(() => void queryClient.invalidateQueries({ queryKey }));
  useEffect(() => joinTotalsRoom(getSocket(), () => joined()), []);
}
