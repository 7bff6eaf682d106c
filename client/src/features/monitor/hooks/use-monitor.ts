// The monitor on screen: the filters, the aggregates for them, and the forecast, read again whenever the server says
// the forecast changed (forecast:changed in the totals room, and after a reconnect: app/push-invalidation.ts).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { useTotalsRoom } from "../../../hooks/use-totals-room.js";
import { loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import { fetchForecast, fetchMonitor, type MonitorFilter } from "../api/monitor.js";

export function useMonitor() {
  const [filter, setFilter] = useState<MonitorFilter>({ careType: "", municipality: "" });
  const update = useCallback((patch: Partial<MonitorFilter>) => setFilter((prev) => ({ ...prev, ...patch })), []);
  // The figures of the previous filter stay on screen until the new ones are read.
  const report = useQuery({
    queryKey: queryKeys.monitor(filter),
    queryFn: ({ signal }) => fetchMonitor(filter, signal),
    placeholderData: keepPreviousData,
  });
  const forecast = useQuery({
    queryKey: queryKeys.forecast.region(filter),
    queryFn: ({ signal }) => fetchForecast(filter, signal),
    placeholderData: keepPreviousData,
  });
  useTotalsRoom([...queryKeys.forecast.all, "region"]);
  return {
    filter,
    update,
    report: { ...loadState(report, "De monitor kon niet worden geladen."), data: report.data },
    forecast: { ...loadState(forecast, "De prognose kon niet worden geladen."), data: forecast.data },
  };
}
