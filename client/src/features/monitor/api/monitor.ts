// The monitor's reads: the aggregates of GET /api/monitor and the vacancy forecast of GET /api/forecast, both parsed
// with the shared contract. The forecast is optional: a server without it (404) or that does not offer it to this
// role (403) leaves the rest of the monitor working.
import type { CareType, Municipality } from "../../../../../shared/domain.js";
import { type Forecast, forecastSchema } from "../../../../../shared/schemas/forecast.js";
import { monitorSchema } from "../../../../../shared/schemas/monitor.js";
import { ApiError, request } from "../../../lib/api.js";

/** The monitor's filters; "" means all. */
export interface MonitorFilter {
  careType: CareType | "";
  municipality: Municipality | "";
}

function searchOf(filter: MonitorFilter): string {
  const params = new URLSearchParams();
  if (filter.careType) params.set("careType", filter.careType);
  if (filter.municipality) params.set("municipality", filter.municipality);
  const search = params.toString();
  return search ? `?${search}` : "";
}

export function fetchMonitor(filter: MonitorFilter, signal: AbortSignal) {
  return request(`/api/monitor${searchOf(filter)}`, monitorSchema, { signal });
}

export type ForecastResult = { available: true; forecast: Forecast } | { available: false };

export async function fetchForecast(filter: MonitorFilter, signal: AbortSignal): Promise<ForecastResult> {
  try {
    return { available: true, forecast: await request(`/api/forecast${searchOf(filter)}`, forecastSchema, { signal }) };
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 403)) return { available: false };
    throw err;
  }
}
