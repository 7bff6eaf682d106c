// A location's forecast, fetched again when the server says forecasts changed.
import { useFetched } from "../../../hooks/use-fetched.js";
import { usePushRefetch } from "../../../hooks/use-push-refetch.js";
import { getLocationForecast } from "../api/planning.js";

const SETTLE_MS = 300;

export function useLocationForecast(locationId: number) {
  const fetched = useFetched((signal) => getLocationForecast(locationId, signal), {
    key: locationId,
    failure: "De prognose kon niet worden geladen.",
  });
  usePushRefetch("forecast:changed", fetched.reload, { settleMs: SETTLE_MS });
  return fetched;
}
