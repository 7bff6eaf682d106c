// Each location's reporting rhythm from the loaded history (#23 item 4): the median gap between its last updates and
// when it last reported, in one pass over the capacity events (the history is in time order).
import type { HistoryInput } from "../../../shared/rules/forecast.js";
import type { Reporting } from "../../../shared/rules/forecast-history.js";

const GAPS = 20;

export function reportingOf(history: HistoryInput, before: number): Map<number, Reporting> {
  const recent = new Map<number, number[]>();
  for (const e of history.events) {
    const at = e.at.getTime();
    if (at >= before) continue;
    const times = recent.get(e.locationId);
    if (!times) recent.set(e.locationId, [at]);
    else {
      times.push(at);
      if (times.length > GAPS + 1) times.shift();
    }
  }
  const out = new Map<number, Reporting>();
  for (const [id, times] of recent) {
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    gaps.sort((a, b) => a - b);
    const cadenceMs = gaps.length >= 3 ? (gaps[Math.floor(gaps.length / 2)] as number) : null;
    out.set(id, { cadenceMs, lastAt: times[times.length - 1] as number });
  }
  return out;
}
