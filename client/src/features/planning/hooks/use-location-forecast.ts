// A location's forecast, read again when the server says forecasts changed (app/push-invalidation.ts).
import { useQuery } from "@tanstack/react-query";
import { useTotalsRoom } from "../../../hooks/use-totals-room.js";
import { loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import { getLocationForecast } from "../api/planning.js";

export function useLocationForecast(locationId: number) {
  const query = useQuery({
    queryKey: queryKeys.forecast.location(locationId),
    queryFn: ({ signal }) => getLocationForecast(locationId, signal),
  });
  useTotalsRoom(queryKeys.forecast.location(locationId));
  return { ...loadState(query, "De prognose kon niet worden geladen."), data: query.data };
}
