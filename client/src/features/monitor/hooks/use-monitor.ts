// The monitor on screen: the filters, the aggregates for them, and the forecast, read again whenever the server says
// the forecast changed (forecast:changed, and after a reconnect, when such pushes may have been missed).
import { useCallback, useState } from "react";
import { useFetched } from "../../../hooks/use-fetched.js";
import { usePushRefetch } from "../../../hooks/use-push-refetch.js";
import { fetchForecast, fetchMonitor, type MonitorFilter } from "../api/monitor.js";

// Changes come in bursts (a provider saving several locations): one read after the burst.
const FORECAST_SETTLE_MS = 1000;

export function useMonitor() {
  const [filter, setFilter] = useState<MonitorFilter>({ careType: "", municipality: "" });
  const update = useCallback((patch: Partial<MonitorFilter>) => setFilter((prev) => ({ ...prev, ...patch })), []);
  const report = useFetched((signal) => fetchMonitor(filter, signal), {
    key: filter,
    failure: "De monitor kon niet worden geladen.",
  });
  const forecast = useFetched((signal) => fetchForecast(filter, signal), {
    key: filter,
    failure: "De prognose kon niet worden geladen.",
  });
  usePushRefetch("forecast:changed", forecast.reload, { settleMs: FORECAST_SETTLE_MS });
  return { filter, update, report, forecast };
}
